"""Run a recipe written in Python: ``module:function`` taking the SOF, a work dir and parameters.

The function runs in a child process of its own (like an esorex recipe), so a recipe that hangs
is killed at the step's time limit, one that exhausts memory does not take the flow with it, and
its output goes to a log file in the work dir. It writes its products (FITS files with PRO.CATG)
into the work dir; they are then classified exactly as esorex products are.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from phoenix.errors import RecipeError
from phoenix.runners.base import RecipeRun, SofEntry, collect_products, run_in_own_group

RUNNER_VERSION = "phoenix-python-2"
LOG_NAME = "recipe.log"
LOG_TAIL_CHARS = 3000


def run_python(
    recipe: str,
    sof: Sequence[SofEntry],
    workdir: Path,
    parameters: Mapping[str, Any],
    *,
    timeout_s: float = 1800.0,
    env: Mapping[str, str] | None = None,
) -> RecipeRun:
    """Call the recipe function in a child process and collect what it wrote.

    Raises :class:`RecipeError` with the log tail when the function raises (or the child dies),
    :class:`RecipeTimeoutError` when it runs past ``timeout_s``.
    """
    module_name, _, func_name = recipe.partition(":")
    if not module_name or not func_name:
        raise RecipeError(recipe, 2, "a Python recipe is named 'module:function'", str(workdir))
    workdir.mkdir(parents=True, exist_ok=True)
    request = workdir / "recipe.json"
    request.write_text(
        json.dumps(
            {
                "recipe": recipe,
                "sof": [[e.path, e.tag] for e in sof],
                "workdir": str(workdir),
                "parameters": dict(parameters),
            },
            default=str,
        )
    )
    # the child imports what the caller can import (plugins installed or on the test path)
    child_env = {**os.environ, **(env or {}), "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    started = time.monotonic()
    returncode = run_in_own_group(
        recipe,
        [sys.executable, "-m", "phoenix.runners.pychild", str(request)],
        workdir,
        workdir / LOG_NAME,
        child_env,
        timeout_s,
        _tail,
    )
    if returncode != 0:
        raise RecipeError(recipe, returncode, _tail(workdir), str(workdir))
    products = collect_products(workdir)
    if not products:
        raise RecipeError(recipe, 0, _tail(workdir) + "\n(the recipe wrote no product)", str(workdir))
    return RecipeRun(
        recipe, products, str(workdir / LOG_NAME), time.monotonic() - started, RUNNER_VERSION, RUNNER_VERSION
    )


def _tail(workdir: Path) -> str:
    path = workdir / LOG_NAME
    if not path.exists() or not path.stat().st_size:
        return "(no output)"
    return path.read_text(errors="replace")[-LOG_TAIL_CHARS:]
