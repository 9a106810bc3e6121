"""``reconstruct_masters``: the calibration mode, raw calibrations to certified masters."""

from __future__ import annotations

import os

from prefect import flow
from prefect.task_runners import ThreadPoolTaskRunner

from flows.night_steps import calibrate_night
from phoenix.config import resolve_settings


@flow(name="reconstruct-masters", task_runner=ThreadPoolTaskRunner(max_workers=os.cpu_count() or 1))
def reconstruct_masters(
    instrument: str, night: str, workspace: str | None = None, force: bool = False, dry_run: bool = False
) -> dict:
    """Build and certify the master calibrations of a night from its raw calibrations."""
    settings = resolve_settings(workspace)
    return calibrate_night(settings, instrument, night, force=force, dry_run=dry_run)
