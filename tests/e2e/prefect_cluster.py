"""A real ``prefect server start`` on 127.0.0.1 with workers, for the scale-out tests (not a test module)."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import REPO

PREFECT = [sys.executable, "-m", "prefect"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """The server's environment, and processes started against it (stopped when the block ends)."""

    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env, self.logs = env, logs
        self.started: list[subprocess.Popen] = []
        self._files: list[Any] = []

    def start(self, name: str, *args: str) -> subprocess.Popen:
        log = open(self.logs / f"{name}.log", "w")  # noqa: SIM115 - closed when the cluster stops
        self._files.append(log)
        proc = subprocess.Popen(
            [*PREFECT, *args],
            env=self.env,
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.started.append(proc)
        return proc

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text()

    def prefect(self, *args: str) -> str:
        done = subprocess.run(
            [*PREFECT, *args], env=self.env, cwd=REPO, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def stop(self) -> None:
        for proc in reversed(self.started):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
        for log in self._files:
            log.close()


@contextmanager
def prefect_cluster(tmp_path: Path, **extra_env: str) -> Iterator[Cluster]:
    """Start ``prefect server start`` (its database: ``extra_env``'s connection URL, else SQLite)."""
    port = free_port()
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect"),
        "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_WORKER_QUERY_SECONDS": "2",
        "PHOENIX_REPO": str(REPO),
        **extra_env,
    }
    env.pop("PHOENIX_WORKSPACE", None)
    cluster = Cluster(env, tmp_path)
    cluster.start("server", "server", "start", "--host", "127.0.0.1", "--port", str(port))
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{env['PREFECT_API_URL']}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(1)
        else:
            pytest.fail("prefect server did not start: " + cluster.log("server")[-3000:])
        yield cluster
    finally:
        cluster.stop()


def wait_for_runs(run_ids: list[Any], timeout_s: float) -> dict[str, str]:
    """Flow run id -> final state type, polling the API the current settings point at."""
    from prefect.client.orchestration import get_client

    async def poll() -> dict[str, str]:
        states: dict[str, str] = {}
        async with get_client() as client:
            deadline = time.monotonic() + timeout_s
            while time.monotonic() < deadline and len(states) < len(run_ids):
                for run_id in run_ids:
                    state = (await client.read_flow_run(run_id)).state
                    if state is not None and state.is_final():
                        states[str(run_id)] = state.type.value
                await asyncio.sleep(2)
        return states

    return asyncio.run(poll())
