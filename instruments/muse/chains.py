"""The MUSE recipe chains, as data: SOF tags, where each input comes from, what each step writes.

Steps, tags and products are those that run end to end on synthetic frames with cpl-plugin-muse
2.8.7 (NOTES.md §4.3):

    calibration (triggered by a lamp-flat template; biases and the arc associated to it)
      muse_bias     3x BIAS -> MASTER_BIAS
      muse_flat     3x FLAT + MASTER_BIAS -> MASTER_FLAT, TRACE_TABLE
      muse_wavecal  ARC + MASTER_BIAS + TRACE_TABLE + LINE_CATALOG -> WAVECAL_TABLE
    science (one OB template: all its exposures)
      muse_scibasic    OBJECT... + masters + GEOMETRY_TABLE -> PIXTABLE_OBJECT, OBJECT_RED per exposure
      muse_scipost     PIXTABLE_OBJECT... + EXTINCT_TABLE + STD_RESPONSE -> PIXTABLE_REDUCED per exposure
                       (``--save=individual``: no resampling)
      muse_exp_combine PIXTABLE_REDUCED... -> DATACUBE_FINAL, IMAGE_FOV (the only resampling)

The engine gives a step all raw frames of its tag in one SOF, and the MUSE recipes write one
product per input exposure, so per-exposure steps need no engine support. Every step has a
time limit: one wavecal failure mode never terminates (NOTES.md §4.3 pitfall 3).
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from importlib import resources
from types import MappingProxyType
from typing import Any

from instruments.muse import categories as cat
from instruments.muse.config import nifu
from phoenix import ChainKind, RecipeChain, RecipeStep, Source, StepInput

PARAMETERS_FILE = "recipe_params.toml"
PHOENIX_SECTION = "phoenix"
TIMEOUT_S = {"muse_bias": 900.0, "muse_flat": 900.0, "muse_wavecal": 900.0}
DEFAULT_TIMEOUT_S = 3600.0
PER_IFU_RECIPES = ("muse_bias", "muse_dark", "muse_flat", "muse_wavecal", "muse_scibasic")  # take --nifu


@functools.cache
def _parsed() -> Mapping[str, Mapping[str, Any]]:
    text = resources.files(__package__).joinpath(PARAMETERS_FILE).read_text(encoding="utf-8")
    return MappingProxyType({k: MappingProxyType(v) for k, v in tomllib.loads(text).items()})


def recipe_parameters(recipe: str) -> dict[str, Any]:
    """The pinned parameters of ``recipe``, plus ``nifu`` for the per-IFU recipes (see config.py)."""
    pinned = dict(_parsed().get(recipe, {}))
    return {**pinned, "nifu": nifu()} if recipe in PER_IFU_RECIPES else pinned


def max_combine() -> int:
    """Exposures per combination by default (the seed's N = 16)."""
    return int(_parsed()[PHOENIX_SECTION]["max_combine"])


def step(name: str, recipe: str, inputs: tuple[StepInput, ...], products: tuple[str, ...]) -> RecipeStep:
    return RecipeStep(
        name,
        recipe,
        inputs,
        products,
        recipe_parameters(recipe),
        timeout_s=TIMEOUT_S.get(recipe, DEFAULT_TIMEOUT_S),
    )


def calibration_chain() -> RecipeChain:
    raw, bias = Source.RAW, StepInput(cat.MASTER_BIAS, "step:bias")
    steps = (
        step("bias", "muse_bias", (StepInput(cat.BIAS, raw),), (cat.MASTER_BIAS,)),
        step("flat", "muse_flat", (StepInput(cat.FLAT, raw), bias), (cat.MASTER_FLAT, cat.TRACE_TABLE)),
        step(
            "wavecal",
            "muse_wavecal",
            (
                StepInput(cat.ARC, raw),
                bias,
                StepInput(cat.TRACE_TABLE, "step:flat"),
                StepInput(cat.LINE_CATALOG, Source.STATIC),
            ),
            (cat.WAVECAL_TABLE,),
        ),
    )
    return RecipeChain(
        name="calib",
        kind=ChainKind.CALIBRATION,
        arm=cat.ARM,
        trigger=cat.FLAT,
        steps=steps,
        masters=(cat.MASTER_BIAS, cat.MASTER_FLAT, cat.TRACE_TABLE, cat.WAVECAL_TABLE),
    )


def combine_step(source: str = "step:scipost") -> RecipeStep:
    """muse_exp_combine on reduced pixel tables: per OB (``step:scipost``) or deep (``raw``)."""
    return step(
        "combine",
        "muse_exp_combine",
        (StepInput(cat.PIXTABLE_REDUCED, source),),
        (cat.DATACUBE_FINAL, cat.IMAGE_FOV),
    )


def science_chain() -> RecipeChain:
    masters = tuple(
        StepInput(c, Source.MASTER)
        for c in (cat.MASTER_BIAS, cat.MASTER_FLAT, cat.TRACE_TABLE, cat.WAVECAL_TABLE)
    )
    steps = (
        step(
            "scibasic",
            "muse_scibasic",
            (StepInput(cat.OBJECT, Source.RAW), *masters, StepInput(cat.GEOMETRY_TABLE, Source.STATIC)),
            (cat.PIXTABLE_OBJECT, cat.OBJECT_RED),
        ),
        step(
            "scipost",
            "muse_scipost",
            (
                StepInput(cat.PIXTABLE_OBJECT, "step:scibasic"),
                StepInput(cat.EXTINCT_TABLE, Source.STATIC),
                StepInput(cat.STD_RESPONSE, Source.STATIC),
            ),
            (cat.PIXTABLE_REDUCED,),
        ),
        combine_step(),
    )
    return RecipeChain(name="science", kind=ChainKind.SCIENCE, arm=cat.ARM, trigger=cat.OBJECT, steps=steps)


def recipe_chains() -> tuple[RecipeChain, ...]:
    return (calibration_chain(), science_chain())
