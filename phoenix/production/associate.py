"""Step 2: associate each dataset with the calibrations its chain needs, and store why.

Candidates come from the archive catalog (certified masters, static tables) and from the
bookkeeping (raw calibration frames, for master reconstruction). The choice itself is
:func:`phoenix.associate.associate`; this module feeds it and records the outcome.

Set-based: for a batch of datasets (a night, or a month of a batch) the candidates are read with
one indexed range query per source and category, limited to the rules' first-level window around
the batch's datasets (where most are decided), with only the match keywords extracted in SQL; a
rule not decided there reads its widest finite window once, and only a rule that finds nothing
within its finite windows (an unlimited last level, or a missing calibration whose reason names
the nearest candidates at any time) reads the whole category. The leads of all datasets come from
one query (leads with equal match keys share one mapping); old associations are deleted and new
ones inserted in bulk.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, delete, func
from sqlmodel import select

from phoenix.associate import AssociationOutcome, Candidate, CandidateIndex, associate
from phoenix.db.bulk import insert_rows, update_rows
from phoenix.db.jsonkeys import decode_values, key_values
from phoenix.db.models import ArchiveEntry, Association, Dataset, DatasetMember, DatasetStatus, Frame, utcnow
from phoenix.errors import PhoenixError
from phoenix.production.context import Context
from phoenix.types import AssociationRule, Source

# statuses a re-association may move a dataset out of; later ones mean it already went through
_OPEN = {DatasetStatus.DEFINED, DatasetStatus.ASSOCIATED, DatasetStatus.INCOMPLETE, DatasetStatus.FAILED}
_CHUNK = 500
_EXPOSURE_MARGIN_DAYS = 1.0  # candidates are searched by MJD-OBS; mid-exposure is up to this later


def mid_exposure(frame: Frame) -> float:
    return (frame.mjd_obs or 0.0) + (frame.exptime or 0.0) / 2.0 / 86400.0


def candidate_indexes(ctx: Context, instrument: str) -> dict[Source, CandidateIndex]:
    """Every candidate of the instrument, indexed per source (whole history: for small workspaces)."""
    pool = _CandidatePool(ctx, instrument, _match_keywords(ctx.instruments.associations(instrument)))
    categories: dict[Source, set[str]] = defaultdict(set)
    for rule in ctx.instruments.associations(instrument):
        categories[rule.source].add(rule.category)
    return {
        source: CandidateIndex.build(
            c for category in sorted(categories.get(source, ())) for c in pool.all(source, category)
        )
        for source in Source
    }


@dataclass(frozen=True)
class _Lead:
    filename: str
    mid: float
    keys: dict[str, Any]


def associate_datasets(ctx: Context, datasets: list[Dataset]) -> list[Dataset]:
    """Associate every dataset; returns them with the status and message written (INCOMPLETE: the reasons)."""
    by_instrument: dict[str, list[Dataset]] = defaultdict(list)
    for dataset in datasets:
        by_instrument[dataset.instrument].append(dataset)
    refreshed: dict[int, Dataset] = {}
    for instrument, group in by_instrument.items():
        for chunk in _chunks(group, 5000):
            refreshed.update(_associate_batch(ctx, instrument, chunk))
    return [refreshed[d.id] for d in datasets if d.id is not None]  # type: ignore[index]


def _associate_batch(ctx: Context, instrument: str, datasets: list[Dataset]) -> dict[int, Dataset]:
    """Read and decide first, then write everything in one short transaction.

    Only the writing holds SQLite's write lock, so batches planned in parallel processes
    (:mod:`phoenix.production.planning`) wait for each other only while they write.
    """
    all_rules = ctx.instruments.associations(instrument)
    keywords = _match_keywords(all_rules)
    leads = _leads(ctx, datasets, keywords)
    pool = _CandidatePool(ctx, instrument, keywords)
    rules_of = {c: [r for r in all_rules if c in r.for_categories] for c in {d.category for d in datasets}}
    mids: dict[str, list[float]] = defaultdict(list)  # the references' times per trigger category
    for d in datasets:
        if d.id in leads:
            mids[d.category].append(leads[d.id].mid)
    needs = [(rule, mids[c]) for c, rules in rules_of.items() for rule in rules]
    windows = (_Windows(pool, needs, _first_width), _Windows(pool, needs, _finite_width))
    min_members = ctx.instruments.datasets(instrument).min_members
    ids = [d.id for d in datasets]
    associations: list[dict[str, Any]] = []
    members: list[dict[str, Any]] = []
    missing: dict[int, list[str]] = {}
    memo: dict = {}  # which match keywords differ, per candidate group and reference (this pass only)
    counts = _trigger_counts(ctx, datasets)
    for dataset in datasets:
        assert dataset.id is not None
        lead = leads.get(dataset.id)
        found = counts.get(dataset.id, 0)
        needed = min_members.get(dataset.category, 1)
        reasons = [] if found >= needed else [f"only {found} {dataset.category} frame(s); needs {needed}"]
        if lead is None:
            raise PhoenixError(f"{dataset.name}: has no {dataset.category} frame")
        for rule in rules_of[dataset.category]:
            outcome = _outcome(lead, rule, windows, pool, memo)
            associations += _rows(dataset.id, rule, outcome)
            if not outcome.ok:
                if rule.required:
                    reasons.append(outcome.reason)
                continue
            if rule.source is Source.RAW:
                members += [
                    {
                        "dataset_id": dataset.id,
                        "frame_id": pool.frame_id(p.candidate.id),
                        "tag": rule.category,
                    }
                    for p in outcome.picks
                ]
        missing[dataset.id] = reasons
    with ctx.db.session() as session:
        for chunk in _chunks(ids, _CHUNK):
            session.exec(delete(Association).where(Association.dataset_id.in_(chunk)))  # type: ignore[call-overload,attr-defined]
        for chunk in _chunks(datasets, _CHUNK):
            for category in {d.category for d in chunk}:
                session.exec(  # type: ignore[call-overload]
                    delete(DatasetMember).where(
                        DatasetMember.dataset_id.in_([d.id for d in chunk if d.category == category]),  # type: ignore[attr-defined]
                        DatasetMember.tag != category,
                    )
                )
        insert_rows(session, Association.__table__, associations)  # type: ignore[arg-type]
        insert_rows(session, DatasetMember.__table__, members)  # type: ignore[arg-type]
        written = _set_statuses(session, ids, missing)
    out: dict[int, Dataset] = {}
    for dataset in datasets:  # the caller's objects, with what was written
        status, message, updated = written[dataset.id]  # type: ignore[index]
        dataset.status, dataset.message, dataset.updated = status, message, updated
        out[dataset.id] = dataset  # type: ignore[index]
    return out


def _trigger_counts(ctx: Context, datasets: list[Dataset]) -> dict[int, int]:
    """How many frames of its trigger category each dataset has."""
    counts: dict[int, int] = {}
    with ctx.db.session() as session:
        for chunk in _chunks(datasets, _CHUNK):
            for category in {d.category for d in chunk}:
                counts.update(
                    session.exec(
                        select(DatasetMember.dataset_id, func.count())
                        .where(
                            DatasetMember.dataset_id.in_([d.id for d in chunk if d.category == category]),  # type: ignore[attr-defined]
                            DatasetMember.tag == category,
                        )
                        .group_by(DatasetMember.dataset_id)
                    ).all()
                )
    return counts


def _outcome(
    lead: _Lead,
    rule: AssociationRule,
    windows: tuple[_Windows, ...],
    pool: _CandidatePool,
    memo: dict,
) -> AssociationOutcome:
    """The rule's outcome from the narrowest candidate window that decides it, else from all of them.

    An outcome found among the candidates read within a width around the batch's references is
    the outcome among all candidates when every level tried, up to the one that decided, searches
    within that width: no candidate outside could have qualified at any of them.
    """
    for window in windows:
        index = window.index(rule)
        if index is None:
            continue
        outcome = associate(lead.keys, lead.mid, rule, index, memo)
        if outcome.ok and _covered(rule, outcome.level, window.width(rule)):
            return outcome
    return associate(lead.keys, lead.mid, rule, pool.full(rule.source, rule.category))


def _covered(rule: AssociationRule, level: int | None, width: float) -> bool:
    """Whether every level of ``rule`` up to ``level`` searches within ``width`` days."""
    for lv in rule.levels:
        if lv.window_days > width:
            return False
        if lv.level == level:
            return True
    return False


def _first_width(rule: AssociationRule) -> float:
    """The first level's window: most datasets are decided there, among few candidates."""
    return rule.levels[0].window_days if rule.levels else math.inf


def _finite_width(rule: AssociationRule) -> float:
    """The widest finite window of the rule's levels (``inf`` when none is finite)."""
    return max((lv.window_days for lv in rule.levels if math.isfinite(lv.window_days)), default=math.inf)


class _Windows:
    """Per source and category, the candidates within ``width_of(rule)`` of the batch's references.

    ``needs`` pairs each rule with the times of the references it is applied to. A (source,
    category) is read on first use, with one indexed range query spanning every reference of the
    batch with a rule for it; a rule without a finite width is not served here.
    """

    def __init__(
        self,
        pool: _CandidatePool,
        needs: Sequence[tuple[AssociationRule, list[float]]],
        width_of: Callable[[AssociationRule], float],
    ) -> None:
        self.pool = pool
        self._widths = {id(rule): (rule, width_of(rule)) for rule, _ in needs}
        self._spans: dict[tuple[Source, str], tuple[float, float]] = {}
        self._indexes: dict[tuple[Source, str], CandidateIndex] = {}
        for rule, mjds in needs:
            width = self.width(rule)
            if mjds and math.isfinite(width):
                key = (rule.source, rule.category)
                lo, hi = self._spans.get(key, (math.inf, -math.inf))
                self._spans[key] = (min(lo, min(mjds) - width), max(hi, max(mjds) + width))

    def width(self, rule: AssociationRule) -> float:
        """How far around every reference of the batch the candidates of ``rule`` are read."""
        return self._widths[id(rule)][1]

    def index(self, rule: AssociationRule) -> CandidateIndex | None:
        key = (rule.source, rule.category)
        if key not in self._spans or not math.isfinite(self.width(rule)):
            return None
        if key not in self._indexes:
            lo, hi = self._spans[key]
            candidates = self.pool.read(*key, lo - _EXPOSURE_MARGIN_DAYS, hi + _EXPOSURE_MARGIN_DAYS)
            self._indexes[key] = CandidateIndex.build(candidates)
        return self._indexes[key]


def _rows(dataset_id: int, rule: AssociationRule, outcome: AssociationOutcome) -> list[dict[str, Any]]:
    base = {"dataset_id": dataset_id, "category": rule.category, "source": rule.source.value}
    if not outcome.ok:
        none = {"target": None, "level": None, "delta_days": None, "rank": None}
        return [{**base, **none, "status": "missing", "reason": outcome.reason}]
    return [
        {
            **base,
            "target": pick.candidate.id,
            "level": outcome.level,
            "delta_days": pick.delta_days,
            "rank": pick.rank,
            "status": "ok",
            "reason": outcome.reason,
        }
        for pick in outcome.picks
    ]


def _set_statuses(
    session: Any, ids: list[int], missing: dict[int, list[str]]
) -> dict[int, tuple[str, str | None, Any]]:
    """Write each dataset's status and message; returns them (with the time written) by id."""
    current: dict[int, str] = {}
    for chunk in _chunks(ids, _CHUNK):
        current.update(session.exec(select(Dataset.id, Dataset.status).where(Dataset.id.in_(chunk))).all())  # type: ignore[union-attr]
    now = utcnow()
    changes = []
    for dataset_id in ids:
        reasons = missing.get(dataset_id, [])
        if reasons:
            status, message = DatasetStatus.INCOMPLETE.value, "; ".join(reasons)
        elif current[dataset_id] in _OPEN:
            status, message = DatasetStatus.ASSOCIATED.value, None
        else:
            status, message = current[dataset_id], None
        changes.append({"id": dataset_id, "status": status, "message": message, "updated": now})
    changes.sort(key=lambda row: row["id"])
    update_rows(session, Dataset.__table__, "id", changes)  # type: ignore[arg-type]
    return {row["id"]: (row["status"], row["message"], row["updated"]) for row in changes}


def _leads(ctx: Context, datasets: list[Dataset], keywords: list[str]) -> dict[int, _Lead]:
    """Each dataset's first frame of its trigger category (its reference), with its match keys."""
    dialect = ctx.db.engine.dialect.name
    values = key_values(Frame.keys, keywords, dialect)
    leads: dict[int, _Lead] = {}
    # leads with equal match keys share one mapping: associate() remembers its work per mapping
    shared: dict[Any, dict[str, Any]] = {}
    with ctx.db.session() as session:
        for chunk in _chunks(datasets, _CHUNK):
            rows = session.connection().execute(  # rows, not ORM entities: no ORM loading
                select(  # type: ignore[call-overload]
                    DatasetMember.dataset_id,
                    Dataset.category,
                    DatasetMember.tag,
                    Frame.filename,
                    Frame.mjd_obs,
                    Frame.exptime,
                    *values,
                )
                .join(Frame, Frame.id == DatasetMember.frame_id)
                .join(Dataset, Dataset.id == DatasetMember.dataset_id)
                .where(DatasetMember.dataset_id.in_([d.id for d in chunk]))  # type: ignore[attr-defined]
                .order_by(DatasetMember.dataset_id, Frame.mjd_obs)
            )
            for dataset_id, category, tag, filename, mjd, exptime, *found in rows:
                if tag != category or dataset_id in leads:
                    continue
                token = _token(found)
                keys = shared.get(token) if token is not None else None
                if keys is None:
                    values_ = decode_values(found, keywords, dialect)
                    keys = {k: v for k, v in zip(keywords, values_, strict=True) if v is not None}
                    if token is not None:
                        shared[token] = keys
                leads[dataset_id] = _Lead(filename, (mjd or 0.0) + (exptime or 0.0) / 2.0 / 86400.0, keys)
    return leads


def _token(found: Sequence[Any]) -> tuple | None:
    """A key equal only for identical selected values (same types), or ``None`` if unhashable."""
    token = tuple((type(v), v) for v in found)
    try:
        hash(token)
    except TypeError:
        return None
    return token


class _CandidatePool:
    """Candidates of one instrument read from SQL: around given times, or a whole category once."""

    def __init__(self, ctx: Context, instrument: str, keywords: list[str]) -> None:
        self.ctx, self.instrument, self.keywords = ctx, instrument, keywords
        self.dialect = ctx.db.engine.dialect.name
        self._full: dict[tuple[Source, str], CandidateIndex] = {}
        self._frame_ids: dict[str, int] = {}
        self._decoded: dict[tuple, dict[str, Any]] = {}
        # per source and category: the MJD-OBS span read so far and its (MJD-OBS, candidate) pairs
        self._held: dict[tuple[Source, str], tuple[float, float, list[tuple[float, Candidate]]]] = {}

    def full(self, source: Source, category: str) -> CandidateIndex:
        if (source, category) not in self._full:
            self._full[(source, category)] = CandidateIndex.build(self.all(source, category))
        return self._full[(source, category)]

    def all(self, source: Source, category: str) -> list[Candidate]:
        return self.read(source, category, None, None)

    def frame_id(self, filename: str) -> int:
        return self._frame_ids[filename]

    def read(self, source: Source, category: str, lo: float | None, hi: float | None) -> list[Candidate]:
        """The candidates with MJD-OBS in ``[lo, hi]`` (all of them without bounds).

        Spans asked for one after the other (a rule's first-level window, then its widest finite
        one) overlap: only the part not read yet is queried.
        """
        if lo is None or hi is None:
            return [c for _, c in self._query(source, category, None, None)]
        key = (source, category)
        if key not in self._held:
            self._held[key] = (lo, hi, self._query(source, category, (lo, False), (hi, False)))
        held_lo, held_hi, rows = self._held[key]
        if lo < held_lo:
            rows = self._query(source, category, (lo, False), (held_lo, True)) + rows
        if hi > held_hi:
            rows = rows + self._query(source, category, (held_hi, True), (hi, False))
        self._held[key] = (min(lo, held_lo), max(hi, held_hi), rows)
        return [c for mjd, c in rows if lo <= mjd <= hi]

    def _query(
        self, source: Source, category: str, lo: tuple[float, bool] | None, hi: tuple[float, bool] | None
    ) -> list[tuple[float, Candidate]]:
        """(MJD-OBS, candidate) pairs between bounds given as (value, exclusive)."""
        with self.ctx.db.session() as session:
            if source is Source.RAW:
                query = _between(self._raw_query(category), Frame.mjd_obs, lo, hi)
                return [(row[2], self._raw(row, category)) for row in session.connection().execute(query)]
            kind = "master" if source is Source.MASTER else "static"
            query = _between(self._archive_query(kind, category), ArchiveEntry.mjd_obs, lo, hi)
            return [
                (
                    mjd,
                    Candidate(
                        name, category, mjd or 0.0, self._keys(found), certified if kind == "master" else None
                    ),
                )
                for name, mjd, certified, *found in session.connection().execute(query)
            ]

    def _values(self, column: Any) -> list[Any]:
        return key_values(column, self.keywords, self.dialect)

    def _keys(self, found: Sequence[Any]) -> dict[str, Any]:
        token = _token(found)  # many candidates carry the same values: decode those once
        keys = self._decoded.get(token) if token is not None else None
        if keys is None:
            values = decode_values(found, self.keywords, self.dialect)
            keys = {k: v for k, v in zip(self.keywords, values, strict=True) if v is not None}
            if token is not None:
                self._decoded[token] = keys
        return keys

    def _raw_query(self, category: str) -> Select:
        query = select(
            Frame.id, Frame.filename, Frame.mjd_obs, Frame.exptime, *self._values(Frame.keys)
        ).where(
            Frame.instrument == self.instrument,
            Frame.category == category,
            Frame.problem.is_(None),  # type: ignore[union-attr]
        )
        # without statistics SQLite may take the category-only index and read the whole history
        return query.with_hint(Frame, "INDEXED BY ix_frame_candidates", "sqlite")

    def _raw(self, row: Any, category: str) -> Candidate:
        frame_id, filename, mjd, exptime, *found = row
        self._frame_ids[filename] = frame_id
        return Candidate(
            filename, category, (mjd or 0.0) + (exptime or 0.0) / 2.0 / 86400.0, self._keys(found)
        )

    def _archive_query(self, kind: str, category: str) -> Select:
        query = select(
            ArchiveEntry.name, ArchiveEntry.mjd_obs, ArchiveEntry.certified, *self._values(ArchiveEntry.keys)
        ).where(
            ArchiveEntry.instrument == self.instrument,
            ArchiveEntry.kind == kind,
            ArchiveEntry.category == category,
        )
        return query


def _between(
    query: Select, column: Any, lo: tuple[float, bool] | None, hi: tuple[float, bool] | None
) -> Select:
    if lo is not None:
        query = query.where(column > lo[0] if lo[1] else column >= lo[0])
    if hi is not None:
        query = query.where(column < hi[0] if hi[1] else column <= hi[0])
    return query


def _match_keywords(rules: Iterable[AssociationRule]) -> list[str]:
    return sorted({k for rule in rules for k in rule.match_keywords})


def _chunks(items: Sequence[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])
