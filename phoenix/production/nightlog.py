"""Step 3: OB grades and comments from the night log, onto the datasets of those OBs.

The default night log is a CSV file with the columns ``ob_id,ob_name,grade,comment`` kept in the
archive at ``nightlog/<instrument>/<night>.csv``. Grades are ESO's: A-D, or X (not graded).
"""

from __future__ import annotations

import csv
from pathlib import Path

from sqlmodel import select

from phoenix.db.models import Dataset, NightLogEntry
from phoenix.errors import PhoenixError
from phoenix.production.context import Context

GRADES = {"A", "B", "C", "D", "X"}


def night_log_path(ctx: Context, instrument: str, night: str) -> Path:
    return ctx.settings.archive_root / "nightlog" / instrument / f"{night}.csv"


def read_night_log(path: Path) -> list[tuple[int, str, str, str]]:
    """Rows ``(ob_id, ob_name, grade, comment)``; a malformed row is an error naming its line."""
    rows = []
    with open(path, newline="") as fh:
        for lineno, row in enumerate(csv.DictReader(fh), start=2):
            try:
                ob_id, grade = int(row["ob_id"]), row["grade"].strip().upper()
            except (KeyError, TypeError, ValueError) as exc:
                raise PhoenixError(f"{path.name} line {lineno}: needs an integer ob_id and a grade") from exc
            if grade not in GRADES:
                raise PhoenixError(
                    f"{path.name} line {lineno}: grade {grade!r} is not one of {sorted(GRADES)}"
                )
            rows.append((ob_id, row.get("ob_name", "") or "", grade, row.get("comment", "") or ""))
    return rows


def apply_night_log(ctx: Context, instrument: str, night: str) -> int:
    """Store the night's OB grades and copy them onto its datasets; returns the number of OBs graded."""
    path = night_log_path(ctx, instrument, night)
    if not path.exists():
        return 0
    rows = read_night_log(path)
    with ctx.db.session() as session:
        for ob_id, ob_name, grade, comment in rows:
            entry = session.exec(
                select(NightLogEntry).where(
                    NightLogEntry.instrument == instrument, NightLogEntry.ob_id == ob_id
                )
            ).first()
            entry = entry or NightLogEntry(instrument=instrument, night=night, ob_id=ob_id, grade=grade)
            entry.ob_name, entry.grade, entry.comment, entry.night = ob_name, grade, comment, night
            session.add(entry)
            for dataset in session.exec(
                select(Dataset).where(Dataset.instrument == instrument, Dataset.ob_id == ob_id)
            ):
                dataset.ob_grade, dataset.ob_comment = grade, comment
                session.add(dataset)
    return len(rows)
