"""Plugin discovery through entry points, routing, and broken plugins named with their problem."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from phoenix import InstrumentInfo, hookimpl
from phoenix.errors import PluginError, UnknownInstrumentError
from phoenix.plugins import get_instruments


class Toy:
    def __init__(self, name: str, table: object = None) -> None:
        self.name, self.table = name, table

    @hookimpl
    def phoenix_describe_instrument(self) -> InstrumentInfo:
        return InstrumentInfo(
            name=self.name, instrume=(self.name.upper(),), version="0.1", pipeline=self.name
        )

    @hookimpl
    def phoenix_declare_qc_parameters(self) -> tuple:
        return self.table


def test_builtin_uves_is_discovered_through_the_entry_point() -> None:
    loaded = {p.info.name: p for p in get_instruments().loaded()}
    assert "uves" in loaded
    assert loaded["uves"].package == "phoenix-sdp"
    assert "phoenix_describe_instrument" in loaded["uves"].hooks


def test_routed_hook_reaches_only_the_owner() -> None:
    instruments = get_instruments([("toya", Toy("toya", ())), ("toyb", Toy("toyb", "not a tuple"))])
    assert instruments.qc_parameters("toya") == ()
    with pytest.raises(PluginError, match=r"toyb.*phoenix_declare_qc_parameters returned str"):
        instruments.qc_parameters("toyb")
    assert instruments.owner_of("TOYA") == "toya"
    with pytest.raises(UnknownInstrumentError, match="no plugin for instrument 'kmos'"):
        instruments.info("kmos")


def test_hook_name_typo_is_reported_with_the_plugin_name() -> None:
    class Typo(Toy):
        @hookimpl
        def phoenix_declare_qc_parameter(self) -> tuple:  # missing "s"
            return ()

    with pytest.raises(PluginError, match=r"typo.*phoenix_declare_qc_parameter"):
        get_instruments([("typo", Typo("typo"))])


def test_wrong_element_type_is_reported() -> None:
    instruments = get_instruments([("toyc", Toy("toyc", ("not a QcDefinition",)))])
    with pytest.raises(PluginError, match=r"toyc.*expected QcDefinition"):
        instruments.qc_parameters("toyc")


def _fake_distribution(root: Path, module: str, body: str) -> None:
    (root / f"{module}.py").write_text(textwrap.dedent(body))
    info = root / f"{module}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[phoenix.instruments]\n{module} = {module}:plugin\n")


def test_installed_third_party_plugin_is_discovered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_distribution(
        tmp_path,
        "toyinst",
        """
        from phoenix import InstrumentInfo, hookimpl
        class P:
            @hookimpl
            def phoenix_describe_instrument(self):
                return InstrumentInfo(name="toyinst", instrume=("TOY",), version="1.0", pipeline="toy")
        plugin = P()
    """,
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    loaded = {p.info.name: p for p in get_instruments().loaded()}
    assert loaded["toyinst"].package == "toyinst"
    assert loaded["toyinst"].package_version == "1.0"
    assert "uves" in loaded


def test_plugin_that_fails_to_import_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_distribution(tmp_path, "brokeninst", "raise RuntimeError('boom at import')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    sys.modules.pop("brokeninst", None)
    with pytest.raises(PluginError, match=r"brokeninst.*boom at import"):
        get_instruments()
