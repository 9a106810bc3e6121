"""Header values: categories, ranges, Table 7 notes 33, 38 and 39, and the header's internal consistency."""

from __future__ import annotations

from astropy.io import fits

from phoenix.sdp import keywords as kw
from phoenix.sdp.checks.view import ProductView, close, number, text
from phoenix.sdp.measure import SECONDS_PER_DAY
from phoenix.sdp.problems import EXTENSION, PRIMARY, Problem
from phoenix.sdp.standard import (
    EQUINOX_J2000,
    FLUXCAL_ABSOLUTE,
    FLUXCAL_UNCALIBRATED,
    FLUXERR_UNCALIBRATED,
    FLUXERR_UNDETERMINED,
    ORIGIN_ESO,
    PRODCATG_SPECTRUM,
    RADESYS_FK5,
    RADESYS_ICRS,
    SPECSYS_VALUES,
)

TELAPSE_TOLERANCE_S = 1e-3
TMID_TOLERANCE_D = 1e-8


def check(view: ProductView) -> list[Problem]:
    """Every value rule on the primary header (and its copies in the extension)."""
    h = view.primary
    return [
        *_categories(h),
        *_position(view),
        *_times(h, view.extension),
        *_flux(h),
        *_spectral(h, view.extension),
    ]


def _expect(h: fits.Header, key: str, allowed: set[str] | frozenset[str]) -> list[Problem]:
    value = text(h, key)
    if value is None or value in allowed:
        return []
    return [Problem(key, f"is {value!r}; expected {' or '.join(repr(v) for v in sorted(allowed))}")]


def _categories(h: fits.Header) -> list[Problem]:
    problems = _expect(h, kw.PRODCATG, {PRODCATG_SPECTRUM}) + _expect(h, kw.ORIGIN, {ORIGIN_ESO})
    problems += _expect(h, kw.SPECSYS, SPECSYS_VALUES)
    if kw.EXT_OBJ in h:
        problems.append(
            Problem(kw.EXT_OBJ, "must be absent: PHOENIX processing is unsupervised (Table 7 note 38)")
        )
    return problems


def _position(view: ProductView) -> list[Problem]:
    h, problems = view.primary, []
    ra, dec = number(h, kw.RA), number(h, kw.DEC)
    if ra is not None and not 0.0 <= ra < 360.0:
        problems.append(Problem(kw.RA, f"is {ra}; expected degrees in [0, 360)"))
    if dec is not None and not -90.0 <= dec <= 90.0:
        problems.append(Problem(kw.DEC, f"is {dec}; expected degrees in [-90, 90]"))
    problems += _expect(h, kw.RADESYS, {RADESYS_FK5, RADESYS_ICRS})
    equinox = number(h, kw.EQUINOX)
    if text(h, kw.RADESYS) == RADESYS_FK5 and equinox is None:
        problems.append(Problem(kw.EQUINOX, f"mandatory with RADESYS='{RADESYS_FK5}' (Table 7 note 33)"))
    if equinox is not None and equinox != EQUINOX_J2000:
        problems.append(Problem(kw.EQUINOX, f"is {equinox}; expected {EQUINOX_J2000} (Table 7 note 33)"))
    if view.extension is not None:
        for key in (kw.OBJECT, kw.RA, kw.DEC):
            if key in h and key in view.extension and h[key] != view.extension[key]:
                problems.append(
                    Problem(key, f"is {view.extension[key]!r}; expected the primary's {h[key]!r}", EXTENSION)
                )
    return problems


def _times(h: fits.Header, ext: fits.Header | None) -> list[Problem]:
    problems = []
    start, end = number(h, kw.MJD_OBS), number(h, kw.MJD_END)
    exptime, texptime = number(h, kw.EXPTIME), number(h, kw.TEXPTIME)
    if exptime is not None and exptime <= 0:
        problems.append(Problem(kw.EXPTIME, f"is {exptime}; expected a positive number of seconds"))
    if exptime is not None and texptime is not None and texptime < exptime:
        problems.append(Problem(kw.TEXPTIME, f"is {texptime}; expected at least EXPTIME={exptime}"))
    if start is None or end is None:
        return problems
    if not end > start:
        return [*problems, Problem(kw.MJD_END, f"is {end}; expected later than MJD-OBS={start}")]
    telapse, tmid = number(ext, kw.TELAPSE), number(ext, kw.TMID)
    expected_telapse = (end - start) * SECONDS_PER_DAY
    if telapse is not None and abs(telapse - expected_telapse) > TELAPSE_TOLERANCE_S:
        problems.append(
            Problem(
                kw.TELAPSE,
                f"is {telapse}; expected (MJD-END - MJD-OBS) * 86400 = {expected_telapse}",
                EXTENSION,
            )
        )
    if tmid is not None and abs(tmid - (start + end) / 2) > TMID_TOLERANCE_D:
        problems.append(
            Problem(kw.TMID, f"is {tmid}; expected (MJD-OBS + MJD-END) / 2 = {(start + end) / 2}", EXTENSION)
        )
    return problems


def _flux(h: fits.Header) -> list[Problem]:
    problems = _expect(h, kw.FLUXCAL, {FLUXCAL_ABSOLUTE, FLUXCAL_UNCALIBRATED})
    fluxcal, fluxerr = text(h, kw.FLUXCAL), number(h, kw.FLUXERR)
    if fluxcal == FLUXCAL_UNCALIBRATED and fluxerr is not None and fluxerr != FLUXERR_UNCALIBRATED:
        problems.append(
            Problem(
                kw.FLUXERR, f"is {fluxerr}; FLUXCAL='{fluxcal}' requires {FLUXERR_UNCALIBRATED} (note 39)"
            )
        )
    if (
        fluxcal == FLUXCAL_ABSOLUTE
        and fluxerr is not None
        and fluxerr < 0
        and fluxerr != FLUXERR_UNDETERMINED
    ):
        problems.append(
            Problem(
                kw.FLUXERR,
                f"is {fluxerr}; FLUXCAL='{fluxcal}' requires a percentage >= 0 or"
                f" {FLUXERR_UNDETERMINED} when undetermined (note 39)",
            )
        )
    if h.get(kw.CONTNORM) is True and fluxcal != FLUXCAL_UNCALIBRATED:
        problems.append(
            Problem(kw.CONTNORM, f"is T; a normalised spectrum needs FLUXCAL='{FLUXCAL_UNCALIBRATED}'")
        )
    if h.get(kw.TOT_FLUX) is True and fluxcal != FLUXCAL_ABSOLUTE:
        problems.append(Problem(kw.TOT_FLUX, f"is T; total flux needs FLUXCAL='{FLUXCAL_ABSOLUTE}'"))
    return problems


def _spectral(h: fits.Header, ext: fits.Header | None) -> list[Problem]:
    problems = []
    low, high = number(h, kw.WAVELMIN), number(h, kw.WAVELMAX)
    for key, hdu, header in (
        (kw.SPEC_BIN, PRIMARY, h),
        (kw.SPEC_RES, PRIMARY, h),
        (kw.WAVELMIN, PRIMARY, h),
        (kw.APERTURE, EXTENSION, ext),
    ):
        value = number(header, key)
        if value is not None and value <= 0:
            problems.append(Problem(key, f"is {value}; expected a positive number", hdu))
    if low is None or high is None:
        return problems
    if not low < high:
        return [*problems, Problem(kw.WAVELMIN, f"is {low}; expected smaller than WAVELMAX={high}")]
    spec_val, spec_bw = number(ext, kw.SPEC_VAL), number(ext, kw.SPEC_BW)
    if spec_val is not None and not close(spec_val, (low + high) / 2):
        problems.append(
            Problem(
                kw.SPEC_VAL,
                f"is {spec_val}; expected (WAVELMIN + WAVELMAX) / 2 = {(low + high) / 2}",
                EXTENSION,
            )
        )
    if spec_bw is not None and not close(spec_bw, high - low):
        problems.append(
            Problem(kw.SPEC_BW, f"is {spec_bw}; expected WAVELMAX - WAVELMIN = {high - low}", EXTENSION)
        )
    return problems
