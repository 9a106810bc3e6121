"""Files appear under their final name complete or not at all."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from astropy.io import fits

from instruments.uves.simulator import fitsio


def test_failed_write_leaves_neither_file_nor_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "UVES.2016-05-04T10:12:03.123.fits"
    hdul = fits.HDUList([fits.PrimaryHDU(np.zeros((4, 4), dtype=np.int16))])

    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        fitsio.write_hdul_atomic(hdul, target)
    assert list(tmp_path.iterdir()) == []


def test_u16_hdu_round_trips_unsigned_pixels(tmp_path: Path) -> None:
    pixels = np.array([[0, 1, 32767], [32768, 65534, 65535]], dtype=np.uint16)
    path = fitsio.write_hdul_atomic(
        fits.HDUList([fitsio.u16_image_hdu(pixels, fits.Header(), primary=True)]), tmp_path / "f.fits"
    )
    np.testing.assert_array_equal(fits.getdata(path), pixels)
    with pytest.raises(TypeError, match="uint16"):
        fitsio.u16_image_hdu(pixels.astype(float), fits.Header(), primary=True)
