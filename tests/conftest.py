"""Shared fixtures: a fresh workspace or bookkeeping database per test; where the optional rings live."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, NullPool, create_engine, text
from sqlalchemy.exc import OperationalError

# PHOENIX's own pytest plugin (the instrument conformance suite), enabled as a third party would.
pytest_plugins = ["phoenix.testing"]

REPO = Path(__file__).resolve().parents[1]
SHARED_REFERENCE = REPO.parent / "shared" / "reference"

# Prefect must not phone home, and its temporary server needs time to start here.
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")


def needs_esorex() -> pytest.MarkDecorator:
    return pytest.mark.skipif(
        shutil.which("esorex") is None,
        reason="esorex is not installed (apt-get install esorex cpl-plugin-uves)",
    )


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    ws = tmp_path / "ws"
    monkeypatch.setenv("PHOENIX_WORKSPACE", str(ws))
    monkeypatch.delenv("PHOENIX_DATABASE_URL", raising=False)
    return ws


@pytest.fixture
def reference() -> Path:
    if not SHARED_REFERENCE.exists():
        pytest.skip(f"reference data folder {SHARED_REFERENCE} is absent (CI has it)")
    return SHARED_REFERENCE


POSTGRES_URL_VARIABLE = "PHOENIX_TEST_POSTGRES_URL"
NO_POSTGRES = (
    f"{POSTGRES_URL_VARIABLE} is not set; run the postgres ring with "
    "`bash .ci/postgres.sh run .venv/bin/python -m pytest -m postgres`"
)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Engine]:
    """An AUTOCOMMIT engine on the test server (``PHOENIX_TEST_POSTGRES_URL``) to make databases with."""
    url = os.environ.get(POSTGRES_URL_VARIABLE)
    if not url:
        pytest.skip(NO_POSTGRES)
    engine = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with engine.connect():
            pass
    except OperationalError as exc:
        pytest.fail(f"{POSTGRES_URL_VARIABLE} is set but the server does not answer: {exc}")
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a fresh, empty bookkeeping database: a SQLite file, or a new PostgreSQL database.

    The postgres database is created on the server ``PHOENIX_TEST_POSTGRES_URL`` points at and
    dropped (closing any connection a test left open) after the test.
    """
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'bookkeeping.sqlite'}"
        return
    server: Engine = request.getfixturevalue("postgres_server")
    name = f"phoenix_{uuid.uuid4().hex[:16]}"
    with server.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def prefect_server() -> Iterator[None]:
    """One Prefect test server for the whole session, whichever folders use it (~25 s to start)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield
