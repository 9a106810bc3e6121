"""``deep_cube``: every reduced exposure of one target and setup, across OBs and nights, in one cube.

Reads top to bottom as the steps: select the finished OBs and their reduced exposures, define
the deep dataset, run the combination as an engine job (so it is skipped when done and waits for
memory like any other job), write and validate the cube products, ingest them.
"""

from __future__ import annotations

from prefect import flow, task

from flows import tasks
from flows.runtime import context
from phoenix.config import Settings, resolve_settings
from phoenix.db.models import DatasetStatus
from phoenix.production import deep


@task(name="deep-select")
def select_exposures(settings: Settings, instrument: str, target: str) -> list[deep.DeepSelection]:
    return deep.select_exposures(context(settings), instrument, target)


@task(name="deep-plan")
def plan_combination(settings: Settings, instrument: str, selection: deep.DeepSelection) -> tuple:
    ctx = context(settings)
    dataset = deep.define_deep_dataset(ctx, instrument, selection)
    return dataset, deep.plan_deep(ctx, dataset, selection)


@task(name="deep-phase3")
def phase3(settings: Settings, dataset, job) -> list[str]:  # type: ignore[no-untyped-def]
    return deep.publish_deep(context(settings), dataset, job)


@flow(name="deep-cube")
def deep_cube(instrument: str, target: str, workspace: str | None = None, force: bool = False) -> dict:
    """Combine all reduced exposures of ``target`` (per setup) into deep cubes, validated and ingested."""
    settings = resolve_settings(workspace)
    summary: dict = {"instrument": instrument, "target": target, "deep": []}
    for selection in select_exposures(settings, instrument, target):
        dataset, job = plan_combination(settings, instrument, selection)
        outcome = tasks.run_recipe(settings, job, force)
        settled = outcome.skipped and not force and dataset.status == DatasetStatus.INGESTED
        written = [] if settled else phase3(settings, dataset, job)  # done and ingested: nothing to redo
        ingested = [] if settled else tasks.ingest(settings, dataset, force)
        summary["deep"].append(
            {
                "dataset": dataset.name,
                "obs": [d.name for d in selection.datasets],
                "exposures": len(selection.reduced),
                "skipped": outcome.skipped,
                "products": written,
                "ingested": ingested,
            }
        )
    return summary
