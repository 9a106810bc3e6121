"""Proprietary periods: products carry the latest release date of their inputs, and are not
published before it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from astropy.io import fits
from sqlmodel import select

from phoenix.db.models import (
    ArchiveEntry,
    Association,
    Dataset,
    DatasetMember,
    DatasetStatus,
    Frame,
    Job,
    JobStatus,
    Product,
)
from phoenix.naming import SDP_CATEGORY
from phoenix.production.context import Context, open_context
from phoenix.production.publish import ingest_products
from phoenix.production.release import (
    OB_COMMENT_CARD,
    OB_GRADE_CARD,
    RELEASE_CARD,
    dataset_release_date,
    hold_if_proprietary,
    product_cards,
)
from phoenix.sdp import validate_product, write_spectrum_product
from tests.factories import dataset_row
from tests.sdp.synthetic import make_product

NOW = datetime.now(UTC).replace(microsecond=0)
LATER, EARLIER = NOW + timedelta(days=300), NOW - timedelta(days=30)


@pytest.fixture
def ctx(workspace: Path) -> Context:
    from phoenix.config import resolve_settings

    return open_context(resolve_settings())


def _dataset(
    ctx: Context, name: str, science_release: datetime | None, calib_release: datetime | None
) -> Dataset:
    with ctx.db.session() as session:
        science = Frame(
            instrument="uves",
            night="2016-05-03",
            filename=f"{name}-sci.fits",
            path="x",
            category="SCIENCE_BLUE",
            release_date=science_release,
        )
        flat = Frame(
            instrument="uves",
            night="2016-05-03",
            filename=f"{name}-flat.fits",
            path="y",
            category="FLAT_BLUE",
            release_date=calib_release,
        )
        dataset = dataset_row(
            name,
            ob_grade="B",
            ob_comment='thin cirrus \u2014 seeing 1.2" \u00e0 la fin',
        )
        session.add_all([science, flat, dataset])
        session.flush()
        session.add(DatasetMember(dataset_id=dataset.id, frame_id=science.id, tag="SCIENCE_BLUE"))
        session.add(DatasetMember(dataset_id=dataset.id, frame_id=flat.id, tag="FLAT_BLUE"))
        session.flush()
        session.refresh(dataset)
    return dataset


def _product(ctx: Context, dataset: Dataset, tmp_path: Path) -> Path:
    cards = product_cards(ctx, dataset)
    path = write_spectrum_product(make_product(extra_primary=cards), tmp_path / f"{dataset.name}.fits")
    with ctx.db.session() as session:
        session.add(
            Job(
                id=f"job-{dataset.name}",
                dataset_id=int(dataset.id or 0),
                chain="c",
                step="s",
                recipe="r",
                runner="python",
                status=JobStatus.DONE,
            )
        )
        session.flush()
        session.add(
            Product(
                job_id=f"job-{dataset.name}",
                dataset_id=int(dataset.id or 0),
                category=SDP_CATEGORY,
                path=str(path),
            )
        )
    return path


def test_the_latest_input_release_date_counts_masters_included(ctx: Context) -> None:
    dataset = _dataset(ctx, "d1", science_release=EARLIER, calib_release=None)
    assert dataset_release_date(ctx, dataset) == EARLIER
    with ctx.db.session() as session:
        session.add(
            ArchiveEntry(
                kind="master",
                name="M.UVES.x.fits",
                instrument="uves",
                path="m",
                checksum="0",
                size=1,
                keys={"release_date": LATER.isoformat()},
            )
        )
        session.add(
            Association(
                dataset_id=dataset.id, category="MASTER_BIAS_BLUE", source="master", target="M.UVES.x.fits"
            )
        )
    assert dataset_release_date(ctx, dataset) == LATER
    assert dataset_release_date(ctx, _dataset(ctx, "d2", None, None)) is None


def test_a_proprietary_input_puts_its_date_on_the_product_and_blocks_publication(
    ctx: Context, tmp_path: Path
) -> None:
    dataset = _dataset(ctx, "closed", science_release=LATER, calib_release=EARLIER)
    path = _product(ctx, dataset, tmp_path)
    assert validate_product(path) == []  # PHOENIX's own cards are no Table 7 keywords
    header = fits.getheader(path)
    assert header[RELEASE_CARD] == LATER.strftime("%Y-%m-%dT%H:%M:%S")
    assert header[OB_GRADE_CARD] == "B"
    assert header[OB_COMMENT_CARD] == 'thin cirrus  seeing 1.2" a la fin'  # FITS text is ASCII

    assert ingest_products(ctx, dataset) == []
    with ctx.db.session() as session:
        row = session.get(Dataset, dataset.id)
        published = session.exec(select(ArchiveEntry).where(ArchiveEntry.kind == "product")).all()
    assert row is not None and row.status == DatasetStatus.PROPRIETARY
    assert f"proprietary until {LATER.strftime('%Y-%m-%dT%H:%M:%S')}" in (row.message or "")
    assert published == []
    assert not hold_if_proprietary(ctx, dataset, [path], now=LATER + timedelta(seconds=1))


def test_a_product_of_public_inputs_is_published(ctx: Context, tmp_path: Path) -> None:
    dataset = _dataset(ctx, "open", science_release=EARLIER, calib_release=None)
    path = _product(ctx, dataset, tmp_path)
    assert fits.getheader(path)[RELEASE_CARD] == EARLIER.strftime("%Y-%m-%dT%H:%M:%S")
    assert ingest_products(ctx, dataset) == [path.name]
    with ctx.db.session() as session:
        assert session.get(Dataset, dataset.id).status == DatasetStatus.INGESTED  # type: ignore[union-attr]


def test_the_gate_reads_the_date_the_product_carries(ctx: Context, tmp_path: Path) -> None:
    """A product written before its frames' dates were known is still held by its own card."""
    dataset = _dataset(ctx, "carded", science_release=LATER, calib_release=None)
    path = _product(ctx, dataset, tmp_path)
    with ctx.db.session() as session:
        for frame in session.exec(select(Frame).where(Frame.filename.startswith("carded"))):  # type: ignore[attr-defined]
            frame.release_date = None
            session.add(frame)
    assert dataset_release_date(ctx, dataset) is None
    assert hold_if_proprietary(ctx, dataset, [path])
