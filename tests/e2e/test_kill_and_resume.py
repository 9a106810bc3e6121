"""SIGKILL a night in the middle, run it again: no partial file, no duplicate row, night finished."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from flows.runtime import context
from phoenix.archive import sha256_of
from phoenix.config import resolve_settings
from phoenix.production.simulate import simulate_night
from tests.conftest import needs_esorex
from tests.e2e.processes import query, start_phoenix

NIGHT = "2016-05-03"
pytestmark = [pytest.mark.slow, pytest.mark.esorex, needs_esorex()]


def test_sigkill_mid_night_then_rerun_finishes_cleanly(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    settings = resolve_settings(workspace)
    simulate_night(context(settings), "uves", NIGHT, {"sources": 2, "arms": ("BLUE",)})
    db = workspace / "phoenix.db"

    proc = start_phoenix(workspace, "run", "--instrument", "uves", "--night", NIGHT, "--complete")
    deadline = time.monotonic() + 600
    # kill while science is being reduced: masters are archived and a scired job is running
    while time.monotonic() < deadline and proc.poll() is None:
        if query(db, "select 1 from job where step = 'scired' and status = 'running'"):
            break
        time.sleep(0.2)
    assert proc.poll() is None, "the run ended before it could be killed:\n" + (
        proc.stdout.read() if proc.stdout else ""
    )
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()

    rerun = start_phoenix(workspace, "run", "--instrument", "uves", "--night", NIGHT, "--complete")
    output, _ = rerun.communicate(timeout=900)
    assert rerun.returncode == 0, output

    archive = workspace / "archive"
    assert not [p for p in archive.rglob("*") if p.name.endswith(".part")]
    rows = query(db, "select kind, name, path, checksum from archiveentry")
    assert len({(k, n) for k, n, _, _ in rows}) == len(rows)
    for _kind, _name, path, checksum in rows:
        assert sha256_of(archive / path) == checksum, path
    catalogued = {archive / path for _, _, path, _ in rows}
    on_disk = {p for p in archive.rglob("*") if p.is_file() and p.suffix in (".fits", ".png")}
    assert on_disk == catalogued
    science = query(db, "select name, status from dataset where kind = 'science'")
    assert len(science) == 2
    assert {status for _, status in science} == {"ingested"}, science
    products = query(db, "select category, count(*) from archiveentry where kind = 'product' group by 1")
    assert dict(products) == {"SCIENCE.SPECTRUM": 2, "ANCILLARY.PREVIEW": 2}
