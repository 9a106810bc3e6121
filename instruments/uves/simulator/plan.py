"""The timeline of one observing night: science OBs at night, the calibration plan the next morning.

A night is named by its date at the start (``YYYY-MM-DD``). Science runs from 00:15 UT of the
next day, one OB per source; each OB is an acquisition followed by one single-arm template per
arm (the 437 nm and 580 nm settings are not a dichroic pair, so each arm is its own template).
Calibrations follow the VLT calibration plan the morning after, from 09:45 UT: per arm a bias
template, a format check, an order definition, a flat-field template and a ThAr arc. Everything
stays before 12:00 UT, so ESO's rule "night = date of (UT - 12 h)" assigns it to this night.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import numpy as np

from instruments.uves.simulator.ephemeris import iso_ms, mjd
from instruments.uves.simulator.frames import CALIBRATION_SEQUENCE, KINDS, FrameKind
from instruments.uves.simulator.options import FAULT_NO_DPR, FAULT_TRUNCATED, SimulationOptions
from instruments.uves.simulator.setups import ArmSetup
from instruments.uves.simulator.spectrum import StarSpectrum
from instruments.uves.simulator.targets import observable_position, programme_id, target_name

NEW_FORMAT_MJD = 53096.0  # UVES raw frames after this date are read in the "new format"
SCIENCE_START = time(0, 15)
SCIENCE_END = time(9, 30)
CALIBRATION_START = time(9, 45)
CALIBRATION_END = time(11, 59)
CALIBRATION_PROGRAMME = "60.A-9022(A)"  # ESO's calibration-plan programme
ACQUISITION_S = 420.0
TEMPLATE_SETUP_S = 45.0
EXPOSURE_GAP_S = 8.0
EXPTIME_RANGE_S = (600.0, 1800.0)
SEEING_RANGE = (0.6, 1.1)
POOR_SEEING = 1.45
SEEING_CONSTRAINT = 1.2


@dataclass(frozen=True)
class ObservingBlock:
    """A science OB: one source observed in every arm."""

    obs_id: int
    name: str
    prog_id: str
    target: str
    ra: float
    dec: float
    exptime: float
    seeing: float
    start: datetime
    grade: str
    comment: str
    star: StarSpectrum


@dataclass(frozen=True)
class Exposure:
    """One raw frame to write."""

    sequence: int  # running number of the night (RNG stream, ORIGFILE, DET EXP NO)
    kind: FrameKind
    arm: str
    start: datetime
    exptime: float
    tpl_id: str
    tpl_name: str
    tpl_start: datetime
    expno: int
    nexp: int
    obs_id: int
    obs_name: str
    obs_start: datetime
    obs_tplno: int
    prog_id: str
    object: str
    ra: float
    dec: float
    ob: ObservingBlock | None = None
    fault: str = ""

    @property
    def arcfile(self) -> str:
        """The archive file name, which is also the file's name on disk."""
        return f"UVES.{iso_ms(self.start)}.fits"

    @property
    def mjd(self) -> float:
        """MJD-OBS."""
        return mjd(self.start)


@dataclass(frozen=True)
class NightPlan:
    """All OBs and exposures of a night, in time order."""

    night: str
    obs: tuple[ObservingBlock, ...]
    exposures: tuple[Exposure, ...]


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


def plan_night(
    night: str,
    options: SimulationOptions,
    setups: dict[str, ArmSetup],
    stars: list[StarSpectrum],
    rng: np.random.Generator,
) -> NightPlan:
    """The OBs and exposures of ``night`` for ``options``; ``stars`` gives one spectrum per OB."""
    day = night_start(night)
    arms = [setups[a] for a in options.arms]
    morning = day + timedelta(days=1)
    t = datetime.combine(morning, SCIENCE_START, tzinfo=UTC)
    obs, exposures = [], []
    poor = int(rng.integers(options.sources)) if options.sources > 1 else -1
    used_names: set[str] = set()
    for i, star in enumerate(stars):
        exptime = float(round(rng.uniform(*EXPTIME_RANGE_S), -1))
        duration = ACQUISITION_S + sum(
            TEMPLATE_SETUP_S + exptime + a.readout_s + EXPOSURE_GAP_S for a in arms
        )
        ra, dec = observable_position(t + timedelta(seconds=duration / 2), rng)
        target = target_name(ra, dec, used_names)
        seeing = POOR_SEEING if i == poor else round(float(rng.uniform(*SEEING_RANGE)), 2)
        grade, comment = (
            ("B", f"seeing {POOR_SEEING} arcsec, above the {SEEING_CONSTRAINT} arcsec constraint")
            if i == poor
            else ("A", "")
        )
        ob = ObservingBlock(
            obs_id=int(200000000 + rng.integers(0, 9_000_000)),
            name=f"{target}_" + "+".join(f"{a.path}{a.wlen_nm:.0f}" for a in arms),
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
        )
        obs.append(ob)
        t += timedelta(seconds=ACQUISITION_S)
        for tplno, arm in enumerate(arms, start=2):
            info = KINDS[FrameKind.SCIENCE]
            start = _with_ms(t + timedelta(seconds=TEMPLATE_SETUP_S), rng)
            exposures.append(
                Exposure(
                    sequence=0,
                    kind=FrameKind.SCIENCE,
                    arm=arm.arm,
                    start=start,
                    exptime=exptime,
                    tpl_id=info.template.format(path=arm.path.lower()),
                    tpl_name=f"{arm.path.capitalize()} {info.template_name}",
                    tpl_start=t,
                    expno=1,
                    nexp=1,
                    obs_id=ob.obs_id,
                    obs_name=ob.name,
                    obs_start=ob.start,
                    obs_tplno=tplno,
                    prog_id=ob.prog_id,
                    object=target,
                    ra=ra,
                    dec=dec,
                    ob=ob,
                )
            )
            t = start + timedelta(seconds=exptime + arm.readout_s + EXPOSURE_GAP_S)
    end_of_night = datetime.combine(morning, SCIENCE_END, tzinfo=UTC)
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
            t, frames = _calibration_template(arm, kind, count, t, calib_id, rng)
            exposures.extend(frames)
    for fault, kind in ((FAULT_TRUNCATED, FrameKind.BIAS), (FAULT_NO_DPR, FrameKind.FLAT)):
        if fault in options.faults:
            calib_id += 1
            t, frames = _calibration_template(arms[0], kind, 1, t, calib_id, rng, fault=fault)
            exposures.extend(frames)
    if t > datetime.combine(morning, CALIBRATION_END, tzinfo=UTC):
        raise ValueError(
            f"the morning calibrations (n_bias={options.n_bias}, n_flat={options.n_flat}) run until"
            f" {t:%H:%M} UT, past {CALIBRATION_END:%H:%M} UT when the next night begins"
        )
    ordered = sorted(exposures, key=lambda e: e.start)
    numbered = [dataclasses.replace(e, sequence=n) for n, e in enumerate(ordered, start=1)]
    return NightPlan(night, tuple(obs), tuple(numbered))


def _calibration_template(
    arm: ArmSetup,
    kind: FrameKind,
    count: int,
    t: datetime,
    obs_id: int,
    rng: np.random.Generator,
    fault: str = "",
) -> tuple[datetime, list[Exposure]]:
    info = KINDS[kind]
    exptime = arm.exptimes[kind]
    tpl_start = t
    frames = []
    start = t + timedelta(seconds=TEMPLATE_SETUP_S)
    for expno in range(1, count + 1):
        start = _with_ms(start, rng)
        frames.append(
            Exposure(
                sequence=0,
                kind=kind,
                arm=arm.arm,
                start=start,
                exptime=exptime,
                tpl_id=info.template.format(path=arm.path.lower()),
                tpl_name=info.template_name,
                tpl_start=tpl_start,
                expno=expno,
                nexp=count,
                obs_id=obs_id,
                obs_name=f"UVES_{arm.path}_{arm.wlen_nm:.0f}_{kind.name.lower()}",
                obs_start=tpl_start,
                obs_tplno=1,
                prog_id=CALIBRATION_PROGRAMME,
                object=info.dpr_type,
                ra=0.0,
                dec=-24.6272,
                fault=fault,
            )
        )
        start += timedelta(seconds=exptime + arm.readout_s + EXPOSURE_GAP_S)
    return start, frames


def _with_ms(t: datetime, rng: np.random.Generator) -> datetime:
    return t.replace(microsecond=0) + timedelta(milliseconds=int(rng.integers(0, 1000)))


def seeing_sigma_px(seeing_arcsec: float, pixscale: float) -> float:
    """Gaussian sigma [px] along the slit of a seeing FWHM [arcsec]."""
    return seeing_arcsec / (2.0 * math.sqrt(2.0 * math.log(2.0))) / pixscale
