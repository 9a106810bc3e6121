"""Spectrum previews: a real PNG, its choice of zoom windows, and its link from the SDP header."""

from __future__ import annotations

import struct
from dataclasses import replace
from pathlib import Path

import numpy as np
from astropy.io import fits

from phoenix.naming import PREVIEW_CATEGORY, preview_name
from phoenix.report.previews import DPI, SIZE_INCHES, write_spectrum_preview
from phoenix.report.zoom import MAX_WINDOW, overview, zoom_windows
from phoenix.sdp import validate_product, write_spectrum_product
from phoenix.sdp.ancillary import md5_of
from phoenix.types import Spectrum1D
from tests.sdp.synthetic import make_product

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def long_spectrum(npix: int = 20000) -> Spectrum1D:
    wave = np.linspace(480.0, 680.0, npix)
    flux = 1000.0 + 100.0 * np.sin(wave / 20.0)
    flux[npix // 2 + 1234 : npix // 2 + 1240] -= 600.0  # an absorption line in the middle third
    flux[77] = np.nan
    return Spectrum1D(wave, flux, np.full(npix, 10.0), "adu", "red_science_redl.fits", "REDL")


def test_preview_is_a_png_of_the_declared_size(tmp_path: Path) -> None:
    path = write_spectrum_preview(long_spectrum(), tmp_path / "x.preview.png", "UVES REDL HD 148937")
    assert path == tmp_path / "x.preview.png"
    assert png_size(path) == (int(SIZE_INCHES[0] * DPI), int(SIZE_INCHES[1] * DPI))
    assert path.stat().st_size > 20_000, "a drawn figure, not an empty canvas"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_tiny_spectrum_still_gets_a_preview(tmp_path: Path) -> None:
    spectrum = make_product().spectrum  # 64 pixels, with a NaN flux and a zero error
    assert png_size(write_spectrum_preview(spectrum, tmp_path / "t.png", "tiny")) == (1100, 650)


def test_zoom_windows_are_full_resolution_pieces_that_hold_a_feature() -> None:
    flux = long_spectrum().flux
    windows = zoom_windows(flux, 3)
    assert len(windows) == 3
    assert all(stop - start == MAX_WINDOW for start, stop in windows)
    middle = windows[1]
    assert middle[0] <= 10000 + 1234 and middle[1] >= 10000 + 1240, "the window holds the line"
    assert zoom_windows(np.ones(40), 3) == [(0, 40)]


def test_overview_rebins_to_at_most_the_points_asked_for() -> None:
    spectrum = long_spectrum()
    x, y, factor = overview(np.asarray(spectrum.wave_nm), np.asarray(spectrum.flux), 2000)
    assert factor == 10 and len(x) == len(y) == 2000
    assert np.isfinite(y).all(), "a NaN pixel does not blank its bin"


def test_sdp_header_names_the_preview_with_its_md5_and_stays_valid(tmp_path: Path) -> None:
    product_path = tmp_path / "UVES.2015-08-17T01:20:17.879.BLUE.SPECTRUM.fits"
    preview = tmp_path / preview_name(product_path.name)
    base = make_product()
    write_spectrum_preview(base.spectrum, preview, product_path.stem)
    write_spectrum_product(replace(base, associated=((PREVIEW_CATEGORY, preview.name),)), product_path)
    header = fits.getheader(product_path)
    assert preview.name == "UVES.2015-08-17T01:20:17.879.BLUE.SPECTRUM.preview.png"
    assert header["ASSOC1"] == "ANCILLARY.PREVIEW"
    assert header["ASSON1"] == preview.name
    assert header["ASSOM1"] == md5_of(preview)
    assert validate_product(product_path) == []


def test_zoom_windows_are_centred_on_the_strongest_line() -> None:
    """A line must sit in the middle of its window, not at an edge (the window shows its wings)."""
    from phoenix.report.zoom import zoom_windows

    x = np.arange(9000, dtype=float)
    flux = 1000.0 + 0.05 * x  # a sloping continuum
    lines = (1234, 4567, 7000)
    for centre in lines:
        flux -= 600.0 * np.exp(-0.5 * ((x - centre) / 4.0) ** 2)
    windows = zoom_windows(flux, 3)
    for (start, stop), centre in zip(windows, lines, strict=True):
        assert abs((start + stop) / 2 - centre) <= 2, (start, stop, centre)
