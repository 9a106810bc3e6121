"""``batch_month``: one month of a historical batch, under a lease so no two workers run it at once.

Several workers polling one work pool spread a batch: ``historical_batch(..., spread=<deployment>)``
starts one run of this flow's deployment per month and each worker takes whichever it is handed.
"""

from __future__ import annotations

import os

from prefect import flow, get_run_logger
from prefect.task_runners import ThreadPoolTaskRunner

from flows import tasks
from flows.night_steps import process_month_nights
from flows.runtime import context
from phoenix.config import Settings, resolve_settings
from phoenix.production.claims import MONTH, Lease


def claim_and_process_month(settings: Settings, instrument: str, month: str, force: bool = False) -> dict:
    """Process ``month`` if no other worker holds it and it is not done; the outcome as a dict.

    ``outcome`` is ``done``, ``failed``, ``already-done`` or ``busy`` (another worker holds the
    month's lease; that worker finishes it, or another takes it over once a dead one's lease ran out).
    """
    with Lease(context(settings), instrument, MONTH, month) as lease:
        if not lease.held:
            get_run_logger().info("%s %s: another worker holds it", instrument, month)
            return {"month": month, "outcome": "busy"}
        if not force and tasks.month_done(settings, instrument, month):  # finished while we waited
            return {"month": month, "outcome": "already-done"}
        run_id = tasks.start_month(settings, instrument, month)
        summary = process_month_nights(settings, instrument, month, force=force)
        status = "failed" if summary["failed"] else "done"
        tasks.finish_run(settings, run_id, status, summary)
        return {**summary, "outcome": status}


@flow(name="batch-month", task_runner=ThreadPoolTaskRunner(max_workers=os.cpu_count() or 1))
def batch_month(instrument: str, month: str, workspace: str | None = None, force: bool = False) -> dict:
    """One month of a historical batch (``YYYY-MM``): every night, masters then science, under a lease."""
    return claim_and_process_month(resolve_settings(workspace), instrument, month, force=force)
