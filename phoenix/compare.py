"""Comparing an extracted spectrum with the truth a simulator injected.

Two figures, both independent of the flux scale (products are not flux calibrated):

* the wavelength error: the centroids of the injected absorption lines measured in the product,
  minus their true wavelengths, as an RMS in the product's own pixels;
* the continuum shape: the product divided by the true spectrum, in wavelength bins, normalised
  to its median; the RMS of that ratio says how faithfully the shape came through.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from astropy.io import fits

from phoenix.naming import SDP_CATEGORY

CENTROID_HALF_WIDTH = 2.0  # in units of the line's effective sigma
MIN_DEPTH = 0.1


@dataclass(frozen=True)
class WavelengthCheck:
    rms_px: float
    median_offset_px: float
    n_lines: int
    pixel_nm: float


@dataclass(frozen=True)
class ContinuumCheck:
    rms_fraction: float  # RMS of (product / truth) / median, over the bins
    worst_fraction: float
    n_bins: int


def _centroid(wave: np.ndarray, flux: np.ndarray, centre: float, sigma: float) -> float | None:
    """Depth-weighted centroid of an absorption line, with a local linear continuum."""
    outer = (wave > centre - 6 * sigma) & (wave < centre + 6 * sigma)
    if outer.sum() < 8:
        return None
    w, f = wave[outer], flux[outer]
    edges = np.abs(w - centre) > 4 * sigma
    if edges.sum() < 4:
        return None
    cont = np.polyval(np.polyfit(w[edges], f[edges], 1), w)
    if np.any(cont <= 0):
        return None
    depth = 1.0 - f / cont
    for _ in range(3):  # recentre on the measured centroid
        core = np.abs(w - centre) <= CENTROID_HALF_WIDTH * sigma
        weights = np.clip(depth[core], 0.0, None)
        if weights.sum() <= 0 or core.sum() < 3:
            return None
        centre = float(np.sum(w[core] * weights) / weights.sum())
    return centre


def wavelength_check(
    wave_nm: np.ndarray,
    flux: np.ndarray,
    lines: Sequence[tuple[float, float, float]],
    lsf_sigma_nm: float,
) -> WavelengthCheck:
    """Measured minus true centres of the injected lines ``(wave_nm, depth, sigma_nm)``, in pixels."""
    wave_nm, flux = np.asarray(wave_nm, float), np.asarray(flux, float)
    pixel = float(np.median(np.diff(wave_nm)))
    offsets = []
    for centre, depth, sigma in lines:
        if depth < MIN_DEPTH or not wave_nm[0] < centre < wave_nm[-1]:
            continue
        effective = float(np.hypot(sigma, lsf_sigma_nm))
        measured = _centroid(wave_nm, flux, centre, effective)
        if measured is not None:
            offsets.append((measured - centre) / pixel)
    if not offsets:
        raise ValueError("no injected line could be measured in the spectrum")
    arr = np.array(offsets)
    return WavelengthCheck(float(np.sqrt(np.mean(arr**2))), float(np.median(arr)), arr.size, pixel)


def continuum_check(
    wave_nm: np.ndarray, flux: np.ndarray, truth_wave: np.ndarray, truth_flux: np.ndarray, n_bins: int = 40
) -> ContinuumCheck:
    """Shape of product / truth across the spectrum, in ``n_bins`` wavelength bins (medians)."""
    wave_nm, flux = np.asarray(wave_nm, float), np.asarray(flux, float)
    truth = np.interp(wave_nm, np.asarray(truth_wave, float), np.asarray(truth_flux, float))
    good = np.isfinite(flux) & (truth > 0)
    ratio = flux[good] / truth[good]
    edges = np.linspace(wave_nm[good][0], wave_nm[good][-1], n_bins + 1)
    index = np.digitize(wave_nm[good], edges[1:-1])
    medians = np.array([np.median(ratio[index == i]) for i in range(n_bins) if np.any(index == i)])
    shape = medians / np.median(medians)
    return ContinuumCheck(
        float(np.sqrt(np.mean((shape - 1) ** 2))), float(np.max(np.abs(shape - 1))), shape.size
    )


@dataclass(frozen=True)
class ProductComparison:
    product: str
    wavelength: WavelengthCheck
    continuum: ContinuumCheck


def compare_with_truth(
    archive_root: Path, truth_dir: Path, datasets: Sequence[Mapping[str, Any]]
) -> list[ProductComparison]:
    """Compare every archived SCIENCE.SPECTRUM of ``datasets`` (``phoenix status`` entries) with the truth.

    ``truth_dir/truth.json`` is a simulator's truth document: ``science_frames`` maps each raw
    science file to its injected ``lines`` (``wave_nm``, ``depth``, ``sigma_nm``), the instrumental
    ``lsf_sigma_px`` and a ``truth_table`` (FITS table with WAVE [nm] and FLUX) in ``truth_dir``.
    """
    truth = json.loads((truth_dir / "truth.json").read_text())
    out = []
    for dataset in datasets:
        raw = next((m["file"] for m in dataset["members"] if m["file"] in truth["science_frames"]), None)
        if dataset["kind"] != "science" or raw is None:
            continue
        injected = truth["science_frames"][raw]
        lines = [(ln["wave_nm"], ln["depth"], ln["sigma_nm"]) for ln in injected["lines"]]
        table = fits.getdata(truth_dir / injected["truth_table"], 1)
        for entry in (a for a in dataset["archived"] if a["category"] == SDP_CATEGORY):
            with fits.open(archive_root / entry["path"]) as hdul:
                row = hdul[1].data[0]
                wave, flux = np.asarray(row["WAVE"], float), np.asarray(row["FLUX"], float)
            pixel = float(np.median(np.diff(wave)))
            out.append(
                ProductComparison(
                    entry["name"],
                    wavelength_check(wave, flux, lines, lsf_sigma_nm=injected["lsf_sigma_px"] * pixel),
                    continuum_check(wave, flux, table["WAVE"], table["FLUX"]),
                )
            )
    return out
