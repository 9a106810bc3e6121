"""Tiny synthetic SDP inputs: a realistic UVES raw header, plugin cards and a 64-pixel spectrum."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

from phoenix.sdp import SpectrumProduct
from phoenix.types import Spectrum1D

NPIX = 64
ARCFILE = "UVES.2015-08-17T01:20:17.879.fits"


def raw_header() -> dict[str, Any]:
    """The observation cards of a real UVES science frame (EDIBLES, HD 148937)."""
    return {
        "TELESCOP": "ESO-VLT-U2",
        "INSTRUME": "UVES",
        "OBJECT": "HD 148937",
        "RA": 248.468558,
        "DEC": -48.11198,
        "EQUINOX": 2000.0,
        "RADECSYS": "FK5",
        "DATE-OBS": "2015-08-17T01:20:17.879",
        "MJD-OBS": 57251.055762489,
        "EXPTIME": 140.0019,
        "ARCFILE": ARCFILE,
        "ESO OBS ID": 1181542,
        "ESO OBS PROG ID": "194.C-0833(D)",
    }


def instrument_cards() -> dict[str, Any]:
    """What a UVES plugin would say about a 1.0 arcsec slit, blue arm, 346 nm setting."""
    return {
        "SPEC_RES": (40970.0, "Spectral resolving power"),
        "SPECSYS": "TOPOCENT",
        "OBSTECH": "ECHELLE,SLIT",
        "PROCSOFT": "uves/6.1.8",
        "APERTURE": 1.0 / 3600,
        "DISPELEM": "CD#2",
        "LAMNLIN": 1043,
        "LAMRMS": 0.00052,
        "SPEC_ERR": 0.0003,
        "SPEC_SYE": 0.0001,
    }


def arrays(npix: int = NPIX) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A log-spaced grid (so bins differ), a flux with one NaN and an error with one zero."""
    rng = np.random.default_rng(148937)
    wave = np.geomspace(330.0, 360.0, npix)
    flux = 500.0 + 40.0 * np.sin(wave) + rng.normal(0.0, 5.0, npix)
    error = 5.0 + rng.uniform(0.0, 2.0, npix)
    flux[7] = np.nan
    error[11] = 0.0
    return wave, flux, error


def make_product(**changes: Any) -> SpectrumProduct:
    """A valid product; ``changes`` replace fields (``raw``/``cards`` update the mappings)."""
    wave, flux, error = arrays()
    raw = {**raw_header(), **changes.pop("raw", {})}
    cards = {**instrument_cards(), **changes.pop("cards", {})}
    for key in changes.pop("drop_raw", ()):
        raw.pop(key)
    for key in changes.pop("drop_cards", ()):
        cards.pop(key)
    product = SpectrumProduct(
        spectrum=Spectrum1D(wave, flux, error, "adu", "red_science_blue.fits"),
        raw_header=raw,
        provenance=(ARCFILE,),
        instrument_cards=cards,
    )
    return replace(product, **changes)
