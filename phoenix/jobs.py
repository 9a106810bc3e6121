"""Content-addressed job identity.

A job is the same job when the instrument plugin version, the pipeline version, the recipe, its
parameters and the checksums of its inputs are the same; then its result is the same, so a job
already done is skipped (unless forced).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any


def job_identity(
    *,
    instrument: str,
    plugin_version: str,
    pipeline_version: str,
    recipe: str,
    parameters: Mapping[str, Any],
    inputs: Sequence[tuple[str, str]],
) -> str:
    """sha256 over the canonical JSON of everything that determines a job's result.

    ``inputs`` are ``(tag, checksum)`` pairs; their order does not matter.
    """
    payload = {
        "instrument": instrument,
        "plugin": plugin_version,
        "pipeline": pipeline_version,
        "recipe": recipe,
        "parameters": {k: parameters[k] for k in sorted(parameters)},
        "inputs": sorted([list(pair) for pair in inputs]),
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def installed_pipeline_version(recipe_dir: str, pipeline: str) -> str:
    """The version of an installed CPL pipeline, from its plugin directory (``uves-6.1.8``)."""
    found = sorted(Path(recipe_dir).glob(f"{pipeline}-*"))
    return found[-1].name if found else f"{pipeline}-unknown"


def pipeline_installed(recipe_dir: str, pipeline: str) -> bool:
    """True when the CPL pipeline's plugin directory (``<recipe_dir>/<pipeline>-*``) exists."""
    return any(Path(recipe_dir).glob(f"{pipeline}-*"))
