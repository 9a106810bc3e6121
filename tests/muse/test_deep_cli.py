"""``phoenix deep``: the CLI runs the deep-cube flow with the target, and says when nothing is there."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from flows import cli


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list:
    seen: list = []

    def run_flow(name: str, workspace: str | None, **kwargs: object) -> dict:
        seen.append((name, kwargs))
        if kwargs["target"] == "NOTHING":
            return {"deep": []}
        item = {"dataset": "muse:deep:NGC1:ab", "obs": ["a", "b"], "exposures": 8, "skipped": False}
        return {"deep": [{**item, "ingested": ["MUSE.x.CUBE.DEEP.fits"]}]}

    monkeypatch.setattr(cli, "_run_flow", run_flow)
    return seen


def test_deep_runs_the_deep_cube_flow(calls: list) -> None:
    result = CliRunner().invoke(cli.app, ["deep", "-i", "muse", "--target", "NGC1"])
    assert result.exit_code == 0, result.output
    assert calls == [("deep_cube", {"instrument": "muse", "target": "NGC1", "force": False})]
    assert "8 exposures of 2 OBs combined" in result.output and "MUSE.x.CUBE.DEEP.fits" in result.output


def test_deep_without_finished_obs_fails(calls: list) -> None:
    result = CliRunner().invoke(cli.app, ["deep", "-i", "muse", "--target", "NOTHING"])
    assert result.exit_code == 1
    assert "no finished muse OB of NOTHING" in result.output
