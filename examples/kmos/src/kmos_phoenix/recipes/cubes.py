"""Reconstructing one IFU's cube from a sky-subtracted, flat-fielded detector frame.

Each detector column of an IFU is one spaxel (XCAL, YCAL say which); its spectrum is resampled
from its own wavelengths (LCAL) onto the common grid, conserving counts. Variances are
resampled the same way, ignoring the covariance interpolation creates between neighbouring
bins (so errors are slightly pessimistic).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SPAXEL_MAS = 200.0
SPAXELS = 14


@dataclass(frozen=True)
class SpatialCalibration:
    """Per detector pixel: IFU number (0 = none), spaxel column and row within the IFU."""

    ifu: np.ndarray
    x: np.ndarray
    y: np.ndarray

    @classmethod
    def from_maps(cls, xcal: np.ndarray, ycal: np.ndarray) -> SpatialCalibration:
        lit = np.isfinite(xcal) & np.isfinite(ycal)
        whole = np.trunc(np.nan_to_num(ycal))
        ifu = np.where(lit, np.rint(np.abs(np.nan_to_num(ycal) - whole) * 10.0), 0).astype(int)
        x = np.where(lit, np.rint(np.nan_to_num(xcal) / SPAXEL_MAS + (SPAXELS - 1) / 2.0), -1).astype(int)
        y = np.where(lit, np.rint(whole / SPAXEL_MAS + (SPAXELS - 1) / 2.0), -1).astype(int)
        return cls(ifu, x, y)

    def columns(self, ifu: int) -> list[tuple[int, int, int]]:
        """(detector column, spaxel x, spaxel y) of every column of ``ifu``."""
        row = self.ifu.shape[0] // 2
        return [(c, int(self.x[row, c]), int(self.y[row, c])) for c in np.flatnonzero(self.ifu[row] == ifu)]


def common_grid(lcal_nm: np.ndarray, step_nm: float) -> np.ndarray:
    """Bin centres covered by every slitlet's wavelengths."""
    lit = lcal_nm[:, np.isfinite(lcal_nm).all(axis=0)]
    lo, hi = lit.min(axis=0).max(), lit.max(axis=0).min()
    return np.arange(np.ceil(lo / step_nm) * step_nm, hi, step_nm)


def resample(wave_nm: np.ndarray, counts: np.ndarray, grid_nm: np.ndarray, step_nm: float) -> np.ndarray:
    """Counts per detector pixel -> counts per grid bin (linear in the counts per nm)."""
    density = counts / np.gradient(wave_nm)
    return np.interp(grid_nm, wave_nm, density) * step_nm


def reconstruct(
    image: np.ndarray,
    variance: np.ndarray,
    lcal_nm: np.ndarray,
    spatial: SpatialCalibration,
    ifu: int,
    grid_nm: np.ndarray,
    step_nm: float,
) -> tuple[np.ndarray, np.ndarray]:
    """The IFU's (wavelength, y, x) cube of counts and its variance."""
    cube = np.full((grid_nm.size, SPAXELS, SPAXELS), np.nan)
    var = np.full_like(cube, np.nan)
    for column, x, y in spatial.columns(ifu):
        wave = lcal_nm[:, column]
        cube[:, y, x] = resample(wave, image[:, column], grid_nm, step_nm)
        gradient = np.gradient(wave)
        var[:, y, x] = np.interp(grid_nm, wave, variance[:, column] / gradient**2) * step_nm**2
    return cube, var
