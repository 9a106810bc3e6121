"""Reading the EXTRACT_SPEC product into the spectra the Phase 3 products hold: one per IFU.

EXTRACT_SPEC holds, per IFU with a target, ``IFU.<n>.DATA`` and ``IFU.<n>.NOISE``: the
spectrum summed over the extraction aperture and its 1-sigma error, on a linear air-wavelength
grid in micron (CRVAL1/CDELT1/CRPIX1), as KMOS products give wavelengths.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from astropy.io import fits

from kmos_phoenix import categories as cat
from kmos_phoenix import keywords as kw
from phoenix import Spectrum1D

NM_PER_MICRON = 1000.0


def ifu_label(ifu: int) -> str:
    """What names an IFU's spectrum within its dataset (and in its product's file name)."""
    return f"IFU{ifu:02d}"


def ifu_of_label(label: str) -> int:
    return int(label.removeprefix("IFU"))


def read_spectra(path: str) -> tuple[Spectrum1D, ...]:
    """Every IFU's spectrum in an EXTRACT_SPEC file, wavelengths in nm."""
    spectra = []
    with fits.open(path) as hdul:
        unit = str(hdul[0].header.get(kw.BUNIT, "adu"))
        names = [h.name for h in hdul[1:]]
        for name in names:
            if not name.endswith(f".{kw.DATA}"):
                continue
            ifu = int(name.split(".")[1])
            data, noise = hdul[name], hdul[kw.ifu_extension(ifu, kw.NOISE)]
            header = data.header
            pixels = np.arange(header["NAXIS1"], dtype=float) + 1.0
            wave_um = header[kw.CRVAL1] + (pixels - header[kw.CRPIX1]) * header[kw.CDELT1]
            spectra.append(
                Spectrum1D(
                    wave_nm=wave_um * NM_PER_MICRON,
                    flux=np.asarray(data.data, dtype=float),
                    error=np.asarray(noise.data, dtype=float),
                    flux_unit=unit,
                    source_file=path,
                    label=ifu_label(ifu),
                )
            )
    if not spectra:
        raise ValueError(f"{path}: no IFU.<n>.DATA extension")
    return tuple(spectra)


def extract_spectra(products: Mapping[str, tuple[str, ...]]) -> tuple[Spectrum1D, ...]:
    """The spectra of every EXTRACT_SPEC product of a science dataset."""
    paths = products.get(cat.EXTRACT_SPEC, ())
    if not paths:
        raise ValueError(f"no {cat.EXTRACT_SPEC} among the products {sorted(products)}")
    return tuple(s for path in paths for s in read_spectra(path))
