"""The static calibration tables the MUSE science recipes need, synthesized (NOTES.md §5).

* LINE_CATALOG (muse_wavecal): ``lambda``/``flux`` float32, ``ion``, ``quality``; VERSION = 3 in
  the primary header. The catalogue flux must exceed 1.15 × the faintest detected line in counts,
  or muse_wavecal keeps NaN wavelengths and never terminates (NOTES.md §4.3 pitfall 3).
* GEOMETRY_TABLE (muse_scibasic): per IFU 4 stacks × 12 slices, 75 spaxels wide, 1 spaxel high.
* EXTINCT_TABLE and STD_RESPONSE (muse_scipost).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from astropy.io import fits

SLICES_PER_STACK = 12
STACKS = 4
SLICE_SKY_WIDTH = 75.0  # spaxels
RESPONSE = 40.0  # 2.5 log10((count/s/Å) / (erg/s/cm²/Å))
CATALOGUE_FLUX = 1.0e5


def arc_lines(n: int = 40, seed: int = 7) -> np.ndarray:
    """``n`` synthetic Ne lines (Å) between 4700 and 9250 Å, at least 25 Å apart."""
    rng = np.random.default_rng(seed)
    lines: list[float] = []
    while len(lines) < n:
        value = float(rng.uniform(4700.0, 9250.0))
        if all(abs(value - x) > 25.0 for x in lines):
            lines.append(value)
    return np.sort(np.array(lines))


def write_line_catalog(path: Path, lines: np.ndarray) -> Path:
    table = fits.BinTableHDU.from_columns(
        [
            fits.Column(name="lambda", format="E", unit="Angstrom", array=lines.astype(np.float32)),
            fits.Column(name="flux", format="E", array=np.full(lines.size, CATALOGUE_FLUX, np.float32)),
            fits.Column(name="ion", format="8A", array=["NeI"] * lines.size),
            fits.Column(name="quality", format="J", array=np.full(lines.size, 5)),
        ]
    )
    primary = fits.PrimaryHDU()
    primary.header["VERSION"] = (3, "line catalog format (muse_wavecal checks it)")
    fits.HDUList([primary, table]).writeto(path, overwrite=True)
    return path


def slice_centre(slice_no: int, ifu: int = 1) -> tuple[float, float]:
    """Field position (x, y) in spaxels of the centre of CCD slice ``slice_no`` (1..48) of ``ifu``."""
    stack, row = divmod(slice_no - 1, SLICES_PER_STACK)
    return -SLICE_SKY_WIDTH * (STACKS - 1) / 2 + SLICE_SKY_WIDTH * stack, float(
        row + SLICES_PER_STACK * (ifu - 1)
    )


def write_geometry_table(path: Path, ifus: tuple[int, ...]) -> Path:
    rows = []
    for ifu in ifus:
        for slice_no in range(1, STACKS * SLICES_PER_STACK + 1):
            x, y = slice_centre(slice_no, ifu)
            rows.append((ifu, slice_no, slice_no, x, y, 0.0, SLICE_SKY_WIDTH))
    a = np.array(rows, dtype=float)
    n = len(rows)
    columns = [
        fits.Column(name="SubField", format="J", array=a[:, 0].astype(int)),
        fits.Column(name="SliceCCD", format="J", array=a[:, 1].astype(int)),
        fits.Column(name="SliceSky", format="J", array=a[:, 2].astype(int)),
        fits.Column(name="x", format="D", unit="pix", array=a[:, 3]),
        fits.Column(name="y", format="D", unit="pix", array=a[:, 4]),
        fits.Column(name="angle", format="D", unit="deg", array=a[:, 5]),
        fits.Column(name="width", format="D", unit="pix", array=a[:, 6]),
    ]
    columns += [
        fits.Column(name=f"{c}err", format="D", array=np.full(n, 0.01)) for c in ("x", "y", "angle", "width")
    ]
    fits.HDUList([fits.PrimaryHDU(), fits.BinTableHDU.from_columns(columns)]).writeto(path, overwrite=True)
    return path


def write_extinction_and_response(extinct: Path, response: Path) -> tuple[Path, Path]:
    lam = np.arange(4000.0, 10001.0, 10.0)
    fits.HDUList(
        [
            fits.PrimaryHDU(),
            fits.BinTableHDU.from_columns(
                [
                    fits.Column(name="lambda", format="D", unit="Angstrom", array=lam),
                    fits.Column(
                        name="extinction",
                        format="D",
                        unit="mag/airmass",
                        array=0.1 + 0.2 * (5000.0 / lam) ** 4,
                    ),
                ]
            ),
        ]
    ).writeto(extinct, overwrite=True)
    fits.HDUList(
        [
            fits.PrimaryHDU(),
            fits.BinTableHDU.from_columns(
                [
                    fits.Column(name="lambda", format="D", unit="Angstrom", array=lam),
                    fits.Column(name="response", format="D", array=np.full(lam.size, RESPONSE)),
                    fits.Column(name="resperr", format="D", array=np.full(lam.size, 0.01)),
                ]
            ),
        ]
    ).writeto(response, overwrite=True)
    return extinct, response
