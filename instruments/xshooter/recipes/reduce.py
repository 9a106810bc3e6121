"""From raw slit frames to one merged spectrum per second per nm: what xsh_scired_slit_* and
xsh_respon_slit_stare share.

STARE: each exposure flat-fielded, sky subtracted along the slit, extracted; exposures combined.
NOD: exposures taken in pairs (A, B); A - B holds the source positive at A and negative at B, so
the sky cancels; both are extracted (from A - B and from B - A) and averaged. OFFSET: each object
exposure minus the sky exposure of its template. Fluxes are divided by each exposure's time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from astropy.io import fits

from instruments.xshooter import categories as cat
from instruments.xshooter import keywords as kw
from instruments.xshooter.recipes import frames
from instruments.xshooter.recipes.calib import calibrated
from instruments.xshooter.recipes.extract import OrderSpectrum, combine, extract, merge
from instruments.xshooter.recipes.geometry import Dispersion, Orders
from phoenix import RecipeError, SofEntry


@dataclass(frozen=True)
class Reduced:
    """A merged spectrum [flat-relative e- / s / nm] and what the product header needs."""

    lam: np.ndarray
    flux: np.ndarray
    var: np.ndarray
    header: fits.Header  # the first raw frame's
    seconds: tuple[float, ...]  # every combined exposure's EXPTIME
    mjd_end: float
    raws: tuple[str, ...]


def reduce(
    sof: Sequence[SofEntry], arm: str, technique: str, trigger: str, recipe: str, afc: bool, step: float
) -> Reduced:
    """Reduce the frames tagged ``trigger`` of ``arm`` with ``technique`` (STARE, NOD, OFFSET)."""
    exposures = calibrated(sof, trigger, arm, recipe, at_least=2 if technique == cat.NOD else 1)
    exposures.sort(key=lambda e: float(e.header[kw.MJD_OBS]))
    flat = frames.read_image(frames.path_of(sof, cat.MASTER_FLAT_SLIT, arm, recipe))
    orders_tag, disp_tag = (
        (cat.ORDER_TAB_AFC_SLIT, cat.DISP_TAB_AFC) if afc else (cat.ORDER_TAB_EDGES_SLIT, cat.DISP_TAB)
    )
    orders = Orders.read(frames.path_of(sof, orders_tag, arm, recipe))
    disp = Dispersion.read(frames.path_of(sof, disp_tag, arm, recipe))
    safe = np.where(flat > 0, flat, 1.0)

    def fielded(e: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return np.where(flat > 0, e / safe, 0.0), np.where(flat > 0, v / safe**2, np.inf)

    parts: list[list[OrderSpectrum]] = []
    if technique == cat.NOD:
        if len(exposures) % 2:
            raise RecipeError(recipe, 1, f"nodding needs A-B pairs, got {len(exposures)} frames", "-")
        for a, b in zip(exposures[0::2], exposures[1::2], strict=True):
            d, v = fielded(a.electrons - b.electrons, a.variance + b.variance)
            pos, neg = (
                extract(d, v, orders, disp, sky=False),
                extract(d, v, orders, disp, sky=False, sign=-1.0),
            )
            parts.append(
                [_scaled(p, 0.5 / a.seconds, q, 0.5 / b.seconds) for p, q in zip(pos, neg, strict=True)]
            )
    elif technique == cat.OFFSET:
        skies = calibrated(sof, cat.of_arm(cat.SKY_SLIT, arm), arm, recipe)
        for e in exposures:
            d, v = fielded(e.electrons - skies[0].electrons, e.variance + skies[0].variance)
            parts.append([_scaled(p, 1.0 / e.seconds) for p in extract(d, v, orders, disp, sky=False)])
    else:
        for e in exposures:
            d, v = fielded(e.electrons, e.variance)
            parts.append([_scaled(p, 1.0 / e.seconds) for p in extract(d, v, orders, disp, sky=True)])
    lam, flux, var = merge(combine(parts), step)
    last = exposures[-1].header
    return Reduced(
        lam,
        flux,
        var,
        exposures[0].header,
        tuple(e.seconds for e in exposures),
        float(last[kw.MJD_OBS]) + float(last[kw.EXPTIME]) / 86400.0,
        tuple(e.path for e in exposures),
    )


def _scaled(p: OrderSpectrum, k: float, q: OrderSpectrum | None = None, kq: float = 0.0) -> OrderSpectrum:
    """``k`` p (+ ``kq`` q): exposure-time scaling, and the mean of a nod pair's two traces."""
    if q is None:
        return OrderSpectrum(p.lam, k * p.flux, k**2 * p.var)
    return OrderSpectrum(p.lam, k * p.flux + kq * q.flux, k**2 * p.var + kq**2 * q.var)


def write_spectrum(
    path, header: fits.Header, lam: np.ndarray, flux: np.ndarray, err: np.ndarray, unit: str
) -> str:  # type: ignore[no-untyped-def]
    """A merged 1D spectrum as xshoo writes it: flux in the primary HDU on a linear grid [nm]
    (CRVAL1/CDELT1), the 1-sigma errors in ERRS and a quality mask in QUAL (1 = no data)."""
    header = header.copy()
    header[kw.CRVAL1], header[kw.CRPIX1], header[kw.CDELT1] = float(lam[0]), 1.0, float(lam[1] - lam[0])
    header[kw.CTYPE1], header[kw.CUNIT1], header[kw.BUNIT] = "AWAV", "nm", unit
    bad = ~(np.isfinite(flux) & np.isfinite(err) & (err > 0))
    primary = fits.PrimaryHDU(np.where(bad, 0.0, flux).astype(np.float64), header)
    errs = fits.ImageHDU(np.where(bad, 0.0, err).astype(np.float64), name="ERRS")
    errs.header[kw.BUNIT] = unit
    qual = fits.ImageHDU(bad.astype(np.int32), name="QUAL")
    fits.HDUList([primary, errs, qual]).writeto(path, overwrite=True)
    return str(path)
