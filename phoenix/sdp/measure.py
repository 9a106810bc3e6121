"""Phase 3 quantities computed from a spectrum's arrays and its exposure times.

The writer computes them and the validator recomputes them with the same definitions, so a
header value can never drift from the data it describes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from phoenix.sdp.columns import QUAL_GOOD, QUAL_NO_DATA

SECONDS_PER_DAY = 86400.0


@dataclass(frozen=True)
class SpectralCoverage:
    """WAVELMIN/WAVELMAX, SPEC_BIN, SPEC_VAL, SPEC_BW (all nm) and NELEM of a wavelength array."""

    wavelmin: float
    wavelmax: float
    spec_bin: float
    spec_val: float
    spec_bw: float
    nelem: int


@dataclass(frozen=True)
class Timing:
    """MJD-OBS, MJD-END and what follows from them: TELAPSE (s) and TMID (MJD)."""

    mjd_obs: float
    mjd_end: float
    telapse: float
    tmid: float


def spectral_coverage(wave_nm: npt.ArrayLike) -> SpectralCoverage:
    """Coverage of ``wave_nm``; SPEC_BIN is the mean bin, (WAVELMAX - WAVELMIN) / (NELEM - 1).

    :raises ValueError: when the wavelengths are not finite and strictly increasing.
    """
    wave = np.asarray(wave_nm, dtype=float)
    if wave.ndim != 1 or wave.size < 2:
        raise ValueError("the wavelength array must be one-dimensional with at least 2 values")
    if not np.all(np.isfinite(wave)):
        raise ValueError("the wavelength array holds non-finite values")
    if not np.all(np.diff(wave) > 0):
        raise ValueError("the wavelengths must increase strictly")
    low, high = float(wave[0]), float(wave[-1])
    return SpectralCoverage(
        wavelmin=low,
        wavelmax=high,
        spec_bin=(high - low) / (wave.size - 1),
        spec_val=(low + high) / 2.0,
        spec_bw=high - low,
        nelem=int(wave.size),
    )


def quality_flags(flux: npt.ArrayLike, error: npt.ArrayLike) -> npt.NDArray[np.int32]:
    """QUAL per pixel: good where flux and error are finite and the error is positive."""
    flux_a = np.asarray(flux, dtype=float)
    error_a = np.asarray(error, dtype=float)
    with np.errstate(invalid="ignore"):
        good = np.isfinite(flux_a) & np.isfinite(error_a) & (error_a > 0)
    return np.where(good, QUAL_GOOD, QUAL_NO_DATA).astype(np.int32)


def median_snr(flux: npt.ArrayLike, error: npt.ArrayLike, quality: npt.ArrayLike | None = None) -> float:
    """SNR: the median of flux / error over the valid pixels.

    A pixel is valid when its flux and error are finite, the error is positive and (if given) its
    quality flag is good.

    :raises ValueError: when no pixel is valid.
    """
    flux_a = np.asarray(flux, dtype=float)
    error_a = np.asarray(error, dtype=float)
    valid = quality_flags(flux_a, error_a) == QUAL_GOOD
    if quality is not None:
        valid &= np.asarray(quality) == QUAL_GOOD
    if not np.any(valid):
        raise ValueError("no valid pixel (finite flux, finite positive error): SNR is undefined")
    return float(np.median(flux_a[valid] / error_a[valid]))


def timing(mjd_obs: float, exptime_s: float, mjd_end: float | None = None) -> Timing:
    """MJD-END (MJD-OBS + EXPTIME unless given), TELAPSE = MJD-END - MJD-OBS in s, TMID the midpoint.

    :raises ValueError: when MJD-END is not after MJD-OBS.
    """
    end = mjd_obs + exptime_s / SECONDS_PER_DAY if mjd_end is None else float(mjd_end)
    if not end > mjd_obs:
        raise ValueError(f"MJD-END ({end}) must be later than MJD-OBS ({mjd_obs})")
    return Timing(
        mjd_obs=float(mjd_obs),
        mjd_end=end,
        telapse=(end - mjd_obs) * SECONDS_PER_DAY,
        tmid=(mjd_obs + end) / 2.0,
    )
