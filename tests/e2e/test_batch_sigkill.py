"""SIGKILL a historical batch in the middle of a month, start it again: every dataset processed once."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from flows.runtime import context
from phoenix.config import resolve_settings
from phoenix.naming import SDP_CATEGORY
from phoenix.production.simulate import simulate_night
from tests.conftest import needs_esorex
from tests.e2e.processes import query, start_phoenix

pytestmark = [pytest.mark.slow, pytest.mark.esorex, needs_esorex()]
SMALL = {"sources": 1, "arms": ("BLUE",)}
BATCH = ("batch", "--instrument", "uves", "--from", "2016-04", "--to", "2016-05")


def test_sigkill_mid_month_then_restart_processes_every_dataset_once(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    ctx = context(resolve_settings(workspace))
    simulate_night(ctx, "uves", "2016-04-28", SMALL)
    simulate_night(ctx, "uves", "2016-05-03", SMALL)
    db = workspace / "phoenix.db"

    proc = start_phoenix(workspace, *BATCH)
    deadline = time.monotonic() + 900
    # April is done; May's masters are built and its science is being reduced
    running_may_science = (
        "select 1 from job join dataset on dataset.id = job.dataset_id where dataset.night = '2016-05-03'"
        " and dataset.kind = 'science' and job.status = 'running'"
    )
    while time.monotonic() < deadline and proc.poll() is None:
        if query(db, running_may_science):
            break
        time.sleep(0.2)
    assert proc.poll() is None, "the batch ended before it could be killed:\n" + (
        proc.stdout.read() if proc.stdout else ""
    )
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    runs = query(db, "select night, status from run where mode = 'batch-month' order by id")
    assert runs == [("2016-04", "done"), ("2016-05", "running")]  # killed: nobody could record the end
    done_before = query(db, "select count(*) from job where status = 'done'")[0][0]

    restarted = start_phoenix(workspace, *BATCH)
    output, _ = restarted.communicate(timeout=900)
    assert restarted.returncode == 0, output
    assert "already done: 2016-04" in output

    runs = query(db, "select night, status from run where mode = 'batch-month' order by id")
    assert runs == [("2016-04", "done"), ("2016-05", "interrupted"), ("2016-05", "done")]
    # the killed batch's lease on May did not block the restart (its process was gone)
    assert query(db, "select unit, taken, owner from claim order by unit") == [
        ("2016-04", 1, ""),
        ("2016-05", 2, ""),
    ]
    steps = query(db, "select dataset_id, step, status from job")
    assert len(steps) > done_before and {s for _, _, s in steps} == {"done"}
    assert len({(d, s) for d, s, _ in steps}) == len(steps), "a dataset's step ran twice"
    science = query(db, "select id, night, status from dataset where kind = 'science' order by night")
    assert [(n, s) for _, n, s in science] == [("2016-04-28", "ingested"), ("2016-05-03", "ingested")]
    products = query(
        db,
        "select dataset_id, count(*) from archiveentry where kind = 'product'"
        f" and category = '{SDP_CATEGORY}' group by dataset_id",
    )
    assert sorted(products) == sorted((d, 1) for d, _, _ in science)
    again = start_phoenix(workspace, *BATCH)
    output, _ = again.communicate(timeout=600)
    assert again.returncode == 0 and "already done: 2016-04, 2016-05" in output
