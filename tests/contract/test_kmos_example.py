"""The worked example, examples/kmos, passes the conformance suite in its own tests, run the third-party way.

Its tests run in a separate interpreter that sees the example as if it were pip-installed: its
sources and a ``.dist-info`` declaring its ``phoenix.instruments`` entry point on the path (the
real ``pip install`` into a fresh environment is tests/e2e/test_example_install.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "kmos"


def fake_install(site: Path) -> None:
    """A ``.dist-info`` carrying the example's metadata and entry points, as pip would write it."""
    project = tomllib.loads((EXAMPLE / "pyproject.toml").read_text())["project"]
    info = site / f"{project['name'].replace('-', '_')}-{project['version']}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {project['name']}\nVersion: {project['version']}\n"
    )
    points_text = ""
    for group, points in project["entry-points"].items():
        lines = [f"[{group}]", *(f"{k} = {v}" for k, v in points.items())]
        points_text += "\n".join(lines) + "\n"
    (info / "entry_points.txt").write_text(points_text)


def test_the_example_passes_its_own_conformance_suite(tmp_path: Path) -> None:
    fake_install(tmp_path / "site")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(tmp_path / "site"), str(EXAMPLE / "src")]),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.pop("PHOENIX_WORKSPACE", None)
    command = [sys.executable, "-m", "pytest", str(EXAMPLE / "tests"), "-q", "-p", "no:cacheprovider"]
    command += ["--rootdir", str(EXAMPLE), "--basetemp", str(tmp_path / "pytest")]
    result = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    assert " passed" in result.stdout and "failed" not in result.stdout
