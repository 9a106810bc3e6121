"""The UVES plugin's declarations: classification, datasets, associations, chains, QC, SDP cards.

Core tests: tiny synthetic headers and small fixtures under tests/fixtures (facts taken from
shared/reference), so they pass without the reference folder.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from astropy.io import fits

from instruments.uves import categories as cat
from instruments.uves import keywords as kw
from instruments.uves.associations import ASSOCIATIONS
from instruments.uves.chains import recipe_chains, recipe_parameters
from instruments.uves.classification import CLASSIFICATION
from instruments.uves.datasets import DATASETS
from instruments.uves.plugin import plugin
from instruments.uves.qc import QC_PARAMETERS
from instruments.uves.sdp_cards import resolving_power, sdp_cards
from phoenix import ChainKind, FrameError, FrameRole, Source, Spectrum1D
from phoenix.classify import classify, classify_frame
from phoenix.plugins import get_instruments
from phoenix.qc.measures import ENGINE_MEASURES, RAW_MEASURES
from tests.uves_headsort import candidate_index, replay

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ARMS = {kw.ARM_BLUE: 1, kw.ARM_RED: 2}

# DPR CATG / TYPE / TECH (+ INS SLIT1 NAME) of every raw type the simulator writes, and the tag it must get
RAW_TYPES = (
    ("CALIB", "BIAS", "IMAGE", "FREE", "BIAS"),
    ("CALIB", "DARK", "IMAGE", "FREE", "DARK"),
    ("CALIB", "LAMP,FLAT", "ECHELLE", "FREE", "FLAT"),
    ("CALIB", "LAMP,ORDERDEF", "ECHELLE", "FREE", "ORDER_FLAT"),
    ("CALIB", "LAMP,FMTCHK", "ECHELLE", "FREE", "ARC_LAMP_FORM"),
    ("CALIB", "LAMP,WAVE", "ECHELLE", "FREE", "ARC_LAMP"),
    ("CALIB", "STD", "ECHELLE", "FREE", "STANDARD"),
    ("SCIENCE", "OBJECT", "ECHELLE", "FREE", "SCIENCE"),
    ("SCIENCE", "OBJECT,POINT", "ECHELLE", "FREE", "SCIENCE"),
    ("SCIENCE", "OBJECT,EXTENDED", "ECHELLE", "FREE", "SCIENCE"),
    ("SCIENCE", "OBJECT,POINT", "ECHELLE,SLIC#2", "SLIC#2", "SCIENCE"),
    ("SCIENCE", "OBJECT,SLIC", "ECHELLE,SLIC#3", "SLIC#3", "SCIENCE"),
    ("SCIENCE", "OBJECT,POINT", "ECHELLE,ABSORPTION-CELL", "FREE", "SCIENCE"),
)


def raw(catg: str, dpr_type: str, tech: str, slit1: str, chips: int) -> dict[str, object]:
    return {
        kw.DPR_CATG: catg,
        kw.DPR_TYPE: dpr_type,
        kw.DPR_TECH: tech,
        kw.INS_SLIT1_NAME: slit1,
        kw.DET_CHIPS: chips,
    }


def chains_by_name() -> dict[str, object]:
    return {c.name: c for c in recipe_chains()}


# --- the plugin as the engine sees it ---------------------------------------------------------


def test_plugin_is_discovered_and_answers_every_declaration_hook() -> None:
    instruments = get_instruments()
    assert "uves" in instruments.names()
    assert instruments.classification("uves") is CLASSIFICATION
    assert instruments.datasets("uves") is DATASETS
    assert instruments.associations("uves") == ASSOCIATIONS
    assert instruments.chains("uves") == recipe_chains()
    assert instruments.qc_parameters("uves") == QC_PARAMETERS


# --- classification ---------------------------------------------------------------------------


@pytest.mark.parametrize(("arm", "chips"), ARMS.items())
@pytest.mark.parametrize(("catg", "dpr_type", "tech", "slit1", "prefix"), RAW_TYPES)
def test_every_simulated_raw_type_is_classified_on_both_arms(
    arm: str, chips: int, catg: str, dpr_type: str, tech: str, slit1: str, prefix: str
) -> None:
    result = classify_frame(raw(catg, dpr_type, tech, slit1, chips), CLASSIFICATION, "f.fits")
    assert (result.category, result.arm) == (f"{prefix}_{arm}", arm)
    assert result.role is (FrameRole.SCIENCE if prefix == "SCIENCE" else FrameRole.CALIB)
    assert set(result.setup) >= {kw.DET_WIN1_BINX, kw.ARM_KEYWORDS[arm][2], kw.ARM_KEYWORDS[arm][3]}


@pytest.mark.parametrize(
    ("frame", "category"),
    [
        (raw("ACQUISITION", "OBJECT", "IMAGE", "FREE", 1), cat.ACQUISITION),
        (raw("TEST", "BIAS", "IMAGE", "FREE", 2), cat.TEST),
        (raw("SCIENCE", "OBJECT,OzPoz", "MOS", "FREE", 2), cat.FLAMES_FIBRE),
    ],
)
def test_frames_outside_the_served_modes_are_classified_as_ignored(frame: dict, category: str) -> None:
    result = classify(frame, CLASSIFICATION)
    assert result is not None and (result.category, result.role) == (category, FrameRole.IGNORED)


def test_missing_det_chips_is_reported_not_guessed() -> None:
    frame = raw("CALIB", "BIAS", "IMAGE", "FREE", 1)
    del frame[kw.DET_CHIPS]
    with pytest.raises(FrameError) as err:
        classify_frame(frame, CLASSIFICATION, "UVES.2024-01-01T10:00:00.000.fits")
    assert err.value.keyword == kw.DET_CHIPS


def test_unknown_chip_count_and_unserved_lamp_are_unclassified() -> None:
    assert classify(raw("CALIB", "BIAS", "IMAGE", "FREE", 3), CLASSIFICATION) is None
    assert classify(raw("CALIB", "LAMP,TFLAT", "ECHELLE", "FREE", 1), CLASSIFICATION) is None


def test_real_science_headers_classify_on_their_arm() -> None:
    facts = json.loads((FIXTURES / "uves_raw_header_facts.json").read_text())["frames"]
    for frame in facts:
        result = classify_frame(frame["header"], CLASSIFICATION, frame["file"])
        expected_arm = kw.ARM_BLUE if frame["file"].endswith("_b") else kw.ARM_RED
        assert (result.category, result.arm) == (f"SCIENCE_{expected_arm}", expected_arm)
        grating_wlen = kw.ARM_KEYWORDS[expected_arm][2]
        assert result.setup[grating_wlen] == frame["header"][grating_wlen]


# --- datasets ---------------------------------------------------------------------------------


def test_datasets_follow_the_chains() -> None:
    science_triggers = {c.trigger for c in recipe_chains() if c.kind is ChainKind.SCIENCE}
    assert set(DATASETS.science_categories) == science_triggers == {"SCIENCE_BLUE", "SCIENCE_RED"}
    assert DATASETS.group_keywords == (kw.ARCFILE,)
    assert kw.TPL_START in DATASETS.calibration_group_keys
    for arm in ARMS:
        assert DATASETS.min_members[f"BIAS_{arm}"] == 3 and DATASETS.min_members[f"FLAT_{arm}"] == 3


# --- recipe chains ----------------------------------------------------------------------------


def test_chains_are_well_formed() -> None:
    rules = {(r.category, trigger): r for r in ASSOCIATIONS for trigger in r.for_categories}
    masters_made = {(c.arm, m) for c in recipe_chains() if c.kind is ChainKind.CALIBRATION for m in c.masters}
    for chain in recipe_chains():
        made: dict[str, set[str]] = {}
        for step in chain.steps:
            for inp in step.inputs:
                if inp.source.startswith("step:"):
                    assert inp.tag in made[inp.source[5:]], f"{chain.name}/{step.name}: {inp.tag} not made"
                elif inp.source == Source.RAW and inp.tag == chain.trigger:
                    continue
                else:
                    rule = rules.get((inp.tag, chain.trigger))
                    assert rule is not None, f"{chain.name}/{step.name}: no association rule for {inp.tag}"
                    assert rule.source == inp.source
                if inp.source == Source.MASTER:
                    assert (chain.arm, inp.tag) in masters_made, f"no calibration chain makes {inp.tag}"
            made[step.name] = set(step.products)
        assert set(chain.masters) <= set().union(*made.values())


def test_calibration_chain_steps_and_tags_are_the_ones_esorex_ran() -> None:
    blue, red = chains_by_name()["calib_blue"], chains_by_name()["calib_red"]
    assert [s.recipe for s in blue.steps] == [
        "uves_cal_predict",
        "uves_cal_orderpos",
        "uves_cal_mbias",
        "uves_cal_mflat",
        "uves_cal_wavecal",
    ]
    predict, orderpos, mbias, mflat, wavecal = blue.steps
    assert [(i.tag, i.source) for i in predict.inputs] == [
        ("ARC_LAMP_FORM_BLUE", "raw"),
        ("LINE_REFER_TABLE", "static"),
    ]
    assert set(predict.products) == {"LINE_GUESS_TAB_BLUE", "ORDER_GUESS_TAB_BLUE"}
    assert {i.tag for i in orderpos.inputs} == {"ORDER_FLAT_BLUE", "ORDER_GUESS_TAB_BLUE"}
    assert mbias.products == ("MASTER_BIAS_BLUE",)
    assert {i.tag for i in mflat.inputs} == {"FLAT_BLUE", "MASTER_BIAS_BLUE", "ORDER_TABLE_BLUE"}
    assert {i.tag for i in wavecal.inputs} == {
        "ARC_LAMP_BLUE",
        "LINE_REFER_TABLE",
        "ORDER_TABLE_BLUE",
        "MASTER_BIAS_BLUE",
        "LINE_GUESS_TAB_BLUE",
        "MASTER_FLAT_BLUE",
    }
    assert blue.trigger == "FLAT_BLUE"
    assert set(blue.masters) == {
        "MASTER_BIAS_BLUE",
        "MASTER_FLAT_BLUE",
        "ORDER_TABLE_BLUE",
        "LINE_TABLE_BLUE",
    }
    assert set(red.masters) == {
        f"{p}_{chip}"
        for p in ("MASTER_BIAS", "MASTER_FLAT", "ORDER_TABLE", "LINE_TABLE")
        for chip in ("REDL", "REDU")
    }
    assert red.steps[1].products == ("ORDER_TABLE_REDL", "ORDER_TABLE_REDU")


def test_science_chain_feeds_scired_the_masters_of_each_chip() -> None:
    red = chains_by_name()["science_red"]
    (scired,) = red.steps
    assert scired.recipe == "uves_obs_scired" and red.trigger == "SCIENCE_RED"
    assert {(i.tag, i.source) for i in scired.inputs} == {("SCIENCE_RED", "raw")} | {
        (f"{p}_{chip}", "master")
        for p in ("MASTER_BIAS", "ORDER_TABLE", "MASTER_FLAT", "LINE_TABLE")
        for chip in ("REDL", "REDU")
    }
    assert {"RED_SCIENCE_REDL", "ERRORBAR_SCIENCE_REDU", "MERGED_SCIENCE_REDL"} <= set(scired.products)


def test_recipe_parameters_come_from_the_toml_file() -> None:
    params = recipe_parameters()
    recipes = {s.recipe for c in recipe_chains() for s in c.steps}
    assert set(params) == recipes
    scired = chains_by_name()["science_blue"].steps[0]
    assert scired.parameters["reduce.tiltcorr"] is True
    assert dict(scired.parameters) == dict(params["uves_obs_scired"])
    with pytest.raises(TypeError):
        params["uves_obs_scired"]["reduce.tiltcorr"] = False  # type: ignore[index]


# --- associations -----------------------------------------------------------------------------


def test_association_rules_are_consistent_with_the_tables() -> None:
    raw_categories = {r.category for r in CLASSIFICATION.rules}
    triggers = {c.trigger for c in recipe_chains()}
    for rule in ASSOCIATIONS:
        assert set(rule.for_categories) <= triggers, rule.category
        for level in rule.levels:
            assert set(level.relaxed) <= set(rule.match_keywords), rule.category
        if rule.source == Source.RAW:
            assert rule.category in raw_categories, rule.category
        windows = [level.window_days for level in rule.levels]
        assert windows == sorted(windows), f"{rule.category}: windows must widen with the level"


def test_slit_width_is_matched_for_flats_and_line_tables_but_not_order_tables() -> None:
    rules = {r.category: r for r in ASSOCIATIONS}
    assert kw.INS_SLIT2_WID in rules["MASTER_FLAT_BLUE"].match_keywords
    assert kw.INS_SLIT3_WID in rules["LINE_TABLE_REDU"].match_keywords
    assert kw.INS_SLIT2_WID not in rules["ORDER_TABLE_BLUE"].match_keywords
    assert kw.INS_SLIT2_WID not in rules["ARC_LAMP_FORM_BLUE"].match_keywords
    assert rules["MASTER_BIAS_BLUE"].levels[-1].window_days == math.inf
    assert rules["BIAS_RED"].count == 3


def test_real_headsort_associations_are_reproduced() -> None:
    """UVES_headsort's choices for five real 390 nm exposures (excerpt in tests/fixtures)."""
    data = json.loads((FIXTURES / "uves_headsort_excerpt.json").read_text())
    facts = json.loads((FIXTURES / "uves_raw_header_facts.json").read_text())["frames"]
    templates = {kw.ARM_BLUE: facts[0]["header"], kw.ARM_RED: facts[1]["header"]}
    index = candidate_index(data["calibrations"], templates)
    levels = {}
    for science in data["science"]:
        for role, (expected, outcome) in replay(
            science, data["associated"][science["dataset"]], index, templates
        ).items():
            assert outcome.ok, f"{science['dataset']} {role}: {outcome.reason}"
            assert {p.candidate.id for p in outcome.picks} == expected, f"{science['dataset']} {role}"
            levels[(science["dataset"], role)] = outcome.level
    # the flats of exposure 02 were taken 1.7 d later: beyond the calibration plan's day, level 1
    assert levels[("02", "FLAT")] == 1 and levels[("01", "FLAT")] == 0
    assert len(levels) == 5 * 5


# --- QC ---------------------------------------------------------------------------------------


def test_qc_parameters_belong_to_products_the_chains_write() -> None:
    products = {p for c in recipe_chains() for s in c.steps for p in s.products}
    raw = {r.category for r in CLASSIFICATION.rules}
    for qc in QC_PARAMETERS:
        if qc.keyword is None:  # measured by the engine: on a chain product, or on raw frames
            assert qc.name in ENGINE_MEASURES, qc
            assert qc.product in (raw if qc.name in RAW_MEASURES else products), qc
        else:
            assert qc.product in products, qc
            assert qc.keyword.startswith("ESO QC "), qc
    by_key = {(q.name, q.product): q.keyword for q in QC_PARAMETERS}
    assert by_key[("ron_master", "MASTER_BIAS_REDL")] == "ESO QC OUT4 RON MASTER"
    assert by_key[("ron_master", "MASTER_BIAS_REDU")] == "ESO QC OUT1 RON MASTER"
    assert by_key[("line_resid_rms", "LINE_TABLE_BLUE")] == "ESO QC LINE RESIDRMS WLU"
    assert by_key[("median_snr", "RED_SCIENCE_REDU")] is None


# --- Phase 3 cards ----------------------------------------------------------------------------


def science_header(arm: str, slit: float, tech: str = "ECHELLE") -> dict[str, object]:
    _, grat_name, _, slit_wid, _, _ = kw.ARM_KEYWORDS[arm]
    return {
        kw.DET_CHIPS: ARMS[arm],
        kw.DPR_TECH: tech,
        grat_name: "CD#3" if arm == kw.ARM_RED else "CD#2",
        slit_wid: slit,
        kw.ARCFILE: "UVES.2024-01-01T01:00:00.000.fits",
    }


def test_sdp_cards_for_a_slit_spectrum() -> None:
    cards = sdp_cards(science_header(kw.ARM_RED, 0.8), pipeline="uves/6.1.8")
    assert cards["SPEC_RES"][0] == 50000.0
    assert math.isclose(cards["APERTURE"][0], 0.8 / 3600)
    assert cards["OBSTECH"][0] == "ECHELLE" and cards["SPECSYS"][0] == "TOPOCENT"
    assert cards["DISPELEM"][0] == "CD#3" and cards["PROCSOFT"][0] == "uves/6.1.8"
    assert all(isinstance(comment, str) and comment.isascii() for _, comment in cards.values())


def test_resolving_power_is_clamped_to_the_instrument_range() -> None:
    assert resolving_power(1.0, kw.ARM_BLUE) == 40000.0
    assert resolving_power(0.3, kw.ARM_BLUE) == 80000.0
    assert resolving_power(0.3, kw.ARM_RED) == 110000.0
    assert resolving_power(10.0, kw.ARM_RED) == round(40000 / 5.5)


def test_sdp_cards_keep_the_slicer_technique_and_omit_an_unknown_pipeline() -> None:
    cards = sdp_cards(science_header(kw.ARM_BLUE, 0.4, tech="ECHELLE,SLIC#2"))
    assert cards["OBSTECH"][0] == "ECHELLE,SLIC#2" and "PROCSOFT" not in cards


def test_sdp_cards_name_the_missing_keyword() -> None:
    header = science_header(kw.ARM_BLUE, 0.8)
    del header[kw.INS_SLIT2_WID]
    with pytest.raises(FrameError) as err:
        sdp_cards(header)
    assert err.value.keyword == kw.INS_SLIT2_WID and err.value.filename == "UVES.2024-01-01T01:00:00.000.fits"


def test_sdp_hook_reads_the_pipeline_from_the_product(tmp_path: Path) -> None:
    product = tmp_path / "red_science_blue.fits"
    hdu = fits.PrimaryHDU()
    hdu.header["HIERARCH ESO PRO REC1 PIPE ID"] = "uves/6.1.8"
    hdu.writeto(product)
    spectrum = Spectrum1D([400.0, 400.1], [1.0, 1.0], [0.1, 0.1], "ADU", str(product))
    cards = plugin.phoenix_prepare_sdp_header(science_header(kw.ARM_BLUE, 1.0), spectrum)
    assert cards["PROCSOFT"][0] == "uves/6.1.8" and cards["SPEC_RES"][0] == 40000.0
