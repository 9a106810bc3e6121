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
