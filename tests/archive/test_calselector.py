"""calSelector: recorded association trees and the Raw2Master DataLink table, and the cross-check
of our association against ESO's (agreement and differences, per category)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from astropy.io.votable import from_table
from astropy.table import Table

from phoenix.archive.eso import EsoArchive
from phoenix.archive.eso.calselector import parse_association_xml
from phoenix.config import Settings
from phoenix.db.models import Association, DatasetMember, Frame
from phoenix.production.context import open_context
from phoenix.production.crosscheck import (
    AGREE,
    DIFFER,
    ONLY_ESO,
    ONLY_OURS,
    compare_associations,
    crosscheck_dataset,
)
from tests.archive.conftest import eso_settings
from tests.archive.fake_eso import FakeEso
from tests.factories import dataset_row

pytestmark = pytest.mark.reference

FORS2 = "FORS2.2021-01-02T00:59:12.533"
MUSE = "MUSE.2018-06-05T01:06:59.418"
XML = "application/xml; content=calselector"
MULTIPART = "multipart/form-data; boundary=uFQlfs9nBIDEAIoz0_ZM-O2SXKsZ2iSd4h7H;charset=UTF-8"
SKY_FLATS = [
    f"FORS2.2020-12-26T00:{t}" for t in ("19:09.658", "19:59.553", "20:52.557", "21:49.661", "22:52.656")
]


def _recorded(reference: Path, name: str) -> bytes:
    return (reference / "archive_responses" / "astroquery_recorded" / name).read_bytes()


def raw2master_votable(reference: Path) -> bytes:
    """The recorded Raw2Master DataLink answer (a CSV view of it) back in its VOTable form."""
    path = reference / "archive_responses" / "astroquery_examples_notebook_outputs"
    table = Table.read(path / "calselector_raw2master_MUSE.2018-06-05T01-06-59.418.csv", format="ascii.csv")
    buffer = io.BytesIO()
    from_table(table).to_xml(buffer)
    return buffer.getvalue()


def test_the_recorded_raw2raw_tree_reads_with_every_level(reference: Path) -> None:
    tree = parse_association_xml(_recorded(reference, "FORS2.2021-01-02T00_59_12.533_raw2raw.xml"))
    assert (tree.category, tree.mode, tree.certified, tree.complete) == (
        "SCI_IMG_2x2_low",
        "Raw2Raw",
        True,
        True,
    )
    assert [f.name for f in tree.files] == [FORS2]
    calibrations = tree.calibrations()
    assert {k: len(v) for k, v in calibrations.items()} == {
        "BIAS": 40,  # the science's and, one level down, the sky flats' biases
        "FLX_STD_IMG": 1,
        "PHOT_TABLE": 1,
        "SKY_FLAT_IMG": 5,
        "STANDARD_IMG": 3,
    }
    assert calibrations["SKY_FLAT_IMG"] == frozenset(SKY_FLATS)


def test_a_multipart_answer_gives_each_frame_its_own_tree(eso: FakeEso, reference: Path) -> None:
    eso.calselector[(FORS2, "Raw2Raw")] = (
        _recorded(reference, "FORS2.2021-01-02T00_59_12.533_raw2raw_multipart.xml"),
        MULTIPART,
    )
    with EsoArchive(eso_settings(eso)) as archive:
        calibrations = archive.associations(FORS2, "Raw2Raw")
    assert calibrations["SKY_FLAT_IMG"] == frozenset(SKY_FLATS)  # the .533 part, not the .534 one
    [seen] = eso.requests_for("/calselector")
    assert seen.query == {"dp_id": [FORS2], "mode": ["Raw2Raw"]}


def test_the_recorded_raw2master_table_lists_the_masters(eso: FakeEso, reference: Path) -> None:
    eso.calselector[(MUSE, "Raw2Master")] = (raw2master_votable(reference), "application/x-votable+xml")
    with EsoArchive(eso_settings(eso)) as archive:
        masters = archive.masters_for(MUSE)
    assert len(masters) == 17
    by_category = {m.category: m.dp_id for m in masters}
    assert by_category["MASTER_BIAS"] == "M.MUSE.2018-06-11T08:52:34.073"
    assert by_category["ILLUM"] == "MUSE.2018-06-05T00:56:30.418"  # a raw frame used as is
    assert eso.requests_for("/calselector")[0].query["responseformat"] == ["votable"]


def test_the_cross_check_reports_agreement_and_differences(reference: Path) -> None:
    eso = parse_association_xml(
        _recorded(reference, "FORS2.2021-01-02T00_59_12.533_raw2raw.xml")
    ).calibrations()
    science_biases = sorted(n for n in eso["BIAS"] if n.startswith("FORS2.2021-01-02"))
    ours = {
        "SKY_FLAT_IMG": [f"{n}.fits" for n in SKY_FLATS],  # the same five flats: agree
        "BIAS": [f"{n}.fits" for n in science_biases],  # only the science's own biases: differ
        "STANDARD_IMG": ["FORS2.2021-01-02T00:14:20.344.fits", "FORS2.2021-01-01T23:00:00.000.fits"],
        "MASTER_RESPONSE": ["FORS2_MASTER_RESPONSE_2021-01-01.fits"],  # a category ESO does not give
    }
    report = compare_associations(FORS2, "Raw2Raw", ours, eso)
    verdicts = {c.category: c.verdict for c in report.comparisons}
    assert verdicts == {
        "SKY_FLAT_IMG": AGREE,
        "BIAS": DIFFER,
        "STANDARD_IMG": DIFFER,
        "MASTER_RESPONSE": ONLY_OURS,
        "FLX_STD_IMG": ONLY_ESO,
        "PHOT_TABLE": ONLY_ESO,
    }
    assert not report.agrees and [c.category for c in report.agreed] == ["SKY_FLAT_IMG"]
    bias = next(c for c in report.differences if c.category == "BIAS")
    assert len(bias.eso - bias.ours) == 20 and bias.ours <= bias.eso
    assert "FORS2.2021-01-01T23:00:00.000" in next(line for line in report.lines() if "STANDARD_IMG" in line)


def test_the_cross_check_of_a_stored_dataset_asks_about_its_science_frame(
    eso: FakeEso, reference: Path, settings: Settings
) -> None:
    eso.calselector[(MUSE, "Raw2Master")] = (raw2master_votable(reference), "application/x-votable+xml")
    ctx = open_context(settings)
    with ctx.db.session() as session:
        frame = Frame(
            instrument="muse", night="2018-06-04", filename=f"{MUSE}.fits", path="x", category="OBJECT"
        )
        dataset = dataset_row(
            "muse-object",
            instrument="muse",
            night="2018-06-04",
            category="OBJECT",
            arm="",
            chain="science",
            mjd_obs=58274.0,
        )
        session.add_all([frame, dataset])
        session.flush()
        session.add(DatasetMember(dataset_id=dataset.id, frame_id=frame.id, tag="OBJECT"))
        session.add(
            Association(
                dataset_id=dataset.id,
                category="MASTER_BIAS",
                source="master",
                target="M.MUSE.2018-06-11T08:52:34.073.fits",
            )
        )
        session.add(
            Association(
                dataset_id=dataset.id,
                category="MASTER_FLAT",
                source="master",
                target="MASTER_FLAT_2018-06-04.fits",
            )
        )
        session.flush()
        session.refresh(dataset)
    with EsoArchive(settings.eso) as archive:
        report = crosscheck_dataset(ctx, dataset, archive)
    verdicts = {c.category: c.verdict for c in report.comparisons}
    assert report.dp_id == MUSE and report.mode == "Raw2Master"
    assert verdicts["MASTER_BIAS"] == AGREE and verdicts["MASTER_FLAT"] == DIFFER
    assert verdicts["TWILIGHT_CUBE"] == ONLY_ESO and len(verdicts) == 17
