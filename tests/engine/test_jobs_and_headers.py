from pathlib import Path

import numpy as np
import pytest
from astropy.io import fits

from phoenix.errors import FrameError
from phoenix.headers import read_primary_header
from phoenix.jobs import job_identity

BASE = dict(
    instrument="uves",
    plugin_version="1",
    pipeline_version="uves-6.1.8",
    recipe="uves_cal_mbias",
    parameters={"a": 1},
    inputs=[("BIAS_BLUE", "c1"), ("BIAS_BLUE", "c2")],
)


def test_identity_ignores_input_order_but_not_content() -> None:
    same = dict(BASE, inputs=[("BIAS_BLUE", "c2"), ("BIAS_BLUE", "c1")])
    assert job_identity(**BASE) == job_identity(**same)
    for change in (
        {"plugin_version": "2"},
        {"pipeline_version": "uves-6.1.9"},
        {"recipe": "x"},
        {"parameters": {"a": 2}},
        {"inputs": [("BIAS_BLUE", "c1"), ("BIAS_BLUE", "c3")]},
    ):
        assert job_identity(**BASE) != job_identity(**dict(BASE, **change)), change


def _image(path: Path) -> Path:
    hdu = fits.PrimaryHDU(np.zeros((200, 300), dtype=np.int16))
    hdu.header["HIERARCH ESO DPR CATG"] = "CALIB"
    hdu.writeto(path)
    return path


def test_complete_header_reads(tmp_path: Path) -> None:
    assert read_primary_header(_image(tmp_path / "ok.fits"))["ESO DPR CATG"] == "CALIB"


@pytest.mark.parametrize("cut", [2880 * 3, 2880 * 3 + 17, 100])
def test_truncated_file_is_reported_by_name(tmp_path: Path, cut: int) -> None:
    good = _image(tmp_path / "ok.fits")
    bad = tmp_path / "UVES.2016-05-04T10:00:00.000.fits"
    bad.write_bytes(good.read_bytes()[:cut])
    with pytest.raises(FrameError, match=r"truncated|unreadable") as info:
        read_primary_header(bad)
    assert info.value.filename == bad.name
