"""Shared fixtures: a fresh workspace per test, and where the optional outer rings live."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_REFERENCE = REPO.parent / "shared" / "reference"

# Prefect must not phone home, and its temporary server needs time to start here.
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")


def needs_esorex() -> pytest.MarkDecorator:
    return pytest.mark.skipif(shutil.which("esorex") is None,
                              reason="esorex is not installed (apt-get install esorex cpl-plugin-uves)")


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
