"""One night's recipe jobs on a Dask cluster (a LocalCluster of two worker processes) through prefect-dask."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from flows.runtime import context
from flows.taskrunners import TaskRunnerKind, task_runner
from phoenix.config import resolve_settings
from phoenix.db.models import Dataset, Job
from phoenix.production.simulate import simulate_night
from tests.conftest import needs_esorex

pytestmark = [pytest.mark.slow, pytest.mark.esorex, needs_esorex()]
NIGHT = "2016-05-03"


def test_a_night_completes_with_its_jobs_on_dask_workers(tmp_path: Path, prefect_server: None) -> None:
    from distributed import Client, LocalCluster, get_task_stream

    from flows.process_night import process_night

    workspace = tmp_path / "ws"
    settings = resolve_settings(workspace, {"max_workers": 1})
    ctx = context(settings)
    simulate_night(ctx, "uves", NIGHT, {"sources": 1, "arms": ("BLUE",)})

    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        runner = task_runner(settings, TaskRunnerKind.DASK, cluster.scheduler_address)
        with get_task_stream(client) as stream:
            # masters (a subflow, on the caller's cluster), then science
            summary = process_night.with_options(task_runner=runner)(
                "uves", NIGHT, workspace=str(workspace), complete=True
            )
            masters = summary["calibration"]
        workers = set(cluster.scheduler.workers)

    assert masters["failed"] == [] and len(masters["masters"]) >= 1
    assert summary["failed"] == []
    assert len(summary["ingested"]) >= 1
    with ctx.db.session() as session:
        jobs = list(session.exec(select(Job)))
        science = list(session.exec(select(Dataset).where(Dataset.kind == "science")))
    assert jobs and {j.status for j in jobs} == {"done"}
    assert science and {d.status for d in science} == {"ingested"}
    # every recipe job ran as a Dask task on one of the cluster's worker processes
    ran_on = [t["worker"] for t in stream.data]
    assert len(ran_on) >= len(jobs)
    assert set(ran_on) <= workers
