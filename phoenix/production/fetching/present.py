"""Is a file already in the local archive, whole? (Then it is not fetched again.)"""

from __future__ import annotations

from sqlmodel import select

from phoenix.archive import sha256_of
from phoenix.db.models import ArchiveEntry
from phoenix.production.context import Context


def present_and_verified(ctx: Context, kind: str, name: str) -> bool:
    """True when the local archive holds ``name`` and its bytes still match the catalog's checksum."""
    with ctx.db.session() as session:
        entry = session.exec(
            select(ArchiveEntry).where(ArchiveEntry.kind == kind, ArchiveEntry.name == name)
        ).first()
    if entry is None:
        return False
    path = ctx.archive.path_of(entry)
    return path.exists() and path.stat().st_size == entry.size and sha256_of(path) == entry.checksum
