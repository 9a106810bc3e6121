"""The ingestion gate: check a written product against Table 7 and PHOENIX's consistency rules."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import numpy as np
from astropy.io import fits
from astropy.utils.exceptions import AstropyUserWarning

from phoenix.errors import ValidationError
from phoenix.sdp import keywords as kw
from phoenix.sdp.checks import CHECKS, ProductView
from phoenix.sdp.checks.view import HduSums
from phoenix.sdp.cubevalidate import CUBE_CATEGORIES, validate_cube_file
from phoenix.sdp.problems import EXTENSION, PRIMARY, Problem

FILE = "FILE"  # the keyword of problems about the file as a whole
EXPECTED_HDUS = 2
FITS_BLOCK = 2880


def validate_product(path: os.PathLike[str] | str) -> list[Problem]:
    """Every problem of the ``SCIENCE.SPECTRUM`` file at ``path``; an empty list means valid.

    The file must be a primary HDU without data followed by one binary-table extension with one
    row of array columns. Checks: Table 7 mandatory keywords (primary and extension) and their
    types, forbidden keywords, values and notes 33/38/39/27/28, header against the arrays, and
    CHECKSUM/DATASUM of every HDU.
    """
    try:
        with warnings.catch_warnings():
            # astropy warns about truncation; _structure reports it as a problem instead.
            warnings.simplefilter("ignore", AstropyUserWarning)
            with fits.open(Path(path), memmap=False) as hdus:
                hdus.readall()
                if hdus[0].header.get(kw.PRODCATG) in CUBE_CATEGORIES:  # cubes: phoenix.sdp.cubevalidate
                    return validate_cube_file(hdus, Path(path))
                structure = _structure(hdus, os.path.getsize(path))
                view = _view(hdus)
    except (OSError, ValueError) as exc:
        return [Problem(FILE, f"cannot be read as FITS: {exc}")]
    return structure + [problem for check in CHECKS for problem in check(view)]


def check_product(path: os.PathLike[str] | str) -> None:
    """Raise when :func:`validate_product` finds anything.

    :raises ValidationError: with the file name and one message per problem.
    """
    problems = validate_product(path)
    if problems:
        raise ValidationError(str(path), [str(problem) for problem in problems])


def _structure(hdus: fits.HDUList, size: int) -> list[Problem]:
    problems = []
    end = max(info["datLoc"] + info["datSpan"] for info in (hdus.fileinfo(i) for i in range(len(hdus))))
    if size % FITS_BLOCK or size < end:
        problems.append(
            Problem(FILE, f"is {size} bytes; expected {end}, a multiple of {FITS_BLOCK} (truncated?)")
        )
    if len(hdus) != EXPECTED_HDUS:
        problems.append(Problem(FILE, f"has {len(hdus)} HDUs; expected a primary HDU and one binary table"))
    if hdus[0].header.get(kw.NAXIS, 0) != 0:
        problems.append(Problem(kw.NAXIS, "the primary HDU must hold no data (NAXIS = 0)", PRIMARY))
    if len(hdus) > 1 and not isinstance(hdus[1], fits.BinTableHDU):
        problems.append(
            Problem(kw.XTENSION, f"HDU 1 is {type(hdus[1]).__name__}; expected BINTABLE", EXTENSION)
        )
    return problems


def _view(hdus: fits.HDUList) -> ProductView:
    table = hdus[1] if len(hdus) > 1 and isinstance(hdus[1], fits.BinTableHDU) else None
    columns = {}
    if table is not None and table.data is not None and len(table.data) > 0:
        for name in table.columns.names:
            columns[name] = np.ravel(np.asarray(table.data[name][0], dtype=float))
    sums = tuple(HduSums(hdu.verify_checksum(), hdu.verify_datasum()) for hdu in hdus)
    return ProductView(
        primary=hdus[0].header,
        extension=table.header if table is not None else None,
        columns=columns,
        sums=sums,
    )
