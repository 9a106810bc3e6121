"""kmos_extract_spec: each IFU cube summed over a circular aperture around its source (as kmo_extract_spec).

The source is found on the cube collapsed over wavelength (flux-weighted centroid around the
brightest spaxel); the aperture's radius is the step's ``radius_arcsec``. EXTRACT_SPEC holds
``IFU.<n>.DATA`` (summed counts) and ``IFU.<n>.NOISE`` (1 sigma), wavelength in micron, and keeps
SCI_COMBINED's exposure cards for Phase 3.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from astropy.io import fits

from kmos_phoenix import categories as cat
from kmos_phoenix import keywords as kw
from kmos_phoenix.recipes.frames import paths, product_header, write
from phoenix import SofEntry

RECIPE = "kmos_extract_spec"
SPAXEL_ARCSEC = 0.2
CENTROID_BOX = 2  # spaxels around the brightest one used for the centroid


def centroid(image: np.ndarray) -> tuple[float, float]:
    """(x, y) of the light around the brightest spaxel of a collapsed cube."""
    filled = np.nan_to_num(image)
    y0, x0 = np.unravel_index(np.argmax(filled), filled.shape)
    ys, xs = np.mgrid[0 : filled.shape[0], 0 : filled.shape[1]]
    near = (np.abs(ys - y0) <= CENTROID_BOX) & (np.abs(xs - x0) <= CENTROID_BOX)
    weights = np.clip(filled, 0.0, None) * near
    return float((weights * xs).sum() / weights.sum()), float((weights * ys).sum() / weights.sum())


def aperture_sum(cube: np.ndarray, noise: np.ndarray, radius_spaxels: float) -> tuple[np.ndarray, np.ndarray]:
    x, y = centroid(np.nansum(cube, axis=0))
    ys, xs = np.mgrid[0 : cube.shape[1], 0 : cube.shape[2]]
    inside = (xs - x) ** 2 + (ys - y) ** 2 <= radius_spaxels**2
    return np.nansum(cube[:, inside], axis=1), np.sqrt(np.nansum(noise[:, inside] ** 2, axis=1))


def kmos_extract_spec(sof: Sequence[SofEntry], workdir: Path, parameters: dict[str, Any]) -> None:
    radius = float(parameters["radius_arcsec"]) / SPAXEL_ARCSEC
    extensions = []
    with fits.open(paths(sof, cat.SCI_COMBINED, RECIPE)[0]) as hdul:
        source = hdul[0].header
        for hdu in hdul[1:]:
            if not hdu.name.endswith(f".{kw.DATA}"):
                continue
            ifu = int(hdu.name.split(".")[1])
            noise = hdul[kw.ifu_extension(ifu, kw.NOISE)]
            flux, error = aperture_sum(np.asarray(hdu.data, float), np.asarray(noise.data, float), radius)
            for part, data in ((kw.DATA, flux), (kw.NOISE, error)):
                out = fits.ImageHDU(data=data.astype(np.float32), name=kw.ifu_extension(ifu, part))
                out.header[kw.card(kw.CTYPE1)] = "WAVE"
                out.header[kw.card(kw.CUNIT1)] = "um"
                out.header[kw.card(kw.CRPIX1)] = hdu.header[kw.CRPIX3]
                out.header[kw.card(kw.CRVAL1)] = hdu.header[kw.CRVAL3]
                out.header[kw.card(kw.CDELT1)] = hdu.header[kw.CDELT3]
                extensions.append(out)
    header = product_header(
        cat.EXTRACT_SPEC, RECIPE, source, parameters, {kw.QC_EXTRACT_NIFU: len(extensions) // 2}
    )
    for key in (kw.BUNIT, kw.EXPTIME, kw.TEXPTIME, kw.MJD_END):
        header[kw.card(key)] = source[key]
    write(workdir / "extract_spec.fits", header, None, extensions)
