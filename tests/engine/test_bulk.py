"""Bulk writes through the driver store what SQLAlchemy's own path stores (JSON, date-times, NULLs)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import select

from phoenix.db.bulk import insert_rows, update_rows
from phoenix.db.engine import open_database
from phoenix.db.models import Dataset


def _row(name: str, setup: dict, updated: datetime) -> dict:
    return {
        "name": name,
        "instrument": "uves",
        "night": "2016-05-03",
        "kind": "science",
        "category": "SCIENCE_RED",
        "arm": "RED",
        "chain": "science_red",
        "mjd_obs": 57511.1,
        "setup": setup,
        "ob_id": None,
        "status": "defined",
        "updated": updated,
    }


def test_rows_inserted_and_updated_in_bulk_read_back_as_written(database_url: str, tmp_path: Path) -> None:
    db = open_database(database_url)
    when = datetime(2026, 11, 24, 6, 30, 15, 123456, tzinfo=UTC)
    shared = {"INS.PATH": "RED", "WLEN": 580.0}  # one dictionary for many rows: converted once
    rows = [_row(f"d{i}", shared if i % 2 else {"nested": {"a": [1, 2]}, "i": i}, when) for i in range(5)]
    table = Dataset.__table__  # type: ignore[attr-defined]
    with db.session() as session:
        insert_rows(session, table, rows)
        insert_rows(session, table, [])  # nothing to write is no error
    with db.session() as session:
        stored = {d.name: d for d in session.exec(select(Dataset))}
    assert sorted(stored) == [f"d{i}" for i in range(5)]
    for row in rows:
        got = stored[row["name"]]
        assert (got.setup, got.mjd_obs, got.arm, got.ob_id) == (row["setup"], 57511.1, "RED", None)
        assert got.updated.replace(tzinfo=UTC) == when
    changes = [
        {"id": stored[f"d{i}"].id, "status": "incomplete", "message": f"missing {i}", "setup": {"i": i}}
        for i in (3, 1)
    ]
    with db.session() as session:
        update_rows(session, table, "id", changes)
    with db.session() as session:
        after = {d.name: d for d in session.exec(select(Dataset))}
    assert {n: (d.status, d.message, d.setup) for n, d in after.items() if d.status != "defined"} == {
        "d1": ("incomplete", "missing 1", {"i": 1}),
        "d3": ("incomplete", "missing 3", {"i": 3}),
    }
    assert after["d2"].setup == rows[2]["setup"] and after["d2"].message is None
    db.dispose()
