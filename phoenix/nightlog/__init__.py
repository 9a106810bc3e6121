"""Night logs: OB grades, comments and constraints, from a file import or ESO's night-log reports."""

from phoenix.nightlog.csvlog import read_csv_night_log
from phoenix.nightlog.directory import ArchiveNightLogs
from phoenix.nightlog.esotext import parse_eso_night_log, read_eso_night_log
from phoenix.nightlog.records import GRADES, Constraint, NightLogRecord, NightLogSource, parse_grade

__all__ = [
    "GRADES",
    "ArchiveNightLogs",
    "Constraint",
    "NightLogRecord",
    "NightLogSource",
    "parse_eso_night_log",
    "parse_grade",
    "read_csv_night_log",
    "read_eso_night_log",
]
