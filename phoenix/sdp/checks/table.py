"""The spectrum extension: data-model keywords, column description, and the header against the arrays."""

from __future__ import annotations

import numpy as np
from astropy import units as u
from astropy.io import fits

from phoenix.sdp import keywords as kw
from phoenix.sdp.checks.view import ProductView, close, number, text, type_ok
from phoenix.sdp.columns import UTYPE_ERROR, UTYPE_FLUX, UTYPE_QUALITY, UTYPE_SPECTRAL
from phoenix.sdp.measure import median_snr
from phoenix.sdp.problems import EXTENSION, PRIMARY, Problem
from phoenix.sdp.standard import VOCLASS_SPECTRUM, VOPUB_ESO

# Archive-reserved extension names (Table 7 note 61) that a spectrum must not use.
RESERVED_EXTNAMES = frozenset({"PHASE3PROVENANCE", "PHASE3CATALOG", "PHASE3FILELIST"})
WAVE_TOLERANCE = 1e-9
SNR_TOLERANCE = 1e-6


def check(view: ProductView) -> list[Problem]:
    """Data-model keywords, column utypes/UCDs/units and the consistency of header and arrays."""
    ext = view.extension
    if ext is None:
        return []
    problems = _model(ext)
    utypes = _utypes(ext)
    problems += _utype_problems(utypes)
    wave_name = text(ext, kw.indexed(kw.TTYPEi, 1))
    if not problems and wave_name in view.columns:
        problems += _arrays(view, ext, utypes, wave_name)
    return problems


def _model(ext: fits.Header) -> list[Problem]:
    problems = []
    for key, expected in ((kw.VOCLASS, VOCLASS_SPECTRUM), (kw.VOPUB, VOPUB_ESO)):
        value = text(ext, key)
        if value is not None and value != expected:
            problems.append(Problem(key, f"is {value!r}; expected {expected!r}", EXTENSION))
    extname = text(ext, kw.EXTNAME)
    if extname is None:
        problems.append(Problem(kw.EXTNAME, "missing; the spectrum extension must be named", EXTENSION))
    elif extname.upper() in RESERVED_EXTNAMES:
        problems.append(
            Problem(kw.EXTNAME, f"is {extname!r}, a name reserved by the archive (note 61)", EXTENSION)
        )
    if ext.get(kw.NAXIS2) != 1:
        problems.append(Problem(kw.NAXIS2, f"is {ext.get(kw.NAXIS2)}; expected one row", EXTENSION))
    for key in (kw.indexed(kw.TDMINi, 1), kw.indexed(kw.TDMAXi, 1)):
        if key not in ext:
            problems.append(Problem(key, "mandatory for the spectral column (Table 7 note 59)", EXTENSION))
    for index in range(1, _count(ext) + 1):
        key = kw.indexed(kw.TUCDi, index)
        if key in ext and not text(ext, key):
            problems.append(Problem(key, "is empty; every column needs a UCD", EXTENSION))
    return problems


def _count(ext: fits.Header) -> int:
    count = ext.get(kw.TFIELDS, 0)
    return count if isinstance(count, int) and not isinstance(count, bool) else 0


def _utypes(ext: fits.Header) -> dict[int, str]:
    return {i: text(ext, kw.indexed(kw.TUTYPi, i)) or "" for i in range(1, _count(ext) + 1)}


def _utype_problems(utypes: dict[int, str]) -> list[Problem]:
    problems = []
    if utypes.get(1) != UTYPE_SPECTRAL:
        key = kw.indexed(kw.TUTYPi, 1)
        problems.append(Problem(key, f"is {utypes.get(1)!r}; column 1 must be {UTYPE_SPECTRAL!r}", EXTENSION))
    for utype in (UTYPE_FLUX, UTYPE_ERROR):
        found = [i for i, value in utypes.items() if value == utype]
        if len(found) != 1:
            key = kw.TUTYPi
            problems.append(
                Problem(key, f"expected exactly one column {utype!r}, found {len(found)}", EXTENSION)
            )
    return problems


def _arrays(view: ProductView, ext: fits.Header, utypes: dict[int, str], wave_name: str) -> list[Problem]:
    problems = []
    nelem = ext.get(kw.NELEM)
    for name, values in view.columns.items():
        if type_ok(nelem, int) and values.size != nelem:
            problems.append(
                Problem(kw.NELEM, f"is {nelem}; column {name} holds {values.size} values", EXTENSION)
            )
    wave = view.columns[wave_name]
    if not (np.all(np.isfinite(wave)) and np.all(np.diff(wave) > 0)):
        return [
            *problems,
            Problem(wave_name, "wavelengths must be finite and strictly increasing", EXTENSION),
        ]
    problems += _range(view, ext, wave)
    column = {utype: text(ext, kw.indexed(kw.TTYPEi, i)) for i, utype in utypes.items()}
    flux, error = view.columns.get(column[UTYPE_FLUX] or ""), view.columns.get(column[UTYPE_ERROR] or "")
    snr = number(view.primary, kw.SNR)
    if flux is not None and error is not None and snr is not None:
        quality = view.columns.get(column.get(UTYPE_QUALITY) or "")
        try:
            expected = median_snr(flux, error, quality)
        except ValueError as exc:
            return [*problems, Problem(kw.SNR, str(exc))]
        if not close(snr, expected, rel=SNR_TOLERANCE):
            problems.append(
                Problem(kw.SNR, f"is {snr}; the median FLUX/ERR of the valid pixels is {expected}")
            )
    return problems


def _range(view: ProductView, ext: fits.Header, wave: np.ndarray) -> list[Problem]:
    problems = []
    unit_key = kw.indexed(kw.TUNITi, 1)
    try:
        to_nm = u.Unit(text(ext, unit_key) or "").to(u.nm)
    except (ValueError, u.UnitConversionError):
        return [Problem(unit_key, f"is {ext.get(unit_key)!r}; expected a wavelength unit (nm)", EXTENSION)]
    for key, value in ((kw.indexed(kw.TDMINi, 1), wave[0]), (kw.indexed(kw.TDMAXi, 1), wave[-1])):
        found = number(ext, key)
        if found is not None and not close(found, float(value), rel=WAVE_TOLERANCE):
            problems.append(
                Problem(key, f"is {found}; the spectral column runs {wave[0]}..{wave[-1]}", EXTENSION)
            )
    wave_nm = wave * to_nm
    for key, value in ((kw.WAVELMIN, wave_nm[0]), (kw.WAVELMAX, wave_nm[-1])):
        found = number(view.primary, key)
        if found is not None and not close(found, float(value), rel=WAVE_TOLERANCE):
            problems.append(
                Problem(key, f"is {found}; expected {float(value)} nm from the spectral column", PRIMARY)
            )
    spec_bin, steps = number(view.primary, kw.SPEC_BIN), np.diff(wave_nm)
    if spec_bin is not None and not steps.min() * (1 - 1e-9) <= spec_bin <= steps.max() * (1 + 1e-9):
        problems.append(
            Problem(kw.SPEC_BIN, f"is {spec_bin}; expected a bin between {steps.min()} and {steps.max()} nm")
        )
    return problems
