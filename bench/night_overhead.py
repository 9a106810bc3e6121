"""Orchestration overhead: one UVES night through ``process_night`` versus the bare esorex calls.

1. Simulate a UVES night (both arms, ``--sources`` science OBs) into a fresh workspace.
2. Start a real ``prefect server`` on 127.0.0.1 (as in production; its start-up is reported, not
   counted) and time ``phoenix run --complete`` (calibration chain, then science, Phase 3,
   ingestion) with 2 parallel jobs.
3. Re-run exactly the recipe calls it made (same recipes, parameters and SOFs, read back from the
   bookkeeping) as bare ``esorex`` commands, 2 at a time, each after the jobs it depends on and
   science after calibration, as the flow does.
4. Print the wall times and their ratio (goal: <= 1.05 on a night with >= 10 min of recipe time).

Usage: python bench/night_overhead.py [--sources N] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from pathlib import Path

from sqlalchemy import create_engine, text

NIGHT = "2016-05-03"
WORKERS = 2


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_prefect_server(home: Path) -> tuple[subprocess.Popen, str, float]:
    port = free_port()
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/api"
    while time.monotonic() - started < 180:
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as r:
                if r.status == 200:
                    return proc, url, time.monotonic() - started
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("prefect server did not start within 180 s")


def phoenix(workspace: Path, api_url: str, *args: str) -> float:
    env = {
        **os.environ,
        "PHOENIX_WORKSPACE": str(workspace),
        "PHOENIX_MAX_WORKERS": str(WORKERS),
        "PREFECT_API_URL": api_url,
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "flows.cli", *args], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"phoenix {' '.join(args)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return time.monotonic() - started


def recorded_jobs(workspace: Path) -> list[dict]:
    engine = create_engine(f"sqlite:///{workspace / 'phoenix.db'}")
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "select j.id, j.recipe, j.parameters, j.workdir, j.wall_s, d.kind, j.inputs "
                "from job j join dataset d on d.id = j.dataset_id where j.status = 'done' order by j.started"
            )
        )
        jobs = []
        for job_id, recipe, params, workdir, wall, kind, inputs in rows:
            sof = json.loads(inputs)["sof"] if isinstance(inputs, str) else inputs["sof"]
            deps = sorted({path[4:] for _, path, _ in sof if path.startswith("job:")})
            jobs.append(
                {
                    "id": job_id,
                    "recipe": recipe,
                    "params": json.loads(params) if isinstance(params, str) else params,
                    "sof": Path(workdir) / "input.sof",
                    "wall": wall,
                    "kind": kind,
                    "deps": deps,
                }
            )
    engine.dispose()
    return jobs


def run_bare(job: dict, root: Path) -> float:
    out = root / job["id"][:20]
    out.mkdir(parents=True)
    params = [
        f"--{k}={str(v).lower() if isinstance(v, bool) else v}" for k, v in sorted(job["params"].items())
    ]
    started = time.monotonic()
    subprocess.run(
        [
            "esorex",
            "--recipe-dir=/usr/lib/x86_64-linux-gnu/cpl/plugins",
            f"--output-dir={out}",
            f"--log-dir={out}",
            "--log-file=esorex.log",
            job["recipe"],
            *params,
            str(job["sof"]),
        ],
        cwd=out,
        check=True,
        capture_output=True,
        env={**os.environ, "OMP_NUM_THREADS": "1"},
    )
    return time.monotonic() - started


def run_all_bare(jobs: list[dict], root: Path) -> float:
    """Run the jobs 2 at a time: calibration first (each after its dependencies), then science."""
    started = time.monotonic()
    with ThreadPoolExecutor(WORKERS) as pool:
        done: set[str] = set()  # across both passes: a science job may depend on a calibration job
        for kind in ("calibration", "science"):
            pending = [j for j in jobs if j["kind"] == kind]
            running: dict[Future, str] = {}
            while pending or running:
                for job in [j for j in pending if set(j["deps"]) <= done]:
                    pending.remove(job)
                    running[pool.submit(run_bare, job, root)] = job["id"]
                if not running:
                    raise SystemExit(
                        f"{len(pending)} {kind} jobs wait for jobs that never ran: {pending[0]['deps']}"
                    )
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    future.result()
                    done.add(running.pop(future))
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sources", type=int, default=12, help="science OBs (both arms each)")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="phoenix-bench-"))
    workspace = root / "ws"
    server, api_url, server_start = start_prefect_server(root / "prefect")
    try:
        t_sim = phoenix(
            workspace,
            api_url,
            "simulate",
            "--instrument",
            "uves",
            "--night",
            NIGHT,
            "--sources",
            str(args.sources),
        )
        t_phoenix = phoenix(workspace, api_url, "run", "--instrument", "uves", "--night", NIGHT, "--complete")
        jobs = recorded_jobs(workspace)
        t_bare = run_all_bare(jobs, root / "bare")
    finally:
        server.terminate()
        server.wait(timeout=30)
    recipe_time = sum(j["wall"] or 0.0 for j in jobs)
    print(
        f"night: UVES {NIGHT}, {args.sources} science OBs x 2 arms, {len(jobs)} recipe jobs,"
        f" {WORKERS} in parallel"
    )
    print(f"prefect server start-up (not counted): {server_start:6.1f} s")
    print(f"simulation (not counted):              {t_sim:6.1f} s")
    print(f"recipe time, sum over jobs:            {recipe_time:6.1f} s ({recipe_time / 60:.1f} min)")
    print(f"phoenix run --complete (wall):         {t_phoenix:6.1f} s")
    print(f"bare esorex, same calls (wall):        {t_bare:6.1f} s")
    print(f"ratio phoenix / bare:                  {t_phoenix / t_bare:6.3f}   (goal <= 1.05)")
    if recipe_time < 600:
        print("note: less than 10 min of recipe time; raise --sources for the goal's conditions")
    if args.keep:
        print(f"kept {root}")
    else:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
