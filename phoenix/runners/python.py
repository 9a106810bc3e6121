"""Run a recipe written in Python: ``module:function`` taking the SOF, a work dir and parameters.

The function writes its products (FITS files with PRO.CATG) into the work dir; they are then
classified exactly as esorex products are.
"""

from __future__ import annotations

import importlib
import time
import traceback
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from phoenix.errors import RecipeError
from phoenix.runners.base import RecipeRun, SofEntry, collect_products

RUNNER_VERSION = "phoenix-python-1"


def run_python(
    recipe: str, sof: Sequence[SofEntry], workdir: Path, parameters: Mapping[str, Any]
) -> RecipeRun:
    """Call the recipe function and collect what it wrote; any exception becomes a RecipeError."""
    module_name, _, func_name = recipe.partition(":")
    workdir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    try:
        func = getattr(importlib.import_module(module_name), func_name)
        func(list(sof), workdir, dict(parameters))
    except Exception as exc:
        raise RecipeError(recipe, 1, "".join(traceback.format_exception(exc))[-3000:], str(workdir)) from exc
    products = collect_products(workdir)
    if not products:
        raise RecipeError(recipe, 0, "the recipe wrote no product", str(workdir))
    return RecipeRun(recipe, products, "", time.monotonic() - started, RUNNER_VERSION, RUNNER_VERSION)
