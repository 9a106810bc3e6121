"""Step 3: OB grades, comments and constraints from the night log, onto the datasets of those OBs.

Where the entries come from is a :class:`~phoenix.nightlog.NightLogSource`; the default is the
archive's ``nightlog`` tree (:class:`~phoenix.nightlog.ArchiveNightLogs`): the CSV file import
``nightlog/<instrument>/<night>.csv`` (columns ``ob_id,ob_name,grade,comment`` and optional
constraint columns) and ESO's night-log reports ``nightlog/<instrument>/<night>/*.NL.txt``.
Grades are ESO's: A-D, or X (not applicable); ``_`` means none was assigned.
"""

from __future__ import annotations

from pathlib import Path

from sqlmodel import select

from phoenix.db.models import Dataset, NightLogEntry
from phoenix.nightlog import ArchiveNightLogs, NightLogRecord, NightLogSource, read_csv_night_log
from phoenix.production.context import Context

NIGHTLOG_TREE = "nightlog"


def archive_night_logs(ctx: Context) -> ArchiveNightLogs:
    """The default night-log source: the files in the archive's ``nightlog`` tree."""
    return ArchiveNightLogs(ctx.settings.archive_root / NIGHTLOG_TREE)


def night_log_path(ctx: Context, instrument: str, night: str) -> Path:
    """Where the night's CSV file import lives."""
    return archive_night_logs(ctx).csv_path(instrument, night)


def eso_night_log_dir(ctx: Context, instrument: str, night: str) -> Path:
    """Where the night's ESO night-log reports (``*.NL.txt``) live."""
    return archive_night_logs(ctx).eso_directory(instrument, night)


def read_night_log(path: Path) -> list[NightLogRecord]:
    """The entries of a CSV night log; a malformed row is a NightLogError naming its line."""
    return read_csv_night_log(path)


def apply_night_log(ctx: Context, instrument: str, night: str, source: NightLogSource | None = None) -> int:
    """Store the night's OB entries and copy grade and comment onto its datasets; returns the OBs logged."""
    records = (source or archive_night_logs(ctx)).entries(instrument, night)
    with ctx.db.session() as session:
        for record in records:
            entry = session.exec(
                select(NightLogEntry).where(
                    NightLogEntry.instrument == instrument, NightLogEntry.ob_id == record.ob_id
                )
            ).first()
            entry = entry or NightLogEntry(instrument=instrument, night=night, ob_id=record.ob_id)
            entry.night, entry.ob_name, entry.grade = night, record.ob_name, record.grade
            entry.comment, entry.source = record.comment, record.source
            entry.constraints = record.constraints_record()
            session.add(entry)
            for dataset in session.exec(
                select(Dataset).where(Dataset.instrument == instrument, Dataset.ob_id == record.ob_id)
            ):
                dataset.ob_grade, dataset.ob_comment = record.grade, record.comment
                session.add(dataset)
    return len(records)
