"""The GIRAFFE plugin against the conformance suite every instrument plugin must pass.

Imported by tests/contract/test_plugin_contract.py (where the suite's classes are collected).
The fast checks run on a reduced night (256 detector rows, no esorex needed to classify and
associate it); the night tests reduce a full-size two-frame night (gimasterbias needs the full
detector, NOTES.md §4.2) through esorex, so they are slow.
"""

from __future__ import annotations

from typing import ClassVar

import pytest

from phoenix import NightSimulation
from phoenix.plugins import Instruments
from phoenix.testing import InstrumentConformance
from phoenix.testing.night import simulate
from tests.conftest import needs_esorex
from tests.giraffe.samples import giraffe_samples

SMALL = {"science": 2, "science_fibres": 4, "sky_fibres": 2, "unused_fibres": 1, "rows": 256}


class TestGiraffeConformance(InstrumentConformance):
    instrument = "giraffe"
    sample_headers = giraffe_samples()
    simulation_options: ClassVar[dict[str, object]] = {
        "science": 2,
        "science_fibres": 6,
        "sky_fibres": 2,
        "unused_fibres": 1,
    }
    night_marks = (pytest.mark.slow, pytest.mark.esorex, needs_esorex())

    @pytest.fixture(scope="class")
    @classmethod
    def simulated_night(
        cls, instruments: Instruments, tmp_path_factory: pytest.TempPathFactory
    ) -> NightSimulation:
        """A reduced detector (256 rows): enough to classify and associate, fast."""
        root = tmp_path_factory.mktemp("giraffe-small")
        return simulate(instruments, cls.instrument, cls.night, root / "night", SMALL)
