"""How KMOS raw frames are classified: ESO's DPR triplets, as a table the engine interprets.

The calibration triplets are those of ESO's KMOS calibration plan. Science frames are
DPR.CATG SCIENCE with DPR.TECH IFU; both the object and the sky exposures of a nod-to-sky
template become SCIENCE, the tag kmos_sci_red takes them under (it pairs objects with skies
itself). Acquisition frames are recognised and kept out of processing.
"""

from __future__ import annotations

from kmos_phoenix import categories as cat
from kmos_phoenix import keywords as kw
from phoenix import ClassificationRule, ClassificationTable, Condition, FrameRole, MatchOp

_EQ, _LIKE = MatchOp.EQ, MatchOp.LIKE
_CALIB = Condition(kw.DPR_CATG, _EQ, "CALIB")


def _calib(category: str, dpr_type: str, dpr_tech: str) -> ClassificationRule:
    conditions = (_CALIB, Condition(kw.DPR_TYPE, _EQ, dpr_type), Condition(kw.DPR_TECH, _EQ, dpr_tech))
    return ClassificationRule(category, FrameRole.CALIB, conditions)


CLASSIFICATION = ClassificationTable(
    rules=(
        ClassificationRule(cat.ACQUISITION, FrameRole.IGNORED, (Condition(kw.DPR_CATG, _EQ, "ACQUISITION"),)),
        _calib(cat.DARK, "DARK", "IMAGE"),
        _calib(cat.FLAT_ON, "FLAT,LAMP", "SPECTRUM"),
        _calib(cat.FLAT_OFF, "FLAT,OFF", "IMAGE"),
        _calib(cat.ARC_ON, "WAVE,LAMP", "SPECTRUM"),
        _calib(cat.ARC_OFF, "WAVE,OFF", "IMAGE"),
        _calib(cat.FLAT_SKY, "FLAT,SKY", "IFU"),
        _calib(cat.STD, "OBJECT,SKY,STD,FLUX", "IFU"),
        ClassificationRule(
            cat.SCIENCE,
            FrameRole.SCIENCE,
            (
                Condition(kw.DPR_CATG, _EQ, "SCIENCE"),
                Condition(kw.DPR_TYPE, MatchOp.IN, ("OBJECT", "SKY", "OBJECT,SKY")),
                Condition(kw.DPR_TECH, _LIKE, "IFU%"),
            ),
        ),
    ),
    required_keywords=(kw.DPR_CATG, kw.DPR_TYPE, kw.DPR_TECH),
    setup_keywords={"": (kw.INS_GRAT1_ID, kw.INS_FILT1_ID, kw.OCS_ROT_NAANGLE, kw.DET_SEQ1_DIT)},
)
