"""Every MUSE header keyword the plugin reads or writes, in one place.

Names are astropy's (``ESO DPR CATG``: astropy drops the HIERARCH prefix on reading and adds it
on writing). The detector geometry constants of a MUSE CCD (NOTES.md §4.3) are here too.
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
UTC = "UTC"
LST = "LST"
EXPTIME = "EXPTIME"
ARCFILE = "ARCFILE"
EXTNAME = "EXTNAME"
BSCALE = "BSCALE"
BZERO = "BZERO"
BUNIT = "BUNIT"

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
PRO_CATG = "ESO PRO CATG"
PRO_REC1_PIPE_ID = "ESO PRO REC1 PIPE ID"

# --- instrument ----------------------------------------------------------------------------
INS_MODE = "ESO INS MODE"
INS_OPTI1_NAME = "ESO INS OPTI1 NAME"
INS_OPTI2_NAME = "ESO INS OPTI2 NAME"
INS_DROT_POSANG = "ESO INS DROT POSANG"
INS_DROT_MODE = "ESO INS DROT MODE"
INS_LAMPNUM = "ESO INS LAMPNUM"
INS_LAMP1_NAME = "ESO INS LAMP1 NAME"
INS_LAMP1_ST = "ESO INS LAMP1 ST"
INS_SHUT1_NAME = "ESO INS SHUT1 NAME"
INS_SHUT1_ST = "ESO INS SHUT1 ST"

# --- detector ------------------------------------------------------------------------------
DET_BINX = "ESO DET BINX"
DET_BINY = "ESO DET BINY"
DET_READ_CURID = "ESO DET READ CURID"
DET_READ_CURNAME = "ESO DET READ CURNAME"
DET_CHIP_NAME = "ESO DET CHIP NAME"
DET_CHIP_ID = "ESO DET CHIP ID"


def det_out(port: int, item: str) -> str:
    """The per-port detector keyword, e.g. ``det_out(2, "NX") == "ESO DET OUT2 NX"``."""
    return f"ESO DET OUT{port} {item}"


# --- telescope -----------------------------------------------------------------------------
TEL_AIRM_START = "ESO TEL AIRM START"
TEL_AIRM_END = "ESO TEL AIRM END"
TEL_PARANG_START = "ESO TEL PARANG START"
TEL_PARANG_END = "ESO TEL PARANG END"
TEL_GEOLAT = "ESO TEL GEOLAT"
TEL_GEOLON = "ESO TEL GEOLON"
TEL_GEOELEV = "ESO TEL GEOELEV"
TEL_ALT = "ESO TEL ALT"
TEL_AMBI_TEMP = "ESO TEL AMBI TEMP"
TEL_AMBI_RHUM = "ESO TEL AMBI RHUM"
TEL_AMBI_PRES_START = "ESO TEL AMBI PRES START"
TEL_AMBI_PRES_END = "ESO TEL AMBI PRES END"
TEL_AMBI_FWHM_START = "ESO TEL AMBI FWHM START"

# --- QC cards cpl-plugin-muse writes (first IFU's extension in a merged product) --------------
QC_BIAS_RON = "ESO QC BIAS MASTER1 RON"
QC_BIAS_MEDIAN = "ESO QC BIAS MASTER1 MEDIAN"
QC_FLAT_MEDIAN = "ESO QC FLAT MASTER MEDIAN"
QC_TRACE_WIDTHS = "ESO QC TRACE WIDTHS MEDIAN"
QC_TRACE_GAPS = "ESO QC TRACE GAPS MEDIAN"
QC_WAVECAL_RMS_SLICE1 = "ESO QC WAVECAL SLICE1 FIT RMS"
QC_EXPCOMB_NDET = "ESO QC EXPCOMB NDET"
QC_EXPCOMB_FWHM1_X = "ESO QC EXPCOMB FWHM1 X"
QC_EXPCOMB_FWHM1_Y = "ESO QC EXPCOMB FWHM1 Y"

# --- products (pipeline-written) ------------------------------------------------------------
HDUCLAS2 = "HDUCLAS2"
CRVAL3 = "CRVAL3"
CD3_3 = "CD3_3"

# --- values --------------------------------------------------------------------------------
INSTRUMENT = "MUSE"
TELESCOPE = "ESO-VLT-U4"
MODE_WFM_NOAO_N = "WFM-NOAO-N"
N_IFUS = 24
PORTS = {1: (1, 1), 2: (4096, 1), 3: (4096, 4112), 4: (1, 4112)}  # OUTn X/Y: must be the real ones
PRESCAN = 32  # prescan = overscan in x and y, per port
QUADRANT_NX, QUADRANT_NY = 2048, 2056
SPAXEL_ARCSEC = 0.2  # WFM spaxel


def card(key: str) -> str:
    """The name to write ``key`` under: ``HIERARCH ESO ...`` for ESO keys (astropy then stays quiet)."""
    return f"HIERARCH {key}" if key.startswith("ESO ") else key
