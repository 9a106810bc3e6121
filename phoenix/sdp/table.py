"""The spectrum extension: a one-row binary table of array columns, described per IVOA Spectrum DM."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from astropy.io import fits

from phoenix.sdp import keywords as kw
from phoenix.sdp.cards import to_fits_card
from phoenix.sdp.columns import (
    ERR,
    EXTNAME_SPECTRUM,
    FLUX,
    QUAL,
    QUAL_GOOD,
    SNR,
    SPECTRUM_COLUMNS,
    WAVE,
    ColumnSpec,
)
from phoenix.sdp.measure import SpectralCoverage, quality_flags
from phoenix.types import Spectrum1D


def spectrum_hdu(
    spectrum: Spectrum1D,
    flux_calibrated: bool,
    coverage: SpectralCoverage,
    cards: Iterable[tuple[str, object, str]],
) -> fits.BinTableHDU:
    """The ``SPECTRUM`` extension holding WAVE, FLUX, ERR, QUAL and SNR, followed by ``cards``."""
    flux = np.asarray(spectrum.flux, dtype=float)
    error = np.asarray(spectrum.error, dtype=float)
    quality = quality_flags(flux, error)
    good = quality == QUAL_GOOD
    snr = np.zeros_like(flux)
    snr[good] = flux[good] / error[good]
    arrays = {
        WAVE.name: np.asarray(spectrum.wave_nm, dtype=float),
        FLUX.name: flux,
        ERR.name: error,
        QUAL.name: quality,
        SNR.name: snr,
    }
    units = {spec.name: spectrum.flux_unit if spec.flux_unit else spec.unit for spec in SPECTRUM_COLUMNS}
    columns = [
        fits.Column(
            name=spec.name,
            format=f"{coverage.nelem}{spec.element}",
            unit=units[spec.name] or None,
            array=arrays[spec.name][np.newaxis, :],
        )
        for spec in SPECTRUM_COLUMNS
    ]
    hdu = fits.BinTableHDU.from_columns(columns, name=EXTNAME_SPECTRUM)
    for index, spec in enumerate(SPECTRUM_COLUMNS, 1):
        _describe(hdu.header, index, spec, units[spec.name], flux_calibrated, coverage)
    for key, value, comment in cards:
        hdu.header.append(to_fits_card(key, value, comment), end=True)
    return hdu


def _describe(
    header: fits.Header,
    index: int,
    spec: ColumnSpec,
    unit: str,
    flux_calibrated: bool,
    coverage: SpectralCoverage,
) -> None:
    cards = [
        # An empty TUNIT must still be written (Table 7 note 57); astropy omits empty units itself.
        (kw.TUNITi, unit, "Physical unit of the column"),
        (kw.TUTYPi, spec.utype, "IVOA data model element"),
        (kw.TUCDi, spec.ucd_for(flux_calibrated), "Unified content descriptor"),
        (kw.TCOMMi, spec.comment, ""),
    ]
    if spec is WAVE:
        cards += [
            (kw.TDMINi, coverage.wavelmin, "[nm] Start of spectral coordinates"),
            (kw.TDMAXi, coverage.wavelmax, "[nm] End of spectral coordinates"),
        ]
    for series, value, comment in cards:
        card = to_fits_card(kw.indexed(series, index), value, comment)
        header[card.keyword] = (card.value, card.comment)
