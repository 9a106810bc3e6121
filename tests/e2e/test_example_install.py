"""The worked example installed into a fresh environment: listed, simulated, run end to end, uninstalled.

The fresh environment is a new virtual environment that sees the project's environment
(phoenix-sdp and its dependencies) through a ``.pth`` file, so only the example is installed into
it, with pip, from a copy of examples/kmos (building in place would leave build/ in the tree).
pip builds the example in an isolated environment and so fetches its build backend (setuptools)
from the package index or pip's cache. The run goes through the real CLI and Prefect flows.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "kmos"
NIGHT = "2016-05-03"
pytestmark = pytest.mark.slow


def run(
    command: list[str], cwd: Path, env: dict[str, str], timeout: float = 240
) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def fresh_environment(root: Path) -> Path:
    """A virtual environment without the example, seeing the project's packages; returns its python."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root)], check=True)
    python = root / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    project = sysconfig.get_paths()["purelib"]
    Path(purelib, "_phoenix_project.pth").write_text(f"import site; site.addsitedir({project!r})\n")
    return python


def test_install_list_simulate_run_and_uninstall_the_example(tmp_path: Path) -> None:
    source = tmp_path / "kmos"
    shutil.copytree(EXAMPLE, source, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    python = str(fresh_environment(tmp_path / "venv"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PHOENIX_")}
    env.update(
        DO_NOT_TRACK="1",
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="120",
        PREFECT_HOME=str(tmp_path / "prefect"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    pip = [sys.executable, "-m", "pip", "--python", python]
    cli = [python, "-m", "flows.cli"]
    workspace = ["--workspace", str(tmp_path / "ws")]

    before = run([*cli, "plugins"], tmp_path, env)
    assert before.returncode == 0 and "kmos" not in before.stdout, before.stdout + before.stderr

    installed = run([*pip, "install", "--no-deps", "--quiet", str(source)], tmp_path, env)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    listed = run([*cli, "plugins"], tmp_path, env)
    assert listed.returncode == 0, listed.stdout + listed.stderr
    assert "kmos" in listed.stdout and "kmos-phoenix" in listed.stdout

    simulated = run(
        [*cli, "simulate", "-i", "kmos", "-n", NIGHT, "--sources", "2", *workspace], tmp_path, env
    )
    assert simulated.returncode == 0, simulated.stdout + simulated.stderr
    ran = run([*cli, "run", "-i", "kmos", "-n", NIGHT, "--complete", *workspace], tmp_path, env, timeout=400)
    assert ran.returncode == 0, ran.stdout[-4000:] + ran.stderr[-4000:]
    status = run([*cli, "status", "-i", "kmos", "-n", NIGHT, "--json", *workspace], tmp_path, env)
    report = json.loads(status.stdout)
    science = [d for d in report["datasets"] if d["kind"] == "science"]
    assert [d["status"] for d in science] == ["ingested"], science
    spectra = [a for a in science[0]["archived"] if a["category"] == "SCIENCE.SPECTRUM"]
    assert len(spectra) == 2  # one per IFU on a target

    removed = run([*pip, "uninstall", "--yes", "kmos-phoenix"], tmp_path, env)
    assert removed.returncode == 0, removed.stdout + removed.stderr
    after = run([*cli, "plugins"], tmp_path, env)
    assert after.returncode == 0 and "kmos" not in after.stdout, after.stdout + after.stderr
