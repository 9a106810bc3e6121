"""The Prefect server on PostgreSQL (as in production): a deployment's run is picked up and completes."""

from __future__ import annotations

import asyncio
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.pool import NullPool

from tests.e2e.prefect_cluster import prefect_cluster

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


def test_prefect_server_on_postgresql_runs_a_deployment_to_completion(
    tmp_path: Path, postgres_server: Engine
) -> None:
    name = f"prefect_{uuid.uuid4().hex[:12]}"  # Prefect's own database, beside PHOENIX's
    with postgres_server.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = postgres_server.url.set(drivername="postgresql+asyncpg", database=name)
    try:
        with prefect_cluster(
            tmp_path, PREFECT_API_DATABASE_CONNECTION_URL=url.render_as_string(hide_password=False)
        ) as cluster:
            cluster.prefect("work-pool", "create", "phoenix", "--type", "process")
            cluster.prefect("--no-prompt", "deploy", "--prefect-file", "deployments/prefect.yaml", "--all")
            cluster.start("worker", "worker", "start", "--pool", "phoenix")
            from prefect.settings import PREFECT_API_URL, temporary_settings

            with temporary_settings({PREFECT_API_URL: cluster.env["PREFECT_API_URL"]}):
                state = asyncio.run(_run_batch_dry_run(tmp_path / "ws"))
            assert state == "COMPLETED", state + "\n" + cluster.log("worker")[-4000:]
        assert (tmp_path / "ws" / "reports" / "batch" / "uves-2016-05-2016-05.json").exists()
        # the run is recorded in PostgreSQL, not in a SQLite file under PREFECT_HOME
        prefect_db = create_engine(url.set(drivername="postgresql+psycopg"), poolclass=NullPool)
        with prefect_db.connect() as conn:
            done = conn.execute(text("select count(*) from flow_run where state_type = 'COMPLETED'")).scalar()
        prefect_db.dispose()
        assert done == 1
        assert not list((tmp_path / "prefect").rglob("*.db"))
    finally:
        with postgres_server.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _run_batch_dry_run(workspace: Path) -> str:
    from prefect.client.orchestration import get_client

    async with get_client() as client:
        batch = await client.read_deployment_by_name("historical-batch/uves-batch")
        run = await client.create_flow_run_from_deployment(
            batch.id,
            parameters={"start": "2016-05", "end": "2016-05", "dry_run": True, "workspace": str(workspace)},
        )
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            state = (await client.read_flow_run(run.id)).state
            if state is not None and state.is_final():
                return state.type.value
            await asyncio.sleep(2)
    return "TIMED OUT"
