"""The XSHOOTER recipe chains, as data: the xshoo recipes and SOF tags, with Python stand-ins.

Per arm (UVB, VIS, NIR):

    calibration (triggered by a flat template; the other raw calibrations are associated):
        xsh_mbias (UVB, VIS)  BIAS x3                                   -> MASTER_BIAS
        xsh_mdark (NIR)       DARK x3                                   -> MASTER_DARK
        xsh_predict           FMTCHK, ARC_LINE_LIST, SPECTRAL_FORMAT_TAB
                              -> ORDER_TAB_GUESS, XSH_MOD_CFG_OPT_FMT
        xsh_orderpos          ORDERDEF, ORDER_TAB_GUESS                 -> ORDER_TAB_CENTR
        xsh_mflat             FLAT x3, ORDER_TAB_CENTR  -> MASTER_FLAT_SLIT, ORDER_TAB_EDGES_SLIT
        xsh_2dmap             WAVE, ARC_LINE_LIST, ORDER_TAB_EDGES_SLIT, XSH_MOD_CFG_OPT_FMT
                              -> DISP_TAB
        xsh_wavecal           ARC_SLIT, ARC_LINE_LIST, ORDER_TAB_EDGES_SLIT, DISP_TAB
                              -> TILT_TAB_SLIT
    response (triggered by a flux standard, STARE): the same cascade from the associated raw
    calibrations, then
        xsh_respon_slit_stare STD_FLUX_SLIT_STARE, FLUX_STD_CATALOG, HIGH_ABS_WIN, ...
                              -> RESPONSE_MERGE1D_SLIT
    science (one template of OBJECT_SLIT_{STARE,NOD,OFFSET}):
        xsh_flexcomp          AFC_ATT, DISP_TAB, ORDER_TAB_EDGES_SLIT   -> DISP_TAB_AFC, ORDER_TAB_AFC_SLIT
        xsh_scired_slit_<t>   OBJECT_SLIT_<T> (+ SKY_SLIT), masters, the AFC tables, RESPONSE (if any)
                              -> SCI_SLIT_MERGE1D (+ SCI_SLIT_FLUX_MERGE1D with a response)

Every step names the real xshoo recipe (run through esorex where the ``xshoo`` pipeline is
installed) and, as ``reference``, the Python recipe of :mod:`instruments.xshooter.recipes` the
engine runs in its place when it is not. The response chain repeats the cascade instead of
taking the flat chain's masters because a calibration pass certifies masters only at its end;
both chains pick the same raw frames, so the products agree. Parameters come from
``recipe_params.toml`` beside this module.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from importlib import resources
from types import MappingProxyType
from typing import Any

from instruments.xshooter import categories as cat
from instruments.xshooter import keywords as kw
from instruments.xshooter.datasets import flat_category, orderdef_category
from phoenix import ChainKind, RecipeChain, RecipeStep, Source, StepInput

PARAMETERS_FILE = "recipe_params.toml"
REFERENCE = "instruments.xshooter.recipes"
# the Python module of each recipe's reference implementation
_MODULE = {
    "xsh_mbias": "calib",
    "xsh_mdark": "calib",
    "xsh_predict": "orders",
    "xsh_orderpos": "orders",
    "xsh_mflat": "orders",
    "xsh_2dmap": "wave",
    "xsh_wavecal": "wave",
    "xsh_flexcomp": "wave",
    "xsh_respon_slit_stare": "response",
    "xsh_scired_slit_stare": "science",
    "xsh_scired_slit_nod": "science",
    "xsh_scired_slit_offset": "science",
}
TIMEOUT_S = 600.0


@functools.cache
def recipe_parameters() -> Mapping[str, Mapping[str, Any]]:
    """Recipe name to its pinned parameters, read once from :data:`PARAMETERS_FILE`."""
    text = resources.files(__package__).joinpath(PARAMETERS_FILE).read_text(encoding="utf-8")
    return MappingProxyType({k: MappingProxyType(v) for k, v in tomllib.loads(text).items()})


def reference_of(recipe: str) -> str:
    """The ``module:function`` of the Python recipe standing in for the xshoo ``recipe``."""
    return f"{REFERENCE}.{_MODULE[recipe]}:{recipe}"


def _step(name: str, recipe: str, inputs: tuple[StepInput, ...], products: tuple[str, ...]) -> RecipeStep:
    return RecipeStep(
        name=name,
        recipe=recipe,
        inputs=inputs,
        products=products,
        parameters=recipe_parameters().get(recipe, {}),
        timeout_s=TIMEOUT_S,
        reference=reference_of(recipe),
    )


def noise_category(arm: str) -> str:
    """MASTER_BIAS on the CCD arms, MASTER_DARK on NIR (the Hawaii-2RG has no bias)."""
    return cat.of_arm(cat.MASTER_BIAS if arm in kw.CCD_ARMS else cat.MASTER_DARK, arm)


def _cascade(arm: str) -> tuple[RecipeStep, ...]:
    """mbias|mdark -> predict -> orderpos -> mflat -> 2dmap on the raw calibrations of ``arm``."""
    raw, static = Source.RAW, Source.STATIC
    a = functools.partial(cat.of_arm, arm=arm)
    noise = noise_category(arm)
    fmt, lines = StepInput(a(cat.SPECTRAL_FORMAT_TAB), static), StepInput(a(cat.ARC_LINE_LIST), static)
    noise_step = (
        _step("mbias", "xsh_mbias", (StepInput(a(cat.BIAS), raw),), (noise,))
        if arm in kw.CCD_ARMS
        else _step("mdark", "xsh_mdark", (StepInput(a(cat.DARK), raw),), (noise,))
    )
    noise_in = StepInput(noise, f"step:{noise_step.name}")
    return (
        noise_step,
        _step(
            "predict",
            "xsh_predict",
            (StepInput(a(cat.FMTCHK), raw), lines, fmt, noise_in),
            (a(cat.ORDER_TAB_GUESS), a(cat.XSH_MOD_CFG_OPT_FMT)),
        ),
        _step(
            "orderpos",
            "xsh_orderpos",
            (
                StepInput(orderdef_category(arm), raw),
                StepInput(a(cat.ORDER_TAB_GUESS), "step:predict"),
                fmt,
                noise_in,
            ),
            (a(cat.ORDER_TAB_CENTR),),
        ),
        _step(
            "mflat",
            "xsh_mflat",
            (
                StepInput(flat_category(arm), raw),
                StepInput(a(cat.ORDER_TAB_CENTR), "step:orderpos"),
                fmt,
                noise_in,
            ),
            (a(cat.MASTER_FLAT_SLIT), a(cat.ORDER_TAB_EDGES_SLIT)),
        ),
        _step(
            "2dmap",
            "xsh_2dmap",
            (
                StepInput(a(cat.WAVE), raw),
                lines,
                fmt,
                StepInput(a(cat.ORDER_TAB_EDGES_SLIT), "step:mflat"),
                StepInput(a(cat.XSH_MOD_CFG_OPT_FMT), "step:predict"),
                noise_in,
            ),
            (a(cat.DISP_TAB),),
        ),
    )


def calibration_chain(arm: str) -> RecipeChain:
    """The daytime masters of ``arm``, triggered by its flat template."""
    a = functools.partial(cat.of_arm, arm=arm)
    cascade = _cascade(arm)
    wavecal = _step(
        "wavecal",
        "xsh_wavecal",
        (
            StepInput(a(cat.ARC_SLIT), Source.RAW),
            StepInput(a(cat.ARC_LINE_LIST), Source.STATIC),
            StepInput(a(cat.ORDER_TAB_EDGES_SLIT), "step:mflat"),
            StepInput(a(cat.DISP_TAB), "step:2dmap"),
            StepInput(noise_category(arm), f"step:{cascade[0].name}"),
        ),
        (a(cat.TILT_TAB_SLIT),),
    )
    return RecipeChain(
        name=f"calib_{arm.lower()}",
        kind=ChainKind.CALIBRATION,
        arm=arm,
        trigger=flat_category(arm),
        steps=(*cascade, wavecal),
        masters=(noise_category(arm), a(cat.MASTER_FLAT_SLIT), a(cat.ORDER_TAB_EDGES_SLIT), a(cat.DISP_TAB)),
    )


def response_chain(arm: str) -> RecipeChain:
    """The master response curve of ``arm`` from a flux standard observed in STARE mode."""
    a = functools.partial(cat.of_arm, arm=arm)
    cascade = _cascade(arm)
    std = cat.of_technique(cat.STD_FLUX_SLIT, cat.STARE, arm)
    respon = _step(
        "respon",
        "xsh_respon_slit_stare",
        (
            StepInput(std, Source.RAW),
            StepInput(a(cat.FLUX_STD_CATALOG), Source.STATIC),
            StepInput(a(cat.HIGH_ABS_WIN), Source.STATIC),
            StepInput(a(cat.SPECTRAL_FORMAT_TAB), Source.STATIC),
            StepInput(noise_category(arm), f"step:{cascade[0].name}"),
            StepInput(a(cat.MASTER_FLAT_SLIT), "step:mflat"),
            StepInput(a(cat.ORDER_TAB_EDGES_SLIT), "step:mflat"),
            StepInput(a(cat.DISP_TAB), "step:2dmap"),
        ),
        (a(cat.RESPONSE_MERGE1D_SLIT),),
    )
    return RecipeChain(
        name=f"respon_{arm.lower()}",
        kind=ChainKind.CALIBRATION,
        arm=arm,
        trigger=std,
        steps=(*cascade, respon),
        masters=(a(cat.RESPONSE_MERGE1D_SLIT),),
    )


def science_chain(arm: str, technique: str) -> RecipeChain:
    """Flexure compensation, then xsh_scired_slit_<technique> on one template of ``arm``."""
    a = functools.partial(cat.of_arm, arm=arm)
    master, static = Source.MASTER, Source.STATIC
    trigger = cat.of_technique(cat.OBJECT_SLIT, technique, arm)
    flexcomp = _step(
        "flexcomp",
        "xsh_flexcomp",
        (
            StepInput(a(cat.AFC_ATT), Source.RAW),
            StepInput(a(cat.ARC_LINE_LIST), static),
            StepInput(a(cat.SPECTRAL_FORMAT_TAB), static),
            StepInput(a(cat.ORDER_TAB_EDGES_SLIT), master),
            StepInput(a(cat.DISP_TAB), master),
            StepInput(noise_category(arm), master),
        ),
        (a(cat.ORDER_TAB_AFC_SLIT), a(cat.DISP_TAB_AFC)),
    )
    sky = (StepInput(a(cat.SKY_SLIT), Source.RAW),) if technique == cat.OFFSET else ()
    scired = _step(
        "scired",
        f"xsh_scired_slit_{technique.lower()}",
        (
            StepInput(trigger, Source.RAW),
            *sky,
            StepInput(noise_category(arm), master),
            StepInput(a(cat.MASTER_FLAT_SLIT), master),
            StepInput(a(cat.ORDER_TAB_AFC_SLIT), "step:flexcomp"),
            StepInput(a(cat.DISP_TAB_AFC), "step:flexcomp"),
            StepInput(a(cat.RESPONSE_MERGE1D_SLIT), master, required=False),
            StepInput(a(cat.SPECTRAL_FORMAT_TAB), static),
        ),
        (a(cat.SCI_SLIT_MERGE1D),),
    )
    return RecipeChain(
        name=f"science_{technique.lower()}_{arm.lower()}",
        kind=ChainKind.SCIENCE,
        arm=arm,
        trigger=trigger,
        steps=(flexcomp, scired),
    )


@functools.cache
def recipe_chains() -> tuple[RecipeChain, ...]:
    """Every arm's calibration, response and science chains (one science chain per technique)."""
    chains = [c(arm) for arm in kw.ARMS for c in (calibration_chain, response_chain)]
    chains += [science_chain(arm, t) for arm in kw.ARMS for t in cat.TECHNIQUES]
    return tuple(chains)
