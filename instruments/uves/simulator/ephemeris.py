"""Time and pointing arithmetic for Paranal: MJD, sidereal time, altitude, airmass.

Plain formulas (IAU 1982 GMST, spherical astronomy) so that no IERS table is ever downloaded;
good to a second of time, which is all a raw header needs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime

PARANAL_LAT = -24.6272  # [deg] as ESO writes TEL GEOLAT
PARANAL_LON = -70.4048  # [deg] TEL GEOLON (+ = East)
PARANAL_ELEV = 2648.0  # [m]
MJD_EPOCH = datetime(1858, 11, 17, tzinfo=UTC)
J2000_MJD = 51544.5


def mjd(t: datetime) -> float:
    """Modified Julian Date of a UTC instant."""
    return (t - MJD_EPOCH).total_seconds() / 86400.0


def iso_ms(t: datetime) -> str:
    """``YYYY-MM-DDThh:mm:ss.sss`` (the form of DATE-OBS and ARCFILE)."""
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}"


def iso_s(t: datetime) -> str:
    """``YYYY-MM-DDThh:mm:ss`` (the form of TPL START and OBS START)."""
    return t.strftime("%Y-%m-%dT%H:%M:%S")


def seconds_of_day(t: datetime) -> float:
    """UTC keyword: seconds since 0h UT."""
    return t.hour * 3600.0 + t.minute * 60.0 + t.second + t.microsecond * 1e-6


def lst_deg(t: datetime, lon_deg: float = PARANAL_LON) -> float:
    """Local mean sidereal time in degrees."""
    d = mjd(t) - J2000_MJD
    gmst_h = 18.697374558 + 24.06570982441908 * d
    return (gmst_h * 15.0 + lon_deg) % 360.0


@dataclass(frozen=True)
class Pointing:
    """Where a target is seen from Paranal at one instant."""

    alt: float  # [deg]
    az: float  # [deg], ESO convention: S = 0, W = 90
    airmass: float
    parang: float  # parallactic angle [deg]


def pointing(ra_deg: float, dec_deg: float, t: datetime, lat_deg: float = PARANAL_LAT) -> Pointing:
    """Altitude, azimuth, airmass (Hardie's series) and parallactic angle of (ra, dec) at ``t``."""
    ha = math.radians((lst_deg(t) - ra_deg + 180.0) % 360.0 - 180.0)
    dec, lat = math.radians(dec_deg), math.radians(lat_deg)
    sin_alt = math.sin(lat) * math.sin(dec) + math.cos(lat) * math.cos(dec) * math.cos(ha)
    alt = math.asin(max(-1.0, min(1.0, sin_alt)))
    az_north = math.atan2(
        -math.cos(dec) * math.sin(ha),
        math.sin(dec) * math.cos(lat) - math.cos(dec) * math.cos(ha) * math.sin(lat),
    )
    parang = math.atan2(math.sin(ha), math.tan(lat) * math.cos(dec) - math.sin(dec) * math.cos(ha))
    sec_z = 1.0 / max(sin_alt, 1e-3)
    x = sec_z - 1.0
    airmass = sec_z - 0.0018167 * x - 0.002875 * x**2 - 0.0008083 * x**3
    return Pointing(
        alt=math.degrees(alt),
        az=(math.degrees(az_north) + 180.0) % 360.0,
        airmass=airmass,
        parang=math.degrees(parang),
    )


def sexagesimal_float(value_deg: float, *, hours: bool) -> float:
    """ESO's TEL TARG ALPHA/DELTA encoding: hhmmss.sss (hours) or +-ddmmss.ss (degrees) as a number."""
    sign = -1.0 if value_deg < 0 else 1.0
    v = abs(value_deg) / 15.0 if hours else abs(value_deg)
    units = int(v)
    minutes = int((v - units) * 60.0)
    seconds = ((v - units) * 60.0 - minutes) * 60.0
    return sign * round(units * 10000 + minutes * 100 + seconds, 3)
