"""A simulated night through the engine, in process and without Prefect, for conformance tests.

The steps are the production line's, in the flows' order, run one job at a time: classify,
define datasets, associate, build and certify the masters, then the science, its Phase 3
products and their ingestion. QC scoring and review are engine policy, not plugin contract, and
are left out. Everything lands in a workspace of its own (SQLite, local archive), whatever the
``PHOENIX_*`` environment says.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from phoenix.config import resolve_settings
from phoenix.db.models import Dataset, DatasetStatus
from phoenix.plugins import Instruments
from phoenix.production.associate import associate_datasets
from phoenix.production.context import Context, open_context
from phoenix.production.datasets import define_datasets
from phoenix.production.execute import run_job
from phoenix.production.nightlog import apply_night_log, night_log_path
from phoenix.production.plan import plan_dataset
from phoenix.production.publish import certify_masters, ingest_products, prepare_phase3
from phoenix.production.scan import FrameProblem, scan_night
from phoenix.types import ChainKind, NightSimulation


@dataclass(frozen=True)
class NightRun:
    """What a processed night left: datasets, masters, products and every failure, by dataset."""

    ctx: Context
    simulation: NightSimulation
    calibration: tuple[Dataset, ...]
    science: tuple[Dataset, ...]
    masters: tuple[str, ...]
    products: tuple[str, ...]
    failures: tuple[str, ...]
    frame_problems: tuple[FrameProblem, ...]


def open_workspace(instruments: Instruments, workspace: Path) -> Context:
    """An engine context on ``workspace`` with its own SQLite bookkeeping and one worker."""
    overrides = {"database_url": f"sqlite:///{workspace / 'phoenix.db'}", "max_workers": 1}
    return open_context(resolve_settings(workspace, overrides), instruments)


def simulate(
    instruments: Instruments, instrument: str, night: str, destination: Path, options: Any
) -> NightSimulation:
    """Call the plugin's simulator into ``destination`` (created empty)."""
    destination.mkdir(parents=True, exist_ok=False)
    return instruments.call(
        instrument, "phoenix_simulate_night", night=night, destination=str(destination), options=dict(options)
    )


def stage_simulation(ctx: Context, instrument: str, night: str, simulation: NightSimulation) -> None:
    """Archive copies of a simulated night's raw frames, static calibrations and night log."""
    for raw in simulation.raw_files:
        ctx.archive.ingest(Path(raw), kind="raw", instrument=instrument, night=night)
    for category, path in simulation.static_files.items():
        ctx.archive.ingest(Path(path), kind="static", instrument=instrument, category=category)
    log = night_log_path(ctx, instrument, night)
    log.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(simulation.night_log, log)


def process_simulated_night(
    instruments: Instruments, instrument: str, night: str, workspace: Path, options: Any = None
) -> NightRun:
    """Simulate ``night`` with the plugin, then run it through the engine in ``workspace``."""
    ctx = open_workspace(instruments, workspace)
    simulation = simulate(instruments, instrument, night, workspace / "simulated", options or {})
    stage_simulation(ctx, instrument, night, simulation)
    report = scan_night(ctx, instrument, night)
    calibration, masters, calib_failures = _reduce(ctx, instrument, night, ChainKind.CALIBRATION)
    science, products, science_failures = _reduce(ctx, instrument, night, ChainKind.SCIENCE)
    return NightRun(
        ctx=ctx,
        simulation=simulation,
        calibration=calibration,
        science=science,
        masters=tuple(masters),
        products=tuple(products),
        failures=tuple(calib_failures + science_failures),
        frame_problems=report.problems,
    )


def _reduce(
    ctx: Context, instrument: str, night: str, kind: ChainKind
) -> tuple[tuple[Dataset, ...], list[str], list[str]]:
    datasets = associate_datasets(ctx, define_datasets(ctx, instrument, night, kind))
    if kind is ChainKind.SCIENCE:
        apply_night_log(ctx, instrument, night)
    outputs: list[str] = []
    failures: list[str] = []
    for dataset in datasets:
        if dataset.status == DatasetStatus.INCOMPLETE:
            failures.append(f"{dataset.name}: incomplete: {dataset.message}")
            continue
        try:
            for job in plan_dataset(ctx, dataset):
                run_job(ctx, job)
            if kind is ChainKind.CALIBRATION:
                outputs += certify_masters(ctx, dataset)
            else:
                prepare_phase3(ctx, dataset)
                outputs += ingest_products(ctx, dataset)
        except Exception as exc:  # a conformance failure to report, whatever raised it
            failures.append(f"{dataset.name}: {type(exc).__name__}: {exc}")
    return tuple(datasets), outputs, failures
