"""The simulator behind the plugin hook ``phoenix_simulate_night``."""

from __future__ import annotations

from pathlib import Path

import pytest

from phoenix.plugins import get_instruments


def test_uves_plugin_implements_the_simulation_hook() -> None:
    instruments = get_instruments()
    uves = next(p for p in instruments.loaded() if p.info.name == "uves")
    assert "phoenix_simulate_night" in uves.hooks


def test_hook_rejects_unknown_options_before_writing(tmp_path: Path) -> None:
    instruments = get_instruments()
    with pytest.raises(ValueError, match="unknown UVES simulator option"):
        instruments.call(
            "uves",
            "phoenix_simulate_night",
            night="2016-05-03",
            destination=str(tmp_path / "n"),
            options={"sources": 1, "noise": "off"},
        )
    assert not (tmp_path / "n").exists()
