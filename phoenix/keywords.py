"""Header keywords the engine itself reads or writes (instrument keywords live in each plugin)."""

INSTRUME = "INSTRUME"
ARCFILE = "ARCFILE"
ORIGFILE = "ORIGFILE"
DATE_OBS = "DATE-OBS"
MJD_OBS = "MJD-OBS"
MJD_END = "MJD-END"
EXPTIME = "EXPTIME"
OBJECT = "OBJECT"
RA = "RA"
DEC = "DEC"
TELESCOP = "TELESCOP"
DPR_CATG = "ESO DPR CATG"
DPR_TYPE = "ESO DPR TYPE"
DPR_TECH = "ESO DPR TECH"
OBS_ID = "ESO OBS ID"
OBS_NAME = "ESO OBS NAME"
OBS_PROG_ID = "ESO OBS PROG ID"
OBS_TARG_NAME = "ESO OBS TARG NAME"
TPL_START = "ESO TPL START"
PRO_CATG = "ESO PRO CATG"
PRO_REC1_PIPE_ID = "ESO PRO REC1 PIPE ID"
PRO_REC1_ID = "ESO PRO REC1 ID"
QC_PREFIX = "ESO QC "

# PHOENIX's own cards on Phase 3 products (HIERARCH PHOENIX ...; no Table 7 keyword says these)
PHOENIX_RELEASE_DATE = "PHOENIX RELEASE DATE"  # latest release date of the inputs, UTC
PHOENIX_OB_GRADE = "PHOENIX OB GRADE"  # the night log's grade of the OB
PHOENIX_OB_COMMENT = "PHOENIX OB COMMENT"  # the night log's comment on the OB
