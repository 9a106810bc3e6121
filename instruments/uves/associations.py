"""Which calibrations UVES datasets need and how they are chosen (EDPS-style levels).

Match keywords are the union of ESO's two UVES rule sets (``shared/reference/rules/oca/``):
``uves-6.1.8_gasgano.oca`` (actions UVES_OBS_SCIRED_B/R, UVES_MASTER_FLAT_B/R,
UVES_CAL_ORDERPOS_B/R, UVES_CAL_PREDICT_B/R) and ``uves-6.1.8_reflex_uves_wkf.oca`` (actions
SCI_POINT_ECH_*, EFLAT_ECH_*, WAVE_ECH_*). Gasgano matches the detector window
(DET.WIN1.NX/NY/STRX/STRY, DET.OUTPUTS) and the grating ID; Reflex adds DET.READ.SPEED for
biases and flats and the slit width (INS.SLITn.WID) for flats and line tables. The order
definition and the format check do not depend on the slit (the real associations in
``associations/uves/uves_headsort_associations.tsv`` pair 0.8″ science with 1.2″ order flats
and 0.7″ format checks).

Time windows, |Δt| from the reference's mid-exposure, in days (EDPS ranges are symmetric,
``ONE_DAY = RelativeTimeRange(-1, 1)``; levels follow ``edps_doc/association_levels.md``):

* master bias for science: 4 / 7 / unlimited at levels 0 / 1 / 3, EDPS's UVES workflow
  (``associate_bias_to_science`` in uves_datasources.py: FOUR_DAYS, ONE_WEEK, UNLIMITED, as
  quoted by a public summary of that workflow; the file itself is not in the reference set);
* setup-dependent masters for science (flat, order table, line table): level 0 = 1 d because the
  UVES calibration plan takes flats, order definitions, format checks and arcs every morning for
  each setting used in the night; levels 1-3 (3 d, 7 d, 30 d) are PHOENIX choices on EDPS's
  predefined ranges. The real associations need up to 1.7 d for flats, i.e. level 1. From level 2
  the slit width is relaxed, as Gasgano's rule (which ignores it) allows and Reflex does not;
* raw calibrations for a calibration chain (associated to the flat group): 1 / 3 / 7 d, the same
  daytime set first (the real set spans ~2.5 h).
"""

from __future__ import annotations

import math

from instruments.uves import categories as cat
from instruments.uves import keywords as kw
from phoenix import AssociationLevel, AssociationRule, Source

# EDPS's predefined ranges (edps.generator.time_range), half-widths in days
ONE_DAY = 1.0
THREE_DAYS = 3.0
FOUR_DAYS = 4.0
ONE_WEEK = 7.0
ONE_MONTH = 30.0
UNLIMITED = math.inf

_DETECTOR = (
    kw.DET_CHIPS,
    kw.DET_WIN1_BINX,
    kw.DET_WIN1_BINY,
    kw.DET_READ_SPEED,
    kw.DET_OUTPUTS,
    kw.DET_WIN1_NX,
    kw.DET_WIN1_NY,
    kw.DET_WIN1_STRX,
    kw.DET_WIN1_STRY,
)
_WINDOW = (
    kw.DET_CHIPS,
    kw.DET_WIN1_BINX,
    kw.DET_WIN1_BINY,
    kw.DET_WIN1_NX,
    kw.DET_WIN1_NY,
    kw.DET_WIN1_STRX,
    kw.DET_WIN1_STRY,
)


def _optics(arm: str) -> tuple[str, str, str]:
    """INS.MODE, grating ID and central wavelength of ``arm`` (GRAT1 on BLUE, GRAT2 on RED)."""
    grat_id, _, grat_wlen, _, _, _ = kw.ARM_KEYWORDS[arm]
    return (kw.INS_MODE, grat_id, grat_wlen)


def _slit(arm: str) -> str:
    return kw.ARM_KEYWORDS[arm][3]


def _bias_for_science() -> tuple[AssociationLevel, ...]:
    return (AssociationLevel(0, FOUR_DAYS), AssociationLevel(1, ONE_WEEK), AssociationLevel(3, UNLIMITED))


def _setup_for_science(relaxed: tuple[str, ...] = ()) -> tuple[AssociationLevel, ...]:
    return (
        AssociationLevel(0, ONE_DAY),
        AssociationLevel(1, THREE_DAYS),
        AssociationLevel(2, ONE_WEEK, relaxed),
        AssociationLevel(3, ONE_MONTH, relaxed),
    )


_RAW_FOR_GROUP = (
    AssociationLevel(0, ONE_DAY),
    AssociationLevel(1, THREE_DAYS),
    AssociationLevel(2, ONE_WEEK),
)


def _science_rules(arm: str) -> tuple[AssociationRule, ...]:
    """The four masters uves_obs_scired needs, per chip of ``arm``."""
    science = (cat.of_arm(cat.SCIENCE, arm),)
    flat_keys = (*_DETECTOR, *_optics(arm), _slit(arm))
    table_keys = (*_WINDOW, *_optics(arm))
    slit_relaxed = _setup_for_science(relaxed=(_slit(arm),))
    rules: list[AssociationRule] = []
    for chip_bias, chip_flat, chip_order, chip_line in zip(
        cat.of_chips(cat.MASTER_BIAS, arm),
        cat.of_chips(cat.MASTER_FLAT, arm),
        cat.of_chips(cat.ORDER_TABLE, arm),
        cat.of_chips(cat.LINE_TABLE, arm),
        strict=True,
    ):
        rules += [
            AssociationRule(chip_bias, science, Source.MASTER, _DETECTOR, _bias_for_science()),
            AssociationRule(chip_flat, science, Source.MASTER, flat_keys, slit_relaxed),
            AssociationRule(chip_order, science, Source.MASTER, table_keys, _setup_for_science()),
            AssociationRule(chip_line, science, Source.MASTER, (*table_keys, _slit(arm)), slit_relaxed),
        ]
    return tuple(rules)


def _calibration_rules(arm: str) -> tuple[AssociationRule, ...]:
    """The raw frames a calibration chain needs besides its flats (the group that triggers it)."""
    flats = (cat.of_arm(cat.FLAT, arm),)
    table_keys = (*_WINDOW, *_optics(arm))
    return (
        AssociationRule(cat.of_arm(cat.BIAS, arm), flats, Source.RAW, _DETECTOR, _RAW_FOR_GROUP, count=3),
        AssociationRule(cat.of_arm(cat.ARC_LAMP_FORM, arm), flats, Source.RAW, table_keys, _RAW_FOR_GROUP),
        AssociationRule(cat.of_arm(cat.ORDER_FLAT, arm), flats, Source.RAW, table_keys, _RAW_FOR_GROUP),
        AssociationRule(
            cat.of_arm(cat.ARC_LAMP, arm), flats, Source.RAW, (*table_keys, _slit(arm)), _RAW_FOR_GROUP
        ),
    )


_ARMS = (kw.ARM_BLUE, kw.ARM_RED)

ASSOCIATIONS: tuple[AssociationRule, ...] = (
    *(rule for arm in _ARMS for rule in _science_rules(arm)),
    *(rule for arm in _ARMS for rule in _calibration_rules(arm)),
    # the static ThAr line catalogue (uves.oca: select file as LINE_REFER_TABLE, no match keys)
    AssociationRule(
        cat.LINE_REFER_TABLE, tuple(cat.of_arm(cat.FLAT, arm) for arm in _ARMS), Source.STATIC, levels=()
    ),
)
