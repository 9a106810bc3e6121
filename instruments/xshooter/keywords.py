"""Every XSHOOTER header keyword the plugin reads or writes, in one place.

Names are astropy's (``ESO SEQ ARM``: astropy drops the HIERARCH prefix on reading and adds it on
writing). The values the rule tables use (arms, slit keywords per arm) are here too. Sources: the
real headers in ``shared/reference/product_headers/xshooter`` (``SEQ ARM``, ``INS OPTIn NAME``,
``DET READ CLOCK``, ``DET WIN1 BINX/Y``, ``DET NCORRS NAME``, ``DET DIT``).
"""

# --- standard FITS / ESO keywords ---------------------------------------------------------
ORIGIN = "ORIGIN"
TELESCOP = "TELESCOP"
INSTRUME = "INSTRUME"
OBJECT = "OBJECT"
RA = "RA"
DEC = "DEC"
EQUINOX = "EQUINOX"
RADESYS = "RADESYS"
DATE_OBS = "DATE-OBS"
MJD_OBS = "MJD-OBS"
MJD_END = "MJD-END"
EXPTIME = "EXPTIME"
TEXPTIME = "TEXPTIME"
ARCFILE = "ARCFILE"
ORIGFILE = "ORIGFILE"
PI_COI = "PI-COI"
OBSERVER = "OBSERVER"
EXTNAME = "EXTNAME"
BUNIT = "BUNIT"
CRVAL1 = "CRVAL1"
CRPIX1 = "CRPIX1"
CDELT1 = "CDELT1"
CTYPE1 = "CTYPE1"
CUNIT1 = "CUNIT1"

# --- data-flow keywords ---------------------------------------------------------------------
DPR_CATG = "ESO DPR CATG"
DPR_TYPE = "ESO DPR TYPE"
DPR_TECH = "ESO DPR TECH"
OBS_ID = "ESO OBS ID"
OBS_NAME = "ESO OBS NAME"
OBS_PROG_ID = "ESO OBS PROG ID"
OBS_TARG_NAME = "ESO OBS TARG NAME"
TPL_ID = "ESO TPL ID"
TPL_START = "ESO TPL START"
TPL_EXPNO = "ESO TPL EXPNO"
TPL_NEXP = "ESO TPL NEXP"
SEQ_ARM = "ESO SEQ ARM"
SEQ_NOD_THROW = "ESO SEQ NOD THROW"
SEQ_CUMOFF_Y = "ESO SEQ CUMOFF Y"
PRO_CATG = "ESO PRO CATG"
PRO_TECH = "ESO PRO TECH"
PRO_REC1_ID = "ESO PRO REC1 ID"
PRO_REC1_PIPE_ID = "ESO PRO REC1 PIPE ID"
PRO_DATANCOM = "ESO PRO DATANCOM"
PRO_TELLURIC_CORR = "ESO PRO TELLURIC CORR"  # the reference science recipe: telluric lines left in
PRO_XSHIFT = "ESO PRO XSHIFT"  # order-trace offsets the reference recipes carry (flexure)
PRO_YSHIFT = "ESO PRO YSHIFT"
PRO_NY = "ESO PRO NY"  # detector rows of the traced orders
PRO_SLIT_LENGTH = "ESO PRO SLIT LENGTH"


def pro_rec1_param(i: int, part: str) -> str:
    """``ESO PRO REC1 PARAMi NAME`` / ``... VALUE``: the i-th recipe parameter of a product."""
    return f"ESO PRO REC1 PARAM{i} {part}"


def pro_rec1_raw_name(i: int) -> str:
    """``ESO PRO REC1 RAWi NAME``: the i-th raw input of a product."""
    return f"ESO PRO REC1 RAW{i} NAME"


# --- detector -------------------------------------------------------------------------------
DET_WIN1_BINX = "ESO DET WIN1 BINX"
DET_WIN1_BINY = "ESO DET WIN1 BINY"
DET_READ_CLOCK = "ESO DET READ CLOCK"  # UVB/VIS CCDs: e.g. '100k/1pt/hg'
DET_OUT1_RON = "ESO DET OUT1 RON"  # [e-]
DET_OUT1_CONAD = "ESO DET OUT1 CONAD"  # [e-/ADU]
DET_DIT = "ESO DET DIT"  # NIR Hawaii-2RG
DET_NDIT = "ESO DET NDIT"
DET_NCORRS_NAME = "ESO DET NCORRS NAME"  # NIR read-out mode, e.g. 'NonDest'
DET_CHIP_RON = "ESO DET CHIP RON"  # NIR read noise [e-] (simulator's card)
DET_CHIP_GAIN = "ESO DET CHIP GAIN"  # NIR [e-/ADU] (simulator's card)

# --- instrument: one slit keyword per arm (INS OPTI3 = UVB, OPTI4 = VIS, OPTI5 = NIR) -------
INS_MODE = "ESO INS MODE"
INS_OPTI3_NAME = "ESO INS OPTI3 NAME"
INS_OPTI4_NAME = "ESO INS OPTI4 NAME"
INS_OPTI5_NAME = "ESO INS OPTI5 NAME"
# the simulator's scaled-down detector geometry (no real xshoo recipe reads these frames)
SIM_GEOMETRY = "ESO OCS SIMU GEOMETRY"

# --- telescope ------------------------------------------------------------------------------
TEL_AIRM_START = "ESO TEL AIRM START"
TEL_AIRM_END = "ESO TEL AIRM END"
TEL_AMBI_FWHM_START = "ESO TEL AMBI FWHM START"

# --- QC cards the reference recipes write --------------------------------------------------
QC_BIAS_MEAN = "ESO QC MBIASAVG"
QC_BIAS_RON = "ESO QC MBIASRON"
QC_DARK_MEAN = "ESO QC MDARKAVG"
QC_ORD_RMS = "ESO QC ORD ORDERPOS RESIDRMS"
QC_NORD = "ESO QC ORD NORDERS"
QC_FLAT_MEAN = "ESO QC FLAT MEAN"
QC_WAVE_RMS = "ESO QC WAVE RMS"  # [nm]
QC_WAVE_NLINES = "ESO QC WAVE NLINES"
QC_RESOLUTION = "ESO QC RESOLUTION"
QC_AFC_XSHIFT = "ESO QC AFC XSHIFT"  # [pix]
QC_AFC_YSHIFT = "ESO QC AFC YSHIFT"  # [pix]
QC_RESP_MEAN = "ESO QC RESP MEAN"
QC_SNR = "ESO QC FLUX SN"

# --- values used by the rule tables ---------------------------------------------------------
ARM_UVB = "UVB"
ARM_VIS = "VIS"
ARM_NIR = "NIR"
ARMS = (ARM_UVB, ARM_VIS, ARM_NIR)
SLIT_OF_ARM = {ARM_UVB: INS_OPTI3_NAME, ARM_VIS: INS_OPTI4_NAME, ARM_NIR: INS_OPTI5_NAME}
# CCD arms have a bias and a read-out clock; the NIR Hawaii-2RG has neither (darks, DIT, NDR mode)
CCD_ARMS = (ARM_UVB, ARM_VIS)
