"""kmos_wave_cal: a wavelength solution per slitlet from an argon arc, as the LCAL frame.

Per slitlet: the lamp-off frame is subtracted, the slitlet's columns averaged, arc lines found
and centred, matched to the catalogue through the band's first-guess solution, and a polynomial
fitted. LCAL holds every pixel's wavelength in micron (NaN outside the slitlets), as KMOS's does.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from kmos_phoenix import categories as cat
from kmos_phoenix import keywords as kw
from kmos_phoenix.recipes.frames import paths, product_header, read_raw, write
from kmos_phoenix.recipes.slitlets import read_edges
from kmos_phoenix.recipes.statics import NM_PER_MICRON, arc_lines_nm, band_limits_nm, first_guess_nm
from phoenix import RecipeError, SofEntry

RECIPE = "kmos_wave_cal"
DETECTION_SIGMA = 8.0


def find_lines(spectrum: np.ndarray) -> np.ndarray:
    """Sub-pixel centres of the emission lines of a 1D spectrum (3-point parabolic peaks)."""
    noise = 1.4826 * np.median(np.abs(np.diff(spectrum))) / np.sqrt(2.0)
    level = np.median(spectrum) + DETECTION_SIGMA * max(noise, 1e-6)
    inner = spectrum[1:-1]
    peaks = np.flatnonzero((inner > level) & (inner >= spectrum[:-2]) & (inner > spectrum[2:])) + 1
    left, centre, right = spectrum[peaks - 1], spectrum[peaks], spectrum[peaks + 1]
    return peaks + 0.5 * (left - right) / (left - 2.0 * centre + right)


def solve(spectrum: np.ndarray, guess_nm: np.ndarray, catalogue: np.ndarray, search: float, degree: int):  # type: ignore[no-untyped-def]
    """Fit wavelength(row) to the catalogue lines found; returns (coefficients, residuals [nm])."""
    rows = find_lines(spectrum)
    at = np.interp(rows, np.arange(guess_nm.size), guess_nm)
    nearest = catalogue[np.abs(catalogue[None, :] - at[:, None]).argmin(axis=1)]
    matched = np.abs(nearest - at) <= search
    if matched.sum() < degree + 2:
        raise ValueError(f"{matched.sum()} arc lines matched, {degree + 2} needed")
    coefficients = np.polyfit(rows[matched], nearest[matched], degree)
    return coefficients, nearest[matched] - np.polyval(coefficients, rows[matched])


def kmos_wave_cal(sof: Sequence[SofEntry], workdir: Path, parameters: dict[str, Any]) -> None:
    arc_on = read_raw(paths(sof, cat.ARC_ON, RECIPE)[0])
    arc_off = read_raw(paths(sof, cat.ARC_OFF, RECIPE)[0])
    edges = read_edges(paths(sof, cat.FLAT_EDGE, RECIPE)[0])
    header = arc_on.header
    band = band_limits_nm(paths(sof, cat.WAVE_BAND, RECIPE)[0], str(header[kw.INS_GRAT1_ID]).strip())
    catalogue = arc_lines_nm(paths(sof, cat.ARC_LIST, RECIPE)[0])
    arc = arc_on.data - arc_off.data
    rows = arc.shape[0]
    guess = first_guess_nm(band, int(header.get(kw.DET_WIN1_STRY, 1)), rows)
    lcal = np.full(arc.shape, np.nan)
    residuals = []
    for edge in edges:
        try:
            coefficients, resid = solve(
                np.mean(arc[:, edge.columns], axis=1),
                guess,
                catalogue,
                float(parameters["search_nm"]),
                int(parameters["fit_degree"]),
            )
        except ValueError as exc:
            raise RecipeError(
                RECIPE, 1, f"IFU {edge.ifu} slitlet {edge.slitlet}: {exc}", str(workdir)
            ) from exc
        lcal[:, edge.columns] = np.polyval(coefficients, np.arange(rows))[:, None] / NM_PER_MICRON
        residuals.append(resid)
    every = np.concatenate(residuals)
    qc = {kw.QC_ARC_NLINES: int(every.size), kw.QC_ARC_RMS: float(np.sqrt(np.mean(every**2)))}
    write(workdir / "lcal.fits", product_header(cat.LCAL, RECIPE, header, parameters, qc), lcal)
