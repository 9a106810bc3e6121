"""Batched catalog rows (``LocalArchive.record_many``): exactly once, the same rules as ``ingest``."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlmodel import func, select

from phoenix.archive import LocalArchive
from phoenix.archive.catalog import CatalogRow
from phoenix.db import open_database
from phoenix.db.models import ArchiveEntry
from phoenix.errors import ArchiveError


@pytest.fixture
def archive(tmp_path: Path):  # type: ignore[no-untyped-def]
    db = open_database(f"sqlite:///{tmp_path / 'bookkeeping.sqlite'}")
    yield LocalArchive(tmp_path / "archive", db)
    db.dispose()


def _row(name: str, content: str = "a", night: str = "2016-05-03", path: str | None = None) -> CatalogRow:
    return CatalogRow(
        kind="product",
        name=name,
        instrument="giraffe",
        path=path or f"products/giraffe/{night}/{name}",
        checksum=hashlib.sha256(content.encode()).hexdigest(),
        size=10,
        night=night,
        category="SCIENCE.SPECTRUM",
    )


def _count(archive: LocalArchive) -> int:
    with archive.db.session() as s:
        return s.exec(select(func.count()).select_from(ArchiveEntry)).one()


def test_rows_are_recorded_once_in_chunks(archive: LocalArchive) -> None:
    rows = [_row(f"GIRAFFE.P{i:04d}.fits") for i in range(25)]
    assert archive.record_many(rows, chunk=7) == 25
    assert archive.record_many(rows, chunk=7) == 0
    assert _count(archive) == 25
    assert {e.name for e in archive.entries("product", "giraffe", night="2016-05-03")} == {
        r.name for r in rows
    }


def test_other_content_under_a_recorded_name_is_refused_unless_replaced(archive: LocalArchive) -> None:
    archive.record_many([_row("GIRAFFE.X.fits", "a")])
    with pytest.raises(ArchiveError, match="already archived with other content"):
        archive.record_many([_row("GIRAFFE.Y.fits"), _row("GIRAFFE.X.fits", "b")])
    assert _count(archive) == 1  # the refused chunk wrote nothing
    assert archive.record_many([_row("GIRAFFE.X.fits", "b")], replace=True) == 0
    (entry,) = archive.entries("product", "giraffe")
    assert entry.checksum == hashlib.sha256(b"b").hexdigest()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (_row("A.fits", path="raw/giraffe/2016-05-03/A.fits"), "not in its tree"),
        (CatalogRow("product", "B.fits", "giraffe", "products/giraffe/B.fits", "xyz", 1), "sha256"),
        (CatalogRow("junk", "C.fits", "giraffe", "junk/C.fits", "0" * 64, 1), "unknown archive kind"),
    ],
)
def test_rows_that_break_the_rules_are_refused(archive: LocalArchive, row: CatalogRow, message: str) -> None:
    with pytest.raises(ArchiveError, match=message):
        archive.record_many([row])
    assert _count(archive) == 0


def test_a_batch_naming_a_file_twice_is_refused(archive: LocalArchive) -> None:
    with pytest.raises(ArchiveError, match="twice"):
        archive.record_many([_row("D.fits"), _row("D.fits")])
