"""XSHOOTER frame and product categories: the xshoo pipeline's DO.CATG / PRO.CATG strings (SOF tags).

Every category carries its arm as a suffix (``BIAS_UVB``, ``MASTER_FLAT_SLIT_NIR``), as the xshoo
recipes want. The names are those of ESO's pipeline; the real ones seen in
``shared/reference/product_headers/xshooter`` (PRO REC1 RAWi/CALi CATG of xsh_scired_slit_nod and
xsh_respon_slit_stare/offset products) are marked ``# seen``.
"""

from __future__ import annotations

# --- raw frames --------------------------------------------------------------------------------
BIAS = "BIAS"
DARK = "DARK"
FLAT_SLIT = "FLAT_SLIT"  # LAMP,FLAT (VIS, NIR)
FLAT_D2_SLIT = "FLAT_D2_SLIT"  # LAMP,DFLAT (UVB deuterium lamp)
FLAT_QTH_SLIT = "FLAT_QTH_SLIT"  # LAMP,QFLAT (UVB halogen lamp)
FMTCHK = "FMTCHK"  # LAMP,FMTCHK, one pinhole
ORDERDEF = "ORDERDEF"  # LAMP,ORDERDEF, one pinhole, continuum lamp
ORDERDEF_D2 = "ORDERDEF_D2"  # LAMP,DORDERDEF (UVB)
ORDERDEF_QTH = "ORDERDEF_QTH"  # LAMP,QORDERDEF (UVB)
WAVE = "WAVE"  # LAMP,WAVE through the multi-pinhole mask (xsh_2dmap)
ARC_SLIT = "ARC_SLIT"  # LAMP,WAVE through the slit (xsh_wavecal)
AFC_ATT = "AFC_ATT"  # LAMP,AFC: the flexure-compensation arc taken with every science OB
STD_FLUX_SLIT = "STD_FLUX_SLIT"  # + _STARE/_NOD/_OFFSET  # seen: STD_FLUX_SLIT_STARE_NIR
STD_TELL_SLIT = "STD_TELL_SLIT"  # + _STARE/_NOD/_OFFSET
OBJECT_SLIT = "OBJECT_SLIT"  # + _STARE/_NOD/_OFFSET  # seen: OBJECT_SLIT_NOD_UVB
SKY_SLIT = "SKY_SLIT"  # seen: SKY_SLIT_UVB

# --- frames kept out of processing ---------------------------------------------------------------
ACQUISITION = "ACQUISITION"
TEST = "TEST"
IFU = "IFU_FRAME"  # ECHELLE,IFU: not served (PHOENIX paper, section 4.3)

# --- techniques of slit observations (DPR.TECH ECHELLE,SLIT,<x>; the suffix of the tags) ---------
STARE = "STARE"
NOD = "NOD"
OFFSET = "OFFSET"
TECHNIQUES = (STARE, NOD, OFFSET)

# --- products ------------------------------------------------------------------------------------
MASTER_BIAS = "MASTER_BIAS"  # seen
MASTER_DARK = "MASTER_DARK"  # seen
ORDER_TAB_GUESS = "ORDER_TAB_GUESS"
XSH_MOD_CFG_OPT_FMT = "XSH_MOD_CFG_OPT_FMT"
ORDER_TAB_CENTR = "ORDER_TAB_CENTR"
MASTER_FLAT_SLIT = "MASTER_FLAT_SLIT"  # seen
ORDER_TAB_EDGES_SLIT = "ORDER_TAB_EDGES_SLIT"  # seen
DISP_TAB = "DISP_TAB"  # seen
TILT_TAB_SLIT = "TILT_TAB_SLIT"
DISP_TAB_AFC = "DISP_TAB_AFC"  # seen
ORDER_TAB_AFC_SLIT = "ORDER_TAB_AFC_SLIT"  # seen
RESPONSE_MERGE1D_SLIT = "RESPONSE_MERGE1D_SLIT"  # seen
SCI_SLIT_MERGE1D = "SCI_SLIT_MERGE1D"
SCI_SLIT_FLUX_MERGE1D = "SCI_SLIT_FLUX_MERGE1D"  # seen

# --- static calibrations -------------------------------------------------------------------------
SPECTRAL_FORMAT_TAB = "SPECTRAL_FORMAT_TAB"  # seen
ARC_LINE_LIST = "ARC_LINE_LIST"
FLUX_STD_CATALOG = "FLUX_STD_CATALOG"  # seen
HIGH_ABS_WIN = "HIGH_ABS_WIN"  # seen


def of_arm(prefix: str, arm: str) -> str:
    """The category of ``prefix`` on ``arm``: ``of_arm(BIAS, "UVB") == "BIAS_UVB"``."""
    return f"{prefix}_{arm}"


def of_technique(prefix: str, technique: str, arm: str) -> str:
    """E.g. ``of_technique(OBJECT_SLIT, NOD, "VIS") == "OBJECT_SLIT_NOD_VIS"``."""
    return f"{prefix}_{technique}_{arm}"
