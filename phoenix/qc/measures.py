"""QC values the engine measures itself, after the pipeline (declared with ``keyword=None``).

* ``median_snr``, ``flux_p05``, ``flux_p95``: on each extracted spectrum;
* ``saturated_fraction``: on each raw frame, the fraction of pixels at the ceiling of the
  detector's digitisation (the largest value the raw file's integer type can hold, e.g. 65535
  for ESO's unsigned 16-bit frames) — an instrument-independent definition of saturation.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from astropy.io import fits

from phoenix.types import Spectrum1D

SPECTRUM_MEASURES = ("median_snr", "flux_p05", "flux_p95")
RAW_MEASURES = ("saturated_fraction",)
ENGINE_MEASURES = SPECTRUM_MEASURES + RAW_MEASURES


def spectrum_measures(spectrum: Spectrum1D) -> dict[str, float]:
    flux = np.asarray(spectrum.flux, float)
    error = np.asarray(spectrum.error, float)
    good = np.isfinite(flux) & np.isfinite(error) & (error > 0)
    if not good.any():
        return {name: float("nan") for name in SPECTRUM_MEASURES}
    p05, p95 = np.percentile(flux[good], [5, 95])
    return {
        "median_snr": float(np.median(flux[good] / error[good])),
        "flux_p05": float(p05),
        "flux_p95": float(p95),
    }


def saturated_fraction(path: Path) -> float:
    """Fraction of all image pixels of a raw frame that sit at the digitisation ceiling.

    The comparison is made on the stored integers (no scaling, memory-mapped): the ceiling is
    the largest value the HDU's integer type holds, whatever BZERO/BSCALE map it to.
    """
    saturated = total = 0
    with fits.open(path, memmap=True, do_not_scale_image_data=True) as hdul:
        for hdu in hdul:
            if not isinstance(hdu, fits.PrimaryHDU | fits.ImageHDU) or hdu.data is None:
                continue
            bitpix = int(hdu.header.get("BITPIX", 16))
            if bitpix < 0:
                continue  # floating-point data has no digitisation ceiling
            data = hdu.data
            saturated += int(np.count_nonzero(data >= 2 ** (bitpix - 1) - 1))
            total += data.size
    return saturated / total if total else 0.0
