"""Fixtures of the report tests: a tiny bookkeeping database with QC values and scores."""

from __future__ import annotations

from pathlib import Path

import pytest

from phoenix.db import Database, open_database
from tests.report.synthetic import Filled, fill


@pytest.fixture
def db(tmp_path: Path):  # type: ignore[no-untyped-def]
    database = open_database(f"sqlite:///{tmp_path / 'bookkeeping.sqlite'}")
    yield database
    database.dispose()


@pytest.fixture
def filled(db: Database) -> Filled:
    return fill(db)


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    return tmp_path / "reports"
