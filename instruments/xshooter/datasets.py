"""How XSHOOTER frames group into datasets: one per template (OB execution) and arm.

* Science: every exposure of one template (``TPL.START``) of one arm is one dataset (the PHOENIX
  paper: XSHOOTER datasets are defined "by OB"); the three arms of an OB observe at the same time
  and give three datasets, hence three products.
* Raw calibrations group per arm by detector set-up, slit and template, as the calibration plan
  takes them (three biases, darks and flats in one template).
"""

from __future__ import annotations

from instruments.xshooter import categories as cat
from instruments.xshooter import keywords as kw
from phoenix import DatasetDefinition, Grouping

# (category prefix, frames, arms it exists on)
_MIN_MEMBERS = (
    (cat.BIAS, 3, kw.CCD_ARMS),
    (cat.DARK, 3, kw.ARMS),
    (cat.FLAT_SLIT, 3, kw.ARMS),
    (cat.FLAT_QTH_SLIT, 3, (kw.ARM_UVB,)),
)
_NOD_PAIR = 2  # a nodding template needs an A and a B exposure


def flat_category(arm: str) -> str:
    """The flat that triggers ``arm``'s calibration chain: the halogen (QTH) flat on UVB."""
    return cat.of_arm(cat.FLAT_QTH_SLIT if arm == kw.ARM_UVB else cat.FLAT_SLIT, arm)


def orderdef_category(arm: str) -> str:
    """The order-definition frame of ``arm`` (the halogen one on UVB)."""
    return cat.of_arm(cat.ORDERDEF_QTH if arm == kw.ARM_UVB else cat.ORDERDEF, arm)


def science_categories() -> tuple[str, ...]:
    return tuple(cat.of_technique(cat.OBJECT_SLIT, t, arm) for arm in kw.ARMS for t in cat.TECHNIQUES)


DATASETS = DatasetDefinition(
    science_categories=science_categories(),
    grouping=Grouping.TEMPLATE,
    group_keywords=(kw.TPL_START, kw.SEQ_ARM),
    calibration_group_keys=(
        kw.SEQ_ARM,
        kw.DET_WIN1_BINX,
        kw.DET_WIN1_BINY,
        kw.DET_READ_CLOCK,
        kw.DET_NCORRS_NAME,
        *kw.SLIT_OF_ARM.values(),
        kw.TPL_START,
    ),
    min_members={
        **{cat.of_arm(prefix, arm): n for prefix, n, arms in _MIN_MEMBERS for arm in arms},
        **{cat.of_technique(cat.OBJECT_SLIT, cat.NOD, arm): _NOD_PAIR for arm in kw.ARMS},
    },
)
