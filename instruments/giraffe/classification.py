"""How GIRAFFE raw frames are classified, after ESO's ``giraf-2.16.10_gasgano.oca``.

The OCA rules are ``like`` tests on DPR.CATG/TYPE/TECH, and the last matching assignment wins
(NASMYTH_FLAT overrides FIBER_FLAT, the SIMCAL types would otherwise look like flats). Here the
first match wins, so the more specific rules come first. Fibre techniques are ``MOS`` (Medusa)
and ``IFU``; only Medusa is processed, IFU/Argus frames are classified as OCA does but the
datasets keep to the Medusa slits through the association keys.
"""

from __future__ import annotations

from instruments.giraffe import categories as cat
from instruments.giraffe import keywords as kw
from phoenix import ClassificationRule, ClassificationTable, Condition, FrameRole, MatchOp

_LIKE = MatchOp.LIKE
_CALIB = Condition(kw.DPR_CATG, _LIKE, "%CALIB%")
_IMAGE = Condition(kw.DPR_TECH, _LIKE, "%IMAGE%")
# OCA: ( DPR.TECH like "%MOS%" or DPR.TECH like "%IFU%" ), one rule per alternative here
_FIBRE = (Condition(kw.DPR_TECH, _LIKE, "%MOS%"), Condition(kw.DPR_TECH, _LIKE, "%IFU%"))


def _type(*parts: str) -> tuple[Condition, ...]:
    return tuple(Condition(kw.DPR_TYPE, _LIKE, f"%{part}%") for part in parts)


def _rules(
    category: str, role: FrameRole, first: Condition, types: tuple[str, ...], techs: tuple[Condition, ...]
) -> tuple[ClassificationRule, ...]:
    return tuple(ClassificationRule(category, role, (first, *_type(*types), tech)) for tech in techs)


def _calib(
    category: str, types: tuple[str, ...], techs: tuple[Condition, ...]
) -> tuple[ClassificationRule, ...]:
    return _rules(category, FrameRole.CALIB, _CALIB, types, techs)


CLASSIFICATION = ClassificationTable(
    rules=(
        ClassificationRule(cat.ACQUISITION, FrameRole.IGNORED, (Condition(kw.DPR_CATG, _LIKE, "%ACQ%"),)),
        ClassificationRule(cat.TEST, FrameRole.IGNORED, (Condition(kw.DPR_CATG, _LIKE, "%TEST%"),)),
        *_calib(cat.BIAS, ("BIAS",), (_IMAGE,)),
        *_calib(cat.DARK, ("DARK",), (_IMAGE,)),
        *_calib(cat.SIMCAL_FLAT, ("SIMLAMP", "HAL"), _FIBRE),
        *_calib(cat.SIMCAL_ARC, ("SIMLAMP", "TAL"), _FIBRE),
        *_calib(cat.NASMYTH_FLAT, ("FLAT", "LAMP", "NASMYTH"), _FIBRE),
        *_calib(cat.FIBER_FLAT, ("FLAT", "LAMP"), _FIBRE),
        *_calib(cat.ARC_SPECTRUM, ("WAVE", "LAMP"), _FIBRE),
        *_calib(cat.STD, ("STD",), (Condition(kw.DPR_TECH, _LIKE, "%IFU%"),)),
        *_rules(
            cat.SCIENCE, FrameRole.SCIENCE, Condition(kw.DPR_CATG, _LIKE, "%SCIENCE%"), ("OBJECT",), _FIBRE
        ),
    ),
    required_keywords=(kw.DPR_CATG, kw.DPR_TYPE, kw.DPR_TECH),
    setup_keywords={
        "": (
            kw.DET_CHIP1_ID,
            kw.DET_WIN1_BINX,
            kw.DET_WIN1_BINY,
            kw.DET_READ_SPEED,
            kw.INS_SLIT_NAME,
            kw.INS_EXP_MODE,
        )
    },
)
