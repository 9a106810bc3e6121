"""The ADQL that asks ESO's TAP service (``tap_obs``) for a range of nights' raw frames.

ESO dates a night by its evening and changes the date at 12:00 UT (8 or 9 h local time at
Paranal and La Silla), so night D is ``exp_start`` in [D 12:00 UT, D+1 12:00 UT): the evening
calibrations, the night and the morning calibrations.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

NIGHT_CHANGE_UT = time(12, 0)
# the columns we read; dbo.raw and every ist.<instrument> table have them all
COLUMNS = (
    "dp_id",
    "instrument",
    "dp_cat",
    "dp_type",
    "ob_id",
    "exp_start",
    "mjd_obs",
    "exposure",
    "release_date",
)
_TABLE = re.compile(r"dbo\.raw|ist\.[a-z][a-z0-9_]*")
_NAME = re.compile(r"[A-Za-z0-9_\-]+")


def night_window(first_night: str, last_night: str) -> tuple[datetime, datetime]:
    """UT start and end of the nights ``first_night`` .. ``last_night`` (inclusive)."""
    try:
        first, last = date.fromisoformat(first_night), date.fromisoformat(last_night)
    except ValueError:
        raise ValueError(f"nights must be dates YYYY-MM-DD, got {first_night!r} and {last_night!r}") from None
    if last < first:
        raise ValueError(f"last night {last_night} is before the first, {first_night}")
    return datetime.combine(first, NIGHT_CHANGE_UT), datetime.combine(
        last + timedelta(days=1), NIGHT_CHANGE_UT
    )


def nights_in(first_night: str, last_night: str) -> int:
    start, end = night_window(first_night, last_night)
    return (end - start).days


def raw_frames_query(table: str, instrume: Sequence[str], start: datetime, end: datetime) -> str:
    """``SELECT`` the raw frames of the instruments with ``start <= exp_start < end``, in time order."""
    if not _TABLE.fullmatch(table):
        raise ValueError(f"TAP table must be dbo.raw or ist.<instrument>, got {table!r}")
    bad = [name for name in instrume if not _NAME.fullmatch(name)]
    if bad or not instrume:
        raise ValueError(f"instrument names must be letters, digits, '_' or '-', got {list(instrume)!r}")
    names = ", ".join(f"'{name}'" for name in instrume)
    return (
        f"SELECT {', '.join(COLUMNS)} FROM {table}"
        f" WHERE instrument IN ({names})"
        f" AND exp_start >= '{start.isoformat(timespec='seconds')}'"
        f" AND exp_start < '{end.isoformat(timespec='seconds')}'"
        " ORDER BY exp_start"
    )
