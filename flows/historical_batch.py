"""``historical_batch``: months of an instrument's history, one after the other or spread, resumable."""

from __future__ import annotations

import os
import time

from prefect import flow
from prefect.task_runners import ThreadPoolTaskRunner

from flows import tasks
from flows.batch_month import claim_and_process_month
from phoenix.config import resolve_settings
from phoenix.production.batch import month_range

SPREAD_POLL_S = 5.0


@flow(name="historical-batch", task_runner=ThreadPoolTaskRunner(max_workers=os.cpu_count() or 1))
def historical_batch(
    instrument: str,
    start: str,
    end: str,
    dry_run: bool = False,
    workspace: str | None = None,
    force: bool = False,
    spread: str | None = None,
) -> dict:
    """Process the months ``start`` to ``end`` (``YYYY-MM``, inclusive) month by month.

    Each month is recorded as a run in the bookkeeping: a restarted batch skips the months that
    finished and redoes the one that was interrupted, where jobs already done are skipped by their
    identity. A month is processed under a lease (:mod:`phoenix.production.claims`), so two
    batches, or two workers, never work on the same month at once. ``dry_run`` scans, defines and
    associates without running a recipe, and writes a report (JSON and Markdown) under
    ``<workspace>/reports/batch/``.

    ``spread`` names a ``batch-month`` deployment (e.g. ``batch-month/uves-batch-month``): each
    month not done becomes one run of it, which the workers polling its work pool share; this run
    waits for them and reports each month's final state.
    """
    settings = resolve_settings(workspace)
    months = month_range(start, end)
    if dry_run:
        run_id = tasks.start_run(settings, instrument, f"{start}..{end}", "batch-dry-run")
        history = tasks.recipe_history(settings, instrument)
        months_planned = tasks.plan_months(settings, instrument, months)
        planned = [tasks.month_report(settings, instrument, months_planned[m], history) for m in months]
        report = tasks.write_batch_report(settings, instrument, start, end, planned)
        summary = {k: report[k] for k in ("datasets", "incomplete", "estimated_recipe_s", "json", "markdown")}
        tasks.finish_run(settings, run_id, "dry-run", summary)
        return {**summary, "months": planned}
    finished = [m for m in months if not force and tasks.month_done(settings, instrument, m)]
    todo = [m for m in months if m not in finished]
    if spread:
        states = _spread(spread, instrument, todo, workspace, force)
        failed = [{"month": m, "state": s} for m, s in states.items() if s != "COMPLETED"]
        return {
            "months": months,
            "already_done": finished,
            "spread": states,
            "processed": {},
            "failed": failed,
        }
    processed, busy, failed = {}, [], []
    for month in todo:
        summary = claim_and_process_month(settings, instrument, month, force=force)
        if summary["outcome"] == "busy":
            busy.append(month)
        elif summary["outcome"] == "already-done":
            finished.append(month)
        else:
            processed[month] = summary
            failed += [{"month": month, **f} for f in summary["failed"]]
    return {
        "months": months,
        "already_done": finished,
        "busy": busy,
        "processed": processed,
        "failed": failed,
    }


def _spread(deployment: str, instrument: str, months: list[str], workspace: str | None, force: bool) -> dict:
    """One run of ``deployment`` per month, then wait: month -> the final state's type (COMPLETED...)."""
    from prefect.client.orchestration import get_client
    from prefect.deployments import run_deployment

    runs = {
        month: run_deployment(
            deployment,
            parameters={"instrument": instrument, "month": month, "workspace": workspace, "force": force},
            timeout=0,
        ).id
        for month in months
    }
    states: dict[str, str] = {}
    with get_client(sync_client=True) as client:
        while len(states) < len(runs):
            for month, run_id in runs.items():
                state = client.read_flow_run(run_id).state
                if month not in states and state is not None and state.is_final():
                    states[month] = state.type.value
            if len(states) < len(runs):
                time.sleep(SPREAD_POLL_S)
    return states
