"""Every KMOS header keyword and value the plugin reads or writes, in one place (astropy names).

Sources: the DPR triplets of the raw types are ESO's (KMOS QC pages, "Raw CALIB data types":
DARK = CALIB/DARK/IMAGE, FLAT,LAMP and WAVE,LAMP with DPR.TECH SPECTRUM, FLAT,OFF and WAVE,OFF
with IMAGE, FLAT,SKY and OBJECT,SKY,STD,FLUX with IFU); the grating/filter/rotator keywords
follow the QC pages' calibration listings (grating and filter per band, "Block" filter for the
lamp-off frames, rotator angle). Marked "(assumed)" are keywords whose exact spelling in real
KMOS headers could not be checked here; the simulator writes them and the plugin reads them
consistently.
"""


def card(keyword: str) -> str:
    """The name to give astropy for ``keyword``: ESO's long names go in HIERARCH cards."""
    return f"HIERARCH {keyword}" if len(keyword) > 8 or " " in keyword else keyword


# --- standard FITS / ESO keywords ---------------------------------------------------------
SIMPLE = "SIMPLE"
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
EXTNAME = "EXTNAME"
BUNIT = "BUNIT"
CTYPE1 = "CTYPE1"
CUNIT1 = "CUNIT1"
CRVAL1 = "CRVAL1"
CRPIX1 = "CRPIX1"
CDELT1 = "CDELT1"
CTYPE3 = "CTYPE3"
CUNIT3 = "CUNIT3"
CRVAL3 = "CRVAL3"
CRPIX3 = "CRPIX3"
CDELT3 = "CDELT3"

# --- data flow ------------------------------------------------------------------------------
DPR_CATG = "ESO DPR CATG"
DPR_TYPE = "ESO DPR TYPE"
DPR_TECH = "ESO DPR TECH"
OBS_ID = "ESO OBS ID"
OBS_NAME = "ESO OBS NAME"
OBS_PROG_ID = "ESO OBS PROG ID"
TPL_ID = "ESO TPL ID"
TPL_START = "ESO TPL START"
TPL_NEXP = "ESO TPL NEXP"
TPL_EXPNO = "ESO TPL EXPNO"
PRO_CATG = "ESO PRO CATG"
PRO_REC1_ID = "ESO PRO REC1 ID"
PRO_REC1_PIPE_ID = "ESO PRO REC1 PIPE ID"

# --- instrument: spectrograph 1 (IFUs 1-8), the one simulated -----------------------------------
INS_GRAT1_ID = "ESO INS GRAT1 ID"  # grating of spectrograph 1: IZ, YJ, H, K, HK
INS_FILT1_ID = "ESO INS FILT1 ID"  # filter of spectrograph 1: the band, or Block for lamp-off frames
OCS_ROT_NAANGLE = "ESO OCS ROT NAANGLE"  # rotator angle [deg]
INS_LAMP1_ST = "ESO INS LAMP1 ST"  # argon arc lamp on (assumed)
INS_LAMP3_ST = "ESO INS LAMP3 ST"  # flat-field lamp on (assumed)


def ocs_arm(ifu: int, item: str) -> str:
    """The per-arm target cards, ``ESO OCS ARM<ifu> NAME|TYPE|ALPHA|DELTA`` (ALPHA/DELTA in deg: assumed)."""
    return f"ESO OCS ARM{ifu} {item}"


ARM_NAME, ARM_TYPE, ARM_ALPHA, ARM_DELTA = "NAME", "TYPE", "ALPHA", "DELTA"
ARM_OBJECT = "O"  # the arm is on a science target (assumed value)

# --- detector ---------------------------------------------------------------------------------
DET_SEQ1_DIT = "ESO DET SEQ1 DIT"  # (assumed)
DET_NDIT = "ESO DET NDIT"
# The real detectors are read whole; a simulated cut-out says where it sits on the 2048 x 2048 array.
DET_WIN1_STRX = "ESO DET WIN1 STRX"
DET_WIN1_STRY = "ESO DET WIN1 STRY"
DET_CHIP_GAIN = "ESO DET CHIP GAIN"  # e-/ADU (assumed)
DET_CHIP_RON = "ESO DET CHIP RON"  # e- (assumed)
EXT_DETECTOR1 = "CHIP1.INT1"  # the raw extension of detector 1

# --- product extensions and recipe parameters (ESO's PRO REC1 PARAMn convention) -----------------
PRO_REC1_PARAM_NAME = "ESO PRO REC1 PARAM{} NAME"
PRO_REC1_PARAM_VALUE = "ESO PRO REC1 PARAM{} VALUE"


def ifu_extension(ifu: int, part: str) -> str:
    """KMOS product extension names: ``IFU.<n>.DATA`` and ``IFU.<n>.NOISE``."""
    return f"IFU.{ifu}.{part}"


DATA, NOISE = "DATA", "NOISE"

# --- QC keywords the Python recipes write (named after the kmos pipeline's QC1 style) -------------
QC_DARK = "ESO QC DARK"
QC_RON = "ESO QC RON"
QC_BADPIX_NCOUNT = "ESO QC BADPIX NCOUNT"
QC_FLAT_EFF = "ESO QC FLAT EFF"
QC_SLIT_NCOUNT = "ESO QC SLIT NCOUNT"
QC_ARC_NLINES = "ESO QC ARC NLINES"
QC_ARC_RMS = "ESO QC ARC RMS"
QC_EXTRACT_NIFU = "ESO QC EXTRACT NIFU"

# --- Phase 3 cards the plugin gives ---------------------------------------------------------------
SDP_SPEC_RES = "SPEC_RES"
SDP_APERTURE = "APERTURE"
SDP_OBSTECH = "OBSTECH"
SDP_SPECSYS = "SPECSYS"
SDP_DISPELEM = "DISPELEM"
SDP_PROCSOFT = "PROCSOFT"

# --- values ---------------------------------------------------------------------------------
INSTRUMENT = "KMOS"
TELESCOPE = "ESO-VLT-U1"
BAND_K = "K"
FILTER_BLOCK = "Block"
