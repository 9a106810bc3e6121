"""The local archive: every file whole, every catalog row once (on SQLite and PostgreSQL)."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import select

from phoenix.archive import LocalArchive
from phoenix.archive.files import PARTIAL_SUFFIX
from phoenix.db import open_database
from phoenix.db.models import ArchiveEntry
from phoenix.errors import ArchiveError


@pytest.fixture
def archive(tmp_path: Path, database_url: str) -> Iterator[LocalArchive]:
    db = open_database(database_url)
    yield LocalArchive(tmp_path / "archive", db)
    db.dispose()


def _rows(archive: LocalArchive) -> list[ArchiveEntry]:
    with archive.db.session() as s:
        return list(s.exec(select(ArchiveEntry)))


def test_ingest_twice_is_one_row_and_one_file(archive: LocalArchive, tmp_path: Path) -> None:
    src = tmp_path / "a.fits"
    src.write_bytes(b"x" * 5000)
    first = archive.ingest(src, kind="product", instrument="uves", night="2016-05-03")
    again = archive.ingest(src, kind="product", instrument="uves", night="2016-05-03")
    assert first.id == again.id
    assert len(_rows(archive)) == 1
    assert archive.path_of(first).read_bytes() == src.read_bytes()


def test_other_content_needs_replace(archive: LocalArchive, tmp_path: Path) -> None:
    src = tmp_path / "a.fits"
    src.write_bytes(b"old")
    archive.ingest(src, kind="product", instrument="uves")
    src.write_bytes(b"new content")
    with pytest.raises(ArchiveError, match="already archived with other content"):
        archive.ingest(src, kind="product", instrument="uves")
    entry = archive.ingest(src, kind="product", instrument="uves", replace=True)
    assert archive.path_of(entry).read_bytes() == b"new content"
    assert len(_rows(archive)) == 1


def test_file_without_row_after_crash_is_recorded_on_retry(archive: LocalArchive, tmp_path: Path) -> None:
    src = tmp_path / "a.fits"
    src.write_bytes(b"payload")
    dest = archive.directory("product", "uves", "2016-05-03") / "a.fits"
    dest.parent.mkdir(parents=True)
    dest.write_bytes(b"half")  # renamed by a run killed before it wrote the catalog row
    archive.ingest(src, kind="product", instrument="uves", night="2016-05-03")
    assert dest.read_bytes() == b"payload"
    assert len(_rows(archive)) == 1


def test_sweep_removes_partials(archive: LocalArchive) -> None:
    d = archive.directory("raw", "uves", "2016-05-03")
    d.mkdir(parents=True)
    partial = d / f".UVES.x.fits.1234{PARTIAL_SUFFIX}"
    partial.write_bytes(b"partial")
    assert archive.sweep() == [partial]
    assert not partial.exists()
    assert archive.raw_files("uves", "2016-05-03") == []


def test_move_leaves_no_source(archive: LocalArchive, tmp_path: Path) -> None:
    src = tmp_path / "raw.fits"
    src.write_bytes(b"raw bytes")
    entry = archive.ingest(src, kind="raw", instrument="uves", night="2016-05-03", move=True)
    assert not src.exists()
    assert archive.path_of(entry).read_bytes() == b"raw bytes"


def test_unknown_kind_is_refused(archive: LocalArchive, tmp_path: Path) -> None:
    with pytest.raises(ArchiveError, match="unknown archive kind"):
        archive.directory("trash", "uves")
