"""A historical batch spread over two Prefect process workers polling one work pool (two hosts' stand-ins)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import func, select

from flows.runtime import context
from phoenix.config import resolve_settings
from phoenix.db.models import ArchiveEntry, Claim, Dataset, Job, Run
from phoenix.naming import SDP_CATEGORY
from phoenix.production.simulate import simulate_night
from tests.conftest import REPO, needs_esorex
from tests.e2e.prefect_cluster import prefect_cluster

pytestmark = [pytest.mark.slow, pytest.mark.esorex, needs_esorex()]
SMALL = {"sources": 1, "arms": ("BLUE",)}
MONTH_DEPLOYMENT = "batch-month/uves-batch-month"


def test_two_workers_share_the_months_and_every_dataset_is_processed_once(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    ctx = context(resolve_settings(workspace))
    simulate_night(ctx, "uves", "2016-04-28", SMALL)
    simulate_night(ctx, "uves", "2016-05-03", SMALL)

    with prefect_cluster(tmp_path) as cluster:
        cluster.prefect("work-pool", "create", "phoenix", "--type", "process")
        cluster.prefect("--no-prompt", "deploy", "--prefect-file", "deployments/prefect.yaml", "--all")
        # one flow run at a time each: a worker busy with one month leaves the other to the other worker
        for name in ("worker-a", "worker-b"):
            cluster.start(name, "worker", "start", "--pool", "phoenix", "--limit", "1", "--name", name)

        # the batch itself in a process of its own, talking to this server like the workers
        script = (
            "import json\n"
            "from flows.historical_batch import historical_batch\n"
            f"summary = historical_batch('uves', '2016-04', '2016-05', workspace={str(workspace)!r},"
            f" spread={MONTH_DEPLOYMENT!r})\n"
            "print('SUMMARY', json.dumps(summary))\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", script],
            env=cluster.env,
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        (line,) = [x for x in done.stdout.splitlines() if x.startswith("SUMMARY ")]
        summary = json.loads(line.removeprefix("SUMMARY "))
        from prefect.settings import PREFECT_API_URL, temporary_settings

        with temporary_settings({PREFECT_API_URL: cluster.env["PREFECT_API_URL"]}):
            month_runs = _month_runs(MONTH_DEPLOYMENT)
        logs = {name: cluster.log(name) for name in ("worker-a", "worker-b")}

    assert summary["failed"] == [], summary
    assert summary["spread"] == {"2016-04": "COMPLETED", "2016-05": "COMPLETED"}
    assert len(month_runs) == 2
    # Both workers may try a run; the server lets one of them have it and aborts the other's try.
    took = {
        name: [
            r
            for r in month_runs
            if f"submitting flow run '{r}'" in log and f"Aborted submission of flow run '{r}'" not in log
        ]
        for name, log in logs.items()
    }
    assert sorted(len(runs) for runs in took.values()) == [1, 1], took  # each worker ran one month

    with ctx.db.session() as session:
        months = sorted(
            (r.night, r.status) for r in session.exec(select(Run).where(Run.mode == "batch-month"))
        )
        assert months == [("2016-04", "done"), ("2016-05", "done")]
        assert sorted((c.unit, c.taken) for c in session.exec(select(Claim))) == [
            ("2016-04", 1),
            ("2016-05", 1),
        ]
        steps = list(session.exec(select(Job.dataset_id, Job.step, Job.status)))
        assert steps and {s for _, _, s in steps} == {"done"}
        assert len({(d, s) for d, s, _ in steps}) == len(steps), "a dataset's step ran twice"
        science = list(session.exec(select(Dataset).where(Dataset.kind == "science")))
        assert sorted((d.night, d.status) for d in science) == [
            ("2016-04-28", "ingested"),
            ("2016-05-03", "ingested"),
        ]
        products = session.exec(
            select(ArchiveEntry.dataset_id, func.count())
            .where(ArchiveEntry.kind == "product", ArchiveEntry.category == SDP_CATEGORY)
            .group_by(ArchiveEntry.dataset_id)
        ).all()
        assert sorted(products) == sorted((d.id, 1) for d in science)


def _month_runs(deployment: str) -> list[str]:
    import asyncio

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterId

    async def read() -> list[str]:
        async with get_client() as client:
            found = await client.read_deployment_by_name(deployment)
            runs = await client.read_flow_runs(
                deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[found.id]))
            )
            return [str(r.id) for r in runs]

    return asyncio.run(read())
