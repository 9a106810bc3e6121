"""The GIRAFFE recipe chains, as data: the real ESO recipes where they run, reference recipes after.

    calibration (one fibre-flat group of a slit and setting; biases, darks and the arc associated):
        mbias    3x BIAS                                    -> MASTER_BIAS, BAD_PIXEL_MAP    gimasterbias
        mdark    3x DARK + MASTER_BIAS                      -> MASTER_DARK                   gimasterdark
        flat     FIBER_FLAT + MASTER_BIAS                   -> FF_LOCCENTROID, FF_LOCWIDTH, FF_EXTSPECTRA
        wave     ARC_SPECTRUM + MASTER_BIAS + FF_LOC* + LINE_CATALOG -> DISPERSION_SOLUTION
    science (one Medusa frame):
        science  SCIENCE + MASTER_BIAS (+ MASTER_DARK) + FF_* + DISPERSION_SOLUTION -> SCIENCE_RBNSPECTRA

gimasterbias and gimasterdark are ESO's (cpl-plugin-giraf; NOTES.md §4.2), each with a Python
reference recipe the engine runs in its place when the pipeline is not installed. gimasterflat,
giwavecalibration and giscience need ESO's GRATING_DATA and SLIT_GEOMETRY tables and the exact
fibre-table formats, which are not documented here, so flat, wave and science are this plugin's
reference recipes (:mod:`instruments.giraffe.recipes`), with ESO's SOF tags and product names.
Parameters come from ``recipe_params.toml`` beside this module, by step name.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from importlib import resources
from types import MappingProxyType
from typing import Any

from instruments.giraffe import categories as cat
from phoenix import ChainKind, RecipeChain, RecipeStep, RunnerKind, Source, StepInput

PARAMETERS_FILE = "recipe_params.toml"
CALIBRATION = "instruments.giraffe.recipes.calibration"
SCIENCE = "instruments.giraffe.recipes.science"


@functools.cache
def recipe_parameters() -> Mapping[str, Mapping[str, Any]]:
    """Step name to its parameters, read once from :data:`PARAMETERS_FILE`."""
    text = resources.files(__package__).joinpath(PARAMETERS_FILE).read_text(encoding="utf-8")
    return MappingProxyType({k: MappingProxyType(v) for k, v in tomllib.loads(text).items()})


def _esorex(
    name: str, recipe: str, reference: str, inputs: tuple[StepInput, ...], products: tuple[str, ...]
) -> RecipeStep:
    return RecipeStep(
        name,
        recipe,
        inputs,
        products,
        recipe_parameters().get(name, {}),
        timeout_s=900.0,
        reference=reference,
    )


def _python(name: str, function: str, inputs: tuple[StepInput, ...], products: tuple[str, ...]) -> RecipeStep:
    return RecipeStep(
        name,
        function,
        inputs,
        products,
        recipe_parameters().get(name, {}),
        runner=RunnerKind.PYTHON,
        timeout_s=900.0,
    )


def calibration_chain() -> RecipeChain:
    """bias -> dark -> fibre flat -> wavelength calibration, triggered by a fibre flat."""
    raw, static = Source.RAW, Source.STATIC
    bias = StepInput(cat.MASTER_BIAS, "step:mbias")
    loc = (StepInput(cat.FF_LOCCENTROID, "step:flat"), StepInput(cat.FF_LOCWIDTH, "step:flat"))
    steps = (
        _esorex(
            "mbias",
            "gimasterbias",
            f"{CALIBRATION}:master_bias",
            (StepInput(cat.BIAS, raw),),
            (cat.MASTER_BIAS, cat.BAD_PIXEL_MAP),
        ),
        _esorex(
            "mdark",
            "gimasterdark",
            f"{CALIBRATION}:master_dark",
            (StepInput(cat.DARK, raw), bias),
            (cat.MASTER_DARK,),
        ),
        _python(
            "flat",
            f"{CALIBRATION}:fibre_flat",
            (StepInput(cat.FIBER_FLAT, raw), bias),
            (cat.FF_LOCCENTROID, cat.FF_LOCWIDTH, cat.FF_EXTSPECTRA),
        ),
        _python(
            "wave",
            f"{CALIBRATION}:wave_calibration",
            (StepInput(cat.ARC_SPECTRUM, raw), bias, *loc, StepInput(cat.LINE_CATALOG, static)),
            (cat.DISPERSION_SOLUTION,),
        ),
    )
    masters = (
        cat.MASTER_BIAS,
        cat.MASTER_DARK,
        cat.FF_LOCCENTROID,
        cat.FF_LOCWIDTH,
        cat.FF_EXTSPECTRA,
        cat.DISPERSION_SOLUTION,
    )
    return RecipeChain("calib", ChainKind.CALIBRATION, "", cat.FIBER_FLAT, steps, masters)


def science_chain() -> RecipeChain:
    """The reference science recipe on one Medusa frame with the certified masters."""
    master = Source.MASTER
    inputs = (
        StepInput(cat.SCIENCE, Source.RAW),
        StepInput(cat.MASTER_BIAS, master),
        StepInput(cat.MASTER_DARK, master, required=False),
        *(StepInput(c, master) for c in (cat.FF_LOCCENTROID, cat.FF_LOCWIDTH, cat.FF_EXTSPECTRA)),
        StepInput(cat.DISPERSION_SOLUTION, master),
    )
    step = _python("science", f"{SCIENCE}:science", inputs, (cat.SCIENCE_RBNSPECTRA,))
    return RecipeChain("science", ChainKind.SCIENCE, "", cat.SCIENCE, (step,))


@functools.cache
def recipe_chains() -> tuple[RecipeChain, ...]:
    return (calibration_chain(), science_chain())
