"""Which calibrations XSHOOTER datasets need and how they are chosen (EDPS-style levels), per arm.

Match keys per arm: the detector set-up (binning ``DET.WIN1.BINX/Y`` and read-out clock
``DET.READ.CLOCK`` on the UVB/VIS CCDs; read-out mode ``DET.NCORRS.NAME`` on the NIR array) and,
for what depends on the slit (the master flat, the order edges), the arm's slit
(``INS.OPTI3/4/5.NAME``). Wavelength solutions and the response do not depend on the slit in
this plugin: the response is taken through the science slit width by the simulator and, as ESO
does, applied to any slit of the same detector set-up.

Time windows (|Δt| from the dataset's mid-exposure, days), after the UVES plugin and EDPS's
ranges: bias/dark 4 / 7 / unlimited; slit-dependent masters 1 / 3 / 7 / 30 with the slit relaxed
from level 2; the response (a "versioned master" that changes slowly) 7 / 30 / unlimited;
raw calibrations for a calibration chain 1 / 3 / 7; the night's flexure arc (LAMP,AFC) and the
sky of an offset template must come from the same OB (``OBS.ID``) within 0.1 d.
"""

from __future__ import annotations

import math

from instruments.xshooter import categories as cat
from instruments.xshooter import keywords as kw
from instruments.xshooter.datasets import flat_category, orderdef_category
from phoenix import AssociationLevel, AssociationRule, Source

ONE_DAY, THREE_DAYS, FOUR_DAYS, ONE_WEEK, ONE_MONTH = 1.0, 3.0, 4.0, 7.0, 30.0
SAME_OB = 0.1
UNLIMITED = math.inf


def detector_keys(arm: str) -> tuple[str, ...]:
    """The keys two frames of ``arm`` must share to be reduced together."""
    if arm in kw.CCD_ARMS:
        return (kw.SEQ_ARM, kw.DET_WIN1_BINX, kw.DET_WIN1_BINY, kw.DET_READ_CLOCK)
    return (kw.SEQ_ARM, kw.DET_NCORRS_NAME)


def _levels(
    *windows: float, relaxed: tuple[str, ...] = (), relax_from: int = 99
) -> tuple[AssociationLevel, ...]:
    levels = (0, 1, 3) if len(windows) == 3 else tuple(range(len(windows)))
    return tuple(
        AssociationLevel(level, window, relaxed if level >= relax_from else ())
        for level, window in zip(levels, windows, strict=True)
    )


_RAW = _levels(ONE_DAY, THREE_DAYS, ONE_WEEK)


def _science_rules(arm: str) -> tuple[AssociationRule, ...]:
    science = tuple(cat.of_technique(cat.OBJECT_SLIT, t, arm) for t in cat.TECHNIQUES)
    offset = (cat.of_technique(cat.OBJECT_SLIT, cat.OFFSET, arm),)
    det, slit = detector_keys(arm), kw.SLIT_OF_ARM[arm]
    slit_levels = _levels(ONE_DAY, THREE_DAYS, ONE_WEEK, ONE_MONTH, relaxed=(slit,), relax_from=2)
    noise = cat.MASTER_BIAS if arm in kw.CCD_ARMS else cat.MASTER_DARK
    master = Source.MASTER
    return (
        AssociationRule(
            cat.of_arm(noise, arm), science, master, det, _levels(FOUR_DAYS, ONE_WEEK, UNLIMITED)
        ),
        AssociationRule(cat.of_arm(cat.MASTER_FLAT_SLIT, arm), science, master, (*det, slit), slit_levels),
        AssociationRule(
            cat.of_arm(cat.ORDER_TAB_EDGES_SLIT, arm), science, master, (*det, slit), slit_levels
        ),
        AssociationRule(
            cat.of_arm(cat.DISP_TAB, arm),
            science,
            master,
            det,
            _levels(ONE_DAY, THREE_DAYS, ONE_WEEK, ONE_MONTH),
        ),
        AssociationRule(
            cat.of_arm(cat.RESPONSE_MERGE1D_SLIT, arm),
            science,
            master,
            det,
            _levels(ONE_WEEK, ONE_MONTH, UNLIMITED),
            required=False,  # without a response the product stays in detector units, said so
        ),
        AssociationRule(
            cat.of_arm(cat.AFC_ATT, arm), science, Source.RAW, (kw.SEQ_ARM, kw.OBS_ID), _levels(SAME_OB)
        ),
        AssociationRule(
            cat.of_arm(cat.SKY_SLIT, arm), offset, Source.RAW, (kw.SEQ_ARM, kw.TPL_START), _levels(SAME_OB)
        ),
    )


def _calibration_rules(arm: str) -> tuple[AssociationRule, ...]:
    """Raw frames the flat chain and the flux-standard chain of ``arm`` need besides their trigger."""
    flat = flat_category(arm)
    std = cat.of_technique(cat.STD_FLUX_SLIT, cat.STARE, arm)
    det, slit = detector_keys(arm), kw.SLIT_OF_ARM[arm]
    both = (flat, std)
    noise = (
        AssociationRule(cat.of_arm(cat.BIAS, arm), both, Source.RAW, det, _RAW, count=3)
        if arm in kw.CCD_ARMS
        else AssociationRule(cat.of_arm(cat.DARK, arm), both, Source.RAW, det, _RAW, count=3)
    )
    return (
        noise,
        AssociationRule(cat.of_arm(cat.FMTCHK, arm), both, Source.RAW, det, _RAW),
        AssociationRule(orderdef_category(arm), both, Source.RAW, det, _RAW),
        AssociationRule(cat.of_arm(cat.WAVE, arm), both, Source.RAW, det, _RAW),
        AssociationRule(cat.of_arm(cat.ARC_SLIT, arm), (flat,), Source.RAW, (*det, slit), _RAW),
        AssociationRule(flat, (std,), Source.RAW, (*det, slit), _RAW, count=3),
    )


def _static_rules(arm: str) -> tuple[AssociationRule, ...]:
    flat = flat_category(arm)
    std = cat.of_technique(cat.STD_FLUX_SLIT, cat.STARE, arm)
    science = tuple(cat.of_technique(cat.OBJECT_SLIT, t, arm) for t in cat.TECHNIQUES)
    rules = [
        AssociationRule(cat.of_arm(prefix, arm), (flat, std, *science), Source.STATIC, levels=())
        for prefix in (cat.SPECTRAL_FORMAT_TAB, cat.ARC_LINE_LIST)
    ]
    rules += [
        AssociationRule(cat.of_arm(prefix, arm), (std,), Source.STATIC, levels=())
        for prefix in (cat.FLUX_STD_CATALOG, cat.HIGH_ABS_WIN)
    ]
    return tuple(rules)


ASSOCIATIONS: tuple[AssociationRule, ...] = tuple(
    rule
    for arm in kw.ARMS
    for rules in (_science_rules, _calibration_rules, _static_rules)
    for rule in rules(arm)
)
