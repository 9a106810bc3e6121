"""Everything a step needs: settings, bookkeeping, archive and plugins, opened once per run."""

from __future__ import annotations

from dataclasses import dataclass

from phoenix.archive import LocalArchive
from phoenix.config import Settings
from phoenix.db import Database, open_database
from phoenix.plugins import Instruments, get_instruments


@dataclass(frozen=True)
class Context:
    settings: Settings
    db: Database
    archive: LocalArchive
    instruments: Instruments


def open_context(settings: Settings, instruments: Instruments | None = None) -> Context:
    """Open the workspace's database (migrating it) and archive, and load the plugins."""
    settings.workspace.mkdir(parents=True, exist_ok=True)
    db = open_database(settings.database_url)
    return Context(settings, db, LocalArchive(settings.archive_root, db), instruments or get_instruments())
