"""Memory estimates of the MUSE recipes, from measured peaks, for the engine's scheduler.

Peak RSS of the esorex child, measured on one full-size IFU (4224×4240) with cpl-plugin-muse
2.8.7 on this machine (bench/muse_combine.py, bench/RESULTS.md):

    recipe            inputs           peak RSS (MB)
    muse_bias         3 BIAS           865
    muse_flat         3 FLAT           865
    muse_wavecal      1 ARC            415
    muse_scibasic     2 / 4            1525 / 1911
    muse_scipost      2 / 4            1306 / 2123
    muse_exp_combine  2 / 4 / 8 / 16   1652 / 2742 / 4940 / 9203

The pixel tables dominate: scipost and exp_combine hold every exposure's table of every IFU at
once, so they grow with exposures × IFUs; scibasic and the calibrations are taken to work one
IFU at a time (``--nifu=0`` processes the IFUs one after another; not measured with 24 IFUs here,
as a 24-IFU frame is 870 MB). Each model is a line through the measured peaks (MB per
exposure-IFU above a base) with a :data:`MARGIN`, so the estimate is not below the measured peak.
"""

from __future__ import annotations

from collections.abc import Mapping

from instruments.muse import categories as cat
from instruments.muse import keywords as kw
from instruments.muse.config import nifu
from phoenix import JobResources, RecipeStep

MARGIN = 1.15
# recipe -> (base MB, MB per exposure (per IFU where the recipe holds all IFUs), grows with IFUs)
MODELS: Mapping[str, tuple[float, float, bool]] = {
    "muse_bias": (600.0, 90.0, False),
    "muse_dark": (600.0, 90.0, False),
    "muse_flat": (600.0, 90.0, False),
    "muse_wavecal": (420.0, 0.0, False),
    "muse_scibasic": (1150.0, 200.0, False),
    "muse_scipost": (500.0, 420.0, True),
    "muse_exp_combine": (560.0, 560.0, True),
}
_RAW_TAGS = (cat.BIAS, cat.DARK, cat.FLAT, cat.ARC, cat.OBJECT, cat.PIXTABLE_OBJECT, cat.PIXTABLE_REDUCED)
DEFAULT_MB = 2000.0


def ifus_processed() -> int:
    return kw.N_IFUS if nifu() == 0 else 1


def exposures_of(inputs: Mapping[str, int]) -> int:
    return max((inputs.get(tag, 0) for tag in _RAW_TAGS), default=0)


def estimate_memory_mb(recipe: str, exposures: int, ifus: int) -> float:
    """Peak memory of ``recipe`` on ``exposures`` inputs of ``ifus`` IFUs, with the margin."""
    if recipe not in MODELS:
        return DEFAULT_MB
    base, per_exposure, with_ifus = MODELS[recipe]
    units = exposures * (ifus if with_ifus else 1)
    return MARGIN * (base + per_exposure * units)


def estimate(step: RecipeStep, inputs: Mapping[str, int]) -> JobResources:
    """The hook's answer: memory from the model, one thread (OpenMP threads are the engine's)."""
    return JobResources(memory_mb=estimate_memory_mb(step.recipe, exposures_of(inputs), ifus_processed()))


def combine_limit(memory_budget_mb: float, ifus: int | None = None) -> int:
    """Exposures one muse_exp_combine may take within ``memory_budget_mb``.

    The seed's N = 16 (``max_combine`` in recipe_params.toml) where the budget holds 16, more
    where it holds more, fewer where it does not (the combination is limited by memory, as in the
    seed); 0 when not even one exposure fits, e.g. all 24 IFUs on a 24 GiB machine.
    """
    ifus = ifus_processed() if ifus is None else ifus
    n = 0
    while estimate_memory_mb("muse_exp_combine", n + 1, ifus) <= memory_budget_mb:
        n += 1
    return n
