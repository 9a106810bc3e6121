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


def for_subflow(flow: Any) -> Any:
    """``flow`` with the task runner of the flow run calling it, so a subflow's jobs go where the
    caller's go: the same Dask cluster (by its scheduler's address), or a thread pool of the
    same size. Outside a flow run, ``flow`` as it is."""
    from prefect.context import FlowRunContext

    ctx = FlowRunContext.get()
    runner = getattr(ctx, "task_runner", None)
    if runner is None:
        return flow
    if type(runner).__name__ == "DaskTaskRunner":
        from prefect_dask import DaskTaskRunner

        # the caller's client (made on first use, with its local cluster) knows the scheduler
        address = runner.address or runner.client.scheduler.address
        return flow.with_options(task_runner=DaskTaskRunner(address=address))
    return flow.with_options(task_runner=runner.duplicate())
