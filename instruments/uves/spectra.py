"""Reading uves_obs_scired's products into the spectra the Phase 3 products hold.

Per chip, RED_SCIENCE_<chip> is the extracted, flat-fielded, merged 1D spectrum and
ERRORBAR_SCIENCE_<chip> its 1-sigma error, both on a linear air-wavelength grid in Angstrom
(CTYPE1 AWAV, CRVAL1/CDELT1/CRPIX1). The merge leaves pixels outside the orders' coverage at
both ends, with zero flux (and sometimes a positive error); they are not data and are cut.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
from astropy.io import fits

from instruments.uves import categories as cat
from instruments.uves import keywords as kw
from instruments.uves.keywords import CHIPS_OF_ARM
from phoenix import Spectrum1D

ANGSTROM_PER_NM = 10.0


def read_spectrum(flux_path: str, error_path: str, chip: str) -> Spectrum1D:
    """The chip's spectrum with wavelengths in nm, trimmed to the span the orders cover."""
    with fits.open(flux_path) as hdul:
        header = hdul[0].header
        flux = np.asarray(hdul[0].data, dtype=float)
    with fits.open(error_path) as hdul:
        error = np.asarray(hdul[0].data, dtype=float)
    pixels = np.arange(flux.size, dtype=float) + 1.0
    wave_a = header[kw.CRVAL1] + (pixels - header.get(kw.CRPIX1, 1.0)) * header[kw.CDELT1]
    good = np.flatnonzero(np.isfinite(flux) & np.isfinite(error) & (error > 0) & (flux != 0))
    if good.size < 2:
        raise ValueError(f"{Path(flux_path).name}: no pixel with data (non-zero flux, positive error)")
    cut = slice(good[0], good[-1] + 1)
    return Spectrum1D(
        wave_nm=wave_a[cut] / ANGSTROM_PER_NM,
        flux=flux[cut],
        error=error[cut],
        flux_unit=str(header.get(kw.BUNIT, "ADU")).strip(),
        source_file=flux_path,
        label=chip,
    )


def extract_spectra(products: Mapping[str, tuple[str, ...]]) -> tuple[Spectrum1D, ...]:
    """One spectrum per chip found among the products."""
    spectra = []
    for chips in CHIPS_OF_ARM.values():
        for chip in chips:
            flux = products.get(f"{cat.RED_SCIENCE}_{chip}")
            error = products.get(f"{cat.ERRORBAR_SCIENCE}_{chip}")
            if flux and error:
                spectra.append(read_spectrum(flux[0], error[0], chip))
    if not spectra:
        raise ValueError(
            f"no {cat.RED_SCIENCE}_<chip> with its {cat.ERRORBAR_SCIENCE} among {sorted(products)}"
        )
    return tuple(spectra)
