"""Put a simulated night into the archive, as the observatory would deliver it."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from phoenix.production.context import Context
from phoenix.production.nightlog import night_log_path


@dataclass(frozen=True)
class SimulatedNight:
    instrument: str
    night: str
    raw_files: int
    static_files: tuple[str, ...]
    truth_dir: str


def simulate_night(
    ctx: Context, instrument: str, night: str, options: Mapping[str, Any] | None = None
) -> SimulatedNight:
    """Have the plugin simulate a night, then archive its raw frames, static tables and night log.

    The injected truth goes to ``<workspace>/truth/<instrument>/<night>/``, outside the archive.
    """
    staging_root = ctx.settings.workspace / "staging"
    staging_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{instrument}-{night}-", dir=staging_root))
    try:
        sim = ctx.instruments.call(
            instrument,
            "phoenix_simulate_night",
            night=night,
            destination=str(staging),
            options=dict(options or {}),
        )
        for raw in sim.raw_files:
            ctx.archive.ingest(Path(raw), kind="raw", instrument=instrument, night=night, move=True)
        static = []
        for category, path in sim.static_files.items():
            entry = ctx.archive.ingest(Path(path), kind="static", instrument=instrument, category=category)
            static.append(entry.name)
        log = night_log_path(ctx, instrument, night)
        log.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(sim.night_log, log)
        truth_dir = ctx.settings.workspace / "truth" / instrument / night
        if truth_dir.exists():
            shutil.rmtree(truth_dir)
        shutil.copytree(Path(sim.truth).parent, truth_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return SimulatedNight(instrument, night, len(sim.raw_files), tuple(static), str(truth_dir))
