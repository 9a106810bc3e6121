"""``phoenix batch`` and ``phoenix run --month`` call the right flow with the right parameters."""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from flows import cli

MONTH = {
    "month": "2016-05",
    "nights": ["2016-05-03", "2016-05-04"],
    "settled": ["2016-05-04"],
    "processed": {
        "2016-05-03": {
            "masters": 5,
            "datasets": 1,
            "incomplete": 0,
            "ran": 6,
            "ingested_files": 2,
            "held_for_review": [],
        }
    },
    "failed": [],
}


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, dict[str, Any]]]:
    seen: list[tuple[str, dict[str, Any]]] = []
    canned = {
        "process_month": MONTH,
        "historical_batch": {
            "months": ["2016-05"],
            "already_done": [],
            "processed": {"2016-05": MONTH},
            "failed": [],
        },
    }

    def run_flow(
        name: str, workspace: str | None, task_runner: str = "threads", dask_address: str = "", **kwargs: Any
    ) -> dict:
        if task_runner != "threads":
            kwargs = {**kwargs, "task_runner": task_runner, "dask_address": dask_address}
        seen.append((name, kwargs))
        if kwargs.get("dry_run"):
            month = {
                "month": "2016-05",
                "nights": ["2016-05-03"],
                "frames": 14,
                "datasets": 2,
                "incomplete": 1,
                "awaiting_masters": 1,
                "estimated_recipe_s": 480.0,
            }
            return {"months": [month], "json": "/ws/r.json", "markdown": "/ws/r.md"}
        return canned[name]

    monkeypatch.setattr(cli, "_run_flow", run_flow)
    return seen


def test_batch_runs_the_historical_batch(calls: list) -> None:
    result = CliRunner().invoke(cli.app, ["batch", "-i", "uves", "--from", "2000-01", "--to", "2016-05"])
    assert result.exit_code == 0, result.output
    assert calls == [
        (
            "historical_batch",
            {"instrument": "uves", "start": "2000-01", "end": "2016-05", "dry_run": False, "force": False},
        )
    ]
    assert "2016-05 2016-05-03: masters=5" in result.output
    assert "settled already: 2016-05-04" in result.output


def test_batch_dry_run_prints_the_months_and_the_report(calls: list) -> None:
    result = CliRunner().invoke(
        cli.app, ["batch", "-i", "uves", "--from", "2016-05", "--to", "2016-05", "--dry-run"]
    )
    assert result.exit_code == 0, result.output
    assert calls[0][1]["dry_run"] is True
    assert "2016-05" in result.output and "480" in result.output and "/ws/r.md" in result.output


def test_run_month_processes_the_month_and_run_needs_a_night_or_a_month(calls: list) -> None:
    result = CliRunner().invoke(cli.app, ["run", "-i", "uves", "--month", "2016-05"])
    assert result.exit_code == 0, result.output
    assert calls == [("process_month", {"instrument": "uves", "month": "2016-05", "force": False})]
    for args in ([], ["--night", "2016-05-03", "--month", "2016-05"], ["--month", "2016-05", "--dry-run"]):
        result = CliRunner().invoke(cli.app, ["run", "-i", "uves", *args])
        assert result.exit_code == 2, args
    assert len(calls) == 1


def test_run_passes_the_dask_task_runner_and_its_scheduler(calls: list) -> None:
    args = [
        "run",
        "-i",
        "uves",
        "--month",
        "2016-05",
        "--task-runner",
        "dask",
        "--dask-address",
        "tcp://h:8786",
    ]
    result = CliRunner().invoke(cli.app, args)
    assert result.exit_code == 0, result.output
    assert calls[0][1] == {
        "instrument": "uves",
        "month": "2016-05",
        "force": False,
        "task_runner": "dask",
        "dask_address": "tcp://h:8786",
    }


def test_task_runner_kinds_build_a_bounded_thread_pool_or_a_dask_runner(workspace) -> None:  # type: ignore[no-untyped-def]
    from prefect.task_runners import ThreadPoolTaskRunner
    from prefect_dask import DaskTaskRunner

    from flows.taskrunners import TaskRunnerKind, task_runner
    from phoenix.config import resolve_settings

    settings = resolve_settings(workspace, {"max_workers": 8, "omp_threads": 2, "cores": 4})
    threads = task_runner(settings)
    assert isinstance(threads, ThreadPoolTaskRunner) and threads._max_workers == 2  # 4 cores / 2 threads
    remote = task_runner(settings, TaskRunnerKind.DASK, "tcp://h:8786")
    assert isinstance(remote, DaskTaskRunner) and remote.address == "tcp://h:8786"
    local = task_runner(settings, TaskRunnerKind.DASK)
    assert local.cluster_kwargs == {"n_workers": 2, "threads_per_worker": 1, "processes": True}
