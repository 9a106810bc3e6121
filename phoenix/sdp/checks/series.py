"""Numbered series: PROVi and OBIDi without gaps, NCOMBINE/SINGLEXP, and ancillary files (notes 27/28)."""

from __future__ import annotations

import re

from astropy.io import fits

from phoenix.sdp import keywords as kw
from phoenix.sdp.ancillary import is_fits_name
from phoenix.sdp.checks.view import ProductView, text
from phoenix.sdp.problems import Problem

_MD5 = re.compile(r"^[0-9a-f]{32}$")


def check(view: ProductView) -> list[Problem]:
    """Numbering, counts and pairing of the primary header's series."""
    return [*_series(view.primary), *_associations(view.primary)]


def _indices(h: fits.Header, name: str) -> list[int]:
    return sorted(int(key[len(name) - 1 :]) for key in h if kw.matches(key, name))


def _gaps(h: fits.Header, name: str) -> list[Problem]:
    found = _indices(h, name)
    if found and found != list(range(1, len(found) + 1)):
        missing = sorted(set(range(1, max(found) + 1)) - set(found))
        where = kw.indexed(name, missing[0]) if missing else name
        return [Problem(where, f"{name} must be numbered 1..n without gaps; found indices {found}")]
    return []


def _series(h: fits.Header) -> list[Problem]:
    problems = _gaps(h, kw.PROVi) + _gaps(h, kw.OBIDi)
    provenance = [h[kw.indexed(kw.PROVi, i)] for i in _indices(h, kw.PROVi)]
    ncombine = h.get(kw.NCOMBINE)
    if isinstance(ncombine, int) and provenance and ncombine != len(provenance):
        problems.append(
            Problem(kw.NCOMBINE, f"is {ncombine}; expected the number of PROVi cards, {len(provenance)}")
        )
    if (
        isinstance(ncombine, int)
        and isinstance(single := h.get(kw.SINGLEXP), bool)
        and single != (ncombine == 1)
    ):
        problems.append(
            Problem(kw.SINGLEXP, f"is {single}; expected {ncombine == 1} for NCOMBINE={ncombine}")
        )
    if len(set(provenance)) != len(provenance):
        problems.append(Problem(kw.indexed(kw.PROVi, 1), "PROVi values must be unique raw file names"))
    return problems


def _associations(h: fits.Header) -> list[Problem]:
    problems = _gaps(h, kw.ASSONi)
    categories, names = set(_indices(h, kw.ASSOCi)), set(_indices(h, kw.ASSONi))
    for index in sorted(categories ^ names):
        have, need = (kw.ASSOCi, kw.ASSONi) if index in categories else (kw.ASSONi, kw.ASSOCi)
        problems.append(
            Problem(
                kw.indexed(need, index), f"{kw.indexed(have, index)} needs its pair (Table 7 notes 27/28)"
            )
        )
    for index in _indices(h, kw.ASSOMi):
        digest = text(h, kw.indexed(kw.ASSOMi, index))
        if index not in names:
            problems.append(Problem(kw.indexed(kw.ASSOMi, index), f"has no {kw.indexed(kw.ASSONi, index)}"))
        elif digest is not None and not _MD5.match(digest):
            problems.append(
                Problem(kw.indexed(kw.ASSOMi, index), f"is {digest!r}; expected a hex MD5 digest")
            )
    for index in sorted(names):
        name = text(h, kw.indexed(kw.ASSONi, index))
        if name is not None and not is_fits_name(name) and kw.indexed(kw.ASSOMi, index) not in h:
            problems.append(
                Problem(
                    kw.indexed(kw.ASSOMi, index), f"mandatory for non-FITS file {name!r} (Table 7 note 27)"
                )
            )
    return problems
