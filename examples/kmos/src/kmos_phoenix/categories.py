"""KMOS frame and product categories: the DO.CATG / PRO.CATG strings of ESO's kmos pipeline.

Raw: DARK, FLAT_ON, FLAT_OFF, ARC_ON, ARC_OFF, FLAT_SKY, STD, SCIENCE (the kmos pipeline's
input tags). Products of kmos_dark, kmos_flat and kmos_wave_cal, as the pipeline names them;
SCI_COMBINED as kmos_sci_red names its combined cubes; EXTRACT_SPEC as the kmo_extract_spec tool
names extracted spectra. Statics: WAVE_BAND (band limits) and ARC_LIST (arc lines).
"""

DARK = "DARK"
FLAT_ON = "FLAT_ON"
FLAT_OFF = "FLAT_OFF"
ARC_ON = "ARC_ON"
ARC_OFF = "ARC_OFF"
FLAT_SKY = "FLAT_SKY"
STD = "STD"
SCIENCE = "SCIENCE"
ACQUISITION = "ACQUISITION"

MASTER_DARK = "MASTER_DARK"
BADPIXEL_DARK = "BADPIXEL_DARK"
MASTER_FLAT = "MASTER_FLAT"
BADPIXEL_FLAT = "BADPIXEL_FLAT"
XCAL = "XCAL"
YCAL = "YCAL"
FLAT_EDGE = "FLAT_EDGE"
LCAL = "LCAL"
SCI_COMBINED = "SCI_COMBINED"
EXTRACT_SPEC = "EXTRACT_SPEC"

WAVE_BAND = "WAVE_BAND"
ARC_LIST = "ARC_LIST"
