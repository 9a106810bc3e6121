"""``process_night``: the ten steps of the production line for one instrument and night."""

from __future__ import annotations

import os

from prefect import flow, get_run_logger
from prefect.task_runners import ThreadPoolTaskRunner

from flows import tasks
from flows.reconstruct_masters import reconstruct_masters
from flows.submit import submit_jobs
from phoenix.config import resolve_settings
from phoenix.db.models import DatasetStatus
from phoenix.types import ChainKind

FINISHED = (DatasetStatus.INGESTED, DatasetStatus.REJECTED)


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
    logger = get_run_logger()
    settings = resolve_settings(workspace)
    fetched = None
    if archive != "local":  # a remote archive is a source: copy the night in, then work locally
        fetched = tasks.fetch_from_archive(settings, instrument, night, archive)
    calibration = None
    if complete:
        calibration = reconstruct_masters(
            instrument, night, workspace=workspace, force=force, dry_run=dry_run
        )
    run_id = tasks.start_run(settings, instrument, night, "dry-run" if dry_run else "science")
    report = tasks.select_frames(settings, instrument, night)  # 1
    for problem in report.problems:
        logger.warning("unusable frame %s: %s", problem.filename, problem.reason)
    found = tasks.define_datasets(settings, instrument, night, ChainKind.SCIENCE)  # 1
    associated = tasks.associate_calibrations(settings, found)  # 2
    graded = tasks.apply_night_log(settings, instrument, night)  # 3
    ready = [d for d in associated if d.status != DatasetStatus.INCOMPLETE]
    jobs = tasks.fetch_inputs(settings, ready)  # 4-5
    summary = {
        "frames": report.frames,
        "problems": [p.__dict__ for p in report.problems],
        "datasets": len(found),
        "incomplete": len(found) - len(ready),
        "graded_obs": graded,
        "jobs": len(jobs),
        "calibration": calibration,
        "fetch": fetched,
    }
    if dry_run:
        summary["plan"] = [
            {
                "dataset": j.dataset_name,
                "recipe": j.step.recipe,
                "sof": [[i.tag, i.path or f"(from {i.from_job[:12]})"] for i in j.inputs],
            }
            for j in jobs
        ]
        tasks.finish_run(settings, run_id, "dry-run", summary)
        return summary
    submitted = submit_jobs(settings, jobs, force)  # 6
    by_id = {d.id: d for d in ready}
    ran, skipped, failed, ingested, held = 0, 0, [], [], []
    for dataset_id, dataset_jobs in submitted.items():
        dataset = by_id[dataset_id]
        outcomes, errors = dataset_jobs.outcomes()
        ran += sum(not o.skipped for o in outcomes)
        skipped += sum(o.skipped for o in outcomes)
        if errors:
            failed.append({"dataset": dataset.name, "error": errors[0][:500]})
            continue
        if all(o.skipped for o in outcomes) and dataset.status in FINISHED and not force:
            continue  # nothing changed since it was ingested or rejected
        tasks.quality_control(settings, dataset)  # 7
        if not tasks.review(settings, dataset, force):  # 8
            held.append(dataset.name)
            continue
        tasks.phase3_headers(settings, dataset)  # 9
        ingested += tasks.ingest(settings, dataset, force)  # 10
    summary.update(ran=ran, skipped=skipped, failed=failed, ingested=ingested, held_for_review=held)
    tasks.finish_run(settings, run_id, "failed" if failed else "done", summary)
    return summary
