"""Submitting a night's jobs: one task per dataset x recipe run, each after the jobs it needs."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from prefect.futures import PrefectFuture
from prefect.states import State

from flows.tasks import run_recipe
from phoenix.config import Settings
from phoenix.production.execute import JobOutcome
from phoenix.production.plan import PlannedJob


@dataclass
class DatasetJobs:
    """The submitted jobs of one dataset."""

    dataset_id: int
    futures: list[PrefectFuture] = field(default_factory=list)

    def outcomes(self) -> tuple[list[JobOutcome], list[str]]:
        """Wait for the jobs: the outcomes of those that ran, and the errors of those that did not."""
        done, errors = [], []
        for future in self.futures:
            result = future.result(raise_on_failure=False)
            if isinstance(result, State):
                errors.append(_message(result))
            elif isinstance(result, BaseException):
                errors.append(str(result))
            else:
                done.append(result)
        return done, errors


def submit_jobs(settings: Settings, jobs: list[PlannedJob], force: bool) -> dict[int, DatasetJobs]:
    """Submit every job once its predecessors' futures exist; returns the futures per dataset."""
    by_id: dict[str, PrefectFuture] = {}
    per_dataset: dict[int, DatasetJobs] = defaultdict(lambda: DatasetJobs(0))
    for job in jobs:  # plan order puts every job after the jobs it depends on
        waits = [by_id[d] for d in job.depends_on if d in by_id]
        future = run_recipe.with_options(task_run_name=f"{job.step.recipe} {job.dataset_name}").submit(
            settings, job, force, wait_for=waits
        )
        by_id[job.job_id] = future
        entry = per_dataset[job.dataset_id]
        entry.dataset_id = job.dataset_id
        entry.futures.append(future)
    return dict(per_dataset)


def _message(state: State) -> str:
    try:
        state.result()
    except Exception as exc:
        return str(exc)
    return state.message or state.name or "failed"
