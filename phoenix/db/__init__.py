"""Bookkeeping database (SQLModel; SQLite in WAL mode by default, PostgreSQL by URL)."""

from phoenix.db.engine import Database, open_database

__all__ = ["Database", "open_database"]
