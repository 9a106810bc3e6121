"""Every GIRAFFE header keyword and table column the plugin reads or writes, in one place.

Names are astropy's (``ESO DPR CATG``: astropy drops the HIERARCH prefix on reading and adds it
on writing). Instrument keywords are those of ESO's GIRAFFE dictionaries
(``shared/reference/rules/dictionaries/giraf-2.16.10``) and of the keys ``giraf.oca`` associates on.
"""

# --- standard FITS / ESO keywords ---------------------------------------------------------
TELESCOP = "TELESCOP"
INSTRUME = "INSTRUME"
OBJECT = "OBJECT"
RA = "RA"
DEC = "DEC"
EQUINOX = "EQUINOX"
RADESYS = "RADESYS"
DATE_OBS = "DATE-OBS"
MJD_OBS = "MJD-OBS"
EXPTIME = "EXPTIME"
ARCFILE = "ARCFILE"
ORIGFILE = "ORIGFILE"
EXTNAME = "EXTNAME"
BUNIT = "BUNIT"
CRVAL1 = "CRVAL1"
CDELT1 = "CDELT1"
CRPIX1 = "CRPIX1"
CTYPE1 = "CTYPE1"
CUNIT1 = "CUNIT1"

# --- data flow ------------------------------------------------------------------------------
DPR_CATG = "ESO DPR CATG"
DPR_TYPE = "ESO DPR TYPE"
DPR_TECH = "ESO DPR TECH"
TPL_START = "ESO TPL START"
OBS_ID = "ESO OBS ID"
OBS_NAME = "ESO OBS NAME"
OBS_PROG_ID = "ESO OBS PROG ID"
PRO_CATG = "ESO PRO CATG"
PRO_REC1_PIPE_ID = "ESO PRO REC1 PIPE ID"

# --- detector (the keys giraf.oca matches masters on) ---------------------------------------
DET_CHIP1_ID = "ESO DET CHIP1 ID"
DET_WIN1_BINX = "ESO DET WIN1 BINX"
DET_WIN1_BINY = "ESO DET WIN1 BINY"
DET_READ_SPEED = "ESO DET READ SPEED"
DET_READ_MODE = "ESO DET READ MODE"
DET_READ_CLOCK = "ESO DET READ CLOCK"
DET_OUT1_PRSCX = "ESO DET OUT1 PRSCX"
DET_OUT1_OVSCX = "ESO DET OUT1 OVSCX"
DET_OUT1_CONAD = "ESO DET OUT1 CONAD"
DET_OUT1_RON = "ESO DET OUT1 RON"

# --- instrument setup -----------------------------------------------------------------------
INS_SLIT_NAME = "ESO INS SLIT NAME"  # Medusa1, Medusa2, IFU1, IFU2, Argus
INS_EXP_MODE = "ESO INS EXP MODE"  # the grating setting, e.g. L881.7 (LR08), H665.0 (HR15N)
INS_GRAT_ID = "ESO INS GRAT ID"  # HR or LR
INS_GRAT_WLEN = "ESO INS GRAT WLEN"
INS_GRAT_ORDER = "ESO INS GRAT ORDER"
INS_FILT_NAME = "ESO INS FILT NAME"

SLIT_MEDUSA1 = "Medusa1"
SLIT_MEDUSA2 = "Medusa2"

# --- QC keywords of the reference recipes (names after ESO-DFS-DIC.GIRAFFE_QC) -------------
QC_FIBRE_WIDTH_MEAN = "ESO QC FIBRE WIDTH MEAN"
QC_FIBRE_CENTROID_RMS = "ESO QC FIBRE CENTROID RMS"
QC_FIBRE_TRANS_MEDIAN = "ESO QC FIBRE TRANS MEDIAN"
QC_FIBRE_TRANS_RMS = "ESO QC FIBRE TRANS RMS"
QC_NFIBRES = "ESO QC FIBRE NUMBER"
QC_WSOL_RMS = "ESO QC WSOL RMS"  # dispersion-solution residual [pix], worst fibre
QC_WSOL_NLINES = "ESO QC WSOL NLINES"  # lines used, fewest over the fibres
QC_SCI_NFIBRES = "ESO QC SCI NFIBRES"
QC_SKY_NFIBRES = "ESO QC SKY NFIBRES"
QC_SNR_BRIGHT = "ESO QC SNR BRIGHT"  # median S/N per pixel of the brightest science fibre
QC_COUNTS_BRIGHT = "ESO QC COUNTS BRIGHT"  # its total extracted counts [e-]
QC_MAG_BRIGHT = "ESO QC MAG BRIGHT"  # its magnitude as the user entered it (fibre table)
QC_FLUX_BRIGHT = "ESO QC FLUX BRIGHT"  # its median extracted flux
QC_MAG_FAINT = "ESO QC MAG FAINT"  # the same for the faintest science fibre
QC_FLUX_FAINT = "ESO QC FLUX FAINT"
QC_SNR_MEDIAN = "ESO QC SNR MEDIAN"  # median over the science fibres
# gimasterbias / gimasterdark (NOTES.md §4.2)
QC_OUT1_RON_MASTER = "ESO QC OUT1 RON MASTER"
QC_OUT1_RON_RAW = "ESO QC OUT1 RON RAW"
QC_BIAS_MASTER_MEDIAN = "ESO QC BIAS MASTER MEDIAN"
QC_DARK_CURRENT = "ESO QC DARK CURRENT"

# --- the fibre table extension of a raw Medusa frame (OzPoz) -------------------------------
FIBRE_EXTNAME = "OzPoz_table"
COL_FIBRE = "FPS"  # fibre number on the slit, 1..N
COL_TYPE = "TYPE"  # S = science, U = sky, C = simultaneous calibration, N = not allocated
COL_OBJECT = "OBJECT"
COL_RA = "RA"  # degrees
COL_DEC = "DEC"
COL_MAGNITUDE = "MAGNITUDE"  # the user's magnitude from the target list
COL_BUTTON = "BUTTON"

FIBRE_SCIENCE = "S"
FIBRE_SKY = "U"
FIBRE_CALIB = "C"
FIBRE_UNUSED = "N"

# --- Phase 3 cards the plugin gives (SDP names after ESO's Phase 3 standard) ----------------
SDP_SPEC_RES = "SPEC_RES"
SDP_SPECSYS = "SPECSYS"
SDP_OBSTECH = "OBSTECH"
SDP_PROCSOFT = "PROCSOFT"
SDP_APERTURE = "APERTURE"
SDP_DISPELEM = "DISPELEM"
SDP_OBJECT = "OBJECT"
SDP_RA = "RA"
SDP_DEC = "DEC"
# the fibre's identity from the OzPoz table, in the product's primary header
SDP_FIBRE_FPS = "ESO PRO FIBRE FPS"
SDP_FIBRE_MAG = "ESO PRO FIBRE MAGNITUDE"
