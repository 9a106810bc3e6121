"""Outer ring: the UVES declarations against real ESO data in ../shared/reference.

* every real UVES science header classifies as SCIENCE on its arm (``_b`` blue, ``_l``/``_u`` red);
* the real uves_obs_scired products used exactly the science chain's inputs (PRO REC1 RAW/CAL CATG);
* the real set-of-frames of two reductions feed each recipe the tags our chains declare;
* every calibration UVES_headsort chose for the 74 science exposures of its association list
  is the one PHOENIX's engine chooses with the UVES rules, among all listed calibrations.

Skipped, with the reason, where the reference folder is absent.
"""

from __future__ import annotations

import collections
import csv
import logging
from pathlib import Path

import pytest
from astropy.io import fits

from instruments.uves import keywords as kw
from instruments.uves.chains import recipe_chains
from instruments.uves.classification import CLASSIFICATION
from instruments.uves.sdp_cards import sdp_cards
from phoenix import ChainKind, Source
from phoenix.classify import classify_frame
from tests.uves_headsort import ROLES, candidate_index, mid_exposure, replay

pytestmark = pytest.mark.reference
log = logging.getLogger(__name__)

# optional inputs of uves_obs_scired the OCA associates when they exist (flux calibration)
OPTIONAL_SCIRED_INPUTS = ("EXTCOEFF_TABLE", "MASTER_RESPONSE_", "INSTR_RESPONSE_FINE_")
# step labels in UVES_headsort's SOF (third column) -> our step names
SOF_STEPS = {
    "pred": "predict",
    "ord": "orderpos",
    "bias": "mbias",
    "flat": "mflat",
    "wav1": "wavecal",
    "sci": "scired",
}


def read_header(path: Path) -> fits.Header:
    return fits.Header.fromstring(path.read_text(), sep="\n")


def arm_of_file(name: str) -> str:
    return kw.ARM_BLUE if name.split(".")[0].endswith("_b") else kw.ARM_RED


def science_chain(arm: str):
    return next(c for c in recipe_chains() if c.kind is ChainKind.SCIENCE and c.arm == arm)


def test_real_science_headers_classify_on_their_arm(reference: Path) -> None:
    files = sorted((reference / "raw_headers" / "uves").glob("*.hdr"))
    assert len(files) == 7
    for path in files:
        header = read_header(path)
        arm = arm_of_file(path.name)
        # these primaries do carry DET.CHIPS, so the arm comes from it as in ESO's OCA; INS.PATH agrees
        assert header[kw.INS_PATH].strip() == arm
        result = classify_frame(header, CLASSIFICATION, path.name)
        assert (result.category, result.arm) == (f"SCIENCE_{arm}", arm), path.name
        cards = sdp_cards(header)
        assert cards["SPEC_RES"][0] == 50000.0 and cards["OBSTECH"][0] == "ECHELLE", path.name
        assert cards["DISPELEM"][0].startswith("CD#"), path.name


def test_real_scired_products_used_the_science_chain_inputs(reference: Path) -> None:
    files = sorted((reference / "product_headers" / "uves").glob("*.hdr"))
    assert len(files) == 8
    for path in files:
        header = read_header(path)
        raw_catg = header["ESO PRO REC1 RAW1 CATG"].strip()
        arm = raw_catg.removeprefix("SCIENCE_")
        chain = science_chain(arm)
        assert raw_catg == chain.trigger, path.name
        used = {
            str(v).strip()
            for k, v in header.items()
            if k.startswith("ESO PRO REC1 CAL") and k.endswith("CATG")
        }
        required = {i.tag for s in chain.steps for i in s.inputs if i.source == Source.MASTER}
        assert required <= used, f"{path.name}: {sorted(required - used)} not used"
        extra = {c for c in used - required if not c.startswith(OPTIONAL_SCIRED_INPUTS)}
        assert not extra, f"{path.name}: used {sorted(extra)}, which the chain does not declare"


@pytest.mark.parametrize("sof", ["reduce_390_01.sof", "reduce_564_01.sof"])
def test_real_sof_feeds_each_recipe_the_declared_tags(reference: Path, sof: str) -> None:
    lines = (reference / "associations" / "uves" / sof).read_text().split("\n")
    by_step: dict[str, set[str]] = collections.defaultdict(set)
    raw_count: collections.Counter[str] = collections.Counter()
    for line in filter(None, lines):
        _, tag, steps = line.split()
        raw_count[tag] += 1
        for label in steps.split(","):
            if label in SOF_STEPS:
                by_step[SOF_STEPS[label]].add(tag)
    arm = kw.ARM_BLUE if "_BLUE" in lines[0] else kw.ARM_RED
    ours = {s.name: {i.tag for i in s.inputs} for c in recipe_chains() if c.arm == arm for s in c.steps}
    assert ours == dict(by_step)
    assert raw_count[f"FLAT_{arm}"] >= 3 and raw_count[f"BIAS_{arm}"] >= 3


def headsort_rows(reference: Path) -> list[dict[str, str]]:
    text = (reference / "associations" / "uves" / "uves_headsort_associations.tsv").read_text()
    return list(
        csv.DictReader(
            (line for line in text.split("\n") if line and not line.startswith("#")), delimiter="\t"
        )
    )


def test_headsort_associations_are_the_engines_choices(reference: Path) -> None:
    rows = headsort_rows(reference)
    headers = reference / "raw_headers" / "uves"
    templates = {
        kw.ARM_BLUE: read_header(headers / "UVES_SCIENCE_hem1341m1020_390_01_b.primary_copied_from_raw.hdr"),
        kw.ARM_RED: read_header(headers / "UVES_SCIENCE_hem1341m1020_564_01_l.primary_copied_from_raw.hdr"),
    }
    calibrations = {r["arcfile"]: r for r in rows if r["role"] != "SCI"}
    index = candidate_index(calibrations.values(), templates)
    datasets: dict[tuple[str, str, str], list[dict[str, str]]] = collections.defaultdict(list)
    for row in rows:
        datasets[(row["target_dir"], row["setting_nm"], row["dataset_index"])].append(row)

    agree: collections.Counter[str] = collections.Counter()
    levels: collections.Counter[tuple[str, int | None]] = collections.Counter()
    disagreements = []
    for key, members in sorted(datasets.items()):
        science = next(r for r in members if r["role"] == "SCI")
        associated = collections.defaultdict(list)
        for r in members:
            associated[r["role"]].append(r["arcfile"])
        for role, (expected, outcome) in replay(science, associated, index, templates).items():
            chosen = {p.candidate.id for p in outcome.picks}
            levels[(role, outcome.level)] += 1
            if chosen == expected:
                agree[role] += 1
            else:
                disagreements.append(
                    f"{key} {role}: headsort {sorted(expected)}, engine {sorted(chosen)}; {outcome.reason}"
                )
    log.info(
        "UVES_headsort agreement over %d exposures: %s; levels: %s", len(datasets), dict(agree), dict(levels)
    )
    assert len(datasets) == 74 and len(calibrations) == 464
    assert not disagreements, "\n".join(disagreements)
    assert all(agree[role] == 74 for role in ROLES)


def test_arcs_need_mid_exposure_times(reference: Path) -> None:
    """Why the engine compares mid-exposure times: the attached arc after a long exposure is nearer
    the middle of the exposure than the arc taken just before it, and UVES_headsort chose it."""
    rows = headsort_rows(reference)
    arcs = [r for r in rows if r["role"] == "WAV"]
    by_dataset = {(r["target_dir"], r["setting_nm"], r["dataset_index"]): r for r in arcs}
    start_closer_elsewhere = 0
    for science in (r for r in rows if r["role"] == "SCI"):
        chosen = by_dataset[(science["target_dir"], science["setting_nm"], science["dataset_index"])]
        same = [a for a in arcs if a["setting_nm"] == science["setting_nm"]]
        by_start = min(same, key=lambda a: abs(float(a["mjd_obs"]) - float(science["mjd_obs"])))
        by_mid = min(same, key=lambda a: abs(mid_exposure(a) - mid_exposure(science)))
        assert by_mid["arcfile"] == chosen["arcfile"]
        start_closer_elsewhere += by_start["arcfile"] != chosen["arcfile"]
    assert start_closer_elsewhere > 0
