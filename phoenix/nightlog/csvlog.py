"""The default night log: a CSV file ``ob_id,ob_name,grade,comment[,<constraint>...]``.

``ob_id`` and ``grade`` are required (``_`` for "no grade"); every further column is a
constraint, its cell the requested value (e.g. ``seeing``, ``airmass``, ``transparency``).
"""

from __future__ import annotations

import csv
from pathlib import Path

from phoenix.errors import NightLogError
from phoenix.nightlog.records import Constraint, NightLogRecord, parse_grade

BASE_COLUMNS = ("ob_id", "ob_name", "grade", "comment")


def read_csv_night_log(path: Path) -> list[NightLogRecord]:
    """Every row of the file; a malformed row is a :class:`NightLogError` naming its line."""
    records = []
    with open(path, newline="") as fh:
        reader = csv.DictReader(fh)
        missing = {"ob_id", "grade"} - set(reader.fieldnames or ())
        if missing:
            raise NightLogError(path.name, f"needs the column(s) {sorted(missing)}; has {reader.fieldnames}")
        extra = [c for c in reader.fieldnames or () if c and c not in BASE_COLUMNS]
        for line, row in enumerate(reader, start=2):
            try:
                ob_id = int(str(row["ob_id"]).strip())
                grade = parse_grade(str(row["grade"] or ""))
            except ValueError as exc:
                raise NightLogError(path.name, f"needs an integer ob_id and a grade: {exc}", line) from exc
            constraints = tuple(
                Constraint(name, requested=str(row[name]).strip())
                for name in extra
                if str(row.get(name) or "").strip()
            )
            records.append(
                NightLogRecord(
                    ob_id=ob_id,
                    grade=grade,
                    ob_name=str(row.get("ob_name") or "").strip(),
                    comment=str(row.get("comment") or "").strip(),
                    constraints=constraints,
                    source=path.name,
                )
            )
    return records
