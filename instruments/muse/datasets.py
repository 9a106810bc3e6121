"""How MUSE frames group into datasets, after ESO's Reflex rules (``muse-2.8.7_reflex_muse_wkf.oca``).

* Science: one dataset per OB template (TPL.START, OBS.ID): all its exposures with their dithers
  and rotations are reduced together and combined once (the seed's per-OB combination).
  Reflex's ``muse_exp_combine`` groups by OBS.TARG.NAME and INS.MODE across templates; that is
  the deep combination (:mod:`flows.deep_cube`), not the per-OB dataset.
* Raw calibrations group per template (Reflex: ``group by TPL.START``) within one detector
  readout and mode; three biases, darks and flats at least (Reflex ``minRet=3``). Reflex wants
  nine arcs (one per lamp and exposure); the synthetic arc holds all lines in one frame.
"""

from __future__ import annotations

from instruments.muse import categories as cat
from instruments.muse import keywords as kw
from phoenix import DatasetDefinition, Grouping

DATASETS = DatasetDefinition(
    science_categories=(cat.OBJECT,),
    grouping=Grouping.TEMPLATE,
    group_keywords=(kw.TPL_START, kw.OBS_ID),
    calibration_group_keys=(kw.INS_MODE, kw.DET_READ_CURNAME, kw.DET_BINX, kw.DET_BINY, kw.TPL_START),
    min_members={cat.BIAS: 3, cat.DARK: 3, cat.FLAT: 3, cat.ARC: 1, cat.OBJECT: 1},
)
