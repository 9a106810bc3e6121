"""The KMOS recipe chains, as data: the kmos pipeline's cascade, run by Python recipes.

    calibration (one flat template of a band):
        dark     DARK x3                                   -> MASTER_DARK, BADPIXEL_DARK
        flat     FLAT_ON x3, FLAT_OFF x3, BADPIXEL_DARK -> MASTER_FLAT, BADPIXEL_FLAT, XCAL, YCAL, FLAT_EDGE
        wave     ARC_ON, ARC_OFF, XCAL, YCAL, FLAT_EDGE, ARC_LIST, WAVE_BAND -> LCAL
    science (one nod-to-sky template):
        sci_red  SCIENCE (objects and skies), XCAL, YCAL, LCAL, MASTER_FLAT, WAVE_BAND -> SCI_COMBINED
        extract  SCI_COMBINED                              -> EXTRACT_SPEC (one spectrum per IFU)

Tags and products are those of ESO's kmos_dark, kmos_flat, kmos_wave_cal and kmos_sci_red, and
of the kmo_extract_spec tool; the recipes themselves are this package's (kmos_phoenix.recipes).
Parameters come from ``recipe_params.toml`` beside this module.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from importlib import resources
from types import MappingProxyType
from typing import Any

from kmos_phoenix import categories as cat
from phoenix import ChainKind, RecipeChain, RecipeStep, RunnerKind, Source, StepInput

PARAMETERS_FILE = "recipe_params.toml"
RECIPES = "kmos_phoenix.recipes"


@functools.cache
def recipe_parameters() -> Mapping[str, Mapping[str, Any]]:
    """Step name to its parameters, read once from :data:`PARAMETERS_FILE`."""
    text = resources.files(__package__).joinpath(PARAMETERS_FILE).read_text(encoding="utf-8")
    return MappingProxyType({k: MappingProxyType(v) for k, v in tomllib.loads(text).items()})


def _step(name: str, function: str, inputs: tuple[StepInput, ...], products: tuple[str, ...]) -> RecipeStep:
    return RecipeStep(
        name=name,
        recipe=f"{RECIPES}:{function}",
        inputs=inputs,
        products=products,
        parameters=recipe_parameters().get(name, {}),
        runner=RunnerKind.PYTHON,
        timeout_s=600.0,
    )


def calibration_chain() -> RecipeChain:
    raw, static = Source.RAW, Source.STATIC
    steps = (
        _step("dark", "kmos_dark", (StepInput(cat.DARK, raw),), (cat.MASTER_DARK, cat.BADPIXEL_DARK)),
        _step(
            "flat",
            "kmos_flat",
            (
                StepInput(cat.FLAT_ON, raw),
                StepInput(cat.FLAT_OFF, raw),
                StepInput(cat.BADPIXEL_DARK, "step:dark"),
            ),
            (cat.MASTER_FLAT, cat.BADPIXEL_FLAT, cat.XCAL, cat.YCAL, cat.FLAT_EDGE),
        ),
        _step(
            "wave",
            "kmos_wave_cal",
            (
                StepInput(cat.ARC_ON, raw),
                StepInput(cat.ARC_OFF, raw),
                StepInput(cat.XCAL, "step:flat"),
                StepInput(cat.YCAL, "step:flat"),
                StepInput(cat.FLAT_EDGE, "step:flat"),
                StepInput(cat.ARC_LIST, static),
                StepInput(cat.WAVE_BAND, static),
            ),
            (cat.LCAL,),
        ),
    )
    masters = (cat.MASTER_FLAT, cat.XCAL, cat.YCAL, cat.LCAL)
    return RecipeChain("calib", ChainKind.CALIBRATION, "", cat.FLAT_ON, steps, masters)


def science_chain() -> RecipeChain:
    masters = tuple(StepInput(c, Source.MASTER) for c in (cat.XCAL, cat.YCAL, cat.LCAL, cat.MASTER_FLAT))
    steps = (
        _step(
            "sci_red",
            "kmos_sci_red",
            (StepInput(cat.SCIENCE, Source.RAW), *masters, StepInput(cat.WAVE_BAND, Source.STATIC)),
            (cat.SCI_COMBINED,),
        ),
        _step(
            "extract",
            "kmos_extract_spec",
            (StepInput(cat.SCI_COMBINED, "step:sci_red"),),
            (cat.EXTRACT_SPEC,),
        ),
    )
    return RecipeChain("science", ChainKind.SCIENCE, "", cat.SCIENCE, steps)


@functools.cache
def recipe_chains() -> tuple[RecipeChain, ...]:
    return (calibration_chain(), science_chain())
