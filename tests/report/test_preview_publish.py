"""Phase 3 with previews: each product's PNG is written first, named in its header, recorded, ingested.

Runs :func:`prepare_phase3` and :func:`ingest_products` on a real bookkeeping database and local
archive; the plugin is a stub returning one synthetic spectrum and the SDP cards, and the chain
is one finished job (so no recipe runs).
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from astropy.io import fits
from sqlmodel import select

from phoenix.archive import LocalArchive
from phoenix.config import resolve_settings
from phoenix.db import open_database
from phoenix.db.models import ArchiveEntry, DatasetMember, Frame, Job, Product
from phoenix.naming import PREVIEW_CATEGORY, SDP_CATEGORY
from phoenix.production import publish
from phoenix.production.context import Context
from phoenix.sdp import validate_product
from phoenix.sdp.ancillary import md5_of
from tests.factories import dataset_row
from tests.sdp.synthetic import ARCFILE, instrument_cards, make_product, raw_header

JOB = "job-final"


class StubInstruments:
    """What prepare_phase3 asks the plugin: the spectra of the products, and their SDP cards."""

    def loaded(self) -> list:
        return []  # no plugin that implements phoenix_extract_cubes: the spectrum path

    def call(self, instrument: str, hook: str, **_: Any) -> Any:
        if hook == "phoenix_extract_spectra":
            return (make_product().spectrum,)
        if hook == "phoenix_prepare_sdp_header":
            return instrument_cards()
        raise AssertionError(f"unexpected hook {hook}")


@pytest.fixture
def science(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    settings = resolve_settings(workspace)
    db = open_database(settings.database_url)
    ctx = Context(settings, db, LocalArchive(settings.archive_root, db), StubInstruments())  # type: ignore[arg-type]
    raw = workspace / "raw.fits"
    raw.parent.mkdir(parents=True, exist_ok=True)
    header = fits.Header()
    for key, value in raw_header().items():
        header[f"HIERARCH {key}" if " " in key else key] = value
    fits.PrimaryHDU(header=header).writeto(raw)
    with db.session() as session:
        dataset = dataset_row("UVES.sci", night="2015-08-16", mjd_obs=57251.05)
        session.add(dataset)
        session.flush()
        frame = Frame(
            instrument="uves",
            night="2015-08-16",
            filename=ARCFILE,
            path=str(raw),
            category="SCIENCE_BLUE",
            keys={"ARCFILE": ARCFILE},
        )
        session.add(frame)
        session.flush()
        session.add(DatasetMember(dataset_id=dataset.id, frame_id=frame.id, tag="SCIENCE_BLUE"))
        session.add(
            Job(
                id=JOB, dataset_id=dataset.id, chain="c", step="s", recipe="r", runner="python", status="done"
            )
        )
    monkeypatch.setattr(publish, "dataset_jobs", lambda ctx, dataset: [JOB])
    yield SimpleNamespace(ctx=ctx, dataset=dataset)
    db.dispose()


def test_prepare_phase3_links_a_preview_and_ingest_lists_it(science: SimpleNamespace) -> None:
    ctx, dataset = science.ctx, science.dataset
    [written] = publish.prepare_phase3(ctx, dataset)
    product = Path(written)
    preview = product.with_name(product.name.removesuffix(".fits") + ".preview.png")
    assert preview.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    header = fits.getheader(product)
    assert header["ASSOC1"] == PREVIEW_CATEGORY
    assert header["ASSON1"] == preview.name
    assert header["ASSOM1"] == md5_of(preview)
    assert validate_product(product) == []
    with ctx.db.session() as session:
        rows = {
            p.category: p.path for p in session.exec(select(Product).where(Product.dataset_id == dataset.id))
        }
    assert rows == {SDP_CATEGORY: str(product), PREVIEW_CATEGORY: str(preview)}

    names = publish.ingest_products(ctx, dataset)
    assert names == [product.name, preview.name]
    with ctx.db.session() as session:
        catalog = {
            e.name: e for e in session.exec(select(ArchiveEntry).where(ArchiveEntry.kind == "product"))
        }
    assert catalog[preview.name].category == PREVIEW_CATEGORY
    assert catalog[product.name].category == SDP_CATEGORY
    archived = ctx.archive.path_of(catalog[preview.name])
    assert archived.parent == ctx.archive.path_of(catalog[product.name]).parent
    assert md5_of(archived) == header["ASSOM1"], "the archived preview is the one the header names"


def test_phase3_again_gives_the_same_preview_and_ingests_nothing_new(science: SimpleNamespace) -> None:
    ctx, dataset = science.ctx, science.dataset
    [first] = publish.prepare_phase3(ctx, dataset)
    publish.ingest_products(ctx, dataset)
    md5 = fits.getval(first, "ASSOM1")
    publish.prepare_phase3(ctx, dataset)
    assert fits.getval(first, "ASSOM1") == md5, "previews are reproducible, so re-runs change nothing"
    publish.ingest_products(ctx, dataset)
    with ctx.db.session() as session:
        assert len(list(session.exec(select(ArchiveEntry).where(ArchiveEntry.kind == "product")))) == 2
