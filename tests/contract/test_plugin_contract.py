"""The built-in UVES plugin against the conformance suite every instrument plugin must pass.

The fast checks run on a reduced night the simulator renders without esorex; the night tests
simulate and reduce a real (small) night through esorex, so they are slow and need it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from phoenix import NightSimulation
from phoenix.testing import InstrumentConformance, SampleHeader
from tests.conftest import needs_esorex
from tests.giraffe.conformance import TestGiraffeConformance  # noqa: F401  (collected here)
from tests.uves_sim.small_night import small_night
from tests.xshooter.conformance import TestXshooterConformance  # noqa: F401  (collected here)

FACTS = Path(__file__).resolve().parents[1] / "fixtures" / "uves_raw_header_facts.json"
ARM_OF_CHIPS = {1: "SCIENCE_BLUE", 2: "SCIENCE_RED"}


def uves_samples() -> tuple[SampleHeader, ...]:
    """Cards of real UVES science headers (shared/reference), and frames that must be refused."""
    frames = json.loads(FACTS.read_text())["frames"]
    real = tuple(
        SampleHeader(f["file"], ARM_OF_CHIPS[f["header"]["ESO DET CHIPS"]], f["header"]) for f in frames
    )
    header = dict(frames[0]["header"])
    no_dpr = {k: v for k, v in header.items() if not k.startswith("ESO DPR")}
    fibre = {**header, "ESO DPR TECH": "MOS"}
    return (
        *real,
        SampleHeader("blue science header without DPR keywords", None, no_dpr),
        SampleHeader("FLAMES/UVES fibre frame", "FLAMES_FIBRE", fibre),
    )


class TestUvesConformance(InstrumentConformance):
    instrument = "uves"
    sample_headers = uves_samples()
    simulation_options: ClassVar[dict[str, object]] = {
        "sources": 1,
        "arms": ("BLUE",),
        "n_bias": 3,
        "n_flat": 3,
    }
    night_marks = (pytest.mark.slow, pytest.mark.esorex, needs_esorex())

    @pytest.fixture(scope="class")
    @classmethod
    def simulated_night(cls, tmp_path_factory: pytest.TempPathFactory) -> NightSimulation:
        """Both arms on reduced chips with an analytic echelle format: no esorex needed."""
        return small_night(tmp_path_factory.mktemp("uves-small") / "night", sources=1, n_bias=3, n_flat=3)


MUSE_FACTS = Path(__file__).resolve().parents[1] / "fixtures" / "muse_raw_header_facts.json"
MUSE_CATEGORY_OF_TYPE = {
    "BIAS": "BIAS",
    "DARK": "DARK",
    "FLAT,LAMP": "FLAT",
    "FLAT,LAMP,ILLUM": "ILLUMFLAT",
    "FLAT,SKY": "SKYFLAT",
    "WAVE": "ARC",
    "STD": "STD",
    "OBJECT": "OBJECT",
}


def muse_samples() -> tuple[SampleHeader, ...]:
    """Real MUSE raw-frame keys (musered's table) with ESO's categories, and frames ESO's rules refuse."""
    frames = json.loads(MUSE_FACTS.read_text())["frames"]
    real = tuple(
        SampleHeader(f["file"], MUSE_CATEGORY_OF_TYPE[f["header"]["ESO DPR TYPE"]], f["header"])
        for f in frames
    )
    bias = next(f["header"] for f in frames if f["header"]["ESO DPR TYPE"] == "BIAS")
    return (
        *real,
        SampleHeader(
            "bias template of two exposures (Reflex: TPL.NEXP >= 3)", None, {**bias, "ESO TPL NEXP": 2}
        ),
        SampleHeader("bias without DPR.TECH", None, {k: v for k, v in bias.items() if k != "ESO DPR TECH"}),
    )


class TestMuseConformance(InstrumentConformance):
    """MUSE on one full-size IFU per frame (``PHOENIX_MUSE_NIFU=1``): one OB of two exposures."""

    instrument = "muse"
    night = "2026-01-10"
    sample_headers = muse_samples()
    simulation_options: ClassVar[dict[str, object]] = {"obs": 1, "nexp": 2}
    night_marks = (pytest.mark.slow, pytest.mark.esorex, needs_esorex())

    @pytest.fixture(scope="class", autouse=True)
    @classmethod
    def one_ifu(cls) -> Iterator[None]:
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("PHOENIX_MUSE_NIFU", "1")
            yield
