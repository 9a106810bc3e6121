"""``process_night``: the ten steps of the production line for one instrument and night."""

from __future__ import annotations

import os

from prefect import flow
from prefect.task_runners import ThreadPoolTaskRunner

from flows import tasks
from flows.night_steps import process_science
from flows.reconstruct_masters import reconstruct_masters
from flows.taskrunners import for_subflow
from phoenix.config import resolve_settings


@flow(name="process-night", task_runner=ThreadPoolTaskRunner(max_workers=os.cpu_count() or 1))
def process_night(
    instrument: str,
    night: str,
    workspace: str | None = None,
    force: bool = False,
    dry_run: bool = False,
    complete: bool = False,
    archive: str = "local",
) -> dict:
    """Process a night's science: select, associate, grade, fetch, reduce, QC, Phase 3, ingest.

    ``archive="eso"`` first copies the night's raw frames, their masters and night logs from the
    ESO archive into the local one (the default, ``local``, uses what is already there).

    ``complete`` first rebuilds the master calibrations the night needs (calibration mode).
    ``force`` re-runs jobs that are already done and replaces their products. ``dry_run`` stops
    after planning and returns what would run.
    """
    settings = resolve_settings(workspace)
    fetched = None
    if archive != "local":  # a remote archive is a source: copy the night in, then work locally
        fetched = tasks.fetch_from_archive(settings, instrument, night, archive)
    calibration = None
    if complete:
        calibration = for_subflow(reconstruct_masters)(
            instrument, night, workspace=workspace, force=force, dry_run=dry_run
        )
    extra = {"calibration": calibration, "fetch": fetched}
    return process_science(settings, instrument, night, force=force, dry_run=dry_run, extra=extra)
