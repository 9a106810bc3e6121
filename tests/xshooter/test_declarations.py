"""The XSHOOTER declarations: classification, the real recipe names and tags, Phase 3 cards."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import numpy as np
import pytest
from astropy.io import fits

from instruments.xshooter import categories as cat
from instruments.xshooter.chains import recipe_chains
from instruments.xshooter.classification import CLASSIFICATION
from instruments.xshooter.resources import estimate
from instruments.xshooter.sdp_cards import resolving_power, sdp_cards
from phoenix import Spectrum1D
from phoenix.classify import classify
from tests.xshooter.samples import CASES, header

FACTS = Path(__file__).resolve().parents[1] / "fixtures" / "xshooter_product_facts.json"
XSHOO_RECIPES = {
    "xsh_mbias",
    "xsh_mdark",
    "xsh_predict",
    "xsh_orderpos",
    "xsh_mflat",
    "xsh_2dmap",
    "xsh_wavecal",
    "xsh_flexcomp",
    "xsh_respon_slit_stare",
    "xsh_scired_slit_stare",
    "xsh_scired_slit_nod",
    "xsh_scired_slit_offset",
}


@pytest.mark.parametrize(("catg", "dpr_type", "tech", "arm", "expected"), CASES)
def test_classification(catg: str, dpr_type: str, tech: str, arm: str, expected: str | None) -> None:
    result = classify(header(catg, dpr_type, tech, arm), CLASSIFICATION)
    assert (result.category if result else None) == expected


def test_every_step_names_a_real_xshoo_recipe_and_a_callable_reference() -> None:
    steps = [step for chain in recipe_chains() for step in chain.steps]
    assert {s.recipe for s in steps} == XSHOO_RECIPES
    for step in steps:
        module, _, function = step.reference.partition(":")
        assert callable(getattr(importlib.import_module(module), function)), step.reference


def test_nine_science_chains_three_arms_three_techniques() -> None:
    science = [c for c in recipe_chains() if c.kind.value == "science"]
    assert sorted(c.trigger for c in science) == sorted(
        cat.of_technique(cat.OBJECT_SLIT, t, arm) for t in cat.TECHNIQUES for arm in ("UVB", "VIS", "NIR")
    )


def test_tags_are_those_the_real_xshoo_products_record() -> None:
    """Every RAW and CAL category the reference products list that this plugin also uses has the
    same name here; the science recipe's masters are a subset of what xsh_scired_slit_nod read."""
    facts = json.loads(FACTS.read_text())["products"]
    declared = {inp.tag for c in recipe_chains() for s in c.steps for inp in s.inputs}
    declared |= {p for c in recipe_chains() for s in c.steps for p in s.products}
    seen = {tag for f in facts for tag in (*f["raw_catg"], *f["cal_catg"], f["cards"]["ESO PRO CATG"])}
    used = {
        "STD_FLUX_SLIT_STARE_NIR",
        "OBJECT_SLIT_NOD_UVB",
        "SKY_SLIT_UVB",
        "MASTER_BIAS_UVB",
        "MASTER_DARK_NIR",
        "MASTER_FLAT_SLIT_UVB",
        "ORDER_TAB_EDGES_SLIT_VIS",
        "DISP_TAB_NIR",
        "ORDER_TAB_AFC_SLIT_UVB",
        "DISP_TAB_AFC_UVB",
        "RESPONSE_MERGE1D_SLIT_UVB",
        "SPECTRAL_FORMAT_TAB_UVB",
        "FLUX_STD_CATALOG_NIR",
        "HIGH_ABS_WIN_VIS",
        "SCI_SLIT_FLUX_MERGE1D_UVB",
    }
    assert used <= seen
    assert used - {"SCI_SLIT_FLUX_MERGE1D_UVB"} <= declared


@pytest.mark.reference
@pytest.mark.filterwarnings("ignore::astropy.io.fits.verify.VerifyWarning")
def test_facts_fixture_matches_the_reference_headers(reference: Path) -> None:
    for fact in json.loads(FACTS.read_text())["products"]:
        text = (reference / "product_headers" / "xshooter" / fact["file"]).read_text()
        h = fits.Header.fromstring(text, sep="\n") if "\n" in text[:200] else fits.Header.fromstring(text)
        for key, value in fact["cards"].items():
            assert (h[key].strip() if isinstance(h[key], str) else h[key]) == value, (fact["file"], key)


def test_sdp_cards_give_the_arm_resolution_and_say_telluric_is_left_in() -> None:
    spectrum = Spectrum1D(
        np.array([500.0, 501.0]),
        np.ones(2),
        np.ones(2),
        "erg/s/cm2/Angstrom",
        "x.fits",
        metadata={"TEXPTIME": 600.0, "EXPTIME": 300.0, "PROCSOFT": "p/1"},
    )
    for arm, slit, resolution in (
        ("UVB", "1.0x11", 5400.0),
        ("VIS", "0.9x11", 8900.0),
        ("NIR", "0.9x11", 5600.0),
    ):
        raw = {
            **header("SCIENCE", "OBJECT", "ECHELLE,SLIT,NODDING", arm),
            f"ESO INS OPTI{3 + ('UVB', 'VIS', 'NIR').index(arm)} NAME": slit,
        }
        cards = sdp_cards(raw, spectrum)
        assert cards["SPEC_RES"][0] == resolution
        assert cards["APERTURE"][0] == pytest.approx(float(slit.split("x")[0]) / 3600.0)
        assert cards["PHOENIX TELLURIC CORR"][0] is False
        assert cards["TEXPTIME"][0] == 600.0 and cards["OBSTECH"][0] == "ECHELLE,SLIT,NODDING"
    assert resolving_power("VIS", 0.7) == 11400.0


def test_memory_estimate_grows_with_the_frames() -> None:
    step = recipe_chains()[0].steps[0]
    assert estimate(step, {"BIAS_UVB": 5}).memory_mb > estimate(step, {"BIAS_UVB": 3}).memory_mb
