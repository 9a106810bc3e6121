"""How GIRAFFE frames group: after ``giraf-2.16.10_gasgano.oca``'s action selection.

* Science is processed one raw file at a time (``select execute(giscience) ... where SIG.FRAME == 1``).
* Raw calibrations group per template (``SIG.TEMPLATE == 1`` for gimasterbias/dark/flat) and per
  detector read-out, slit and setting, so one calibration chain serves one Medusa slit and grating.
* Minimum group sizes: three biases and darks (as NOTES.md §4.2 ran gimasterbias/gimasterdark),
  one fibre flat and one arc.
"""

from __future__ import annotations

from instruments.giraffe import categories as cat
from instruments.giraffe import keywords as kw
from phoenix import DatasetDefinition, Grouping

DATASETS = DatasetDefinition(
    science_categories=(cat.SCIENCE,),
    grouping=Grouping.FILE,
    group_keywords=(kw.ARCFILE,),
    calibration_group_keys=(
        kw.DET_CHIP1_ID,
        kw.DET_WIN1_BINX,
        kw.DET_WIN1_BINY,
        kw.DET_READ_SPEED,
        kw.INS_SLIT_NAME,
        kw.INS_EXP_MODE,
        kw.TPL_START,
    ),
    min_members={cat.BIAS: 3, cat.DARK: 3, cat.FIBER_FLAT: 1, cat.ARC_SPECTRUM: 1},
)
