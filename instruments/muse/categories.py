"""MUSE frame and product categories: ESO's DO.CATG / PRO.CATG strings, which are also the SOF tags.

Raw categories are those of ``muse-2.8.7_gasgano.oca`` (``DO.CATG``); products are the PRO.CATG
values cpl-plugin-muse 2.8.7 writes (NOTES.md §4.3). MUSE has one arm; :data:`ARM` names it.
"""

from __future__ import annotations

ARM = "IFU"

# --- raw frames --------------------------------------------------------------------------------
BIAS = "BIAS"
DARK = "DARK"
FLAT = "FLAT"  # DPR.TYPE FLAT,LAMP
ILLUMFLAT = "ILLUMFLAT"  # DPR.TYPE FLAT,LAMP,ILLUM
SKYFLAT = "SKYFLAT"  # DPR.TYPE FLAT,SKY
ARC = "ARC"  # DPR.TYPE WAVE
ARC_LSF = "ARC_LSF"  # DPR.TYPE WAVE,LSF
MASK = "MASK"  # DPR.TYPE WAVE,MASK (geometry pinholes)
STD = "STD"
ASTROMETRY = "ASTROMETRY"
SKY = "SKY"
OBJECT = "OBJECT"

# --- kept out of processing --------------------------------------------------------------------
ACQUISITION = "ACQUISITION"
TEST = "TEST"

# --- products ----------------------------------------------------------------------------------
MASTER_BIAS = "MASTER_BIAS"
MASTER_DARK = "MASTER_DARK"
MASTER_FLAT = "MASTER_FLAT"
TRACE_TABLE = "TRACE_TABLE"
WAVECAL_TABLE = "WAVECAL_TABLE"
PIXTABLE_OBJECT = "PIXTABLE_OBJECT"
OBJECT_RED = "OBJECT_RED"
PIXTABLE_REDUCED = "PIXTABLE_REDUCED"
DATACUBE_FINAL = "DATACUBE_FINAL"
IMAGE_FOV = "IMAGE_FOV"

# --- static calibrations -------------------------------------------------------------------------
LINE_CATALOG = "LINE_CATALOG"
GEOMETRY_TABLE = "GEOMETRY_TABLE"
EXTINCT_TABLE = "EXTINCT_TABLE"
STD_RESPONSE = "STD_RESPONSE"
