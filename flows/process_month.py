"""``process_month``: the stream, every night of a month, calibration first, then science."""

from __future__ import annotations

import os

from prefect import flow
from prefect.runtime import flow_run
from prefect.task_runners import ThreadPoolTaskRunner

from flows.night_steps import process_month_nights
from phoenix.config import resolve_settings
from phoenix.production.batch import previous_month


@flow(name="process-month", task_runner=ThreadPoolTaskRunner(max_workers=os.cpu_count() or 1))
def process_month(
    instrument: str, month: str | None = None, workspace: str | None = None, force: bool = False
) -> dict:
    """Process every night of ``month`` (``YYYY-MM``) that has raw data and is not settled yet.

    Each night builds and certifies its masters, then processes its science with them; a night
    whose frames are all known and whose datasets are all ingested, rejected, in review or
    proprietary is skipped (the bookkeeping decides, not Prefect's cache). Without ``month`` (a
    scheduled run), the month before the run's scheduled time in Garching (Europe/Berlin).
    All nights run inside this one flow run, not as one subflow each.
    """
    settings = resolve_settings(workspace)
    month = month or previous_month(flow_run.get_scheduled_start_time())
    return process_month_nights(settings, instrument, month, force=force)
