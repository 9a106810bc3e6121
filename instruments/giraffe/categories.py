"""Frame and product categories (SOF tags and PRO.CATG values), as ESO's ``giraf.oca`` names them.

Raw tags are the ``DO.CATG`` values of ``giraf-2.16.10_gasgano.oca``; master and static tags are
those the gimaster*/giwavecalibration/giscience actions select. ``SCIENCE_RBNSPECTRA`` is the
rebinned science spectra giscience writes; the reference recipe writes it with the same name.
"""

# raw frames
BIAS = "BIAS"
DARK = "DARK"
FIBER_FLAT = "FIBER_FLAT"
NASMYTH_FLAT = "NASMYTH_FLAT"
ARC_SPECTRUM = "ARC_SPECTRUM"
STD = "STD"
SCIENCE = "SCIENCE"
SIMCAL_FLAT = "SIMCAL_FLAT"
SIMCAL_ARC = "SIMCAL_ARC"
ACQUISITION = "ACQUISITION"
TEST = "TEST"

# masters
MASTER_BIAS = "MASTER_BIAS"
BAD_PIXEL_MAP = "BAD_PIXEL_MAP"
MASTER_DARK = "MASTER_DARK"
FF_LOCCENTROID = "FF_LOCCENTROID"
FF_LOCWIDTH = "FF_LOCWIDTH"
FF_EXTSPECTRA = "FF_EXTSPECTRA"
DISPERSION_SOLUTION = "DISPERSION_SOLUTION"

# static
LINE_CATALOG = "LINE_CATALOG"

# science products
SCIENCE_RBNSPECTRA = "SCIENCE_RBNSPECTRA"
