"""How UVES raw frames are classified, after ESO's own OCA rules.

Sources (in ``shared/reference/rules/oca/``): ``uves-6.1.8_gasgano.oca`` (the DFO/Gasgano
classification: ``DPR.CATG like ... and DPR.TYPE like ... and DET.CHIPS == 1`` -> ``*_BLUE``,
``== 2`` -> ``*_RED``) and ``uves-6.1.8_reflex_uves_wkf.oca`` (the Reflex workflow: exact
DPR values, slicer techniques ``ECHELLE,SLIC#n``). The categories are the SOF tags the recipes
want. Every science variant (``OBJECT``, ``OBJECT,POINT``, ``OBJECT,EXTENDED``, slicer) becomes
``SCIENCE_<ARM>``, the tag this project's science chain feeds to uves_obs_scired; ESO's OCA files
split them into SCIENCE / SCI_POINT / SCI_EXTND / SCI_SLICER, which the recipe accepts alike.

Rules are tried in order and the first match wins (in OCA files the *last* assignment wins;
the order here is arranged so the outcome is the same for the types served).
"""

from __future__ import annotations

from instruments.uves import categories as cat
from instruments.uves import keywords as kw
from phoenix import ClassificationRule, ClassificationTable, Condition, FrameRole, MatchOp

_EQ, _LIKE = MatchOp.EQ, MatchOp.LIKE
_CHIPS = {kw.ARM_BLUE: kw.DET_CHIPS_BLUE, kw.ARM_RED: kw.DET_CHIPS_RED}
_ECHELLE = Condition(kw.DPR_TECH, _LIKE, "ECHELLE%")  # ECHELLE, ECHELLE,SLIC#n, ECHELLE,ABSORPTION-CELL
_CALIB = Condition(kw.DPR_CATG, _EQ, "CALIB")
_SCIENCE = Condition(kw.DPR_CATG, _EQ, "SCIENCE")
_OBJECT = Condition(kw.DPR_TYPE, _LIKE, "%OBJECT%")  # OBJECT, OBJECT,POINT, OBJECT,EXTENDED, ...

# (category prefix, role, conditions); the arm's DET.CHIPS condition is added per arm
_RAW_TYPES: tuple[tuple[str, FrameRole, tuple[Condition, ...]], ...] = (
    (cat.BIAS, FrameRole.CALIB, (_CALIB, Condition(kw.DPR_TYPE, _EQ, "BIAS"))),
    (cat.DARK, FrameRole.CALIB, (_CALIB, Condition(kw.DPR_TYPE, _EQ, "DARK"))),
    (cat.FLAT, FrameRole.CALIB, (_CALIB, Condition(kw.DPR_TYPE, _EQ, "LAMP,FLAT"), _ECHELLE)),
    (cat.ORDER_FLAT, FrameRole.CALIB, (_CALIB, Condition(kw.DPR_TYPE, _EQ, "LAMP,ORDERDEF"), _ECHELLE)),
    (cat.ARC_LAMP_FORM, FrameRole.CALIB, (_CALIB, Condition(kw.DPR_TYPE, _EQ, "LAMP,FMTCHK"), _ECHELLE)),
    (cat.ARC_LAMP, FrameRole.CALIB, (_CALIB, Condition(kw.DPR_TYPE, _EQ, "LAMP,WAVE"), _ECHELLE)),
    (cat.STANDARD, FrameRole.CALIB, (_CALIB, Condition(kw.DPR_TYPE, _EQ, "STD"), _ECHELLE)),
    # gasgano: SCIENCE_x wants INS.SLIT1.NAME like %FREE%, SCI_SLICER_x like %SLIC#% (image slicer)
    (
        cat.SCIENCE,
        FrameRole.SCIENCE,
        (_SCIENCE, _OBJECT, _ECHELLE, Condition(kw.INS_SLIT1_NAME, _LIKE, "%FREE%")),
    ),
    (
        cat.SCIENCE,
        FrameRole.SCIENCE,
        (_SCIENCE, _OBJECT, _ECHELLE, Condition(kw.INS_SLIT1_NAME, _LIKE, "%SLIC#%")),
    ),
)

_IGNORED = (
    ClassificationRule(cat.ACQUISITION, FrameRole.IGNORED, (Condition(kw.DPR_CATG, _EQ, "ACQUISITION"),)),
    ClassificationRule(cat.TEST, FrameRole.IGNORED, (Condition(kw.DPR_CATG, _EQ, "TEST"),)),
    # FLAMES/UVES fibre frames (DPR.TECH MOS) carry INSTRUME UVES but need the flames_* recipes
    ClassificationRule(cat.FLAMES_FIBRE, FrameRole.IGNORED, (Condition(kw.DPR_TECH, _LIKE, "%MOS%"),)),
)

# per arm: the detector setup, then that arm's optical setup (Reflex's flat grouping keys + grating ID)
_SETUP_KEYWORDS = {
    arm: (
        kw.DET_CHIPS,
        kw.DET_WIN1_BINX,
        kw.DET_WIN1_BINY,
        kw.DET_READ_SPEED,
        kw.INS_MODE,
        kw.INS_SLIT1_NAME,
        grat_id,
        grat_wlen,
        slit_wid,
    )
    for arm, (grat_id, _, grat_wlen, slit_wid, _, _) in kw.ARM_KEYWORDS.items()
}

CLASSIFICATION = ClassificationTable(
    rules=_IGNORED
    + tuple(
        ClassificationRule(
            cat.of_arm(prefix, arm), role, (*conditions, Condition(kw.DET_CHIPS, _EQ, chips)), arm
        )
        for arm, chips in _CHIPS.items()
        for prefix, role, conditions in _RAW_TYPES
    ),
    required_keywords=(kw.DPR_CATG, kw.DPR_TYPE, kw.DPR_TECH, kw.DET_CHIPS),
    setup_keywords=_SETUP_KEYWORDS,
)
