"""How UVES frames group into datasets, after ESO's Reflex rules (``uves-6.1.8_reflex_uves_wkf.oca``).

* Science is processed one raw file at a time (Reflex: ``SCI_POINT_ECH_* ... group by ARCFILE``).
* Raw calibrations group per category by detector setup and template, as Reflex does for biases
  (``group by DET.CHIPS, DET.WIN1.BINX, DET.WIN1.BINY, DET.READ.SPEED, TPL.START``) and for flats
  (the same plus ``INS.MODE, INS.SLIT1.NAME, INS.GRATn.WLEN, INS.SLITn.WID``). Both arms' optical
  keys are listed: a frame of one arm lacks the other arm's keys, which then group as equal.
* Minimum group sizes: three biases, darks and flats, as the recipes were run with (NOTES.md §4.1:
  "SOF: 3x BIAS_BLUE"); one frame for the single-frame calibrations (orderdef, format check, arc).
"""

from __future__ import annotations

from instruments.uves import categories as cat
from instruments.uves import keywords as kw
from phoenix import DatasetDefinition, Grouping

_ARMS = (kw.ARM_BLUE, kw.ARM_RED)

_MIN_MEMBERS = {
    cat.BIAS: 3,
    cat.DARK: 3,
    cat.FLAT: 3,
    cat.ORDER_FLAT: 1,
    cat.ARC_LAMP_FORM: 1,
    cat.ARC_LAMP: 1,
    cat.STANDARD: 1,
}

DATASETS = DatasetDefinition(
    science_categories=tuple(cat.of_arm(cat.SCIENCE, arm) for arm in _ARMS),
    grouping=Grouping.FILE,
    group_keywords=(kw.ARCFILE,),
    calibration_group_keys=(
        kw.DET_CHIPS,
        kw.DET_WIN1_BINX,
        kw.DET_WIN1_BINY,
        kw.DET_READ_SPEED,
        kw.INS_MODE,
        kw.INS_SLIT1_NAME,
        kw.INS_GRAT1_WLEN,
        kw.INS_SLIT2_WID,
        kw.INS_GRAT2_WLEN,
        kw.INS_SLIT3_WID,
        kw.TPL_START,
    ),
    min_members={cat.of_arm(prefix, arm): n for prefix, n in _MIN_MEMBERS.items() for arm in _ARMS},
)
