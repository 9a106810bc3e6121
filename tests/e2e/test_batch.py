"""The historical batch through the real flows: a dry run, and a batch resumed after an interruption."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import func, select

from flows.runtime import context
from phoenix.config import resolve_settings
from phoenix.db.models import ArchiveEntry, Dataset, Job, Run
from phoenix.naming import SDP_CATEGORY
from phoenix.production import batch
from phoenix.production.simulate import simulate_night
from tests.conftest import needs_esorex

pytestmark = [pytest.mark.slow]
SMALL = {"sources": 1, "arms": ("BLUE",)}


def _jobs(ctx) -> int:  # type: ignore[no-untyped-def]
    with ctx.db.session() as session:
        return session.exec(select(func.count()).select_from(Job)).one()


def test_dry_run_writes_its_report_and_runs_no_recipe(tmp_path: Path, prefect_server: None) -> None:
    from flows.historical_batch import historical_batch

    workspace = tmp_path / "ws"
    ctx = context(resolve_settings(workspace))
    simulate_night(ctx, "uves", "2016-05-03", SMALL)
    summary = historical_batch("uves", "2016-04", "2016-05", dry_run=True, workspace=str(workspace))

    assert _jobs(ctx) == 0
    assert [m["month"] for m in summary["months"]] == ["2016-04", "2016-05"]
    assert (summary["datasets"], summary["incomplete"]) == (2, 1)
    report = json.loads(Path(summary["json"]).read_text())
    may = report["months"][1]
    assert may["nights"] == ["2016-05-03"] and may["awaiting_masters"] == 1
    assert "uves_obs_scired" in may["recipes"] and report["estimated_recipe_s"] > 0
    assert "## 2016-05" in Path(summary["markdown"]).read_text()
    with ctx.db.session() as session:
        modes = [r.mode for r in session.exec(select(Run))]
    assert modes == ["batch-dry-run"]


@pytest.mark.esorex
@needs_esorex()
def test_an_interrupted_batch_resumes_and_processes_every_dataset_once(
    tmp_path: Path, prefect_server: None
) -> None:
    from flows.historical_batch import historical_batch
    from flows.reconstruct_masters import reconstruct_masters

    workspace = tmp_path / "ws"
    ctx = context(resolve_settings(workspace, {"max_workers": 2}))
    simulate_night(ctx, "uves", "2016-04-28", SMALL)
    simulate_night(ctx, "uves", "2016-05-03", SMALL)

    first = historical_batch("uves", "2016-04", "2016-04", workspace=str(workspace))
    assert first["failed"] == [] and list(first["processed"]) == ["2016-04"]
    # then the batch goes on to May and dies after the night's masters: its run is left running
    batch.start_month(ctx, "uves", "2016-05")
    reconstruct_masters("uves", "2016-05-03", workspace=str(workspace))
    before = _jobs(ctx)

    resumed = historical_batch("uves", "2016-04", "2016-05", workspace=str(workspace))
    assert resumed["failed"] == []
    assert resumed["already_done"] == ["2016-04"] and list(resumed["processed"]) == ["2016-05"]
    may = resumed["processed"]["2016-05"]["processed"]["2016-05-03"]
    assert may["masters"] == 0 and may["ingested_files"] >= 1  # masters were done before the interruption
    assert _jobs(ctx) > before

    with ctx.db.session() as session:
        science = list(session.exec(select(Dataset).where(Dataset.kind == "science")))
        assert sorted(d.night for d in science) == ["2016-04-28", "2016-05-03"]
        assert {d.status for d in science} == {"ingested"}
        steps = list(session.exec(select(Job.dataset_id, Job.step)))
        assert len(steps) == len(set(steps)), "a dataset's step ran twice"
        products = session.exec(
            select(ArchiveEntry.dataset_id, func.count())
            .where(ArchiveEntry.kind == "product", ArchiveEntry.category == SDP_CATEGORY)
            .group_by(ArchiveEntry.dataset_id)
        ).all()
        assert sorted(n for _, n in products) == [1, 1]
        may_runs = [
            r.status
            for r in session.exec(select(Run).where(Run.mode == "batch-month", Run.night == "2016-05"))
        ]
        assert may_runs == ["interrupted", "done"]

    jobs = _jobs(ctx)
    again = historical_batch("uves", "2016-04", "2016-05", workspace=str(workspace))
    assert again["already_done"] == ["2016-04", "2016-05"] and _jobs(ctx) == jobs
