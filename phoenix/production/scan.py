"""Step 1a: read and classify the night's raw frames; report every frame that cannot be used."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlmodel import select

from phoenix import keywords as kw
from phoenix.archive import sha256_of
from phoenix.archive.catalog import RELEASE_DATE_KEY
from phoenix.classify import classify_frame
from phoenix.db.models import ArchiveEntry, Frame
from phoenix.errors import FrameError
from phoenix.headers import read_primary_header
from phoenix.production.context import Context
from phoenix.production.rulekeys import relevant_keywords


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
