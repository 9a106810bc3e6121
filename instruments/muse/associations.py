"""Which calibrations MUSE datasets need and how they are chosen (EDPS-style levels).

From ``muse-2.8.7_reflex_muse_wkf.oca``, action ``muse_science``: MASTER_BIAS on DET.READ.CURNAME,
MASTER_FLAT / TRACE_TABLE / WAVECAL_TABLE on INS.MODE and DET.READ.CURNAME, all within ±3 d of the
science frame (``MJD-OBS > inputFile.MJD-OBS - 3 and MJD-OBS < inputFile.MJD-OBS + 3``); that is
level 0 here. Levels 1 (±7 d) and 3 (±30 d) are PHOENIX fallbacks on EDPS's predefined ranges.
GEOMETRY_TABLE, EXTINCT_TABLE and STD_RESPONSE are static (no match keys, as in Reflex).

For a calibration chain (triggered by a lamp-flat template) the raw biases and the arc are
associated on the same keys within ±1 d first (the daytime set), then ±3 d (Reflex's master
window); LINE_CATALOG is static (``muse_wave``: ``select file as LINE_CATALOG``).
"""

from __future__ import annotations

from instruments.muse import categories as cat
from instruments.muse import keywords as kw
from phoenix import AssociationLevel, AssociationRule, Source

ONE_DAY, THREE_DAYS, ONE_WEEK, ONE_MONTH = 1.0, 3.0, 7.0, 30.0

_READ = (kw.DET_READ_CURNAME,)
_MODE_READ = (kw.INS_MODE, kw.DET_READ_CURNAME)
_SCIENCE_LEVELS = (
    AssociationLevel(0, THREE_DAYS),
    AssociationLevel(1, ONE_WEEK),
    AssociationLevel(3, ONE_MONTH),
)
_RAW_LEVELS = (AssociationLevel(0, ONE_DAY), AssociationLevel(1, THREE_DAYS))
_SCIENCE = (cat.OBJECT,)
_FLATS = (cat.FLAT,)


def _static(category: str, for_categories: tuple[str, ...]) -> AssociationRule:
    return AssociationRule(category, for_categories, Source.STATIC, levels=())


ASSOCIATIONS: tuple[AssociationRule, ...] = (
    AssociationRule(cat.MASTER_BIAS, _SCIENCE, Source.MASTER, _READ, _SCIENCE_LEVELS),
    AssociationRule(cat.MASTER_FLAT, _SCIENCE, Source.MASTER, _MODE_READ, _SCIENCE_LEVELS),
    AssociationRule(cat.TRACE_TABLE, _SCIENCE, Source.MASTER, _MODE_READ, _SCIENCE_LEVELS),
    AssociationRule(cat.WAVECAL_TABLE, _SCIENCE, Source.MASTER, _MODE_READ, _SCIENCE_LEVELS),
    _static(cat.GEOMETRY_TABLE, _SCIENCE),
    _static(cat.EXTINCT_TABLE, _SCIENCE),
    _static(cat.STD_RESPONSE, _SCIENCE),
    AssociationRule(cat.BIAS, _FLATS, Source.RAW, _READ, _RAW_LEVELS, count=3),
    AssociationRule(cat.ARC, _FLATS, Source.RAW, _MODE_READ, _RAW_LEVELS),
    _static(cat.LINE_CATALOG, _FLATS),
)
