"""A broken plugin is reported with its name and problem: by discovery, `phoenix plugins` and the engine."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from phoenix.errors import PluginError
from phoenix.plugins import discover_instruments, get_instruments
from tests.contract.fake_plugins import install, toy

TYPO = """
@hookimpl
def phoenix_declare_qc_parameter(self):
    return ()
"""
WRONG_RETURN = """
@hookimpl
def phoenix_declare_datasets(self):
    return {"science_categories": ("SCIENCE",)}
"""
WRONG_ARGUMENT = """
@hookimpl
def phoenix_extract_spectra(self, product):
    return ()
"""
RAISES = """
@hookimpl
def phoenix_declare_recipe_chains(self):
    raise ValueError("chain calib: step names must be unique")
"""

BROKEN = {
    "typoinst": (toy("typoinst", TYPO), "phoenix_declare_qc_parameter"),
    "wronginst": (toy("wronginst", WRONG_RETURN), "phoenix_declare_datasets returned dict"),
    "arginst": (toy("arginst", WRONG_ARGUMENT), "product"),
    "raiseinst": (toy("raiseinst", RAISES), "phoenix_declare_recipe_chains raised ValueError"),
    "importinst": ("raise RuntimeError('boom at import')\n", "boom at import"),
    "dupinst": (toy("uves"), "instrument 'uves' is also provided by phoenix-sdp"),
}


@pytest.fixture
def broken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install(tmp_path, monkeypatch, "goodinst", toy("goodinst"))
    for module, (body, _) in BROKEN.items():
        install(tmp_path, monkeypatch, module, body)


def test_discovery_reports_every_broken_plugin_by_name_and_keeps_the_good_ones(broken: None) -> None:
    found = discover_instruments()
    problems = {f.plugin: f.problem for f in found.failures}
    assert set(problems) == {*BROKEN, "uves"}  # two plugins for one instrument: both are named
    for module, (_, expected) in BROKEN.items():
        assert expected in problems[module], problems[module]
    assert "also provided by dupinst" in problems["uves"]
    assert "goodinst" in {p.info.name for p in found.loaded}


def test_phoenix_plugins_lists_failures_and_exits_non_zero(broken: None) -> None:
    result = CliRunner().invoke(app, ["plugins"])
    text = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert result.exit_code == 1, text
    assert "goodinst" in text
    for module in (*BROKEN, "uves"):
        assert f"plugin '{module}'" in text
    assert "boom at import" in text


def test_phoenix_plugins_exits_zero_when_every_plugin_loads() -> None:
    result = CliRunner().invoke(app, ["plugins"])
    assert result.exit_code == 0, result.output
    assert "uves" in result.output and "phoenix-sdp" in result.output


@pytest.mark.parametrize("module", ["typoinst", "wronginst", "importinst"])
def test_the_engine_refuses_a_broken_plugin_naming_it(
    module: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body, expected = BROKEN[module]
    install(tmp_path, monkeypatch, module, body)
    with pytest.raises(PluginError, match=module) as caught:
        instruments = get_instruments()  # import and hook-name errors stop discovery
        instruments.datasets(module)  # a wrong return type stops the first call
    assert expected in str(caught.value)
