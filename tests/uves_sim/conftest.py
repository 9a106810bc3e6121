"""Fixtures of the simulator tests: a small night rendered without esorex."""

from __future__ import annotations

import pytest

from phoenix import NightSimulation
from tests.uves_sim.small_night import small_night


@pytest.fixture(scope="session")
def night(tmp_path_factory: pytest.TempPathFactory) -> NightSimulation:
    """A small night with both arms, 3 sources and both faults."""
    return small_night(tmp_path_factory.mktemp("night"), faults=("truncated", "no_dpr"), n_bias=3, n_flat=3)
