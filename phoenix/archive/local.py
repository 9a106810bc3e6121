"""The ``local`` archive: a directory tree plus a catalog table, written exactly once.

Layout under ``<workspace>/archive``: ``raw/<instrument>/<night>/``, ``masters/<instrument>/``,
``static/<instrument>/``, ``products/<instrument>/<night>/``. Ingestion copies to a ``.part``
name, verifies the checksum, renames, then records the catalog row; a row and its file are
unique by (kind, name). Re-ingesting the same bytes is a no-op; different bytes under the same
name replace the file only when they come from the dataset that owns the entry (its product was
regenerated) or ``replace`` is given (``--force``); anything else is a name collision, refused.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from phoenix.archive.catalog import CatalogRow
from phoenix.archive.files import place_atomically, sha256_of, sweep_partials
from phoenix.db import Database
from phoenix.db.models import ArchiveEntry, utcnow
from phoenix.errors import ArchiveError

# kind of entry -> its tree under the archive root
TREES = {"raw": "raw", "master": "masters", "static": "static", "product": "products"}
KINDS = tuple(TREES)
SHA256_HEX = 64


def refuse_collision(
    kind: str, name: str, checksum: str, existing: ArchiveEntry | None, dataset_id: int | None, replace: bool
) -> None:
    """Raise when ``name`` is archived with other content and may not be replaced.

    Replacing is allowed with ``replace`` (``--force``) or when the entry belongs to the same
    dataset (its product was regenerated).
    """
    own = dataset_id is not None and existing is not None and existing.dataset_id == dataset_id
    if existing is not None and existing.checksum != checksum and not (replace or own):
        raise ArchiveError(
            f"{kind} {name} is already archived with other content (sha256 {existing.checksum[:12]},"
            f" dataset {existing.dataset_id}); use --force to replace it"
        )


class LocalArchive:
    """Archive backend on the local file system."""

    name = "local"

    def __init__(self, root: Path, db: Database) -> None:
        self.root = root
        self.db = db

    def directory(self, kind: str, instrument: str, night: str | None = None) -> Path:
        if kind not in KINDS:
            raise ArchiveError(f"unknown archive kind {kind!r}; expected one of {KINDS}")
        base = self.root / TREES[kind] / instrument
        return base / night if night and kind in ("raw", "product") else base

    def path_of(self, entry: ArchiveEntry) -> Path:
        return self.root / entry.path

    def sweep(self) -> list[Path]:
        """Remove partial files left by an interrupted ingestion."""
        return sweep_partials(self.root)

    def ingest(
        self,
        src: Path,
        *,
        kind: str,
        instrument: str,
        name: str | None = None,
        night: str | None = None,
        category: str | None = None,
        mjd_obs: float | None = None,
        keys: Mapping[str, Any] | None = None,
        dataset_id: int | None = None,
        job_id: str | None = None,
        replace: bool = False,
        move: bool = False,
    ) -> ArchiveEntry:
        """Ingest ``src`` exactly once and return its catalog row."""
        name = name or src.name
        checksum = sha256_of(src)
        dest = self.directory(kind, instrument, night) / name
        with self.db.session() as session:
            existing = session.exec(
                select(ArchiveEntry).where(ArchiveEntry.kind == kind, ArchiveEntry.name == name)
            ).first()
        if existing is not None and existing.checksum == checksum and self._intact(existing):
            if move:
                src.unlink(missing_ok=True)
            return existing
        refuse_collision(kind, name, checksum, existing, dataset_id, replace)
        place_atomically(src, dest, checksum, move=move)
        values = dict(
            instrument=instrument,
            night=night,
            category=category,
            path=str(dest.relative_to(self.root)),
            checksum=checksum,
            size=dest.stat().st_size,
            mjd_obs=mjd_obs,
            keys=dict(keys or {}),
            dataset_id=dataset_id,
            job_id=job_id,
            ingested_at=utcnow(),
        )
        return self._record(kind, name, values)

    def record_many(self, rows: Sequence[CatalogRow], *, replace: bool = False, chunk: int = 5000) -> int:
        """Record catalog rows of files already placed in the tree, in batches; returns rows added.

        The batched path for large productions (one GIRAFFE frame gives up to 130 products): the
        same rules as :meth:`ingest` (a known kind, a path inside its tree, exactly once by (kind,
        name), a different checksum refused unless ``replace`` or the row's own dataset) checked
        per row, one SELECT and one multi-row INSERT per ``chunk`` rows. A row already recorded
        with the same checksum is skipped; nothing of a chunk is written when one of its rows is
        refused.
        """
        added = 0
        for start in range(0, len(rows), chunk):
            batch = rows[start : start + chunk]
            for row in batch:
                self._check_row(row)
            added += self._record_batch(batch, replace)
        return added

    def _check_row(self, row: CatalogRow) -> None:
        tree = self.directory(row.kind, row.instrument, row.night).relative_to(self.root)
        if Path(row.path).parent != tree:
            raise ArchiveError(f"{row.kind} {row.name}: path {row.path} is not in its tree {tree}/")
        if len(row.checksum) != SHA256_HEX or any(c not in "0123456789abcdef" for c in row.checksum):
            raise ArchiveError(f"{row.kind} {row.name}: checksum {row.checksum!r} is not a sha256 hex digest")
        if row.size < 0:
            raise ArchiveError(f"{row.kind} {row.name}: negative size {row.size}")

    def _record_batch(self, batch: Sequence[CatalogRow], replace: bool) -> int:
        names_by_kind: dict[str, list[str]] = {}
        for row in batch:
            names_by_kind.setdefault(row.kind, []).append(row.name)
        if sum(len(v) for v in names_by_kind.values()) != len({(r.kind, r.name) for r in batch}):
            raise ArchiveError("a batch of catalog rows names the same file twice")
        with self.db.session() as session:
            existing: dict[tuple[str, str], ArchiveEntry] = {}
            for kind, names in names_by_kind.items():
                query = select(ArchiveEntry).where(ArchiveEntry.kind == kind, ArchiveEntry.name.in_(names))  # type: ignore[attr-defined]
                existing.update({(e.kind, e.name): e for e in session.exec(query)})
            new, now = [], utcnow()
            for row in batch:
                old = existing.get((row.kind, row.name))
                refuse_collision(row.kind, row.name, row.checksum, old, row.dataset_id, replace)
                if old is None:
                    new.append({**row.values(), "ingested_at": now})
                elif old.checksum != row.checksum:
                    for key, value in row.values().items():
                        setattr(old, key, value)
                    old.ingested_at = now
                    session.add(old)
            if new:
                session.execute(insert(ArchiveEntry), new)
        return len(new)

    def _record(self, kind: str, name: str, values: dict[str, Any]) -> ArchiveEntry:
        for _ in range(2):
            try:
                with self.db.session() as session:
                    row = session.exec(
                        select(ArchiveEntry).where(ArchiveEntry.kind == kind, ArchiveEntry.name == name)
                    ).first()
                    if row is None:
                        row = ArchiveEntry(kind=kind, name=name, **values)
                    else:
                        for key, value in values.items():
                            setattr(row, key, value)
                    session.add(row)
                    session.flush()
                    session.refresh(row)
                    return row
            except IntegrityError:
                continue  # a concurrent ingestion of the same name won; update its row instead
        raise ArchiveError(f"could not record {kind} {name} in the catalog")

    def _intact(self, entry: ArchiveEntry) -> bool:
        path = self.path_of(entry)
        return path.exists() and path.stat().st_size == entry.size

    def entries(
        self,
        kind: str,
        instrument: str,
        *,
        night: str | None = None,
        categories: Sequence[str] | None = None,
    ) -> list[ArchiveEntry]:
        """Catalog rows of one kind, optionally restricted to a night and categories."""
        with self.db.session() as session:
            query = select(ArchiveEntry).where(
                ArchiveEntry.kind == kind, ArchiveEntry.instrument == instrument
            )
            if night is not None:
                query = query.where(ArchiveEntry.night == night)
            if categories:
                query = query.where(ArchiveEntry.category.in_(list(categories)))  # type: ignore[union-attr]
            return list(session.exec(query.order_by(ArchiveEntry.name)))

    def raw_files(self, instrument: str, night: str) -> list[Path]:
        """Every file in the night's raw directory (catalogued or dropped in by hand)."""
        directory = self.directory("raw", instrument, night)
        if not directory.exists():
            return []
        return sorted(p for p in directory.iterdir() if p.is_file() and not p.name.startswith("."))
