"""``reconstruct_masters``: the calibration mode, raw calibrations to certified masters."""

from __future__ import annotations

import os

from prefect import flow, get_run_logger
from prefect.task_runners import ThreadPoolTaskRunner

from flows import tasks
from flows.submit import submit_jobs
from phoenix.config import resolve_settings
from phoenix.db.models import DatasetStatus
from phoenix.types import ChainKind


@flow(name="reconstruct-masters", task_runner=ThreadPoolTaskRunner(max_workers=os.cpu_count() or 1))
def reconstruct_masters(
    instrument: str, night: str, workspace: str | None = None, force: bool = False, dry_run: bool = False
) -> dict:
    """Build and certify the master calibrations of a night from its raw calibrations."""
    logger = get_run_logger()
    settings = resolve_settings(workspace)
    run_id = tasks.start_run(settings, instrument, night, "calibration")
    report = tasks.select_frames(settings, instrument, night)
    for problem in report.problems:
        logger.warning("unusable frame %s: %s", problem.filename, problem.reason)
    found = tasks.define_datasets(settings, instrument, night, ChainKind.CALIBRATION)
    associated = tasks.associate_calibrations(settings, found)
    ready = [d for d in associated if d.status != DatasetStatus.INCOMPLETE]
    jobs = tasks.fetch_inputs(settings, ready)
    summary = {"calibration_datasets": len(found), "incomplete": len(found) - len(ready), "jobs": len(jobs)}
    if dry_run:
        tasks.finish_run(settings, run_id, "dry-run", summary)
        return summary
    submitted = submit_jobs(settings, jobs, force)
    by_id = {d.id: d for d in ready}
    masters, failed, held, ran = [], [], [], 0
    for dataset_id, dataset_jobs in submitted.items():
        dataset = by_id[dataset_id]
        outcomes, errors = dataset_jobs.outcomes()
        ran += sum(not o.skipped for o in outcomes)
        if errors:
            failed.append({"dataset": dataset.name, "error": errors[0][:500]})
            continue
        if all(o.skipped for o in outcomes) and dataset.status == DatasetStatus.INGESTED and not force:
            continue  # its masters are certified already
        tasks.quality_control(settings, dataset)
        if not tasks.review(settings, dataset, force):
            held.append(dataset.name)
            continue
        masters += tasks.certify_masters(settings, dataset, force)
    summary.update(ran=ran, masters=masters, failed=failed, held_for_review=held)
    tasks.finish_run(settings, run_id, "failed" if failed else "done", summary)
    return summary
