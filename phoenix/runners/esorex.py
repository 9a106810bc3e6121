"""Run an ESO pipeline recipe through ``esorex``.

Per job: a SOF and an ``.rc`` file are written into the job's directory, esorex runs there with
``--output-dir`` and ``--log-file``, products are classified by PRO.CATG and their QC values read.
Every call has a time limit (one MUSE failure mode hangs a recipe for ever).
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from phoenix.errors import RecipeError
from phoenix.runners.base import RecipeRun, SofEntry, collect_products, run_in_own_group

DEFAULT_RECIPE_DIR = "/usr/lib/x86_64-linux-gnu/cpl/plugins"
LOG_TAIL_LINES = 25


def find_esorex(esorex: str | None = None) -> str:
    """Path of the esorex binary, or a RecipeError saying how to install it."""
    found = shutil.which(esorex or "esorex")
    if not found:
        raise RecipeError(
            "esorex", 127, "esorex is not installed: apt-get install esorex cpl-plugin-uves", workdir="-"
        )
    return found


@functools.cache
def esorex_version(esorex: str) -> str:
    """esorex's own version, e.g. ``3.13.6``."""
    out = subprocess.run([esorex, "--version"], capture_output=True, text=True, timeout=60).stdout
    match = re.search(r"version\s+([0-9][0-9.]*)", out)
    return match.group(1) if match else "unknown"


def write_sof(path: Path, entries: Sequence[SofEntry]) -> None:
    path.write_text("".join(f"{Path(e.path).resolve()} {e.tag}\n" for e in entries))


def write_rc(path: Path, recipe_dir: str, output_dir: Path, log_dir: Path) -> None:
    settings = {
        "esorex.caller.recipe-dir": recipe_dir,
        "esorex.caller.output-dir": str(output_dir),
        "esorex.caller.log-dir": str(log_dir),
        "esorex.caller.suppress-prefix": "TRUE",
        "esorex.caller.output-readonly": "FALSE",
        "esorex.caller.check-sof-exist": "TRUE",
        "esorex.caller.time": "TRUE",
    }
    path.write_text("".join(f"{k}={v}\n" for k, v in settings.items()))


def format_parameters(parameters: Mapping[str, Any]) -> list[str]:
    def fmt(v: Any) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        return str(v)

    return [f"--{k}={fmt(v)}" for k, v in sorted(parameters.items())]


def run_esorex(
    recipe: str,
    sof: Sequence[SofEntry],
    workdir: Path,
    parameters: Mapping[str, Any] | None = None,
    *,
    timeout_s: float = 1800.0,
    esorex: str | None = None,
    recipe_dir: str = DEFAULT_RECIPE_DIR,
    env: Mapping[str, str] | None = None,
) -> RecipeRun:
    """Run ``recipe`` on ``sof`` in ``workdir`` and return its classified products.

    ``workdir`` gets ``input.sof``, ``esorex.rc``, ``esorex.log`` and the products.
    Raises :class:`RecipeError` (with the log tail) on a non-zero exit or when no product was
    written, :class:`RecipeTimeoutError` when the time limit is hit.
    """
    binary = find_esorex(esorex)
    workdir.mkdir(parents=True, exist_ok=True)
    sof_path, rc_path, log_path = workdir / "input.sof", workdir / "esorex.rc", workdir / "esorex.log"
    write_sof(sof_path, sof)
    write_rc(rc_path, recipe_dir, workdir, workdir)
    cmd = [
        binary,
        f"--config={rc_path}",
        f"--recipe-dir={recipe_dir}",
        f"--output-dir={workdir}",
        f"--log-dir={workdir}",
        f"--log-file={log_path.name}",
        recipe,
        *format_parameters(parameters or {}),
        str(sof_path),
    ]
    run_env = {**os.environ, **(env or {})}
    started = time.monotonic()
    returncode = run_in_own_group(recipe, cmd, workdir, workdir / "esorex.out", run_env, timeout_s, _tail)
    wall = time.monotonic() - started
    if returncode != 0:
        raise RecipeError(recipe, returncode, _tail(workdir), str(workdir))
    products = collect_products(workdir)
    if not products:
        raise RecipeError(
            recipe, 0, _tail(workdir) + "\n(esorex exited 0 but wrote no product)", str(workdir)
        )
    pipeline = next((p.pipeline for p in products if p.pipeline), "")
    return RecipeRun(recipe, products, str(log_path), wall, pipeline, esorex_version(binary))


def _tail(workdir: Path) -> str:
    for name in ("esorex.log", "esorex.out"):
        path = workdir / name
        if path.exists() and path.stat().st_size:
            lines = path.read_text(errors="replace").splitlines()
            errors = [ln for ln in lines if "ERROR" in ln]
            tail = lines[-LOG_TAIL_LINES:]
            return "\n".join(dict.fromkeys(errors[:5] + tail))
    return "(no log written)"
