"""The bodies of the night flows as plain functions, called inside a flow run.

``process_night`` and ``reconstruct_masters`` wrap one night each; ``process_month`` and
``historical_batch`` call them for every night of a month inside their own run, so a month costs
one flow run rather than one subflow run (>= 1.2 s each) per night.
"""

from __future__ import annotations

from prefect import get_run_logger

from flows import tasks
from flows.submit import submit_jobs
from phoenix.config import Settings
from phoenix.db.models import DatasetStatus
from phoenix.production.execute import job_runner_label
from phoenix.types import ChainKind

FINISHED = (DatasetStatus.INGESTED, DatasetStatus.REJECTED)


def calibrate_night(
    settings: Settings, instrument: str, night: str, force: bool = False, dry_run: bool = False
) -> dict:
    """Build and certify the master calibrations of a night from its raw calibrations."""
    logger = get_run_logger()
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


def process_science(
    settings: Settings,
    instrument: str,
    night: str,
    force: bool = False,
    dry_run: bool = False,
    extra: dict | None = None,
) -> dict:
    """The science of a night through the ten steps; ``extra`` joins the summary (and the run record)."""
    logger = get_run_logger()
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
        **(extra or {}),
    }
    if dry_run:
        summary["plan"] = [
            {
                "dataset": j.dataset_name,
                "recipe": j.step.recipe,
                "runner": job_runner_label(j),
                "runs": j.callable_recipe,
                "memory_mb": j.resources.memory_mb,
                "threads": j.resources.threads,
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


def process_month_nights(settings: Settings, instrument: str, month: str, force: bool = False) -> dict:
    """Every night of the month with raw data, calibration then science; settled nights are skipped."""
    nights = tasks.month_nights(settings, instrument, month)
    settled, processed, failed = [], {}, []
    for night in nights:
        if not force and tasks.night_done(settings, instrument, night):
            settled.append(night)
            continue
        calibration = calibrate_night(settings, instrument, night, force=force)
        science = process_science(settings, instrument, night, force=force)
        processed[night] = {
            "masters": len(calibration.get("masters", [])),
            "datasets": science["datasets"],
            "incomplete": science["incomplete"],
            "ran": calibration.get("ran", 0) + science.get("ran", 0),
            "ingested_files": len(science.get("ingested", [])),
            "held_for_review": calibration.get("held_for_review", []) + science.get("held_for_review", []),
        }
        failed += [{"night": night, **f} for f in calibration.get("failed", []) + science.get("failed", [])]
    return {"month": month, "nights": nights, "settled": settled, "processed": processed, "failed": failed}
