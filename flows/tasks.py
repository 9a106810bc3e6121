"""Thin Prefect tasks, one per step of the production line; each calls the engine and returns."""

from __future__ import annotations

from prefect import task

from flows.runtime import context, resource_budget
from phoenix.config import Settings
from phoenix.db.models import Dataset
from phoenix.production import (
    associate,
    batch,
    batchreport,
    datasets,
    execute,
    nightlog,
    plan,
    planning,
    publish,
    quality,
    runs,
    scan,
)
from phoenix.production import fetch as remote
from phoenix.types import ChainKind

# Retries are for infrastructure (a locked database, a full disk that was freed); a recipe that
# fails on its data fails the same way again, so recipe tasks never retry.
IO_RETRIES = {"retries": 2, "retry_delay_seconds": 5}


@task(name="start-run")
def start_run(settings: Settings, instrument: str, night: str, mode: str) -> int:
    return runs.start_run(context(settings), instrument, night, mode)


@task(name="finish-run")
def finish_run(settings: Settings, run_id: int, status: str, summary: dict) -> None:
    runs.finish_run(context(settings), run_id, status, summary)


@task(name="0-fetch-from-archive")
def fetch_from_archive(settings: Settings, instrument: str, night: str, archive: str) -> dict:
    """Copy the night from a remote archive (``eso``) into the local one; the report as a dict."""
    return remote.fetch_from_archive(context(settings), instrument, night, archive).as_record()


@task(name="1-select-frames", **IO_RETRIES)
def select_frames(settings: Settings, instrument: str, night: str) -> scan.ScanReport:
    return scan.scan_night(context(settings), instrument, night)


@task(name="1-define-datasets")
def define_datasets(settings: Settings, instrument: str, night: str, kind: ChainKind) -> list[Dataset]:
    return datasets.define_datasets(context(settings), instrument, night, kind)


@task(name="2-associate")
def associate_calibrations(settings: Settings, found: list[Dataset]) -> list[Dataset]:
    return associate.associate_datasets(context(settings), found)


@task(name="3-night-log")
def apply_night_log(settings: Settings, instrument: str, night: str) -> int:
    return nightlog.apply_night_log(context(settings), instrument, night)


@task(name="4-5-fetch-inputs", **IO_RETRIES)
def fetch_inputs(settings: Settings, ready: list[Dataset]) -> list[plan.PlannedJob]:
    ctx = context(settings)
    return [job for dataset in ready for job in plan.plan_dataset(ctx, dataset)]


@task(name="6-run-recipe")
def run_recipe(settings: Settings, job: plan.PlannedJob, force: bool) -> execute.JobOutcome:
    ctx = context(settings)
    skipped = None if force else execute.already_done(ctx, job)
    if skipped is not None:
        return skipped  # a skip needs no resources
    execute.check_resources(ctx, job, resource_budget(settings))
    with resource_budget(settings).reserve(job.label, job.resources):
        # run_job looks again: an identical job of another dataset may have finished meanwhile
        return execute.run_job(ctx, job, force=force)


@task(name="7-quality-control")
def quality_control(settings: Settings, dataset: Dataset) -> str:
    return quality.quality_control(context(settings), dataset).value


@task(name="8-review")
def review(settings: Settings, dataset: Dataset, reopen: bool) -> bool:
    return quality.review_gate(context(settings), dataset, reopen=reopen)


@task(name="9-phase3-headers")
def phase3_headers(settings: Settings, dataset: Dataset) -> list[str]:
    return publish.prepare_phase3(context(settings), dataset)


@task(name="10-ingest", **IO_RETRIES)
def ingest(settings: Settings, dataset: Dataset, force: bool) -> list[str]:
    return publish.ingest_products(context(settings), dataset, force=force)


@task(name="10-certify-masters", **IO_RETRIES)
def certify_masters(settings: Settings, dataset: Dataset, force: bool) -> list[str]:
    return publish.certify_masters(context(settings), dataset, force=force)


@task(name="month-nights")
def month_nights(settings: Settings, instrument: str, month: str) -> list[str]:
    return batch.month_nights(context(settings), instrument, month)


@task(name="night-done")
def night_done(settings: Settings, instrument: str, night: str) -> bool:
    return batch.night_done(context(settings), instrument, night)


@task(name="month-done")
def month_done(settings: Settings, instrument: str, month: str) -> bool:
    return batch.month_done(context(settings), instrument, month)


@task(name="start-month")
def start_month(settings: Settings, instrument: str, month: str) -> int:
    return batch.start_month(context(settings), instrument, month)


@task(name="recipe-history")
def recipe_history(settings: Settings, instrument: str) -> dict[str, float]:
    return batchreport.recipe_seconds(context(settings), instrument)


@task(name="plan-months", **IO_RETRIES)
def plan_months(settings: Settings, instrument: str, months: list[str]) -> dict[str, dict]:
    """Scan, classify, define and associate the months' nights (no job), over ``cores`` processes."""
    return planning.plan_months(context(settings), instrument, months, workers=settings.cores)


@task(name="month-report")
def month_report(settings: Settings, instrument: str, planned: dict, history: dict[str, float]) -> dict:
    """What a planned month holds and would cost."""
    return batchreport.month_report(context(settings), instrument, planned, history)


@task(name="write-batch-report")
def write_batch_report(
    settings: Settings, instrument: str, first: str, last: str, months: list[dict]
) -> dict:
    return batchreport.write_report(context(settings), instrument, first, last, months)
