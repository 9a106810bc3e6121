"""Reading xsh_scired_slit_*'s merged spectra into the spectra the Phase 3 products hold.

Per arm: SCI_SLIT_FLUX_MERGE1D_<arm> when the chain had a response (flux calibrated), else
SCI_SLIT_MERGE1D_<arm>. Flux in the primary HDU on a linear grid in nm (CRVAL1/CDELT1), errors
in ERRS, QUAL = 1 where there is no data; bins without data at the ends are cut, inner ones
kept with their error set so the engine's checks see them (as zero flux, huge error).
The spectrum's metadata carries what the product header adds up to (TEXPTIME, EXPTIME,
MJD-END), the pipeline id, whether it is flux calibrated and that telluric absorption is in.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from astropy.io import fits

from instruments.xshooter import categories as cat
from instruments.xshooter import keywords as kw
from phoenix import Spectrum1D

TELLURIC_CORR = kw.PRO_TELLURIC_CORR


def read_spectrum(path: str, arm: str, flux_calibrated: bool) -> Spectrum1D:
    with fits.open(path) as hdul:
        header = hdul[0].header
        flux = np.asarray(hdul[0].data, dtype=float)
        error = np.asarray(hdul["ERRS"].data, dtype=float)
        bad = np.asarray(hdul["QUAL"].data) != 0
    wave = header[kw.CRVAL1] + (np.arange(flux.size) + 1.0 - header.get(kw.CRPIX1, 1.0)) * header[kw.CDELT1]
    good = np.flatnonzero(~bad)
    if good.size < 2:
        raise ValueError(f"{path}: no bin with data")
    cut = slice(good[0], good[-1] + 1)
    metadata = {key: header[key] for key in (kw.TEXPTIME, kw.EXPTIME, kw.MJD_END) if key in header} | {
        "PROCSOFT": str(header.get(kw.PRO_REC1_PIPE_ID, "")).strip(),
        "FLUXCAL": "ABSOLUTE" if flux_calibrated else "UNCALIBRATED",
        "TELLURIC_CORR": bool(header.get(TELLURIC_CORR, False)),
        "ARM": arm,
    }
    return Spectrum1D(
        wave_nm=wave[cut],
        flux=flux[cut],
        error=error[cut],
        flux_unit=str(header.get(kw.BUNIT, "")).strip(),
        source_file=path,
        label=arm,
        metadata=metadata,
        flux_calibrated=flux_calibrated,
    )


def extract_spectra(products: Mapping[str, tuple[str, ...]]) -> tuple[Spectrum1D, ...]:
    """One spectrum per arm found among the products (the fluxed one when there is one)."""
    spectra = []
    for arm in kw.ARMS:
        fluxed = products.get(cat.of_arm(cat.SCI_SLIT_FLUX_MERGE1D, arm))
        plain = products.get(cat.of_arm(cat.SCI_SLIT_MERGE1D, arm))
        if fluxed:
            spectra.append(read_spectrum(fluxed[0], arm, True))
        elif plain:
            spectra.append(read_spectrum(plain[0], arm, False))
    if not spectra:
        raise ValueError(f"no {cat.SCI_SLIT_MERGE1D}_<arm> among {sorted(products)}")
    return tuple(spectra)
