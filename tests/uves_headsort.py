"""Replay UVES_headsort's real calibration choices through PHOENIX's association engine.

UVES_headsort lists, per UVES science exposure, the raw calibrations it used: the arc (WAV),
order-definition flat (ORD), format check (FMT), flats (FLAT) and biases (BIAS), each with ARCFILE,
slit width, EXPTIME and MJD-OBS. Each role is replayed with the UVES rule that chooses what that
frame becomes: the master bias, master flat, order table and line table that science needs,
and the raw format check a calibration chain needs. Keys the list does not carry (binning,
read-out, window, mode, grating ID) are taken from a real header of the arm for reference and
candidates alike; the central wavelength (the setting), the slit width and the arm come from
the list, so the replay tests time ranking, setting, slit and arm.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from instruments.uves import categories as cat
from instruments.uves import keywords as kw
from instruments.uves.associations import ASSOCIATIONS
from phoenix.associate import AssociationOutcome, Candidate, CandidateIndex, associate
from phoenix.types import AssociationRule

SECONDS_PER_DAY = 86400.0
ROLES = ("BIAS", "FLAT", "ORD", "FMT", "WAV")
# role -> category prefix of the rule that chooses it, and whether that category is per chip
_ROLE_CATEGORY = {
    "BIAS": (cat.MASTER_BIAS, True),
    "FLAT": (cat.MASTER_FLAT, True),
    "ORD": (cat.ORDER_TABLE, True),
    "WAV": (cat.LINE_TABLE, True),
    "FMT": (cat.ARC_LAMP_FORM, False),
}


def arm_of(setting_nm: float) -> str:
    """UVES settings below 500 nm are blue-arm (CD#1/CD#2), the others red (CD#3/CD#4)."""
    return kw.ARM_BLUE if float(setting_nm) < 500 else kw.ARM_RED


def mid_exposure(row: Mapping[str, Any]) -> float:
    return float(row["mjd_obs"]) + float(row["exptime"]) / 2.0 / SECONDS_PER_DAY


def rule_for(role: str, arm: str, count: int) -> AssociationRule:
    """The UVES rule that chooses ``role``'s frame (first chip on RED), asking for ``count`` frames."""
    prefix, per_chip = _ROLE_CATEGORY[role]
    category = cat.of_chips(prefix, arm)[0] if per_chip else cat.of_arm(prefix, arm)
    rule = next(r for r in ASSOCIATIONS if r.category == category)
    return dataclasses.replace(rule, count=count)


def keys_of(row: Mapping[str, Any], arm: str, template: Mapping[str, Any]) -> dict[str, Any]:
    """Header values of a listed frame: the arm's template plus setting and slit from the list."""
    _, _, grat_wlen, slit_wid, _, _ = kw.ARM_KEYWORDS[arm]
    return {**template, grat_wlen: float(row["setting_nm"]), slit_wid: float(row["slit_width"])}


def candidate_index(
    calibrations: Iterable[Mapping[str, Any]], templates: Mapping[str, Mapping[str, Any]]
) -> CandidateIndex:
    """Every listed calibration as a candidate of the category its role's rule looks for."""
    out = []
    for row in calibrations:
        arm = arm_of(row["setting_nm"])
        category = rule_for(row["role"], arm, 1).category
        out.append(Candidate(row["arcfile"], category, mid_exposure(row), keys_of(row, arm, templates[arm])))
    return CandidateIndex.build(out)


def replay(
    science: Mapping[str, Any],
    associated: Mapping[str, list[str]],
    index: CandidateIndex,
    templates: Mapping[str, Mapping[str, Any]],
) -> dict[str, tuple[set[str], AssociationOutcome]]:
    """Per role: the frames UVES_headsort chose, and PHOENIX's outcome for the same science frame."""
    arm = arm_of(science["setting_nm"])
    reference = keys_of(science, arm, templates[arm])
    out = {}
    for role in ROLES:
        expected = set(associated.get(role, ()))
        if not expected:
            continue
        rule = rule_for(role, arm, len(expected))
        out[role] = (expected, associate(reference, mid_exposure(science), rule, index))
    return out
