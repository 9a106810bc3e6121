"""The CLI passes plugin-specific simulator options through ``--set KEY=VALUE``."""

from __future__ import annotations

import pytest
import typer

from flows.cli import simulator_options


def test_pairs_become_typed_options() -> None:
    assert simulator_options(["science=12", "exptime=300.5", "slit=Medusa2", "note=a=b"]) == {
        "science": 12,
        "exptime": 300.5,
        "slit": "Medusa2",
        "note": "a=b",
    }


@pytest.mark.parametrize("bad", ["science", "=3", " =3"])
def test_a_pair_without_key_or_value_is_refused(bad: str) -> None:
    with pytest.raises(typer.BadParameter, match="KEY=VALUE"):
        simulator_options([bad])
