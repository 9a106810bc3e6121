"""The simulator's options: defaults, validation, and the hook's options mapping."""

from __future__ import annotations

from pathlib import Path

import pytest

from instruments.uves.simulator import SimulationOptions, simulate_night, simulate_night_from_options


def test_defaults_are_the_documented_night() -> None:
    opts = SimulationOptions()
    assert (opts.sources, opts.arms, opts.seed, opts.n_bias, opts.n_flat, opts.faults) == (
        3,
        ("BLUE", "RED"),
        0,
        5,
        5,
        (),
    )


def test_mapping_maps_onto_keyword_arguments() -> None:
    opts = SimulationOptions.from_mapping(
        {"sources": 1, "arms": ["red", "blue"], "seed": 7, "faults": "no_dpr"}
    )
    assert opts.sources == 1 and opts.seed == 7
    assert opts.arms == ("BLUE", "RED")  # canonical order, upper case
    assert opts.faults == ("no_dpr",)


def test_unknown_option_is_rejected_by_name() -> None:
    with pytest.raises(ValueError, match=r"unknown UVES simulator option\(s\) \['colour'\]"):
        SimulationOptions.from_mapping({"sources": 2, "colour": "blue"})


@pytest.mark.parametrize(
    "bad",
    [
        {"sources": 0},
        {"sources": True},
        {"sources": 2.5},
        {"arms": ()},
        {"arms": ("GREEN",)},
        {"arms": ("BLUE", "BLUE")},
        {"faults": ("melted",)},
        {"n_bias": 0},
        {"seed": -1},
    ],
)
def test_bad_values_are_rejected(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="option"):
        SimulationOptions.from_mapping(bad)


def test_bad_options_write_nothing(tmp_path: Path) -> None:
    target = tmp_path / "night"
    with pytest.raises(ValueError, match="unknown"):
        simulate_night_from_options("2016-05-03", target, {"source": 3})
    with pytest.raises(ValueError, match="arms"):
        simulate_night("2016-05-03", target, arms=("UV",))
    assert not target.exists()


@pytest.mark.parametrize("night", ["2003-12-31", "yesterday", "2016-13-01"])
def test_bad_nights_are_rejected(tmp_path: Path, night: str) -> None:
    with pytest.raises(ValueError, match="night"):
        simulate_night(night, tmp_path / "n")
    assert not (tmp_path / "n").exists()
