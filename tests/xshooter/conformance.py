"""The XSHOOTER plugin against the conformance suite every instrument plugin must pass.

Imported by tests/contract/test_plugin_contract.py (where the suite's classes are collected).

The fast checks use a three-OB night (NOD, STARE, OFFSET: every science chain has a trigger);
the night tests reduce a one-OB night with the reference recipes (no esorex needed), so they
are slow but not ``esorex``; tests/xshooter/test_night.py reduces the full night.
"""

from __future__ import annotations

from typing import ClassVar

import pytest

from phoenix.plugins import Instruments
from phoenix.testing import InstrumentConformance
from phoenix.testing.night import NightRun, process_simulated_night
from tests.xshooter.samples import xshooter_samples


class TestXshooterConformance(InstrumentConformance):
    instrument = "xshooter"
    night = "2026-03-10"
    sample_headers = xshooter_samples()
    simulation_options: ClassVar[dict[str, object]] = {"sources": 3}
    night_marks = (pytest.mark.slow,)

    @pytest.fixture(scope="class")
    @classmethod
    def processed_night(cls, instruments: Instruments, tmp_path_factory: pytest.TempPathFactory) -> NightRun:
        """One NOD OB in three arms, through the engine."""
        workspace = tmp_path_factory.mktemp("xshooter-processed")
        return process_simulated_night(instruments, cls.instrument, cls.night, workspace, {"sources": 1})
