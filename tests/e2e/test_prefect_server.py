"""The deployments on a real ``prefect server start``: registered with their schedules, run by a worker."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import REPO

pytestmark = [pytest.mark.slow]
PREFECT = [sys.executable, "-m", "prefect"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[dict[str, str]]:
    port = _free_port()
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect"),
        "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_WORKER_QUERY_SECONDS": "2",
        "PHOENIX_REPO": str(REPO),
    }
    env.pop("PHOENIX_WORKSPACE", None)
    started: list[subprocess.Popen] = []
    logs = []

    def start(*args: str) -> subprocess.Popen:
        log = open(tmp_path / f"{args[0]}.log", "w")  # noqa: SIM115 - closed after the process ends
        logs.append(log)
        proc = subprocess.Popen(
            [*PREFECT, *args], env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        started.append(proc)
        return proc

    start("server", "start", "--host", "127.0.0.1", "--port", str(port))
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{env['PREFECT_API_URL']}/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        time.sleep(1)
    else:
        pytest.fail("prefect server did not start: " + (tmp_path / "server.log").read_text()[-3000:])
    try:
        yield {"env": env, "start": start, "logs": str(tmp_path)}  # type: ignore[dict-item]
    finally:
        for proc in reversed(started):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
        for log in logs:
            log.close()


def _prefect(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([*PREFECT, *args], env=env, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_deploy_all_registers_the_stream_and_a_worker_runs_a_batch(server: dict, tmp_path: Path) -> None:
    env = server["env"]
    _prefect(env, "work-pool", "create", "phoenix", "--type", "process")
    _prefect(env, "--no-prompt", "deploy", "--prefect-file", "deployments/prefect.yaml", "--all")

    from prefect.settings import PREFECT_API_URL, temporary_settings

    # this server, even when the session's test harness is up (its settings would win over the env)
    with temporary_settings({PREFECT_API_URL: env["PREFECT_API_URL"]}):
        result = asyncio.run(_check_and_run(env, tmp_path / "ws", server))
    assert result == "COMPLETED", result + "\n" + Path(server["logs"], "worker.log").read_text()[-4000:]
    assert (tmp_path / "ws" / "reports" / "batch" / "uves-2016-05-2016-05.json").exists()


async def _check_and_run(env: dict[str, str], workspace: Path, server: dict) -> str:
    from prefect.client.orchestration import get_client

    async with get_client() as client:
        stream = await client.read_deployment_by_name("process-month/uves-monthly-stream")
        (schedule,) = stream.schedules
        assert (schedule.schedule.cron, schedule.schedule.timezone) == ("0 6 5 * *", "Europe/Berlin")
        assert schedule.active and stream.work_pool_name == "phoenix"
        batch = await client.read_deployment_by_name("historical-batch/uves-batch")
        assert not batch.schedules
        server["start"]("worker", "start", "--pool", "phoenix")
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
