"""Reading the per-fibre science spectra out of SCIENCE_RBNSPECTRA, one Spectrum1D per science fibre.

The product holds the science fibres only (sky and parked fibres give none), each with its row
of the FIBRES table: fibre number, object, RA/DEC and magnitude from the raw frame's OzPoz
table, which go into the spectrum's metadata for the Phase 3 header. The label is ``FIBnnn``.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from astropy.io import fits

from instruments.giraffe import categories as cat
from instruments.giraffe import keywords as kw
from phoenix import Spectrum1D

FPS = "fps"
MAGNITUDE = "magnitude"
OBJECT = "object"
RA = "ra"
DEC = "dec"


def fibre_label(fps: int) -> str:
    return f"FIB{fps:03d}"


def read_fibre_spectra(path: str) -> tuple[Spectrum1D, ...]:
    """Every science fibre of one SCIENCE_RBNSPECTRA file."""
    with fits.open(path, memmap=False) as hdul:
        flux_hdu, error = hdul["FLUX"], np.asarray(hdul["ERR"].data, dtype=float)
        flux = np.asarray(flux_hdu.data, dtype=float)
        header = flux_hdu.header
        wave = header[kw.CRVAL1] + (np.arange(flux.shape[1]) + 1.0 - header[kw.CRPIX1]) * header[kw.CDELT1]
        unit = str(header.get(kw.BUNIT, "")).strip()
        table = hdul["FIBRES"].data
        out = []
        for i, row in enumerate(table):
            fps = int(row["FPS"])
            metadata = {
                FPS: fps,
                OBJECT: str(row[kw.COL_OBJECT]).strip(),
                RA: float(row[kw.COL_RA]),
                DEC: float(row[kw.COL_DEC]),
                MAGNITUDE: float(row[kw.COL_MAGNITUDE]),
            }
            out.append(Spectrum1D(wave, flux[i], error[i], unit, path, fibre_label(fps), metadata))
    return tuple(out)


def extract_spectra(products: Mapping[str, tuple[str, ...]]) -> tuple[Spectrum1D, ...]:
    """One spectrum per science fibre of the dataset's SCIENCE_RBNSPECTRA."""
    paths = products.get(cat.SCIENCE_RBNSPECTRA, ())
    if not paths:
        raise ValueError(f"no {cat.SCIENCE_RBNSPECTRA} among {sorted(products)}")
    return tuple(spectrum for path in paths for spectrum in read_fibre_spectra(path))
