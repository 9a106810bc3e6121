"""Comparing recovered XSHOOTER spectra with the truth the simulator injected.

* flux ratio: the product over the injected spectrum *with the telluric absorption applied*
  (the products leave it in), the median over the arm's clean continuum: pixels where the
  atmosphere transmits more than 99 %, away from the emission lines (6 sigma) and from the arm's
  ends (5 nm). Its scatter is reported as the RMS of the ratio in 5 nm bins.
* wavelength error: the centroid of every injected emission line in the product (above a local
  linear continuum, within 2.5 sigma of the line's total width) minus its true wavelength, as an
  RMS [nm] and in product pixels.
* arm overlap: the ratio of two arms' fluxes, each the median over a window both cover.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from instruments.xshooter.simulator import sources
from instruments.xshooter.simulator.layout import LAYOUTS, LSF_SIGMA_PX

OVERLAP_WINDOWS_NM = {"550": ("UVB", "VIS", 546.0, 561.0), "1000": ("VIS", "NIR", 996.0, 1018.0)}


@dataclass(frozen=True)
class TruthCheck:
    arm: str
    flux_ratio: float  # median product / truth over the clean continuum
    ratio_rms: float  # RMS of the 5-nm binned ratio about its median
    wave_rms_nm: float
    wave_rms_px: float
    n_lines: int


def load(path: str | Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def target(truth: dict, obs_id: int) -> sources.Target:
    ob = next(o for o in truth["obs"] if o["obs_id"] == obs_id)
    t = ob["target"]
    return sources.Target(
        t["name"], t["temperature"], t["flux550"], tuple(sources.Line(*ln) for ln in t["lines"])
    )


def check(truth: dict, obs_id: int, arm: str, lam: np.ndarray, flux: np.ndarray) -> TruthCheck:
    """How ``flux`` (erg/s/cm2/A at ``lam`` nm) of OB ``obs_id`` on ``arm`` compares with the truth."""
    star = target(truth, obs_id)
    expected = star.flux(lam) * sources.telluric(lam)
    layout = LAYOUTS[arm]
    clean = (sources.telluric(lam) > 0.99) & np.isfinite(flux) & (flux != 0)
    clean &= (lam > layout.lam_min + 5.0) & (lam < layout.lam_max - 5.0)
    pixel = float(np.median(np.diff(lam)))
    for line in star.lines:
        width = np.hypot(line.sigma, LSF_SIGMA_PX * pixel)
        clean &= np.abs(lam - line.centre) > 6 * width
    ratio = flux[clean] / expected[clean]
    median = float(np.median(ratio))
    bins = np.floor(lam[clean] / 5.0)
    binned = np.array([np.median(ratio[bins == b]) for b in np.unique(bins)])
    offsets = []
    for line in star.lines:
        if not layout.lam_min + 5 < line.centre < layout.lam_max - 5:
            continue
        width = float(np.hypot(line.sigma, LSF_SIGMA_PX * pixel))
        measured = _centroid(lam, flux, line.centre, width)
        if measured is not None:
            offsets.append(measured - line.centre)
    rms = float(np.sqrt(np.mean(np.square(offsets)))) if offsets else float("nan")
    return TruthCheck(
        arm, median, float(np.sqrt(np.mean((binned / median - 1) ** 2))), rms, rms / pixel, len(offsets)
    )


def _centroid(lam: np.ndarray, flux: np.ndarray, centre: float, width: float) -> float | None:
    near = np.abs(lam - centre) < 8 * width
    edges = near & (np.abs(lam - centre) > 5 * width)
    if edges.sum() < 4:
        return None
    continuum = np.polyval(np.polyfit(lam[edges], flux[edges], 1), lam)
    guess = centre
    for _ in range(3):
        core = np.abs(lam - guess) < 2.5 * width
        w = np.clip(flux[core] - continuum[core], 0.0, None)
        if w.sum() <= 0:
            return None
        guess = float(np.sum(w * lam[core]) / w.sum())
    return guess


def overlap_ratio(
    lam_a: np.ndarray, flux_a: np.ndarray, lam_b: np.ndarray, flux_b: np.ndarray, lo: float, hi: float
) -> float:
    """median(flux_a) / median(flux_b) over [lo, hi] nm."""
    in_a = (lam_a >= lo) & (lam_a <= hi) & (flux_a != 0)
    in_b = (lam_b >= lo) & (lam_b <= hi) & (flux_b != 0)
    return float(np.median(flux_a[in_a]) / np.median(flux_b[in_b]))
