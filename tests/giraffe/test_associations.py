"""GIRAFFE association: masters of the same detector read-out, slit and setting, nearest in time."""

from __future__ import annotations

import pytest

from instruments.giraffe import categories as cat
from instruments.giraffe import keywords as kw
from instruments.giraffe.associations import ASSOCIATIONS
from phoenix.associate import AssociationStatus, Candidate, associate

DETECTOR = {
    kw.INSTRUME: "GIRAFFE",
    kw.DET_CHIP1_ID: "EEV44-82",
    kw.DET_WIN1_BINX: 1,
    kw.DET_WIN1_BINY: 1,
    kw.DET_READ_CLOCK: "225kHz,1port,Low Gain",
    kw.DET_READ_MODE: "normal",
    kw.DET_READ_SPEED: "225kHz",
}
SCIENCE = {**DETECTOR, kw.INS_SLIT_NAME: "Medusa1", kw.INS_EXP_MODE: "L881.7"}
MJD = 57512.0


def _rule(category: str):  # type: ignore[no-untyped-def]
    return next(r for r in ASSOCIATIONS if r.category == category and cat.SCIENCE in r.for_categories)


def _master(name: str, category: str, mjd: float, **changes: object) -> Candidate:
    return Candidate(name, category, mjd, {**SCIENCE, **changes}, certified=True)


@pytest.mark.parametrize("category", [cat.FF_LOCCENTROID, cat.FF_EXTSPECTRA, cat.DISPERSION_SOLUTION])
def test_fibre_masters_of_another_setting_or_slit_are_not_taken(category: str) -> None:
    candidates = [
        _master("other-setting", category, MJD + 0.1, **{kw.INS_EXP_MODE: "H665.0"}),
        _master("other-slit", category, MJD + 0.1, **{kw.INS_SLIT_NAME: "Medusa2"}),
        _master("same", category, MJD + 2.5),
    ]
    outcome = associate(SCIENCE, MJD, _rule(category), candidates)
    assert outcome.ok and outcome.picks[0].candidate.id == "same"
    assert outcome.level == 1  # 2.5 days away: beyond the one-day calibration plan


def test_fibre_masters_too_far_away_are_missing_with_a_reason() -> None:
    candidates = [_master("old", cat.DISPERSION_SOLUTION, MJD - 10)]
    outcome = associate(SCIENCE, MJD, _rule(cat.DISPERSION_SOLUTION), candidates)
    assert outcome.status is AssociationStatus.MISSING
    assert outcome.reason


def test_master_bias_matches_the_readout_but_not_the_setting() -> None:
    candidates = [
        _master("other-readout", cat.MASTER_BIAS, MJD + 0.01, **{kw.DET_READ_SPEED: "50kHz"}),
        _master("other-setting", cat.MASTER_BIAS, MJD + 3.0, **{kw.INS_EXP_MODE: "H665.0"}),
    ]
    outcome = associate(SCIENCE, MJD, _rule(cat.MASTER_BIAS), candidates)
    assert outcome.ok and outcome.picks[0].candidate.id == "other-setting"
