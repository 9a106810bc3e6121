"""deployments/prefect.yaml names real flows with parameters they take."""

from __future__ import annotations

import inspect

import yaml
from prefect.flows import load_flow_from_entrypoint

from tests.conftest import REPO


def test_every_deployment_loads_its_flow_with_known_parameters(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(REPO)
    spec = yaml.safe_load((REPO / "deployments" / "prefect.yaml").read_text())
    assert spec["deployments"]
    for deployment in spec["deployments"]:
        flow = load_flow_from_entrypoint(deployment["entrypoint"])
        signature = inspect.signature(flow.fn)
        assert set(deployment.get("parameters", {})) <= set(signature.parameters), deployment["name"]
        env = deployment["work_pool"]["job_variables"]["env"]
        assert env["DO_NOT_TRACK"] == "1"
        assert env["PREFECT_SERVER_ANALYTICS_ENABLED"] == "false"


def _deployments_by_entrypoint() -> dict[str, list[dict]]:
    spec = yaml.safe_load((REPO / "deployments" / "prefect.yaml").read_text())
    out: dict[str, list[dict]] = {}
    for deployment in spec["deployments"]:
        out.setdefault(deployment["entrypoint"], []).append(deployment)
    return out


def test_every_instrument_streams_monthly_on_the_5th_at_0600_garching_time() -> None:
    found = _deployments_by_entrypoint()
    streams = found["flows/process_month.py:process_month"]
    batches = found["flows/historical_batch.py:historical_batch"]
    instruments = [d["parameters"]["instrument"] for d in streams]
    assert "uves" in instruments and len(instruments) == len(set(instruments))
    assert sorted(d["parameters"]["instrument"] for d in batches) == sorted(instruments)
    months = found["flows/batch_month.py:batch_month"]  # what a spread batch starts, one run per month
    assert sorted(d["parameters"]["instrument"] for d in months) == sorted(instruments)
    for stream in streams:
        assert stream["name"] == f"{stream['parameters']['instrument']}-monthly-stream"
        assert stream["schedules"] == [{"cron": "0 6 5 * *", "timezone": "Europe/Berlin"}]
        assert "month" not in stream["parameters"]  # a scheduled run takes the previous month
    for deployment in batches + [d for ds in found.values() for d in ds if d not in streams]:
        assert not deployment.get("schedules"), deployment["name"]


def test_serve_builds_the_same_deployments_and_leaves_schedules_active(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import prefect

    from flows import serve

    served = serve.deployments(["uves"], workspace="/data/ws")
    assert [d.name for d in served] == ["uves-monthly-stream", "uves-batch", "uves-batch-month"]
    stream, adhoc, month = served
    (schedule,) = stream.schedules
    assert (schedule.schedule.cron, schedule.schedule.timezone) == ("0 6 5 * *", "Europe/Berlin")
    assert schedule.active
    assert stream.parameters == {"instrument": "uves", "workspace": "/data/ws"}
    assert not adhoc.schedules and not month.schedules
    assert month.parameters == {"instrument": "uves", "workspace": "/data/ws"}

    calls: list[tuple[tuple, dict]] = []
    monkeypatch.setattr(prefect, "serve", lambda *args, **kwargs: calls.append((args, kwargs)))
    serve.serve_deployments(["uves"])
    ((args, kwargs),) = calls
    assert kwargs == {"pause_on_shutdown": False}
    assert [d.name for d in args] == ["uves-monthly-stream", "uves-batch", "uves-batch-month"]
    assert "workspace" not in args[0].parameters


def test_a_scheduled_stream_run_takes_the_month_before_in_garching(monkeypatch, workspace) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    import flows.process_month as pm

    seen: list[str] = []
    monkeypatch.setattr(
        pm.flow_run, "get_scheduled_start_time", lambda: datetime(2026, 1, 5, 5, 0, tzinfo=UTC)
    )
    monkeypatch.setattr(
        pm, "process_month_nights", lambda settings, instrument, month, force: seen.append(month)
    )
    pm.process_month.fn("uves")
    pm.process_month.fn("uves", month="2016-05")
    assert seen == ["2025-12", "2016-05"]
