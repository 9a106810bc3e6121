"""ESO's night-log report: the ``.NL`` text the dataPortal delivers with raw frames.

Sections are separated by dashed lines. The night-level sections ("General weather
conditions", "Weather observations", "General Comments") come first and are not kept here.
Each OB then has: ``Key: value`` lines opened by ``OB: <id>`` (Instrument, Name, Target, Run,
Container); ``Comments:`` followed by free text; a tab-separated constraint table (``Constraint
/ Fulfilled / Requested``) whose last row is ``Grade:``; and "Files produced and additional
information", with a tab-separated table of the exposures (the ``Archive Filename`` column).
The closing "OB Grades" legend is ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from phoenix.errors import NightLogError
from phoenix.nightlog.records import Constraint, NightLogRecord, parse_grade

RULE = re.compile(r"-{5,}")
OB_LINE = re.compile(r"OB:\s*(\S*)")
OB_FIELD = re.compile(r"(Instrument|Name|Target|Run|Container):\s*(.*)")
GRADE_ROW = "Grade"
NO_COMMENTS = "no comments"
ARCHIVE_FILENAME = "Archive Filename"


@dataclass
class _Ob:
    ob_id: int
    fields: dict[str, str] = field(default_factory=dict)
    comment: list[str] = field(default_factory=list)
    constraints: list[Constraint] = field(default_factory=list)
    grade: str | None = None
    files: list[str] = field(default_factory=list)


def read_eso_night_log(path: Path) -> list[NightLogRecord]:
    return parse_eso_night_log(path.read_text(encoding="utf-8", errors="replace"), path.name)


def parse_eso_night_log(text: str, source: str = "") -> list[NightLogRecord]:
    """One record per OB block; :class:`NightLogError` (with the line) for what cannot be read."""
    obs: list[_Ob] = []
    mode: str | None = None
    file_column = 0
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if RULE.fullmatch(stripped):
            mode = None
            continue
        if match := OB_LINE.fullmatch(stripped):
            try:
                obs.append(_Ob(int(match.group(1))))
            except ValueError:
                raise NightLogError(source, f"OB id {match.group(1)!r} is not a number", number) from None
            mode = None
            continue
        if not obs:
            continue  # the night-level sections
        ob = obs[-1]
        cells = line.split("\t")
        if mode == "comments":
            ob.comment.append(stripped)
        elif mode == "constraints":
            _constraint_row(ob, cells, source, number)
        elif mode == "files":
            if len(cells) > file_column and cells[file_column].strip():
                ob.files.append(cells[file_column].strip())
        elif stripped == "Comments:":
            mode = "comments"
        elif cells[0].strip() == "Constraint" and len(cells) > 1:
            mode = "constraints"
        elif ARCHIVE_FILENAME in cells:
            mode, file_column = "files", cells.index(ARCHIVE_FILENAME)
        elif (match := OB_FIELD.fullmatch(stripped)) and mode is None:
            ob.fields.setdefault(match.group(1), match.group(2).strip())
    if not obs:
        raise NightLogError(source, "no OB block (a line 'OB: <id>') in the night log")
    return [_record(ob, source) for ob in obs]


def _constraint_row(ob: _Ob, cells: list[str], source: str, number: int) -> None:
    name = cells[0].strip().rstrip(":").strip()
    values = [c.strip() for c in cells[1:]]
    if not name:
        return
    if name == GRADE_ROW:
        given = [v for v in values if v]
        try:
            ob.grade = parse_grade(given[-1]) if given else None
        except ValueError as exc:
            raise NightLogError(source, str(exc), number) from None
        return
    fulfilled = values[0] if values and values[0] else None
    requested = next((v for v in values[1:] if v), None)
    ob.constraints.append(Constraint(name, requested=requested, fulfilled=fulfilled))


def _record(ob: _Ob, source: str) -> NightLogRecord:
    comment = " ".join(line for line in ob.comment if line)
    if comment.lower() == NO_COMMENTS:
        comment = ""
    return NightLogRecord(
        ob_id=ob.ob_id,
        grade=ob.grade,
        ob_name=ob.fields.get("Name", ""),
        comment=comment,
        constraints=tuple(ob.constraints),
        files=tuple(ob.files),
        source=source,
    )
