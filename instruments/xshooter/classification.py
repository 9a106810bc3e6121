"""How XSHOOTER raw frames are classified: by arm (``SEQ.ARM``) and by DPR CATG/TYPE/TECH.

The shared reference set holds no XSHOOTER OCA file, so the table follows the xshoo pipeline's
tags (``categories``) and the DPR values of ESO's XSHOOTER templates: slit science
``OBJECT`` with ``ECHELLE,SLIT,STARE|NODDING|OFFSET``, ``SKY`` frames of offset templates,
flux and telluric standards ``STD,FLUX`` / ``STD,TELLURIC``; calibrations ``BIAS``, ``DARK``,
``LAMP,FLAT|DFLAT|QFLAT`` (slit), ``LAMP,FMTCHK`` and ``LAMP,ORDERDEF|DORDERDEF|QORDERDEF``
(``ECHELLE,PINHOLE``), ``LAMP,WAVE`` (``ECHELLE,MULTI-PINHOLE`` for xsh_2dmap, ``ECHELLE,SLIT``
for xsh_wavecal) and ``LAMP,AFC``. IFU frames (``ECHELLE,IFU...``) are ignored: PHOENIX serves
the echelle slit mode only (the PHOENIX paper, section 4.3).
"""

from __future__ import annotations

from instruments.xshooter import categories as cat
from instruments.xshooter import keywords as kw
from phoenix import ClassificationRule, ClassificationTable, Condition, FrameRole, MatchOp

_EQ, _LIKE = MatchOp.EQ, MatchOp.LIKE
_CALIB = Condition(kw.DPR_CATG, _EQ, "CALIB")
_SCIENCE = Condition(kw.DPR_CATG, _EQ, "SCIENCE")
_SLIT = Condition(kw.DPR_TECH, _LIKE, "ECHELLE,SLIT%")
_PINHOLE = Condition(kw.DPR_TECH, _EQ, "ECHELLE,PINHOLE")
_MULTI_PINHOLE = Condition(kw.DPR_TECH, _EQ, "ECHELLE,MULTI-PINHOLE")
_TECH_OF = {
    cat.STARE: "ECHELLE,SLIT,STARE",
    cat.NOD: "ECHELLE,SLIT,NODDING",
    cat.OFFSET: "ECHELLE,SLIT,OFFSET",
}


def _type(value: str) -> Condition:
    return Condition(kw.DPR_TYPE, _EQ, value)


# (category prefix, role, conditions, arms it exists on); the SEQ.ARM condition is added per arm
_CALIBRATIONS: tuple[tuple[str, tuple[Condition, ...], tuple[str, ...]], ...] = (
    (cat.BIAS, (_CALIB, _type("BIAS")), kw.CCD_ARMS),
    (cat.DARK, (_CALIB, _type("DARK")), kw.ARMS),
    (cat.FLAT_SLIT, (_CALIB, _type("LAMP,FLAT"), _SLIT), kw.ARMS),
    (cat.FLAT_D2_SLIT, (_CALIB, _type("LAMP,DFLAT"), _SLIT), (kw.ARM_UVB,)),
    (cat.FLAT_QTH_SLIT, (_CALIB, _type("LAMP,QFLAT"), _SLIT), (kw.ARM_UVB,)),
    (cat.FMTCHK, (_CALIB, _type("LAMP,FMTCHK"), _PINHOLE), kw.ARMS),
    (cat.ORDERDEF, (_CALIB, _type("LAMP,ORDERDEF"), _PINHOLE), kw.ARMS),
    (cat.ORDERDEF_D2, (_CALIB, _type("LAMP,DORDERDEF"), _PINHOLE), (kw.ARM_UVB,)),
    (cat.ORDERDEF_QTH, (_CALIB, _type("LAMP,QORDERDEF"), _PINHOLE), (kw.ARM_UVB,)),
    (cat.WAVE, (_CALIB, _type("LAMP,WAVE"), _MULTI_PINHOLE), kw.ARMS),
    (cat.ARC_SLIT, (_CALIB, _type("LAMP,WAVE"), _SLIT), kw.ARMS),
    (cat.AFC_ATT, (_CALIB, _type("LAMP,AFC")), kw.ARMS),
)


def _slit_rules(arm: str) -> tuple[ClassificationRule, ...]:
    """Science, sky and standards of ``arm``, one category per slit technique."""
    rules = []
    for technique, tech in _TECH_OF.items():
        on_arm = Condition(kw.SEQ_ARM, _EQ, arm)
        with_tech = Condition(kw.DPR_TECH, _EQ, tech)
        for prefix, role, catg, dpr_type in (
            (cat.OBJECT_SLIT, FrameRole.SCIENCE, _SCIENCE, "OBJECT"),
            (cat.STD_FLUX_SLIT, FrameRole.CALIB, _CALIB, "STD,FLUX"),
            (cat.STD_TELL_SLIT, FrameRole.CALIB, _CALIB, "STD,TELLURIC"),
        ):
            rules.append(
                ClassificationRule(
                    cat.of_technique(prefix, technique, arm),
                    role,
                    (catg, _type(dpr_type), with_tech, on_arm),
                    arm,
                )
            )
    sky = (_SCIENCE, _type("SKY"), _SLIT, Condition(kw.SEQ_ARM, _EQ, arm))
    rules.append(ClassificationRule(cat.of_arm(cat.SKY_SLIT, arm), FrameRole.CALIB, sky, arm))
    return tuple(rules)


_IGNORED = (
    ClassificationRule(cat.ACQUISITION, FrameRole.IGNORED, (Condition(kw.DPR_CATG, _EQ, "ACQUISITION"),)),
    ClassificationRule(cat.TEST, FrameRole.IGNORED, (Condition(kw.DPR_CATG, _EQ, "TEST"),)),
    ClassificationRule(cat.IFU, FrameRole.IGNORED, (Condition(kw.DPR_TECH, _LIKE, "%IFU%"),)),
)

# per arm: the detector set-up (binning and read-out clock on the CCDs, DIT and read mode on the
# NIR array) and the arm's slit
_SETUP_KEYWORDS = {
    arm: (
        (kw.SEQ_ARM, kw.DET_WIN1_BINX, kw.DET_WIN1_BINY, kw.DET_READ_CLOCK, kw.SLIT_OF_ARM[arm])
        if arm in kw.CCD_ARMS
        else (kw.SEQ_ARM, kw.DET_DIT, kw.DET_NCORRS_NAME, kw.SLIT_OF_ARM[arm])
    )
    for arm in kw.ARMS
}

CLASSIFICATION = ClassificationTable(
    rules=_IGNORED
    + tuple(
        ClassificationRule(
            cat.of_arm(prefix, arm), FrameRole.CALIB, (*conditions, Condition(kw.SEQ_ARM, _EQ, arm)), arm
        )
        for prefix, conditions, arms in _CALIBRATIONS
        for arm in arms
    )
    + tuple(rule for arm in kw.ARMS for rule in _slit_rules(arm)),
    required_keywords=(kw.DPR_CATG, kw.DPR_TYPE, kw.DPR_TECH, kw.SEQ_ARM),
    setup_keywords=_SETUP_KEYWORDS,
)
