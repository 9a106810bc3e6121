"""Months, nights and resumable batch months in the bookkeeping; the dry-run report."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import func, select

from phoenix.config import resolve_settings
from phoenix.db.models import Job, Run
from phoenix.errors import ConfigError
from phoenix.production import batch, batchreport
from phoenix.production.context import open_context
from phoenix.production.simulate import simulate_night
from tests.factories import dataset_row


def test_month_range_is_inclusive_and_crosses_years() -> None:
    assert batch.month_range("2015-11", "2016-02") == ["2015-11", "2015-12", "2016-01", "2016-02"]
    assert len(batch.month_range("2000-01", "2016-05")) == 197
    with pytest.raises(ConfigError, match="2016-13"):
        batch.month_range("2016-13", "2016-12")
    with pytest.raises(ConfigError, match="before the start"):
        batch.month_range("2016-05", "2016-04")


def test_previous_month_is_taken_in_garching() -> None:
    # 5 Jan 06:00 CET is 05:00 UTC: last month is December of the year before
    assert batch.previous_month(datetime(2026, 1, 5, 5, 0, tzinfo=UTC)) == "2025-12"
    # 31 Jul 23:30 UTC is already 1 Aug in Garching (CEST): the previous month is July
    assert batch.previous_month(datetime(2026, 7, 31, 23, 30, tzinfo=UTC)) == "2026-07"
    assert batch.previous_month(datetime(2026, 5, 5, 6, 0)) == "2026-04"


def test_a_month_is_done_only_when_its_latest_batch_run_is(workspace: Path) -> None:
    ctx = open_context(resolve_settings(workspace))
    assert not batch.month_done(ctx, "uves", "2016-04")
    first = batch.start_month(ctx, "uves", "2016-04")  # then the process dies: left running
    assert not batch.month_done(ctx, "uves", "2016-04")
    second = batch.start_month(ctx, "uves", "2016-04")
    from phoenix.production.runs import finish_run

    finish_run(ctx, second, "done", {})
    assert batch.month_done(ctx, "uves", "2016-04")
    assert not batch.month_done(ctx, "uves", "2016-05")
    with ctx.db.session() as session:
        assert session.get(Run, first).status == "interrupted"


def test_dry_run_report_plans_and_associates_without_running_a_recipe(workspace: Path) -> None:
    ctx = open_context(resolve_settings(workspace))
    simulate_night(ctx, "uves", "2016-05-03", {"sources": 1, "arms": ("BLUE",)})
    assert batch.month_nights(ctx, "uves", "2016-05") == ["2016-05-03"]
    assert batch.month_nights(ctx, "uves", "2016-04") == []
    history = {"uves_cal_mbias": 12.5}
    months = [
        batchreport.month_report(ctx, "uves", batchreport.plan_month(ctx, "uves", m), history)
        for m in ("2016-04", "2016-05")
    ]
    report = batchreport.write_report(ctx, "uves", "2016-04", "2016-05", months)

    with ctx.db.session() as session:
        assert session.exec(select(func.count()).select_from(Job)).one() == 0
    assert not batch.night_done(ctx, "uves", "2016-05-03")  # planned is not processed
    april, may = months
    assert (april["nights"], april["datasets"], april["estimated_recipe_s"]) == ([], 0, 0)
    assert may["frames"] == 14 and may["datasets"] == 2
    assert may["datasets_by_kind"] == {"calibration": {"associated": 1}, "science": {"incomplete": 1}}
    # science misses only the masters the month's calibration dataset would build first
    assert may["awaiting_masters"] == 1
    assert may["association_levels"]["BIAS_BLUE"] == {"0": 3}
    missing = {m["category"]: m for m in may["missing"]}
    assert {"MASTER_BIAS_BLUE", "MASTER_FLAT_BLUE", "ORDER_TABLE_BLUE"} <= set(missing)
    assert "no MASTER_BIAS_BLUE" in missing["MASTER_BIAS_BLUE"]["reason"]
    assert missing["MASTER_BIAS_BLUE"]["datasets"] == ["uves:science_blue:UVES.2016-05-04T00:22:45.236"]
    assert may["recipes"]["uves_cal_mbias"] == {"jobs": 1, "seconds_each": 12.5, "from": "history"}
    assert may["recipes"]["uves_obs_scired"]["from"] == "default"
    expected = sum(r["jobs"] * r["seconds_each"] for r in may["recipes"].values())
    assert report["estimated_recipe_s"] == pytest.approx(expected)

    written = json.loads(Path(report["json"]).read_text())
    assert Path(report["json"]).parent == workspace / "reports" / "batch"
    assert written["months"][1]["missing"] == may["missing"]
    markdown = Path(report["markdown"]).read_text()
    assert "| 2016-05 | 1 | 14 | 2 | 1 | 1 | 1 |" in markdown
    assert "MASTER_BIAS_BLUE for 1 dataset(s): no MASTER_BIAS_BLUE" in markdown
    assert "| uves_cal_mbias | 1 | 12.5 | history |" in markdown


def test_recipe_history_is_the_median_wall_time_of_done_jobs(workspace: Path) -> None:

    ctx = open_context(resolve_settings(workspace))
    with ctx.db.session() as session:
        d = dataset_row("d", category="X", chain="c", mjd_obs=0.0)
        session.add(d)
        session.flush()
        for i, (wall, status) in enumerate(
            [(10.0, "done"), (30.0, "done"), (20.0, "done"), (99.0, "failed")]
        ):
            session.add(
                Job(
                    id=f"j{i}",
                    dataset_id=d.id,
                    chain="c",
                    step="s",
                    recipe="r",
                    runner="esorex",
                    status=status,
                    wall_s=wall,
                )
            )
    assert batchreport.recipe_seconds(ctx, "uves") == {"r": 20.0}
    assert batchreport.recipe_seconds(ctx, "xshooter") == {}
