"""What every recipe runner returns, and how products are recognised."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from astropy.io import fits

from phoenix import keywords as kw
from phoenix.errors import RecipeTimeoutError
from phoenix.types import frozen_mapping


@dataclass(frozen=True)
class SofEntry:
    """One line of a set-of-frames: a file and its tag."""

    path: str
    tag: str


@dataclass(frozen=True)
class ProductFile:
    """A file a recipe wrote, classified by its PRO.CATG, with the ``ESO QC *`` cards of its headers."""

    path: str
    category: str
    qc: Mapping[str, Any] = field(default_factory=frozen_mapping)
    pipeline: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "qc", frozen_mapping(self.qc))


@dataclass(frozen=True)
class RecipeRun:
    """The outcome of one successful recipe run."""

    recipe: str
    products: tuple[ProductFile, ...]
    log_file: str
    wall_s: float
    pipeline_version: str
    runner_version: str

    def by_category(self) -> dict[str, tuple[str, ...]]:
        """PRO.CATG to the files of that category."""
        out: dict[str, list[str]] = {}
        for p in self.products:
            out.setdefault(p.category, []).append(p.path)
        return {k: tuple(v) for k, v in out.items()}


def read_product(path: Path) -> ProductFile | None:
    """Classify a FITS file by PRO.CATG and collect its ``ESO QC *`` values (None if not a product)."""
    try:
        with fits.open(path, memmap=False) as hdul:
            primary = hdul[0].header
            category = primary.get(kw.PRO_CATG)
            if not category:
                return None
            qc: dict[str, Any] = {}
            for hdu in hdul:
                for key, value in hdu.header.items():
                    if key.startswith(kw.QC_PREFIX) and key not in qc:
                        qc[key] = value
            pipeline = str(primary.get(kw.PRO_REC1_PIPE_ID, ""))
    except OSError:
        return None
    return ProductFile(str(path), str(category).strip(), qc, pipeline)


def collect_products(output_dir: Path) -> tuple[ProductFile, ...]:
    """Every product in ``output_dir``, sorted by file name."""
    found = (read_product(p) for p in sorted(output_dir.glob("*.fits")))
    return tuple(p for p in found if p is not None)


def run_in_own_group(
    recipe: str,
    cmd: Sequence[str],
    workdir: Path,
    output: Path,
    env: Mapping[str, str],
    timeout_s: float,
    tail: Callable[[Path], str],
) -> int:
    """Run ``cmd`` in ``workdir`` in a process group of its own, its output to ``output``.

    Returns the exit code. At ``timeout_s`` the whole group (the recipe and anything it started)
    is killed and :class:`RecipeTimeoutError` raised with ``tail(workdir)``.
    """
    with open(output, "wb") as out:
        proc = subprocess.Popen(
            list(cmd),
            cwd=workdir,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=dict(env),
            start_new_session=True,
        )
        try:
            return proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            raise RecipeTimeoutError(
                recipe, -9, tail(workdir) + f"\n(killed after {timeout_s:.0f} s)", str(workdir)
            ) from None
