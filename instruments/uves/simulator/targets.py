"""The simulated sources' places in the sky, names and programmes."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np

from instruments.uves.simulator.ephemeris import lst_deg, pointing

MIN_ALTITUDE = 40.0


def observable_position(t: datetime, rng: np.random.Generator) -> tuple[float, float]:
    """A position that is high in the sky at ``t`` (hour angle within +-1.5 h)."""
    lst = lst_deg(t)
    for _ in range(1000):
        ra = round((lst - rng.uniform(-22.5, 22.5)) % 360.0, 5)
        dec = round(float(rng.uniform(-70.0, 10.0)), 5)
        if pointing(ra, dec, t).alt >= MIN_ALTITUDE:
            return ra, dec
    raise RuntimeError("no observable position found")  # cannot happen for the ranges above


def target_name(ra: float, dec: float, used: set[str]) -> str:
    """A unique synthetic name from the coordinates, ``SIMhhmm+ddmm`` (added to ``used``)."""
    hours = ra / 15.0
    hh, mm = int(hours), int((hours - int(hours)) * 60)
    sign = "-" if dec < 0 else "+"
    dd = int(abs(dec))
    dm = int((abs(dec) - dd) * 60)
    name = f"SIM{hh:02d}{mm:02d}{sign}{dd:02d}{dm:02d}"
    unique = next(name + s for s in ("", *"BCDEFGHIJKLMNOPQRSTUVWXYZ") if name + s not in used)
    used.add(unique)
    return unique


def programme_id(day: date, rng: np.random.Generator) -> str:
    """An ESO programme id of the period the night falls in (P97 = April-September 2016)."""
    half_years = 2 * (day.year - 2016) + (0 if day.month < 4 else 1 if day.month < 10 else 2)
    period = 96 + half_years
    category = "ABCDEFGHIJKL"[int(rng.integers(0, 12))]
    return f"{period:03d}.{category}-{int(rng.integers(100, 1000)):04d}(A)"
