"""``historical_batch``: months of an instrument's history, one after the other, resumable."""

from __future__ import annotations

import os

from prefect import flow
from prefect.task_runners import ThreadPoolTaskRunner

from flows import tasks
from flows.night_steps import process_month_nights
from phoenix.config import resolve_settings
from phoenix.production.batch import month_range


@flow(name="historical-batch", task_runner=ThreadPoolTaskRunner(max_workers=os.cpu_count() or 1))
def historical_batch(
    instrument: str,
    start: str,
    end: str,
    dry_run: bool = False,
    workspace: str | None = None,
    force: bool = False,
) -> dict:
    """Process the months ``start`` to ``end`` (``YYYY-MM``, inclusive) month by month.

    Each month is recorded as a run in the bookkeeping: a restarted batch skips the months that
    finished and redoes the one that was interrupted, where jobs already done are skipped by their
    identity. ``dry_run`` scans, defines and associates without running a recipe, and writes a
    report (JSON and Markdown) under ``<workspace>/reports/batch/``.
    """
    settings = resolve_settings(workspace)
    months = month_range(start, end)
    if dry_run:
        run_id = tasks.start_run(settings, instrument, f"{start}..{end}", "batch-dry-run")
        history = tasks.recipe_history(settings, instrument)
        planned = [tasks.dry_run_month(settings, instrument, month, history) for month in months]
        report = tasks.write_batch_report(settings, instrument, start, end, planned)
        summary = {k: report[k] for k in ("datasets", "incomplete", "estimated_recipe_s", "json", "markdown")}
        tasks.finish_run(settings, run_id, "dry-run", summary)
        return {**summary, "months": planned}
    finished, processed, failed = [], {}, []
    for month in months:
        if not force and tasks.month_done(settings, instrument, month):
            finished.append(month)
            continue
        run_id = tasks.start_month(settings, instrument, month)
        summary = process_month_nights(settings, instrument, month, force=force)
        tasks.finish_run(settings, run_id, "failed" if summary["failed"] else "done", summary)
        processed[month] = summary
        failed += [{"month": month, **f} for f in summary["failed"]]
    return {"months": months, "already_done": finished, "processed": processed, "failed": failed}
