"""UVES frame and product categories: ESO's DO.CATG / PRO.CATG strings, which are also the SOF tags.

Raw frames are tagged per arm (``BIAS_BLUE``, ``FLAT_RED``); products per chip (``MASTER_BIAS_BLUE``,
``MASTER_BIAS_REDL``, ``MASTER_BIAS_REDU``): the red arm has two chips and every red recipe writes
one product of each kind per chip (NOTES.md §4.1, uves.oca). The prefixes below are ESO's names.
"""

from __future__ import annotations

from instruments.uves.keywords import CHIPS_OF_ARM

# --- raw frames (uves.oca DO.CATG, suffixed with the arm) ---------------------------------
BIAS = "BIAS"
DARK = "DARK"
FLAT = "FLAT"
ORDER_FLAT = "ORDER_FLAT"  # DPR.TYPE LAMP,ORDERDEF
ARC_LAMP_FORM = "ARC_LAMP_FORM"  # DPR.TYPE LAMP,FMTCHK
ARC_LAMP = "ARC_LAMP"  # DPR.TYPE LAMP,WAVE
STANDARD = "STANDARD"
SCIENCE = "SCIENCE"

# --- frames kept out of processing (uves.oca's first rules; FLAMES fibre mode is not served) ------
ACQUISITION = "ACQUISITION"
TEST = "TEST"
FLAMES_FIBRE = "FLAMES_FIBRE"

# --- products (PRO.CATG, suffixed with the chip) ------------------------------------------------
LINE_GUESS_TAB = "LINE_GUESS_TAB"
ORDER_GUESS_TAB = "ORDER_GUESS_TAB"
ORDER_TABLE = "ORDER_TABLE"
MASTER_BIAS = "MASTER_BIAS"
MASTER_FLAT = "MASTER_FLAT"
BKG_FLAT = "BKG_FLAT"
LINE_TABLE = "LINE_TABLE"
RED_SCIENCE = "RED_SCIENCE"
MERGED_SCIENCE = "MERGED_SCIENCE"
ERRORBAR_SCIENCE = "ERRORBAR_SCIENCE"
WCALIB_FF_SCIENCE = "WCALIB_FF_SCIENCE"
ERRORBAR_WCALIB_FF_SCIENCE = "ERRORBAR_WCALIB_FF_SCIENCE"
MERGED_SKY = "MERGED_SKY"

# --- static calibration -------------------------------------------------------------------------
LINE_REFER_TABLE = "LINE_REFER_TABLE"


def of_arm(prefix: str, arm: str) -> str:
    """The raw-frame category of ``prefix`` on ``arm``: ``of_arm(FLAT, "RED") == "FLAT_RED"``."""
    return f"{prefix}_{arm}"


def of_chip(prefix: str, chip: str) -> str:
    """The product category of ``prefix`` on ``chip``, e.g. MASTER_BIAS on REDL: MASTER_BIAS_REDL."""
    return f"{prefix}_{chip}"


def of_chips(prefix: str, arm: str) -> tuple[str, ...]:
    """The product categories of ``prefix`` for every chip of ``arm`` (one on BLUE, REDL + REDU on RED)."""
    return tuple(of_chip(prefix, chip) for chip in CHIPS_OF_ARM[arm])
