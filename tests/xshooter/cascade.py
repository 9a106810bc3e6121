"""Run the plugin's declared chains on a simulated night without the engine, for the recipe tests.

Each step's SOF is built from its declared inputs: raw frames by category (classified with the
plugin's table; for a science chain, only the frames of one OB), static tables, the products of
earlier steps, and the masters the calibration and response chains made. The step's reference
recipe is called as the python runner calls it.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from pathlib import Path

from astropy.io import fits

from instruments.xshooter import keywords as kw
from instruments.xshooter.chains import recipe_chains
from instruments.xshooter.classification import CLASSIFICATION
from phoenix import NightSimulation, RecipeChain, SofEntry, Source
from phoenix.classify import classify


def classified(sim: NightSimulation) -> dict[str, list[str]]:
    """Category -> raw files of the night."""
    out: dict[str, list[str]] = {}
    for path in sim.raw_files:
        result = classify(dict(fits.getheader(path)), CLASSIFICATION)
        if result is not None:
            out.setdefault(result.category, []).append(path)
    return out


def chain(name: str) -> RecipeChain:
    return next(c for c in recipe_chains() if c.name == name)


def run_chain(
    chain_: RecipeChain,
    raw: Mapping[str, list[str]],
    statics: Mapping[str, str],
    masters: Mapping[str, str],
    workdir: Path,
    obs_id: int | None = None,
) -> dict[str, str]:
    """Run every step of ``chain_``; product category -> file (the masters of later chains)."""
    products: dict[str, str] = {}
    for step in chain_.steps:
        sof = []
        for inp in step.inputs:
            if inp.source == Source.RAW:
                files = [p for p in raw.get(inp.tag, []) if obs_id is None or _obs(p) in (obs_id, -1)]
                sof += [SofEntry(p, inp.tag) for p in files]
            elif inp.source == Source.STATIC:
                sof.append(SofEntry(statics[inp.tag], inp.tag))
            elif inp.source == Source.MASTER:
                if inp.tag in masters:
                    sof.append(SofEntry(masters[inp.tag], inp.tag))
            else:
                sof.append(SofEntry(products[inp.tag], inp.tag))
        out = workdir / f"{chain_.name}-{step.name}"
        out.mkdir(parents=True)
        module, _, function = step.reference.partition(":")
        getattr(importlib.import_module(module), function)(sof, out, dict(step.parameters))
        for path in out.glob("*.fits"):
            products[str(fits.getheader(path)[kw.PRO_CATG])] = str(path)
    return products


def _obs(path: str) -> int:
    return int(fits.getheader(path).get(kw.OBS_ID, -1))
