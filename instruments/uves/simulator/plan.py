"""The timeline of one observing night: science OBs at night, the calibration plan the next morning.

A night is named by its date at the start (``YYYY-MM-DD``). Science runs from 00:15 UT of the
next day, one OB per source: an acquisition, then one template that exposes every arm of the
night at once - both arms through dichroic #1, or the one arm alone (see :mod:`.modes`). OBs
whose nominal exposures would overrun the night are shortened to fit (see :mod:`.schedule`).
Calibrations follow the VLT calibration plan the morning after, from 09:45 UT: per arm a bias
template, a format check, an order definition, a flat-field template and a ThAr arc, in the
night's instrument mode. Everything stays before 12:00 UT, so ESO's rule "night = date of
(UT - 12 h)" assigns it to this night.
"""

from __future__ import annotations

import dataclasses
import math
from datetime import UTC, date, datetime, time, timedelta

import numpy as np

from instruments.uves.simulator.ephemeris import mjd
from instruments.uves.simulator.exposures import NightPlan, ObservingBlock
from instruments.uves.simulator.frames import CALIBRATION_SEQUENCE, FrameKind
from instruments.uves.simulator.modes import arms_mode
from instruments.uves.simulator.options import FAULT_NO_DPR, FAULT_TRUNCATED, SimulationOptions
from instruments.uves.simulator.schedule import (
    START_JITTER_S,
    check_night_holds,
    fair_share_s,
    fitted_exptime_s,
)
from instruments.uves.simulator.setups import ArmSetup
from instruments.uves.simulator.spectrum import StarSpectrum
from instruments.uves.simulator.targets import observable_position, programme_id, target_name
from instruments.uves.simulator.templates import (
    EXPOSURE_GAP_S,
    TEMPLATE_SETUP_S,
    calibration_template,
    science_template,
)

NEW_FORMAT_MJD = 53096.0  # UVES raw frames after this date are read in the "new format"
SCIENCE_START = time(0, 15)
SCIENCE_END = time(9, 30)
CALIBRATION_START = time(9, 45)
CALIBRATION_END = time(11, 59)
ACQUISITION_S = 420.0
EXPTIME_RANGE_S = (600.0, 1800.0)  # nominal science exposures, before fitting the night
SEEING_RANGE = (0.6, 1.1)
POOR_SEEING = 1.45
SEEING_CONSTRAINT = 1.2


def night_start(night: str) -> date:
    """The night's date, validated: the frames must be in the UVES new format (MJD > 53096)."""
    try:
        day = date.fromisoformat(night)
    except ValueError:
        raise ValueError(f"night must be a date YYYY-MM-DD, got {night!r}") from None
    first = datetime.combine(day + timedelta(days=1), SCIENCE_START, tzinfo=UTC)
    if mjd(first) <= NEW_FORMAT_MJD:
        raise ValueError(f"night {night}: UVES raw frames must be after MJD {NEW_FORMAT_MJD} (April 2004)")
    return day


def ob_overhead_s(arms: list[ArmSetup]) -> float:
    """What an OB costs besides its exposure: acquisition, set-up, the slowest read-out, the gap."""
    return ACQUISITION_S + TEMPLATE_SETUP_S + max(a.readout_s for a in arms) + EXPOSURE_GAP_S


def plan_night(
    night: str,
    options: SimulationOptions,
    setups: dict[str, ArmSetup],
    stars: list[StarSpectrum],
    rng: np.random.Generator,
) -> NightPlan:
    """The OBs and exposures of ``night`` for ``options``; ``stars`` gives one spectrum per OB.

    :raises ValueError: when the sources or the calibrations do not fit into the night.
    """
    day = night_start(night)
    arms = [setups[a] for a in options.arms]
    mode = arms_mode(options.arms)
    morning = day + timedelta(days=1)
    t = datetime.combine(morning, SCIENCE_START, tzinfo=UTC)
    end_of_night = datetime.combine(morning, SCIENCE_END, tzinfo=UTC)
    overhead = ob_overhead_s(arms)
    budget_overhead = overhead + START_JITTER_S
    check_night_holds(
        options.sources,
        (end_of_night - t).total_seconds(),
        budget_overhead,
        f"{options.sources} sources in arms {options.arms}"
        f" ({SCIENCE_START:%H:%M}-{SCIENCE_END:%H:%M} UT, {mode.ins_mode or 'single arm'})",
    )
    obs, exposures = [], []
    poor = int(rng.integers(options.sources)) if options.sources > 1 else -1
    used_names: set[str] = set()
    for i, star in enumerate(stars):
        nominal = float(round(rng.uniform(*EXPTIME_RANGE_S), -1))
        share = fair_share_s((end_of_night - t).total_seconds(), len(stars) - i, budget_overhead)
        exptime = fitted_exptime_s(nominal, share)
        ra, dec = observable_position(t + timedelta(seconds=(overhead + exptime) / 2), rng)
        target = target_name(ra, dec, used_names)
        seeing = POOR_SEEING if i == poor else round(float(rng.uniform(*SEEING_RANGE)), 2)
        grade, comment = (
            ("B", f"seeing {POOR_SEEING} arcsec, above the {SEEING_CONSTRAINT} arcsec constraint")
            if i == poor
            else ("A", "")
        )
        ob = ObservingBlock(
            obs_id=int(200000000 + rng.integers(0, 9_000_000)),
            name=mode.ob_name(target, arms),
            prog_id=programme_id(day, rng),
            target=target,
            ra=ra,
            dec=dec,
            exptime=exptime,
            seeing=seeing,
            start=t,
            grade=grade,
            comment=comment,
            star=star,
            nominal_exptime=nominal,
        )
        obs.append(ob)
        t, frames = science_template(ob, arms, mode, t + timedelta(seconds=ACQUISITION_S), rng)
        exposures.extend(frames)
    if t > end_of_night:
        raise ValueError(
            f"{options.sources} sources in arms {options.arms} need until {t:%H:%M} UT,"
            f" past the end of the night ({SCIENCE_END:%H:%M} UT); simulate fewer sources"
        )
    t = datetime.combine(morning, CALIBRATION_START, tzinfo=UTC)
    calib_id = 1000000 + int(rng.integers(0, 900000))
    for arm in arms:
        for kind in CALIBRATION_SEQUENCE:
            count = {FrameKind.BIAS: options.n_bias, FrameKind.FLAT: options.n_flat}.get(kind, 1)
            calib_id += 1
            t, frames = calibration_template(arm, mode, kind, count, t, calib_id, rng)
            exposures.extend(frames)
    for fault, kind in ((FAULT_TRUNCATED, FrameKind.BIAS), (FAULT_NO_DPR, FrameKind.FLAT)):
        if fault in options.faults:
            calib_id += 1
            t, frames = calibration_template(arms[0], mode, kind, 1, t, calib_id, rng, fault=fault)
            exposures.extend(frames)
    if t > datetime.combine(morning, CALIBRATION_END, tzinfo=UTC):
        raise ValueError(
            f"the morning calibrations (n_bias={options.n_bias}, n_flat={options.n_flat}) run until"
            f" {t:%H:%M} UT, past {CALIBRATION_END:%H:%M} UT when the next night begins"
        )
    ordered = sorted(exposures, key=lambda e: e.start)
    numbered = [dataclasses.replace(e, sequence=n) for n, e in enumerate(ordered, start=1)]
    return NightPlan(night, tuple(obs), tuple(numbered), mode)


def seeing_sigma_px(seeing_arcsec: float, pixscale: float) -> float:
    """Gaussian sigma [px] along the slit of a seeing FWHM [arcsec]."""
    return seeing_arcsec / (2.0 * math.sqrt(2.0 * math.log(2.0))) / pixscale
