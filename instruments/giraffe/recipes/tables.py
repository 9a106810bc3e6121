"""Reading and writing the fibre-flat and arc products: traces, widths, transmissions, solutions.

Each is a binary table (one row per fibre, column ``FPS``) in extension 1; the number of detector
rows the polynomials were fitted on is ``NROWS`` in the table header.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from astropy.io import fits

from instruments.giraffe.recipes.localise import Trace
from instruments.giraffe.recipes.wavecal import Solution

NROWS = "NROWS"


def traces_hdu(traces: Sequence[Trace], n_rows: int) -> fits.BinTableHDU:
    hdu = fits.BinTableHDU.from_columns(
        [
            fits.Column("FPS", "J", array=np.array([t.fps for t in traces], dtype=np.int32)),
            fits.Column("COEFFS", f"{len(traces[0].coeffs)}D", array=np.array([t.coeffs for t in traces])),
            fits.Column("RMS", "D", unit="pix", array=np.array([t.rms for t in traces])),
        ],
        name="LOCCENTROID",
    )
    hdu.header[NROWS] = n_rows
    return hdu


def widths_hdu(traces: Sequence[Trace], n_rows: int) -> fits.BinTableHDU:
    hdu = fits.BinTableHDU.from_columns(
        [
            fits.Column("FPS", "J", array=np.array([t.fps for t in traces], dtype=np.int32)),
            fits.Column("SIGMA", "D", unit="pix", array=np.array([t.sigma for t in traces])),
        ],
        name="LOCWIDTH",
    )
    hdu.header[NROWS] = n_rows
    return hdu


def read_traces(centroid_path: str, width_path: str) -> tuple[tuple[Trace, ...], int]:
    """The traces (with their widths) and the row count they were fitted on."""
    with fits.open(centroid_path) as c, fits.open(width_path) as w:
        n_rows = int(c[1].header[NROWS])
        sigma = dict(zip(w[1].data["FPS"].tolist(), w[1].data["SIGMA"].tolist(), strict=True))
        rows = c[1].data
        traces = tuple(
            Trace(int(fps), tuple(float(v) for v in coeffs), float(sigma[int(fps)]), float(rms))
            for fps, coeffs, rms in zip(rows["FPS"], rows["COEFFS"], rows["RMS"], strict=True)
        )
    return traces, n_rows


def transmission_hdu(fps: Sequence[int], transmission: Sequence[float]) -> fits.BinTableHDU:
    return fits.BinTableHDU.from_columns(
        [
            fits.Column("FPS", "J", array=np.asarray(fps, dtype=np.int32)),
            fits.Column("TRANS", "D", array=np.asarray(transmission, dtype=float)),
        ],
        name="TRANSMISSION",
    )


def read_transmission(path: str) -> dict[int, float]:
    with fits.open(path) as hdul:
        table = hdul["TRANSMISSION"].data
        return {int(f): float(t) for f, t in zip(table["FPS"], table["TRANS"], strict=True)}


def solutions_hdu(solutions: Sequence[Solution], n_rows: int) -> fits.BinTableHDU:
    hdu = fits.BinTableHDU.from_columns(
        [
            fits.Column("FPS", "J", array=np.array([s.fps for s in solutions], dtype=np.int32)),
            fits.Column(
                "COEFFS", f"{len(solutions[0].coeffs)}D", array=np.array([s.coeffs for s in solutions])
            ),
            fits.Column("RMS", "D", unit="pix", array=np.array([s.rms_px for s in solutions])),
            fits.Column("NLINES", "J", array=np.array([s.n_lines for s in solutions], dtype=np.int32)),
        ],
        name="DISPERSION",
    )
    hdu.header[NROWS] = n_rows
    return hdu


def read_solutions(path: str) -> dict[int, Solution]:
    with fits.open(path) as hdul:
        rows = hdul[1].data
        return {
            int(fps): Solution(int(fps), tuple(float(v) for v in coeffs), float(rms), int(n))
            for fps, coeffs, rms, n in zip(
                rows["FPS"], rows["COEFFS"], rows["RMS"], rows["NLINES"], strict=True
            )
        }
