"""How MUSE raw frames are classified, after ESO's own OCA rules.

Sources (``shared/reference/rules/oca/``): ``muse-2.8.7_gasgano.oca`` gives the categories from
DPR.CATG/TYPE/TECH (``DPR.TECH == "IFU"`` throughout); ``muse-2.8.7_reflex_muse_wkf.oca`` adds
that biases, darks, lamp flats and sky flats count only in templates of at least three exposures
(``TPL.NEXP >= 3``). The table language has equality, OCA's ``like`` and membership, so
``TPL.NEXP >= 3`` is written as membership in 3..:data:`MAX_NEXP`. Rules are tried in order and
the first match wins, so the more specific flat types (ILLUM, SKY) come before the lamp flat.
"""

from __future__ import annotations

from instruments.muse import categories as cat
from instruments.muse import keywords as kw
from phoenix import ClassificationRule, ClassificationTable, Condition, FrameRole, MatchOp

MAX_NEXP = 999
_EQ, _LIKE, _IN = MatchOp.EQ, MatchOp.LIKE, MatchOp.IN
_IFU = Condition(kw.DPR_TECH, _EQ, "IFU")
_CALIB = Condition(kw.DPR_CATG, _EQ, "CALIB")
_NEXP3 = Condition(kw.TPL_NEXP, _IN, tuple(range(3, MAX_NEXP + 1)))


def _type(value: str) -> Condition:
    return Condition(kw.DPR_TYPE, _EQ, value)


def _types(*parts: str) -> tuple[Condition, ...]:
    """OCA's ``DPR.TYPE like "%A%" and DPR.TYPE like "%B%"``."""
    return tuple(Condition(kw.DPR_TYPE, _LIKE, f"%{p}%") for p in parts)


_C, _S, _I = FrameRole.CALIB, FrameRole.SCIENCE, FrameRole.IGNORED
_RULES: tuple[tuple[str, FrameRole, tuple[Condition, ...]], ...] = (
    (cat.ACQUISITION, _I, (Condition(kw.DPR_CATG, _EQ, "ACQUISITION"),)),
    (cat.TEST, _I, (Condition(kw.DPR_CATG, _EQ, "TEST"),)),
    (cat.BIAS, _C, (_CALIB, _type("BIAS"), _IFU, _NEXP3)),
    (cat.DARK, _C, (_CALIB, _type("DARK"), _IFU, _NEXP3)),
    (cat.ILLUMFLAT, _C, (_CALIB, *_types("FLAT", "LAMP", "ILLUM"), _IFU)),
    (cat.SKYFLAT, _C, (_CALIB, *_types("FLAT", "SKY"), _IFU, _NEXP3)),
    (cat.FLAT, _C, (_CALIB, *_types("FLAT", "LAMP"), _IFU, _NEXP3)),
    (cat.MASK, _C, (_CALIB, *_types("WAVE", "MASK"), _IFU)),
    (cat.ARC_LSF, _C, (_CALIB, *_types("WAVE", "LSF"), _IFU)),
    (cat.ARC, _C, (_CALIB, _type("WAVE"), _IFU)),
    (cat.STD, _C, (_CALIB, _type("STD"), _IFU)),
    (cat.ASTROMETRY, _C, (_CALIB, _type("ASTROMETRY"), _IFU)),
    (cat.SKY, _C, (Condition(kw.DPR_CATG, _IN, ("CALIB", "SCIENCE")), _type("SKY"), _IFU)),
    (cat.OBJECT, _S, (Condition(kw.DPR_CATG, _EQ, "SCIENCE"), _type("OBJECT"), _IFU)),
)

# the keys ESO's rules compare between a frame and its calibrations (NOTES.md §4.3, muse.oca)
SETUP_KEYWORDS = (
    kw.INS_MODE,
    kw.DET_READ_CURNAME,
    kw.INS_OPTI1_NAME,
    kw.INS_OPTI2_NAME,
    kw.DET_BINX,
    kw.DET_BINY,
)

CLASSIFICATION = ClassificationTable(
    rules=tuple(ClassificationRule(category, role, conds, cat.ARM) for category, role, conds in _RULES),
    required_keywords=(kw.DPR_CATG, kw.DPR_TYPE, kw.DPR_TECH),
    setup_keywords={cat.ARM: SETUP_KEYWORDS},
)
