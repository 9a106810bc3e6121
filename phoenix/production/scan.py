"""Step 1a: read and classify the night's raw frames; report every frame that cannot be used."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlmodel import func, select

from phoenix import keywords as kw
from phoenix.archive import sha256_of
from phoenix.archive.catalog import RELEASE_DATE_KEY
from phoenix.classify import classify_frame
from phoenix.db.bulk import update_rows
from phoenix.db.jsonkeys import decode_values, key_values
from phoenix.db.models import ArchiveEntry, Frame
from phoenix.errors import FrameError
from phoenix.headers import read_primary_header
from phoenix.production.context import Context
from phoenix.production.rulekeys import relevant_keywords

# SQLite's planner, without statistics, may pick (instrument, category, mjd) for "category IS NULL"
# and read every unclassified frame of the history for one month
NIGHT_INDEX = "INDEXED BY ix_frame_night_category"


@dataclass(frozen=True)
class FrameProblem:
    filename: str
    reason: str
    keyword: str | None = None


@dataclass(frozen=True)
class ScanReport:
    instrument: str
    night: str
    frames: int
    classified: int
    problems: tuple[FrameProblem, ...]


def scan_night(ctx: Context, instrument: str, night: str) -> ScanReport:
    """Classify every raw file of the night and store the result (or the problem) per frame."""
    table = ctx.instruments.classification(instrument)
    owned = {v.upper() for v in ctx.instruments.info(instrument).instrume}
    wanted = relevant_keywords(ctx.instruments, instrument)
    known = _known_frames(ctx, instrument, night)
    released = release_dates(ctx, instrument, night)
    problems: list[FrameProblem] = []
    classified = 0
    paths = ctx.archive.raw_files(instrument, night)
    catalogued = {e.name: e for e in ctx.archive.entries("raw", instrument, night=night)}
    for path in paths:
        checksum = _checksum(path, catalogued.get(path.name))
        previous = known.get(path.name)
        if previous is not None and previous.checksum == checksum:
            frame = previous  # unchanged since the last scan
            if frame.release_date != released.get(path.name):
                frame.release_date = released.get(path.name)
                _store(ctx, frame, previous)
        else:
            frame = _classify_file(path, instrument, night, checksum, table, owned, wanted)
            frame.release_date = released.get(path.name)
            _store(ctx, frame, previous)
        if frame.problem:
            problems.append(FrameProblem(frame.filename, frame.problem, frame.problem_keyword))
        elif frame.category:
            classified += 1
    return ScanReport(instrument, night, len(paths), classified, tuple(problems))


def classify_stored(
    ctx: Context, instrument: str, nights: list[str] | None = None, *, again: bool = False
) -> int:
    """Classify frames already in the bookkeeping from their stored header keys, in SQL.

    Only the keywords classification reads (required, rule and setup keywords) are extracted, in
    SQL; each distinct combination of their values is classified once, and the frames are updated
    by id in one executemany per kind of change, in id order. ``again`` reclassifies frames that
    have a class already (after a change of the classification table); otherwise only frames
    without class and problem.
    Returns the number of frames updated.
    """
    table = ctx.instruments.classification(instrument)
    wanted = set(table.required_keywords) | {c.keyword for r in table.rules for c in r.conditions}
    for keys in table.setup_keywords.values():
        wanted.update(keys)
    keywords = sorted(wanted)
    dialect = ctx.db.engine.dialect.name
    scope = [Frame.instrument == instrument]
    if nights is not None:  # by night first: the whole history may be unclassified
        scope.append(Frame.night.in_(nights))  # type: ignore[attr-defined]
    if not again:
        scope += [Frame.category.is_(None), Frame.problem.is_(None)]  # type: ignore[union-attr]
    values = key_values(Frame.keys, keywords, dialect)
    by_combo: dict[tuple, list[int]] = {}
    with ctx.db.session() as session:
        if dialect == "sqlite":  # SQLite groups the frames itself: one row per combination
            query = select(func.group_concat(Frame.id), *values).group_by(*values)
        else:
            query = select(Frame.id, *values)
        query = query.where(*scope).with_hint(Frame, NIGHT_INDEX, "sqlite")
        for ids, *found in session.exec(query):  # type: ignore[call-overload]
            combo = tuple(_hashable(v) for v in decode_values(found, keywords, dialect))
            frame_ids = [int(i) for i in ids.split(",")] if isinstance(ids, str) else [ids]
            by_combo.setdefault(combo, []).extend(frame_ids)
    changes: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for combo, ids in by_combo.items():
        change = _classified(dict(zip(keywords, combo, strict=True)), table)
        changes[tuple(change)].extend({"id": i, **change} for i in ids)
    # one short write transaction (parallel planners wait only for it); one executemany per kind
    # of change, in id order: each page of the table is written once
    with ctx.db.session() as session:
        for rows in changes.values():
            rows.sort(key=lambda r: r["id"])
            update_rows(session, Frame.__table__, "id", rows)  # type: ignore[arg-type]
    return sum(len(rows) for rows in changes.values())


def _hashable(value: Any) -> Any:
    return json.dumps(value, sort_keys=True) if isinstance(value, dict | list) else value


def _classified(values: dict[str, Any], table: Any) -> dict[str, Any]:
    """The bookkeeping columns for one combination of classification keyword values."""
    header = {k: v for k, v in values.items() if v is not None}
    try:
        result = classify_frame(header, table, filename="")
    except FrameError as exc:
        return {"category": None, "problem": exc.reason, "problem_keyword": exc.keyword}
    return {
        "category": result.category,
        "role": result.role.value,
        "arm": result.arm,
        "setup": dict(result.setup),
        "problem": None,
        "problem_keyword": None,
    }


def release_dates(ctx: Context, instrument: str, night: str) -> dict[str, datetime]:
    """File name -> end of its proprietary period, as the archive it came from recorded it.

    Frames without one (simulated, or dropped in by hand) are public.
    """
    out = {}
    for entry in ctx.archive.entries("raw", instrument, night=night):
        value = entry.keys.get(RELEASE_DATE_KEY)
        if value:
            out[entry.name] = datetime.fromisoformat(str(value))
    return out


def _checksum(path: Path, entry: ArchiveEntry | None) -> str:
    """The catalog's checksum of an archived file (verified when it was ingested); else hash it.

    A file whose size differs from its catalog entry, or that was dropped into the raw tree by
    hand, is hashed, so a changed file is always noticed.
    """
    if entry is not None and path.stat().st_size == entry.size:
        return entry.checksum
    return sha256_of(path)


def _known_frames(ctx: Context, instrument: str, night: str) -> dict[str, Frame]:
    with ctx.db.session() as session:
        rows = session.exec(select(Frame).where(Frame.instrument == instrument, Frame.night == night))
        return {f.filename: f for f in rows}


def _classify_file(path: Path, instrument: str, night: str, checksum: str, table, owned, wanted) -> Frame:  # type: ignore[no-untyped-def]
    frame = Frame(instrument=instrument, night=night, filename=path.name, path=str(path), checksum=checksum)
    try:
        header = read_primary_header(path)
        if str(header.get(kw.INSTRUME, "")).strip().upper() not in owned:
            raise FrameError(
                path.name, f"INSTRUME={header.get(kw.INSTRUME)!r} is not {instrument}", kw.INSTRUME
            )
        result = classify_frame(header, table, filename=path.name)
    except FrameError as exc:
        frame.problem, frame.problem_keyword = exc.reason, exc.keyword
        return frame
    frame.mjd_obs = _float(header.get(kw.MJD_OBS))
    frame.exptime = _float(header.get(kw.EXPTIME))
    frame.ob_id = _int(header.get(kw.OBS_ID))
    frame.tpl_start = header.get(kw.TPL_START)
    frame.keys = {k: header[k] for k in wanted if k in header}
    frame.category, frame.role, frame.arm = result.category, result.role.value, result.arm
    frame.setup = dict(result.setup)
    return frame


def _store(ctx: Context, frame: Frame, previous: Frame | None) -> None:
    with ctx.db.session() as session:
        if previous is not None:
            row = session.get(Frame, previous.id)
            for field in (
                "path",
                "checksum",
                "mjd_obs",
                "exptime",
                "category",
                "role",
                "arm",
                "ob_id",
                "tpl_start",
                "setup",
                "keys",
                "problem",
                "problem_keyword",
                "release_date",
            ):
                setattr(row, field, getattr(frame, field))
            session.add(row)
        else:
            session.add(frame)
        session.flush()


def _float(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
