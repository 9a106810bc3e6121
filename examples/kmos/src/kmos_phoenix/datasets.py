"""How KMOS frames group: a science dataset is one template (the objects and skies of a nod-to-sky
sequence, by TPL.START); a calibration group is one flat template of one band.
"""

from __future__ import annotations

from kmos_phoenix import categories as cat
from kmos_phoenix import keywords as kw
from phoenix import DatasetDefinition, Grouping

DATASETS = DatasetDefinition(
    science_categories=(cat.SCIENCE,),
    grouping=Grouping.TEMPLATE,
    group_keywords=(kw.TPL_START,),
    calibration_group_keys=(kw.INS_GRAT1_ID, kw.TPL_START),
    # kmos_flat wants at least 3 lamp-on frames; kmos_sci_red an object and a sky
    min_members={cat.FLAT_ON: 3, cat.SCIENCE: 2},
)
