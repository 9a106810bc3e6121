"""The UVES recipe chains, as data: SOF tags, where each input comes from, what each step writes.

Per arm, a calibration chain rebuilds the masters science needs from one day's raw calibrations
(triggered by a flat group, the other raw frames are associated to it), and a science chain
reduces one raw science frame with certified masters. Steps, tags and products are those of
``shared/esorex/make_raw.py:uves_chain_steps`` and NOTES.md §4.1, which run end to end with
cpl-plugin-uves 6.1.8:

    uves_cal_predict  ARC_LAMP_FORM_<arm> + LINE_REFER_TABLE -> LINE_GUESS_TAB_<chip>, ORDER_GUESS_TAB_<chip>
    uves_cal_orderpos ORDER_FLAT_<arm> + ORDER_GUESS_TAB_<chip> -> ORDER_TABLE_<chip>
    uves_cal_mbias    3x BIAS_<arm> -> MASTER_BIAS_<chip>
    uves_cal_mflat    3x FLAT_<arm> + MASTER_BIAS_<chip> + ORDER_TABLE_<chip> -> MASTER_FLAT_<chip>
    uves_cal_wavecal  ARC_LAMP_<arm> + LINE_REFER_TABLE + ORDER_TABLE_<chip> + MASTER_BIAS_<chip>
                      + LINE_GUESS_TAB_<chip> + MASTER_FLAT_<chip> -> LINE_TABLE_<chip>
    uves_obs_scired   SCIENCE_<arm> + MASTER_BIAS, ORDER_TABLE, MASTER_FLAT, LINE_TABLE per chip

The master flat in wavecal is not in make_raw's chain (where it is optional); ESO's Reflex workflow
requires it (WAVE_ECH_*: MASTER_FLAT minRet = 1) and the real reduction in
``associations/uves/reduce_390_01.sof`` feeds it; esorex accepts it on the synthetic red chain
("Dividing by master flat", 281 lines identified).
Recipe parameters come from ``recipe_params.toml`` beside this module.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from importlib import resources
from types import MappingProxyType
from typing import Any

from instruments.uves import categories as cat
from instruments.uves import keywords as kw
from phoenix import ChainKind, RecipeChain, RecipeStep, Source, StepInput

PARAMETERS_FILE = "recipe_params.toml"
_ARMS = (kw.ARM_BLUE, kw.ARM_RED)


@functools.cache
def recipe_parameters() -> Mapping[str, Mapping[str, Any]]:
    """Recipe name to its pinned parameters, read once from :data:`PARAMETERS_FILE`."""
    text = resources.files(__package__).joinpath(PARAMETERS_FILE).read_text(encoding="utf-8")
    parsed = tomllib.loads(text)
    return MappingProxyType({recipe: MappingProxyType(values) for recipe, values in parsed.items()})


def _inputs(prefix: str, arm: str, source: str) -> tuple[StepInput, ...]:
    """One input per chip of ``arm`` for a per-chip product (``MASTER_BIAS_REDL`` + ``_REDU``)."""
    return tuple(StepInput(tag, source) for tag in cat.of_chips(prefix, arm))


def _step(name: str, recipe: str, inputs: tuple[StepInput, ...], products: tuple[str, ...]) -> RecipeStep:
    return RecipeStep(name, recipe, inputs, products, recipe_parameters().get(recipe, {}))


def _products(arm: str, *prefixes: str) -> tuple[str, ...]:
    return tuple(category for prefix in prefixes for category in cat.of_chips(prefix, arm))


def calibration_chain(arm: str) -> RecipeChain:
    """predict -> orderpos -> mbias -> mflat -> wavecal for ``arm``, triggered by its flats."""
    raw, static = Source.RAW, Source.STATIC
    refer = StepInput(cat.LINE_REFER_TABLE, static)
    steps = (
        _step(
            "predict",
            "uves_cal_predict",
            (StepInput(cat.of_arm(cat.ARC_LAMP_FORM, arm), raw), refer),
            _products(arm, cat.LINE_GUESS_TAB, cat.ORDER_GUESS_TAB),
        ),
        _step(
            "orderpos",
            "uves_cal_orderpos",
            (
                StepInput(cat.of_arm(cat.ORDER_FLAT, arm), raw),
                *_inputs(cat.ORDER_GUESS_TAB, arm, "step:predict"),
            ),
            _products(arm, cat.ORDER_TABLE),
        ),
        _step(
            "mbias",
            "uves_cal_mbias",
            (StepInput(cat.of_arm(cat.BIAS, arm), raw),),
            _products(arm, cat.MASTER_BIAS),
        ),
        _step(
            "mflat",
            "uves_cal_mflat",
            (
                StepInput(cat.of_arm(cat.FLAT, arm), raw),
                *_inputs(cat.MASTER_BIAS, arm, "step:mbias"),
                *_inputs(cat.ORDER_TABLE, arm, "step:orderpos"),
            ),
            _products(arm, cat.MASTER_FLAT, cat.BKG_FLAT),
        ),
        _step(
            "wavecal",
            "uves_cal_wavecal",
            (
                StepInput(cat.of_arm(cat.ARC_LAMP, arm), raw),
                refer,
                *_inputs(cat.ORDER_TABLE, arm, "step:orderpos"),
                *_inputs(cat.MASTER_BIAS, arm, "step:mbias"),
                *_inputs(cat.LINE_GUESS_TAB, arm, "step:predict"),
                *_inputs(cat.MASTER_FLAT, arm, "step:mflat"),
            ),
            _products(arm, cat.LINE_TABLE),
        ),
    )
    return RecipeChain(
        name=f"calib_{arm.lower()}",
        kind=ChainKind.CALIBRATION,
        arm=arm,
        trigger=cat.of_arm(cat.FLAT, arm),
        steps=steps,
        masters=_products(arm, cat.MASTER_BIAS, cat.ORDER_TABLE, cat.MASTER_FLAT, cat.LINE_TABLE),
    )


def science_chain(arm: str) -> RecipeChain:
    """uves_obs_scired on one raw science frame of ``arm`` with the four certified masters per chip."""
    masters = tuple(
        step_input
        for prefix in (cat.MASTER_BIAS, cat.ORDER_TABLE, cat.MASTER_FLAT, cat.LINE_TABLE)
        for step_input in _inputs(prefix, arm, Source.MASTER)
    )
    scired = _step(
        "scired",
        "uves_obs_scired",
        (StepInput(cat.of_arm(cat.SCIENCE, arm), Source.RAW), *masters),
        _products(
            arm,
            cat.RED_SCIENCE,
            cat.ERRORBAR_SCIENCE,
            cat.MERGED_SCIENCE,
            cat.WCALIB_FF_SCIENCE,
            cat.ERRORBAR_WCALIB_FF_SCIENCE,
            cat.MERGED_SKY,
        ),
    )
    return RecipeChain(
        name=f"science_{arm.lower()}",
        kind=ChainKind.SCIENCE,
        arm=arm,
        trigger=cat.of_arm(cat.SCIENCE, arm),
        steps=(scired,),
    )


@functools.cache
def recipe_chains() -> tuple[RecipeChain, ...]:
    """Both arms' calibration and science chains."""
    return tuple(chain(arm) for chain in (calibration_chain, science_chain) for arm in _ARMS)
