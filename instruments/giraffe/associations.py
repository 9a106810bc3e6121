"""Which calibrations GIRAFFE datasets need and how they are chosen (EDPS-style levels).

Match keys are those of ``giraf-2.16.10_gasgano.oca``: masters of the detector (MASTER_BIAS,
MASTER_DARK) match INSTRUME, DET.CHIP1.ID, DET.WIN1.BINX/BINY and DET.READ.CLOCK/MODE/SPEED; the
fibre-flat products (FF_LOCCENTROID, FF_LOCWIDTH, FF_EXTSPECTRA) add INS.SLIT.NAME (Medusa1/2)
and INS.EXP.MODE (the grating setting); DISPERSION_SOLUTION matches slit and setting. MASTER_DARK
is optional for giscience (``minRet = 0``), so it is here. The static LINE_CATALOG has no keys.

Windows, |Δt| from the science frame's mid-exposure in days: GIRAFFE's calibration plan takes
biases, fibre flats and arcs every morning for every setting used, so level 0 is one day;
levels 1 and 2 (3 and 7 days) are PHOENIX choices on EDPS's predefined ranges; masters of the
detector alone hold for a week at level 0 (the bias is stable over weeks).
Raw calibrations of a calibration chain are associated to its fibre flat: the same day first.
"""

from __future__ import annotations

from instruments.giraffe import categories as cat
from instruments.giraffe import keywords as kw
from phoenix import AssociationLevel, AssociationRule, Source

ONE_DAY, THREE_DAYS, ONE_WEEK, ONE_MONTH = 1.0, 3.0, 7.0, 30.0

DETECTOR = (
    kw.INSTRUME,
    kw.DET_CHIP1_ID,
    kw.DET_WIN1_BINX,
    kw.DET_WIN1_BINY,
    kw.DET_READ_CLOCK,
    kw.DET_READ_MODE,
    kw.DET_READ_SPEED,
)
SETUP = (kw.INS_SLIT_NAME, kw.INS_EXP_MODE)

_SETUP_LEVELS = (AssociationLevel(0, ONE_DAY), AssociationLevel(1, THREE_DAYS), AssociationLevel(2, ONE_WEEK))
_DETECTOR_LEVELS = (AssociationLevel(0, ONE_WEEK), AssociationLevel(1, ONE_MONTH))
_SCIENCE = (cat.SCIENCE,)
_FLATS = (cat.FIBER_FLAT,)

ASSOCIATIONS: tuple[AssociationRule, ...] = (
    # certified masters for science (giscience)
    AssociationRule(cat.MASTER_BIAS, _SCIENCE, Source.MASTER, DETECTOR, _DETECTOR_LEVELS),
    AssociationRule(cat.MASTER_DARK, _SCIENCE, Source.MASTER, DETECTOR, _DETECTOR_LEVELS, required=False),
    *(
        AssociationRule(master, _SCIENCE, Source.MASTER, (*DETECTOR, *SETUP), _SETUP_LEVELS)
        for master in (cat.FF_LOCCENTROID, cat.FF_LOCWIDTH, cat.FF_EXTSPECTRA)
    ),
    AssociationRule(cat.DISPERSION_SOLUTION, _SCIENCE, Source.MASTER, (kw.INSTRUME, *SETUP), _SETUP_LEVELS),
    # raw frames of a calibration chain, associated to its fibre flat
    AssociationRule(cat.BIAS, _FLATS, Source.RAW, DETECTOR, _SETUP_LEVELS, count=3),
    AssociationRule(cat.DARK, _FLATS, Source.RAW, DETECTOR, _SETUP_LEVELS, count=3),
    AssociationRule(cat.ARC_SPECTRUM, _FLATS, Source.RAW, (*DETECTOR, *SETUP), _SETUP_LEVELS),
    AssociationRule(cat.LINE_CATALOG, _FLATS, Source.STATIC, levels=()),
)
