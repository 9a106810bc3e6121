"""The SCIENCE.SPECTRUM writer: valid output, values computed from the data, refusals, atomicity."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from astropy.io import fits

from phoenix.errors import ValidationError
from phoenix.sdp import validate_product, write_spectrum_product
from phoenix.types import Spectrum1D
from tests.sdp.synthetic import ARCFILE, arrays, make_product, raw_header

SECONDS_PER_DAY = 86400.0


def test_written_product_passes_the_gate(written: Path) -> None:
    assert validate_product(written) == []


def _calibrated_combined(tmp_path: Path) -> Path:
    (tmp_path / "preview.png").write_bytes(b"\x89PNG")
    product = make_product(
        flux_calibrated=True,
        spectrum=Spectrum1D(*arrays(), "erg.s**(-1).cm**(-2).angstrom**(-1)", "fluxed.fits"),
        provenance=(ARCFILE, "UVES.2015-08-17T01:24:00.000.fits"),
        cards={"TEXPTIME": 280.0, "MJD-END": 57251.0595, "FLUXERR": (7.5, "Flux calibration error")},
        associated=(("ANCILLARY.PREVIEW", "preview.png"),),
        extra_primary={"ESO QC ORD1 SNR": (48.2, "QC S/N of order 1"), "ESO PRO REC1 PIPE ID": "uves/6.1.8"},
    )
    return write_spectrum_product(product, tmp_path / "calibrated.fits")


@pytest.mark.skipif(shutil.which("fitsverify") is None, reason="fitsverify (HEASARC) is not on PATH")
@pytest.mark.parametrize("variant", ["uncalibrated", "calibrated_combined"])
def test_fitsverify_finds_no_error(written: Path, tmp_path: Path, variant: str) -> None:
    path = written if variant == "uncalibrated" else _calibrated_combined(tmp_path)
    assert validate_product(path) == []
    result = subprocess.run(
        ["fitsverify", "-q", "-e", str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "verification OK" in result.stdout


def test_structure_and_columns(written: Path) -> None:
    with fits.open(written) as hdus:
        assert [type(h) for h in hdus] == [fits.PrimaryHDU, fits.BinTableHDU]
        assert hdus[0].header["NAXIS"] == 0
        table = hdus["SPECTRUM"]
        assert table.columns.names == ["WAVE", "FLUX", "ERR", "QUAL", "SNR"]
        assert len(table.data) == 1
        h = table.header
        assert [h[f"TUNIT{i}"] for i in range(1, 6)] == ["nm", "adu", "adu", "", ""]
        row = table.data[0]
        good = row["QUAL"] == 0
        assert np.allclose(row["SNR"][good], row["FLUX"][good] / row["ERR"][good])
        assert not np.any(row["SNR"][~good]) and np.any(~good)
        assert h["TUCD5"] == "stat.snr"
        assert h["TUTYP1"] == "spec:Data.SpectralAxis.Value"
        assert h["TUTYP2"] == "spec:Data.FluxAxis.Value"
        assert h["TUTYP3"] == "spec:Data.FluxAxis.Accuracy.StatError"
        assert h["TUTYP4"] == "spec:Data.FluxAxis.Accuracy.QualityStatus"
        assert "stat.uncalib" in h["TUCD2"]  # not flux calibrated
        assert (h["VOCLASS"], h["VOPUB"]) == ("SPECTRUM v2.0", "ESO/SAF")
        for hdu in hdus:
            assert hdu.verify_checksum() == 1
            assert hdu.verify_datasum() == 1


def test_values_are_computed_from_the_arrays(written: Path) -> None:
    wave, flux, error = arrays()
    good = np.isfinite(flux) & (error > 0)
    raw = raw_header()
    mjd_end = raw["MJD-OBS"] + raw["EXPTIME"] / SECONDS_PER_DAY
    with fits.open(written) as hdus:
        p, x, row = hdus[0].header, hdus[1].header, hdus[1].data[0]
        assert p["WAVELMIN"] == pytest.approx(wave.min(), rel=1e-12)
        assert p["WAVELMAX"] == pytest.approx(wave.max(), rel=1e-12)
        assert p["SPEC_BIN"] == pytest.approx(np.mean(np.diff(wave)), rel=1e-12)
        assert p["SNR"] == pytest.approx(np.median(flux[good] / error[good]), rel=1e-12)
        assert p["MJD-END"] == pytest.approx(mjd_end, abs=1e-9)
        assert x["TELAPSE"] == pytest.approx(raw["EXPTIME"], abs=1e-4)
        assert x["TMID"] == pytest.approx((raw["MJD-OBS"] + mjd_end) / 2, abs=1e-9)
        assert x["SPEC_VAL"] == pytest.approx((wave.min() + wave.max()) / 2, rel=1e-12)
        assert x["SPEC_BW"] == pytest.approx(wave.max() - wave.min(), rel=1e-12)
        assert (x["TDMIN1"], x["TDMAX1"]) == pytest.approx((wave.min(), wave.max()), rel=1e-12)
        assert x["NELEM"] == wave.size
        np.testing.assert_array_equal(row["WAVE"], wave)
        np.testing.assert_array_equal(row["QUAL"], np.where(good, 0, 1))
        assert row["QUAL"][[7, 11]].tolist() == [1, 1]


def test_primary_cards_follow_the_inputs(written: Path) -> None:
    with fits.open(written) as hdus:
        p, x = hdus[0].header, hdus[1].header
    assert (p["PRODCATG"], p["ORIGIN"], p["TELESCOP"], p["INSTRUME"]) == (
        "SCIENCE.SPECTRUM",
        "ESO",
        "ESO-VLT-U2",
        "UVES",
    )
    assert (p["PROG_ID"], p["OBID1"], p["PROV1"], p["NCOMBINE"]) == ("194.C-0833(D)", 1181542, ARCFILE, 1)
    assert (p["RADESYS"], p["EQUINOX"]) == ("FK5", 2000.0)
    assert (p["FLUXCAL"], p["FLUXERR"]) == ("UNCALIBRATED", -1.0)
    assert (p["SPEC_RES"], p["SPECSYS"], p["LAMNLIN"]) == (40970.0, "TOPOCENT", 1043)
    assert p["REFERENC"] == ""
    assert (p["SINGLEXP"], p["M_EPOCH"], p["TOT_FLUX"], p["CONTNORM"]) == (True, False, False, False)
    assert "EXT_OBJ" not in p and "ARCFILE" not in p
    assert "APERTURE" not in p and x["APERTURE"] == pytest.approx(1.0 / 3600)
    assert (x["OBJECT"], x["RA"], x["DEC"]) == (p["OBJECT"], p["RA"], p["DEC"])


def test_flux_calibrated_product(tmp_path: Path) -> None:
    product = make_product(flux_calibrated=True, cards={"FLUXERR": 8.5, "TOT_FLUX": True})
    path = write_spectrum_product(product, tmp_path / "cal.fits")
    header = fits.getheader(path)
    assert (header["FLUXCAL"], header["FLUXERR"], header["TOT_FLUX"]) == ("ABSOLUTE", 8.5, True)
    assert "stat.uncalib" not in fits.getheader(path, 1)["TUCD2"]
    undetermined = write_spectrum_product(make_product(flux_calibrated=True), tmp_path / "cal2.fits")
    assert fits.getheader(undetermined)["FLUXERR"] == -2.0  # note 39: cannot be determined


def test_combined_frames_and_ancillary_files(tmp_path: Path) -> None:
    preview = tmp_path / "preview.png"
    preview.write_bytes(b"\x89PNG not really")
    frames = (ARCFILE, "UVES.2015-08-17T01:23:00.000.fits", "UVES.2015-08-17T01:26:00.000.fits")
    product = make_product(
        provenance=frames,
        cards={"TEXPTIME": 420.0, "MJD-END": 57251.0625},
        associated=(("ANCILLARY.PREVIEW", str(preview)), ("ANCILLARY.SPECTRUM", "order_by_order.fits")),
    )
    path = write_spectrum_product(product, tmp_path / "combined.fits")
    header = fits.getheader(path)
    assert [header[f"PROV{i}"] for i in (1, 2, 3)] == list(frames)
    assert (header["NCOMBINE"], header["SINGLEXP"]) == (3, False)
    assert (header["TEXPTIME"], header["EXPTIME"], header["MJD-END"]) == (420.0, 420.0, 57251.0625)
    assert fits.getheader(path, 1)["TELAPSE"] == pytest.approx(
        (57251.0625 - 57251.055762489) * SECONDS_PER_DAY
    )
    assert (header["ASSOC1"], header["ASSON1"]) == ("ANCILLARY.PREVIEW", "preview.png")
    assert header["ASSOM1"] == hashlib.md5(preview.read_bytes()).hexdigest()
    assert (header["ASSOC2"], header["ASSON2"], "ASSOM2" in header) == (
        "ANCILLARY.SPECTRUM",
        "order_by_order.fits",
        False,
    )


def test_raw_header_may_be_an_astropy_header_with_mjd_end(tmp_path: Path) -> None:
    header = fits.Header()
    for key, value in raw_header().items():
        header[f"HIERARCH {key}" if " " in key else key] = value
    header["MJD-END"] = 57251.0575
    header["COMMENT"] = "raw frames carry commentary cards"
    path = write_spectrum_product(make_product(raw_header=header), tmp_path / "hdr.fits")
    assert fits.getheader(path)["MJD-END"] == 57251.0575
    assert fits.getheader(path)["OBID1"] == 1181542


def test_plugin_may_override_the_target_of_a_fibre(tmp_path: Path) -> None:
    product = make_product(cards={"OBJECT": "NGC 6231 star 12", "RA": 253.5, "DEC": -41.8})
    path = write_spectrum_product(product, tmp_path / "fibre.fits")
    for hdu in (0, 1):
        header = fits.getheader(path, hdu)
        assert (header["OBJECT"], header["RA"], header["DEC"]) == ("NGC 6231 star 12", 253.5, -41.8)
    assert fits.getheader(path, 1)["TITLE"].startswith("NGC 6231 star 12 UVES")


def test_extra_cards_are_copied(tmp_path: Path) -> None:
    product = make_product(extra_primary={"ESO QC ORD1 SNR": (48.2, "QC S/N of order 1")})
    header = fits.getheader(write_spectrum_product(product, tmp_path / "qc.fits"))
    assert header["ESO QC ORD1 SNR"] == 48.2


REFUSALS = [
    ("engine card", {"cards": {"WAVELMIN": 1.0}}, "WAVELMIN"),
    ("engine snr", {"cards": {"SNR": 99.0}}, "SNR"),
    ("engine series", {"cards": {"PROV2": "UVES.x.fits"}}, "PROV2"),
    ("engine ncombine", {"cards": {"NCOMBINE": 2}}, "NCOMBINE"),
    ("note 38", {"cards": {"EXT_OBJ": False}}, "EXT_OBJ"),
    ("not allowed", {"cards": {"BUNIT": "adu"}}, "BUNIT"),
    ("archive reserved", {"cards": {"ARCFILE": "x.fits"}}, "ARCFILE"),
    ("missing spec_res", {"drop_cards": ("SPEC_RES",)}, "SPEC_RES"),
    ("missing aperture", {"drop_cards": ("APERTURE",)}, "APERTURE"),
    ("fluxerr uncalibrated", {"cards": {"FLUXERR": 5.0}}, "FLUXERR"),
    ("no provenance", {"provenance": ()}, "PROV1"),
    ("combined needs times", {"provenance": (ARCFILE, "UVES.b.fits")}, "TEXPTIME"),
    ("raw without mjd", {"drop_raw": ("MJD-OBS",)}, "MJD-OBS"),
    ("raw without radesys", {"drop_raw": ("RADECSYS",)}, "RADESYS"),
    ("raw ra is text", {"raw": {"RA": "16:33:52.4"}}, "RA"),
    ("raw obs id missing", {"drop_raw": ("ESO OBS ID",)}, "ESO OBS ID"),
    ("end before start", {"cards": {"MJD-END": 57251.0}}, "MJD-END"),
    ("extra collides", {"extra_primary": {"SPEC_ERR": 0.1}}, "SPEC_ERR"),
    ("missing non-fits file", {"associated": (("ANCILLARY.PREVIEW", "absent.png"),)}, "ASSOM1"),
    ("gate: bad specsys", {"cards": {"SPECSYS": "NOWHERE"}}, "SPECSYS"),
    ("gate: equinox", {"raw": {"EQUINOX": 1950.0}}, "EQUINOX"),
    ("not ascii", {"raw": {"OBJECT": "Ω Cen"}}, "OBJECT"),
]


@pytest.mark.parametrize(("changes", "keyword"), [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS])
def test_writer_refuses_and_leaves_nothing(tmp_path: Path, changes: dict, keyword: str) -> None:
    target = tmp_path / "refused.fits"
    with pytest.raises(ValidationError) as caught:
        write_spectrum_product(make_product(**changes), target)
    assert caught.value.filename == str(target)
    assert any(keyword in message for message in caught.value.problems), caught.value.problems
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("wave", "message"),
    [(np.linspace(360.0, 330.0, 8), "increase"), (np.r_[330.0, np.nan, *np.linspace(331, 336, 6)], "finite")],
)
def test_writer_refuses_bad_wavelengths(tmp_path: Path, wave: np.ndarray, message: str) -> None:
    spectrum = Spectrum1D(wave, np.ones(wave.size), np.ones(wave.size), "adu", "bad.fits")
    with pytest.raises(ValidationError, match=message):
        write_spectrum_product(make_product(spectrum=spectrum), tmp_path / "bad.fits")


def test_writer_refuses_a_spectrum_without_valid_pixel(tmp_path: Path) -> None:
    wave = np.linspace(330.0, 336.0, 8)
    spectrum = Spectrum1D(wave, np.full(8, np.nan), np.ones(8), "adu", "empty.fits")
    with pytest.raises(ValidationError, match="SNR is undefined"):
        write_spectrum_product(make_product(spectrum=spectrum), tmp_path / "empty.fits")


def test_failed_write_keeps_the_previous_file(written: Path) -> None:
    before = written.read_bytes()
    with pytest.raises(ValidationError):
        write_spectrum_product(make_product(drop_cards=("SPECSYS",)), written)
    assert written.read_bytes() == before
    assert sorted(p.name for p in written.parent.iterdir()) == [written.name]


def test_rewrite_replaces_the_file(written: Path) -> None:
    write_spectrum_product(make_product(cards={"SPEC_RES": 107200.0}), written)
    assert fits.getheader(written)["SPEC_RES"] == 107200.0
    assert sorted(p.name for p in written.parent.iterdir()) == [written.name]
