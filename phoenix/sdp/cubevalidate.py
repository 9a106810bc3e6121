"""The ingestion gate for ``SCIENCE.CUBE.IFS`` and ``ANCILLARY.IMAGE.WHITELIGHT`` files.

Table 7 of ESO-044286 v6, column SCIENCE.CUBE.IFS: the ``M``/``Meso`` keywords in the primary
header, the ``Mext`` ones (WCS, HDUCLASS scheme) in the data extensions, ``NotAlw``/``Reserved``
ones absent; note 30 (the cube is associated with its white-light image), note 42 (SCIDATA /
ERRDATA / QUALDATA point at existing extensions), note 33 (EQUINOX 2000 with FK5); plus
consistency: the white-light image on the cube's spatial grid, WAVELMIN/MAX against the spectral
WCS, NCOMBINE against PROVi, positive SKY_RES and PIXNOISE, a finite ABMAGLIM, CHECKSUM/DATASUM.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from astropy.io import fits

from phoenix.sdp.problems import EXTENSION, PRIMARY, Problem

PRODCATG_CUBE = "SCIENCE.CUBE.IFS"
PRODCATG_WHITELIGHT = "ANCILLARY.IMAGE.WHITELIGHT"
CUBE_CATEGORIES = (PRODCATG_CUBE, PRODCATG_WHITELIGHT)

# Table 7 rows with M / Meso / "M 30" for SCIENCE.CUBE.IFS (row numbers in the standard)
PRIMARY_MANDATORY = (
    "PRODCATG",  # 1
    "ASSON1",  # 3, note 30
    "ORIGIN",  # 5
    "TELESCOP",  # 6
    "INSTRUME",  # 7
    "OBJECT",  # 9
    "RA",  # 10
    "DEC",  # 10
    "RADESYS",  # 12
    "EXPTIME",  # 14
    "TEXPTIME",  # 15
    "MJD-OBS",  # 16
    "MJD-END",  # 17
    "PROG_ID",  # 18
    "OBID1",  # 19
    "NCOMBINE",  # 20
    "OBSTECH",  # 21
    "FLUXCAL",  # 22
    "PROCSOFT",  # 23
    "REFERENC",  # 24
    "PROV1",  # 25
    "BUNIT",  # 26
    "SPECSYS",  # 41
    "WAVELMIN",  # 46
    "WAVELMAX",  # 47
    "ABMAGLIM",  # 82
    "PIXNOISE",  # 83
    "SPEC_RES",  # 89
    "SKY_RES",  # 90
    "CHECKSUM",  # 94
    "DATASUM",  # 95
)
# Mext rows 31-35 and 75-78, for the three axes of the cube
EXTENSION_MANDATORY = (
    *(f"{k}{i}" for k in ("CRVAL", "CRPIX", "CTYPE", "CUNIT") for i in (1, 2, 3)),
    *(f"CD{i}_{j}" for i in (1, 2, 3) for j in (1, 2, 3)),
    "HDUCLASS",
    "HDUCLAS1",
    "HDUCLAS2",
    "HDUDOC",
    "HDUVERS",
    "EXTNAME",
    "CHECKSUM",
    "DATASUM",
)
NOT_ALLOWED = ("SPEC_BIN", "RA_ERR", "DEC_ERR", "ARCFILE", "ORIGFILE", "P3ORIG")  # NotAlw, Reserved
LINKS = ("SCIDATA", "ERRDATA", "QUALDATA")
ERROR_CLASSES = ("MSE", "RMSE")
SPATIAL = ("CRVAL1", "CRVAL2", "CRPIX1", "CRPIX2", "CD1_1", "CD1_2", "CD2_1", "CD2_2")


def validate_cube_file(hdus: fits.HDUList, path: Path) -> list[Problem]:
    """Every problem of an open cube or white-light file (dispatched on PRODCATG)."""
    if hdus[0].header.get("PRODCATG") == PRODCATG_WHITELIGHT:
        return _whitelight(hdus)
    return _cube(hdus, path)


def _sums(hdus: fits.HDUList) -> list[Problem]:
    problems = []
    for index, hdu in enumerate(hdus):
        where = PRIMARY if index == 0 else EXTENSION
        if "CHECKSUM" not in hdu.header or hdu.verify_checksum() != 1:
            problems.append(Problem("CHECKSUM", f"HDU {index}: missing or wrong", where))
        if "DATASUM" not in hdu.header or hdu.verify_datasum() != 1:
            problems.append(Problem("DATASUM", f"HDU {index}: missing or wrong", where))
    return problems


def _whitelight(hdus: fits.HDUList) -> list[Problem]:
    problems = _sums(hdus)
    if len(hdus) != 2 or hdus[1].header.get("NAXIS") != 2:
        problems.append(Problem("NAXIS", "a white-light file is a primary HDU and one 2-D image", EXTENSION))
        return problems
    missing = [k for k in (*SPATIAL, "CTYPE1", "CTYPE2", "BUNIT") if k not in hdus[1].header]
    problems += [Problem(k, "missing (white-light WCS)", EXTENSION) for k in missing]
    return problems


def _cube(hdus: fits.HDUList, path: Path) -> list[Problem]:
    primary = hdus[0].header
    problems = [
        Problem(k, "mandatory (Table 7, SCIENCE.CUBE.IFS)", PRIMARY)
        for k in PRIMARY_MANDATORY
        if k not in primary
    ]
    problems += [Problem(k, "not allowed in a cube product", PRIMARY) for k in NOT_ALLOWED if k in primary]
    if primary.get("NAXIS", 0) != 0:
        problems.append(Problem("NAXIS", "the primary HDU must hold no data (NAXIS = 0)", PRIMARY))
    if primary.get("PRODCATG") != PRODCATG_CUBE:
        problems.append(Problem("PRODCATG", f"expected {PRODCATG_CUBE}", PRIMARY))
    if primary.get("ASSOC1") != PRODCATG_WHITELIGHT:
        problems.append(
            Problem("ASSOC1", f"a cube is associated with one {PRODCATG_WHITELIGHT} (note 30)", PRIMARY)
        )
    if primary.get("RADESYS") == "FK5" and primary.get("EQUINOX") != 2000.0:
        problems.append(Problem("EQUINOX", "must be 2000.0 with RADESYS = 'FK5' (note 33)", PRIMARY))
    for key in ("SKY_RES", "PIXNOISE"):
        value = primary.get(key)
        if not isinstance(value, int | float) or not value > 0:
            problems.append(Problem(key, f"must be a positive number, got {value!r}", PRIMARY))
    if not isinstance(primary.get("ABMAGLIM"), int | float) or not math.isfinite(primary["ABMAGLIM"]):
        problems.append(
            Problem("ABMAGLIM", f"must be a finite number, got {primary.get('ABMAGLIM')!r}", PRIMARY)
        )
    provs = sum(1 for k in primary if k.startswith("PROV") and k[4:].isdigit())
    if primary.get("NCOMBINE") != provs:
        problems.append(
            Problem("NCOMBINE", f"is {primary.get('NCOMBINE')} but there are {provs} PROVi", PRIMARY)
        )
    images = [h for h in hdus[1:] if isinstance(h, fits.ImageHDU)]
    names = {h.header.get("EXTNAME") for h in images}
    if len(images) < 2 or "DATA" not in names:
        problems.append(
            Problem("EXTNAME", "expected a DATA extension and its error (STAT) extension", EXTENSION)
        )
        return problems + _sums(hdus)
    shape = hdus["DATA"].data.shape if hdus["DATA"].data is not None else ()
    for hdu in images:
        header, name = hdu.header, hdu.header.get("EXTNAME")
        problems += [
            Problem(k, f"mandatory in extension {name} (Mext)", EXTENSION)
            for k in EXTENSION_MANDATORY
            if k not in header
        ]
        if hdu.data is None or hdu.data.shape != shape or len(shape) != 3:
            problems.append(Problem("NAXIS", f"extension {name} must be a cube of the DATA shape", EXTENSION))
        for link in LINKS:
            if link in header and header[link] not in names:
                problems.append(
                    Problem(link, f"{name} points at missing extension {header[link]!r} (note 42)", EXTENSION)
                )
        if header.get("HDUCLAS2") == "ERROR" and header.get("HDUCLAS3") not in ERROR_CLASSES:
            problems.append(
                Problem("HDUCLAS3", f"{name}: an error extension is one of {ERROR_CLASSES}", EXTENSION)
            )
    data = hdus["DATA"].header
    if "ERRDATA" not in data:
        problems.append(
            Problem("ERRDATA", "DATA has an error extension, so ERRDATA is mandatory (note 42)", EXTENSION)
        )
    problems += _spectral(primary, data, shape)
    problems += _whitelight_grid(primary, data, path)
    return problems + _sums(hdus)


def _spectral(primary: fits.Header, data: fits.Header, shape: tuple[int, ...]) -> list[Problem]:
    if not shape or "CRVAL3" not in data or data.get("CUNIT3") != "nm":
        return [Problem("CUNIT3", "the spectral axis must be in nm", EXTENSION)]
    first = data["CRVAL3"] + (1 - data.get("CRPIX3", 1.0)) * data["CD3_3"]
    last = first + (shape[0] - 1) * data["CD3_3"]
    problems = []
    for key, value in (("WAVELMIN", first), ("WAVELMAX", last)):
        if not np.isclose(primary.get(key, np.nan), value, atol=1e-3):
            problems.append(
                Problem(key, f"is {primary.get(key)} but the spectral WCS gives {value:.4f} nm", PRIMARY)
            )
    return problems


def _whitelight_grid(primary: fits.Header, data: fits.Header, path: Path) -> list[Problem]:
    name = primary.get("ASSON1")
    if not name:
        return []
    light = path.parent / str(name)
    if not light.is_file():
        return [Problem("ASSON1", f"associated white-light image {name} not found beside the cube", PRIMARY)]
    with fits.open(light, memmap=False) as hdus:
        if hdus[0].header.get("PRODCATG") != PRODCATG_WHITELIGHT or len(hdus) < 2:
            return [Problem("ASSON1", f"{name} is not an {PRODCATG_WHITELIGHT}", PRIMARY)]
        header = hdus[1].header
        same = all(np.isclose(header.get(k, np.nan), data.get(k, np.nan)) for k in SPATIAL)
        same = same and (header.get("NAXIS1"), header.get("NAXIS2")) == (
            data.get("NAXIS1"),
            data.get("NAXIS2"),
        )
    if not same:
        return [Problem("ASSON1", f"{name} is not on the cube's spatial grid", PRIMARY)]
    return []
