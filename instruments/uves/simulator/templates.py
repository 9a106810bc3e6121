"""Templates into exposures: what one observation or calibration template writes, and when.

An observation template exposes every arm of its OB at once (one arm, or both through the
dichroic); a calibration template takes its frames of one arm one after the other.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np

from instruments.uves.simulator.exposures import Exposure, ObservingBlock
from instruments.uves.simulator.frames import KINDS, FrameKind
from instruments.uves.simulator.modes import ArmsMode
from instruments.uves.simulator.setups import ArmSetup

CALIBRATION_PROGRAMME = "60.A-9022(A)"  # ESO's calibration-plan programme
TEMPLATE_SETUP_S = 45.0
EXPOSURE_GAP_S = 8.0
SCIENCE_TPLNO = 2  # the acquisition is template 1 of every OB


def science_template(
    ob: ObservingBlock, arms: list[ArmSetup], mode: ArmsMode, tpl_start: datetime, rng: np.random.Generator
) -> tuple[datetime, list[Exposure]]:
    """The OB's observation template: every arm's shutter opens at the same second.

    Each detector stamps its own DATE-OBS milliseconds (distinct, so the ARCFILEs differ).
    Returns when the next template can start and the exposures.
    """
    info = KINDS[FrameKind.SCIENCE]
    opening = tpl_start + timedelta(seconds=TEMPLATE_SETUP_S)
    starts = distinct_ms(opening, len(arms), rng)
    frames = []
    for arm, start in zip(arms, starts, strict=True):
        family = mode.family_of(arm)
        frames.append(
            Exposure(
                sequence=0,
                kind=FrameKind.SCIENCE,
                arm=arm.arm,
                ins_mode=mode.mode_of(arm),
                start=start,
                exptime=ob.exptime,
                tpl_id=info.template.format(family=family),
                tpl_name=f"{family.capitalize()} {info.template_name}",
                tpl_start=tpl_start,
                expno=1,
                nexp=1,
                obs_id=ob.obs_id,
                obs_name=ob.name,
                obs_start=ob.start,
                obs_tplno=SCIENCE_TPLNO,
                prog_id=ob.prog_id,
                object=ob.target,
                ra=ob.ra,
                dec=ob.dec,
                ob=ob,
            )
        )
    done = max(s + timedelta(seconds=ob.exptime + a.readout_s) for a, s in zip(arms, starts, strict=True))
    return done + timedelta(seconds=EXPOSURE_GAP_S), frames


def calibration_template(
    arm: ArmSetup,
    mode: ArmsMode,
    kind: FrameKind,
    count: int,
    t: datetime,
    obs_id: int,
    rng: np.random.Generator,
    fault: str = "",
) -> tuple[datetime, list[Exposure]]:
    """A calibration template of ``count`` frames of ``kind`` from ``t``, in the night's mode.

    Returns when the next template can start and the exposures.
    """
    info = KINDS[kind]
    family = mode.family_of(arm, optical=info.optical)
    setting = f"{mode.label}_" if mode.label and info.optical else ""
    exptime = arm.exptimes[kind]
    tpl_start = t
    frames = []
    start = t + timedelta(seconds=TEMPLATE_SETUP_S)
    for expno in range(1, count + 1):
        start = with_ms(start, rng)
        frames.append(
            Exposure(
                sequence=0,
                kind=kind,
                arm=arm.arm,
                ins_mode=mode.mode_of(arm, optical=info.optical),
                start=start,
                exptime=exptime,
                tpl_id=info.template.format(family=family),
                tpl_name=info.template_name,
                tpl_start=tpl_start,
                expno=expno,
                nexp=count,
                obs_id=obs_id,
                obs_name=f"UVES_{setting}{arm.path}_{arm.wlen_nm:.0f}_{kind.name.lower()}",
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


def with_ms(t: datetime, rng: np.random.Generator) -> datetime:
    """``t`` at a random millisecond of its second."""
    return t.replace(microsecond=0) + timedelta(milliseconds=int(rng.integers(0, 1000)))


def distinct_ms(t: datetime, n: int, rng: np.random.Generator) -> list[datetime]:
    """``n`` instants in the second of ``t``, at distinct random milliseconds."""
    starts: list[datetime] = []
    while len(starts) < n:
        start = with_ms(t, rng)
        if start not in starts:
            starts.append(start)
    return starts
