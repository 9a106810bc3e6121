"""The `phoenix` CLI as a separate process that a test can SIGKILL, and peeks into its database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, text

PHOENIX = [sys.executable, "-m", "flows.cli"]


def start_phoenix(workspace: Path, *args: str) -> subprocess.Popen:
    """``phoenix ARGS`` in a process group of its own (so a SIGKILL takes its children too)."""
    env = {**os.environ, "PHOENIX_WORKSPACE": str(workspace), "PHOENIX_MAX_WORKERS": "2"}
    env.pop("PREFECT_API_URL", None)  # its own temporary server, killed with it
    return subprocess.Popen(
        [*PHOENIX, *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def query(db: Path, sql: str) -> list[tuple]:
    """Rows of ``sql`` on the SQLite file ``db``; none while it does not exist or is locked."""
    engine = create_engine(f"sqlite:///{db}")
    try:
        with engine.connect() as conn:
            return list(conn.execute(text(sql)))
    except Exception:
        return []  # not created yet, or locked for a moment
    finally:
        engine.dispose()
