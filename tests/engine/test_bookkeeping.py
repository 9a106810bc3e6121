"""The bookkeeping database behaves the same on SQLite and PostgreSQL: schema, constraints, types."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError, StatementError
from sqlmodel import SQLModel, select

from phoenix.archive import LocalArchive
from phoenix.archive.files import PARTIAL_SUFFIX
from phoenix.db import Database, open_database
from phoenix.db.engine import alembic_config, make_engine, upgrade
from phoenix.db.models import ArchiveEntry, Frame, Run

PARANAL = timezone(timedelta(hours=-4))


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = open_database(database_url)
    yield database
    database.dispose()


def _frame(filename: str, instrument: str = "uves") -> Frame:
    return Frame(instrument=instrument, night="2016-05-03", filename=filename, path=f"raw/{filename}")


def _entry(name: str, kind: str = "master", size: int = 2880) -> ArchiveEntry:
    return ArchiveEntry(kind=kind, name=name, instrument="uves", path=name, checksum="0" * 64, size=size)


def test_migrations_apply_from_empty(database_url: str) -> None:
    db = open_database(database_url)
    open_database(database_url).dispose()  # a second open finds nothing to do
    try:
        tables = set(inspect(db.engine).get_table_names())
        with db.engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
    finally:
        db.dispose()
    assert set(SQLModel.metadata.tables) <= tables
    assert current == ScriptDirectory.from_config(alembic_config(database_url)).get_current_head()


def test_models_match_migrations(db: Database) -> None:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []


def test_upgrade_of_a_first_schema_keeps_catalog_rows_and_constraints(database_url: str) -> None:
    engine = make_engine(database_url)
    db = Database(engine)
    try:
        upgrade(engine, "0001")
        with db.session() as session:
            session.add(_entry("MASTER_BIAS_BLUE.fits"))
        upgrade(engine)
        with db.session() as session:
            assert [entry.name for entry in session.exec(select(ArchiveEntry))] == ["MASTER_BIAS_BLUE.fits"]
        with pytest.raises(IntegrityError), db.session() as session:
            session.add(_entry("MASTER_BIAS_BLUE.fits"))
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, SQLModel.metadata) == []
    finally:
        db.dispose()


def test_second_frame_with_same_instrument_and_filename_is_refused(db: Database) -> None:
    with db.session() as session:
        session.add(_frame("UVES.2016-05-03T23:59:59.123.fits"))
    with db.session() as session:
        session.add(_frame("UVES.2016-05-03T23:59:59.123.fits", instrument="xshooter"))
    with pytest.raises(IntegrityError), db.session() as session:
        session.add(_frame("UVES.2016-05-03T23:59:59.123.fits"))
    with db.session() as session:
        assert len(session.exec(select(Frame)).all()) == 2


def test_second_archive_entry_with_same_kind_and_name_is_refused(db: Database) -> None:
    with db.session() as session:
        session.add(_entry("MASTER_BIAS_BLUE.fits"))
    with db.session() as session:
        session.add(_entry("MASTER_BIAS_BLUE.fits", kind="product"))
    with pytest.raises(IntegrityError), db.session() as session:
        session.add(_entry("MASTER_BIAS_BLUE.fits"))
    with db.session() as session:
        assert len(session.exec(select(ArchiveEntry)).all()) == 2


def test_json_columns_round_trip_dicts(db: Database) -> None:
    keys = {
        "wlen": 580.0,
        "binning": [2, 2],
        "obs_id": 2**53,
        "tiny": 1e-300,
        "target": "HD 60753 — Å µm",
        "flags": {"calibrated": True, "grade": None, "nested": {"arms": ["blue", "red"]}},
        "empty": {},
    }
    with db.session() as session:
        frame = _frame("a.fits")
        frame.keys = keys
        frame.setup = {"arm": "blue", "slit": 1.0}
        session.add(frame)
    with db.session() as session:
        back = session.exec(select(Frame)).one()
    assert back.keys == keys
    assert back.setup == {"arm": "blue", "slit": 1.0}


def test_timezone_aware_datetimes_round_trip(db: Database) -> None:
    started = datetime(2016, 5, 3, 23, 59, 59, 123456, tzinfo=PARANAL)
    with db.session() as session:
        session.add(Run(instrument="uves", night="2016-05-03", mode="science", started=started))
    with db.session() as session:
        run = session.exec(select(Run)).one()
        in_window = session.exec(
            select(Run).where(
                Run.started >= datetime(2016, 5, 4, 3, 59, 59, tzinfo=UTC),
                Run.started < datetime(2016, 5, 4, 0, 0, 0, tzinfo=PARANAL),
            )
        ).all()
    assert run.started == started
    assert run.started.utcoffset() == timedelta(0)
    assert run.finished is None
    assert len(in_window) == 1


def test_naive_datetimes_are_refused(db: Database) -> None:
    with pytest.raises(StatementError, match="timezone"), db.session() as session:
        session.add(Run(instrument="uves", night="2016-05-03", mode="science", started=datetime(2016, 5, 3)))


def test_archive_entry_size_beyond_32_bits(db: Database) -> None:
    size = 5 * 2**30  # a MUSE cube
    with db.session() as session:
        session.add(_entry("MUSE.2016-05-03T01:02:03.456.fits", kind="raw", size=size))
    with db.session() as session:
        assert session.exec(select(ArchiveEntry)).one().size == size


def test_concurrent_ingestion_of_one_file_is_one_row_and_one_whole_file(db: Database, tmp_path: Path) -> None:
    archive = LocalArchive(tmp_path / "archive", db)
    payload = bytes(range(256)) * 256
    for round_ in range(3):  # several rounds: the threads do not collide in the same place every time
        src = tmp_path / f"UVES.2016-05-03T23:59:5{round_}.000.fits"
        src.write_bytes(payload)
        barrier = threading.Barrier(4)

        def ingest(_: int, src: Path = src, barrier: threading.Barrier = barrier) -> ArchiveEntry:
            barrier.wait()
            return archive.ingest(src, kind="raw", instrument="uves", night="2016-05-03")

        with ThreadPoolExecutor(max_workers=4) as pool:
            entries = list(pool.map(ingest, range(4)))
        with db.session() as session:
            rows = session.exec(select(ArchiveEntry).where(ArchiveEntry.name == src.name)).all()
        assert len(rows) == 1
        assert {entry.id for entry in entries} == {rows[0].id}
        assert archive.path_of(rows[0]).read_bytes() == payload
        assert rows[0].size == len(payload)
    assert list(archive.root.rglob(f"*{PARTIAL_SUFFIX}")) == []
    assert len(archive.raw_files("uves", "2016-05-03")) == 3
