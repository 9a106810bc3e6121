"""Which task runner a flow's recipe jobs run on: a thread pool here, or a Dask cluster.

Recipes are external processes, so a thread pool of ``settings.parallel_jobs`` is the default.
``dask`` sends the tasks to a Dask cluster (prefect-dask): ``address`` names a running scheduler
(``tcp://host:8786``); without one a :class:`distributed.LocalCluster` is started for the flow
run with ``parallel_jobs`` single-threaded worker processes. Every Dask worker process bounds its
own recipes by its own settings (flows.runtime.resource_budget: memory, cores, jobs), so on each host start
``dask worker --nworkers 1 --nthreads N`` with N <= cores / OMP_NUM_THREADS (PHOENIX_OMP_THREADS):
recipe threads x jobs then never exceed the host's cores. Dask workers need the Prefect API
(``PREFECT_API_URL``) and the same workspace path (a shared file system) as the flow.
"""

from __future__ import annotations

import enum
from typing import Any

from phoenix.config import Settings


class TaskRunnerKind(enum.StrEnum):
    THREADS = "threads"
    DASK = "dask"


def task_runner(settings: Settings, kind: TaskRunnerKind = TaskRunnerKind.THREADS, address: str = "") -> Any:
    """The Prefect task runner for ``kind`` (``address``: a Dask scheduler to use instead of a local one)."""
    if kind is TaskRunnerKind.THREADS:
        from prefect.task_runners import ThreadPoolTaskRunner

        return ThreadPoolTaskRunner(max_workers=settings.parallel_jobs)
    from prefect_dask import DaskTaskRunner

    if address:
        return DaskTaskRunner(address=address)
    return DaskTaskRunner(
        cluster_class="distributed.LocalCluster",
        cluster_kwargs={"n_workers": settings.parallel_jobs, "threads_per_worker": 1, "processes": True},
    )
