"""Every header card name the Phase 3 (SDP) writer and validator read or write.

Names ending in ``i`` (or ``i_j``) are Table 7 spellings of indexed series (``PROVi`` stands for
``PROV1``, ``PROV2``, ...); :func:`indexed` turns them into real card names. Raw-frame keywords
that the engine already names are re-exported from :mod:`phoenix.keywords`.
"""

from __future__ import annotations

import re

from phoenix.keywords import (
    ARCFILE,
    DATE_OBS,
    DEC,
    EXPTIME,
    INSTRUME,
    MJD_END,
    MJD_OBS,
    OBJECT,
    ORIGFILE,
    RA,
    TELESCOP,
)
from phoenix.keywords import OBS_ID as RAW_OBS_ID
from phoenix.keywords import OBS_PROG_ID as RAW_OBS_PROG_ID

__all__ = [
    "ARCFILE",
    "DATE_OBS",
    "DEC",
    "EXPTIME",
    "INSTRUME",
    "MJD_END",
    "MJD_OBS",
    "OBJECT",
    "ORIGFILE",
    "RA",
    "RAW_OBS_ID",
    "RAW_OBS_PROG_ID",
    "TELESCOP",
]

# --- raw frame (input side) -----------------------------------------------------------------
RAW_RADECSYS = "RADECSYS"  # pre-2003 spelling that VLT raw headers still use

# --- primary header: identification and observation -----------------------------------------
PRODCATG = "PRODCATG"
ORIGIN = "ORIGIN"
TELESCi = "TELESCi"
INSTRi = "INSTRi"
EQUINOX = "EQUINOX"
RADESYS = "RADESYS"
TIMESYS = "TIMESYS"
TEXPTIME = "TEXPTIME"
PROG_ID = "PROG_ID"
PROGIDi = "PROGIDi"
OBIDi = "OBIDi"
NCOMBINE = "NCOMBINE"
OBSTECH = "OBSTECH"
PROCSOFT = "PROCSOFT"
REFERENC = "REFERENC"
PROVi = "PROVi"
PROVXTN = "PROVXTN"
M_EPOCH = "M_EPOCH"
SINGLEXP = "SINGLEXP"
NOESODAT = "NOESODAT"
P3ORIG = "P3ORIG"
STOKES = "STOKES"

# --- primary header: spectrum description ---------------------------------------------------
FLUXCAL = "FLUXCAL"
FLUXERR = "FLUXERR"
SPECSYS = "SPECSYS"
EXT_OBJ = "EXT_OBJ"
CONTNORM = "CONTNORM"
TOT_FLUX = "TOT_FLUX"
WAVELMIN = "WAVELMIN"
WAVELMAX = "WAVELMAX"
LAMRMS = "LAMRMS"
LAMNLIN = "LAMNLIN"
SPEC_BIN = "SPEC_BIN"
SPEC_ERR = "SPEC_ERR"
SPEC_SYE = "SPEC_SYE"
SPEC_RES = "SPEC_RES"
RA_ERR = "RA_ERR"
DEC_ERR = "DEC_ERR"
SNR = "SNR"
STREHL = "STREHL"
DISPELEM = "DISPELEM"
BUNIT = "BUNIT"
CDi_j = "CDi_j"

# --- associated (ancillary) files -----------------------------------------------------------
ASSOCi = "ASSOCi"
ASSONi = "ASSONi"
ASSOMi = "ASSOMi"

# --- integrity ------------------------------------------------------------------------------
CHECKSUM = "CHECKSUM"
DATASUM = "DATASUM"

# --- spectrum extension ---------------------------------------------------------------------
EXTNAME = "EXTNAME"
NELEM = "NELEM"
VOCLASS = "VOCLASS"
VOPUB = "VOPUB"
TITLE = "TITLE"
APERTURE = "APERTURE"
TELAPSE = "TELAPSE"
TMID = "TMID"
SPEC_VAL = "SPEC_VAL"
SPEC_BW = "SPEC_BW"
TFIELDS = "TFIELDS"
NAXIS2 = "NAXIS2"
TTYPEi = "TTYPEi"
TFORMi = "TFORMi"
TUNITi = "TUNITi"
TUTYPi = "TUTYPi"
TUCDi = "TUCDi"
TCOMMi = "TCOMMi"
TDMINi = "TDMINi"
TDMAXi = "TDMAXi"

# --- FITS structure (never settable by callers) ---------------------------------------------
NAXIS = "NAXIS"
XTENSION = "XTENSION"
STRUCTURAL = frozenset(
    {"SIMPLE", XTENSION, "BITPIX", NAXIS, "NAXIS1", NAXIS2, "EXTEND", "PCOUNT", "GCOUNT", "END"}
)
HIERARCH = "HIERARCH"


def indexed(name: str, index: int, second: int | None = None) -> str:
    """The real card name of member ``index`` of a Table 7 series: ``indexed("PROVi", 3) == "PROV3"``.

    ``CDi_j`` takes both indices: ``indexed("CDi_j", 1, 2) == "CD1_2"``.
    """
    if name.endswith("i_j"):
        if second is None:
            raise ValueError(f"{name} needs two indices")
        return f"{name[:-3]}{index}_{second}"
    if not name.endswith("i"):
        raise ValueError(f"{name} is not an indexed Table 7 keyword")
    return f"{name[:-1]}{index}"


def series_pattern(name: str) -> str:
    """A regular expression matching every member of the series ``name`` (e.g. ``PROV[0-9]+``)."""
    if name.endswith("i_j"):
        return rf"^{name[:-3]}[0-9]+_[0-9]+$"
    return rf"^{name[:-1]}[0-9]+$"


def is_template(name: str) -> bool:
    """True for a Table 7 series spelling (lower-case ``i`` suffix: ``PROVi``, ``CDi_j``)."""
    return name.endswith("i") or name.endswith("i_j")


def matches(key: str, name: str) -> bool:
    """True when card ``key`` is ``name`` or, for a series spelling, a member of it."""
    key = key.upper()
    if is_template(name):
        return re.match(series_pattern(name), key) is not None
    return key == name
