"""Which calibrations KMOS datasets need, and how they are chosen (EDPS-style levels).

The cascade is ESO's (KMOS QC "association map"): darks give the bad-pixel map the flats need;
the flats' products (master flat, XCAL, YCAL, slitlet edges) are needed by the arcs; science
needs XCAL, YCAL, LCAL and the master flat of its band. Calibrations are taken per band, so
everything but the darks matches the grating. Real calibrations come in six rotator angles and
the pipeline uses the nearest; the simulated night has one angle, so the angle is not matched.
Windows: level 0 = 1 day (the calibration plan takes them daily), level 1 = 3 days.
"""

from __future__ import annotations

from kmos_phoenix import categories as cat
from kmos_phoenix import keywords as kw
from phoenix import AssociationLevel, AssociationRule, Source

_LEVELS = (AssociationLevel(0, 1.0), AssociationLevel(1, 3.0))
_BAND = (kw.INS_GRAT1_ID,)
_FLATS = (cat.FLAT_ON,)
_SCIENCE = (cat.SCIENCE,)

ASSOCIATIONS: tuple[AssociationRule, ...] = (
    # raw frames of the calibration chain, associated to its lamp-on flats
    AssociationRule(cat.DARK, _FLATS, Source.RAW, (), _LEVELS, count=3),
    AssociationRule(cat.FLAT_OFF, _FLATS, Source.RAW, _BAND, _LEVELS, count=3),
    AssociationRule(cat.ARC_ON, _FLATS, Source.RAW, _BAND, _LEVELS),
    AssociationRule(cat.ARC_OFF, _FLATS, Source.RAW, _BAND, _LEVELS),
    AssociationRule(cat.ARC_LIST, _FLATS, Source.STATIC, levels=()),
    AssociationRule(cat.WAVE_BAND, (*_FLATS, *_SCIENCE), Source.STATIC, levels=()),
    # certified masters for science
    *(
        AssociationRule(master, _SCIENCE, Source.MASTER, _BAND, _LEVELS)
        for master in (cat.XCAL, cat.YCAL, cat.LCAL, cat.MASTER_FLAT)
    ),
)
