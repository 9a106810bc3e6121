"""Proprietary periods: a product is public from the latest release date of its inputs, not before.

Each raw frame keeps the release date its archive gave it (``Frame.release_date``; ESO's TAP
``release_date``; simulated and hand-placed frames have none and are public). A dataset's
release date is the latest over its member frames (science and raw calibrations) and the
archived masters it is associated with. Phase 3 products carry it, with the night log's OB
grade and comment, in cards of PHOENIX's own ``HIERARCH PHOENIX`` namespace: Table 7 of the
ESO SDP standard has no release-date keyword (the archive sets the date at ingestion), and
the SDP writer refuses Table 7 keywords in ``extra_primary``. Ingestion refuses a product
whose date is still to come (:func:`hold_if_proprietary`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from astropy.io import fits
from sqlmodel import select

from phoenix import keywords as kw
from phoenix.archive.catalog import RELEASE_DATE_KEY
from phoenix.db.models import ArchiveEntry, Association, Dataset, DatasetMember, DatasetStatus, Frame, utcnow
from phoenix.errors import ProprietaryDataError
from phoenix.production.context import Context
from phoenix.types import Source

RELEASE_CARD = kw.PHOENIX_RELEASE_DATE
OB_GRADE_CARD = kw.PHOENIX_OB_GRADE
OB_COMMENT_CARD = kw.PHOENIX_OB_COMMENT
DATE_FORMAT = "%Y-%m-%dT%H:%M:%S"


def dataset_release_date(ctx: Context, dataset: Dataset) -> datetime | None:
    """The latest release date over the dataset's inputs; None when every input is public."""
    with ctx.db.session() as session:
        frames = session.exec(
            select(Frame.release_date)
            .join(DatasetMember, DatasetMember.frame_id == Frame.id)
            .where(DatasetMember.dataset_id == dataset.id)
        )
        dates = [d for d in frames if d is not None]
        masters = session.exec(
            select(ArchiveEntry)
            .join(Association, Association.target == ArchiveEntry.name)
            .where(
                Association.dataset_id == dataset.id,
                Association.source == Source.MASTER.value,
                ArchiveEntry.kind == "master",
            )
        )
        dates += [_as_utc(e.keys[RELEASE_DATE_KEY]) for e in masters if e.keys.get(RELEASE_DATE_KEY)]
    return max((_as_utc(d) for d in dates), default=None)


def product_cards(ctx: Context, dataset: Dataset) -> dict[str, tuple[Any, str]]:
    """The non-Table-7 cards every Phase 3 product of ``dataset`` carries (``extra_primary``)."""
    cards: dict[str, tuple[Any, str]] = {}
    released = dataset_release_date(ctx, dataset)
    if released is not None:
        cards[RELEASE_CARD] = (released.strftime(DATE_FORMAT), "[UTC] public from: latest input release")
    if dataset.ob_grade:
        cards[OB_GRADE_CARD] = (dataset.ob_grade, "OB grade from the night log (A-D, X)")
    if dataset.ob_comment:
        cards[OB_COMMENT_CARD] = (_ascii(dataset.ob_comment), "OB comment from the night log")
    return cards


def product_release_date(path: Path) -> datetime | None:
    """The release date a product carries, or None."""
    value = fits.getheader(path, 0).get(RELEASE_CARD)
    return _as_utc(datetime.strptime(str(value), DATE_FORMAT)) if value else None


def check_publishable(path: Path, released: datetime | None, now: datetime | None = None) -> None:
    """Raise :class:`ProprietaryDataError` when ``path`` or ``released`` says the date is still to come."""
    latest = max((d for d in (released, product_release_date(path)) if d is not None), default=None)
    if latest is not None and latest > (now or datetime.now(UTC)):
        raise ProprietaryDataError(path.name, latest.strftime(DATE_FORMAT))


def hold_if_proprietary(
    ctx: Context, dataset: Dataset, paths: Sequence[Path], now: datetime | None = None
) -> bool:
    """True (and the dataset marked PROPRIETARY, with the date) when any product may not be published yet."""
    released = dataset_release_date(ctx, dataset)
    try:
        for path in paths:
            check_publishable(path, released, now)
    except ProprietaryDataError as exc:
        with ctx.db.session() as session:
            row = session.get(Dataset, dataset.id)
            if row is not None:
                row.status, row.message, row.updated = DatasetStatus.PROPRIETARY.value, str(exc), utcnow()
                session.add(row)
        return True
    return False


def _as_utc(value: datetime | str) -> datetime:
    when = datetime.fromisoformat(value) if isinstance(value, str) else value
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _ascii(text: str) -> str:
    """FITS header text is ASCII: accents dropped, anything else replaced by '?'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c if " " <= c <= "~" else "?" for c in plain)
