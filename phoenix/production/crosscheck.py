"""Our association of a dataset against ESO's calSelector: where they agree and where they differ.

Per calibration category: ``agree`` (the same files), ``differ`` (both chose, differently),
``only_ours`` or ``only_eso``. File names are compared without ``.fits``/compression suffixes;
``aliases`` maps our category names to ESO's where they differ.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlmodel import select

from phoenix import keywords as kw
from phoenix.archive.source import RemoteArchive
from phoenix.db.models import Association, Dataset, DatasetMember, Frame
from phoenix.errors import PhoenixError
from phoenix.production.context import Context

AGREE, DIFFER, ONLY_OURS, ONLY_ESO = "agree", "differ", "only_ours", "only_eso"
_SUFFIXES = (".fits.Z", ".fits.gz", ".fits.fz", ".fits")


@dataclass(frozen=True)
class CategoryComparison:
    category: str
    ours: frozenset[str]
    eso: frozenset[str]

    @property
    def verdict(self) -> str:
        if not self.ours:
            return ONLY_ESO
        if not self.eso:
            return ONLY_OURS
        return AGREE if self.ours == self.eso else DIFFER

    def describe(self) -> str:
        if self.verdict == AGREE:
            return f"{self.category}: agree ({len(self.ours)} file(s))"
        only_ours, only_eso = sorted(self.ours - self.eso), sorted(self.eso - self.ours)
        return f"{self.category}: {self.verdict}; only ours {only_ours}, only ESO's {only_eso}"


@dataclass(frozen=True)
class CrossCheckReport:
    dp_id: str
    mode: str
    comparisons: tuple[CategoryComparison, ...]

    @property
    def agreed(self) -> tuple[CategoryComparison, ...]:
        return tuple(c for c in self.comparisons if c.verdict == AGREE)

    @property
    def differences(self) -> tuple[CategoryComparison, ...]:
        return tuple(c for c in self.comparisons if c.verdict != AGREE)

    @property
    def agrees(self) -> bool:
        return not self.differences

    def lines(self) -> list[str]:
        return [f"{self.dp_id} ({self.mode}): " + c.describe() for c in self.comparisons]


def file_id(name: str) -> str:
    for suffix in _SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def compare_associations(
    dp_id: str,
    mode: str,
    ours: Mapping[str, Iterable[str]],
    eso: Mapping[str, Iterable[str]],
    aliases: Mapping[str, str] | None = None,
) -> CrossCheckReport:
    """Compare two associations given as category -> file names."""
    aliases = aliases or {}
    mine: dict[str, set[str]] = {}
    for category, names in ours.items():
        mine.setdefault(aliases.get(category, category), set()).update(file_id(n) for n in names)
    theirs = {category: {file_id(n) for n in names} for category, names in eso.items()}
    comparisons = tuple(
        CategoryComparison(c, frozenset(mine.get(c, ())), frozenset(theirs.get(c, ())))
        for c in sorted(set(mine) | set(theirs))
    )
    return CrossCheckReport(dp_id, mode, comparisons)


def dataset_associations(ctx: Context, dataset: Dataset) -> dict[str, frozenset[str]]:
    """The calibrations we associated with ``dataset``: category -> file names."""
    with ctx.db.session() as session:
        rows = session.exec(
            select(Association).where(
                Association.dataset_id == dataset.id,
                Association.status == "ok",
                Association.target.is_not(None),  # type: ignore[union-attr]
            )
        )
        out: dict[str, set[str]] = {}
        for row in rows:
            out.setdefault(row.category, set()).add(str(row.target))
    return {category: frozenset(names) for category, names in out.items()}


def crosscheck_dataset(
    ctx: Context,
    dataset: Dataset,
    source: RemoteArchive,
    mode: str = "Raw2Master",
    aliases: Mapping[str, str] | None = None,
) -> CrossCheckReport:
    """Ask the archive how it associates the dataset's first science frame, and compare with ours."""
    dp_id = file_id(_lead_arcfile(ctx, dataset))
    eso = source.associations(dp_id, mode)
    return compare_associations(dp_id, mode, dataset_associations(ctx, dataset), eso, aliases)


def _lead_arcfile(ctx: Context, dataset: Dataset) -> str:
    with ctx.db.session() as session:
        frame = session.exec(
            select(Frame)
            .join(DatasetMember, DatasetMember.frame_id == Frame.id)
            .where(DatasetMember.dataset_id == dataset.id, DatasetMember.tag == dataset.category)
            .order_by(Frame.mjd_obs)
        ).first()
    if frame is None:
        raise PhoenixError(f"{dataset.name}: has no {dataset.category} frame to ask the archive about")
    return str(frame.keys.get(kw.ARCFILE) or frame.filename)
