"""Times on the trending plots: MJD-OBS as calendar date-times (UTC)."""

from __future__ import annotations

from datetime import datetime, timedelta

MJD_EPOCH = datetime(1858, 11, 17)


def mjd_to_iso(mjd: float) -> str:
    """``57512.25`` -> ``'2016-05-04T06:00:00'`` (to the second), the form plotly reads as a date."""
    return (MJD_EPOCH + timedelta(days=float(mjd))).isoformat(timespec="seconds")
