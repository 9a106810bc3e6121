"""The SCIENCE.CUBE.IFS writer and gate on a small synthetic cube with a known point source."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from astropy.io import fits

from phoenix.errors import ValidationError
from phoenix.sdp import validate_product
from phoenix.sdp.cube import CubeProduct, write_cube_product
from phoenix.sdp.cubemeasure import FWHM_PER_SIGMA, measure_cube
from phoenix.sdp.cubevalidate import EXTENSION_MANDATORY, NOT_ALLOWED, PRIMARY_MANDATORY
from phoenix.types import Cube

TABLE7 = Path(__file__).resolve().parents[1] / "fixtures" / "muse_cube_table7.json"
REFERENCE_CSV = (
    Path(__file__).resolve().parents[3]
    / "shared/reference/rules/phase3_sdp_standard/p3sdpstd_v6_table7_header_keywords.csv"
)
SIGMA, X0, Y0, FLUX, SKY, NOISE = 1.8, 20.3, 12.6, 5000.0, 10.0, 0.5
SPAXEL_DEG = 0.2 / 3600.0
UNIT = "10**(-20)*erg/s/cm**2/Angstrom"


def synthetic_cube(seed: int = 1) -> Cube:
    rng = np.random.default_rng(seed)
    nl, ny, nx = 40, 25, 41
    yy, xx = np.mgrid[0:ny, 0:nx]
    source = FLUX / (2 * math.pi * SIGMA**2) * np.exp(-((xx - X0) ** 2 + (yy - Y0) ** 2) / (2 * SIGMA**2))
    data = (SKY + source)[None] + rng.normal(0.0, NOISE, (nl, ny, nx))
    wcs = {
        "CTYPE1": "RA---TAN",
        "CTYPE2": "DEC--TAN",
        "CUNIT1": "deg",
        "CUNIT2": "deg",
        "CRVAL1": 150.0,
        "CRVAL2": -30.0,
        "CRPIX1": 21.0,
        "CRPIX2": 13.0,
        "CD1_1": -SPAXEL_DEG,
        "CD1_2": 0.0,
        "CD2_1": 0.0,
        "CD2_2": SPAXEL_DEG,
        "RADESYS": "FK5",
    }
    stat = np.full(data.shape, NOISE**2)
    return Cube(data, stat, wcs, 480.0, 0.125, UNIT, "synthetic.fits", "CUBE", {"OBJECT": "SYNTH"})


def raw_headers(n: int = 2) -> tuple[dict, ...]:
    return tuple(
        {
            "TELESCOP": "ESO-VLT-U4",
            "INSTRUME": "MUSE",
            "OBJECT": "SYNTH",
            "DATE-OBS": f"2026-01-10T22:0{i}:00.000",
            "MJD-OBS": 61050.9 + i * 0.01,
            "EXPTIME": 600.0,
            "ESO OBS ID": 1001,
            "ESO OBS PROG ID": "60.A-9100(A)",
        }
        for i in range(n)
    )


CARDS = {"OBSTECH": "IFU", "PROCSOFT": "muse/2.8.7", "SPECSYS": "TOPOCENT", "SPEC_RES": 3000.0}


def write(tmp_path: Path, cube: Cube | None = None, cards: dict | None = None) -> tuple[Path, Path]:
    product = CubeProduct(
        cube=cube or synthetic_cube(),
        raw_headers=raw_headers(),
        provenance=("MUSE.A.fits", "MUSE.B.fits"),
        instrument_cards=CARDS if cards is None else cards,
        whitelight_name="cube.WHITELIGHT.fits",
    )
    return write_cube_product(product, tmp_path / "cube.fits", tmp_path / "cube.WHITELIGHT.fits")


def test_cube_and_white_light_are_valid_and_share_the_grid(tmp_path: Path) -> None:
    cube_path, light_path = write(tmp_path)
    assert validate_product(cube_path) == [] and validate_product(light_path) == []
    with fits.open(cube_path) as hdus, fits.open(light_path) as light:
        assert [h.name for h in hdus] == ["PRIMARY", "DATA", "STAT"]
        assert hdus["DATA"].header["ERRDATA"] == "STAT" and hdus["STAT"].header["SCIDATA"] == "DATA"
        assert hdus[0].header["ASSON1"] == light_path.name and hdus[0].header["NCOMBINE"] == 2
        assert light[1].data.shape == hdus["DATA"].data.shape[1:]
        assert hdus[0].header["WAVELMAX"] == pytest.approx(480.0 + 39 * 0.125)


def test_measured_cards_match_the_injected_source(tmp_path: Path) -> None:
    cube_path, _ = write(tmp_path)
    header = fits.getheader(cube_path)
    assert header["SKY_RES"] == pytest.approx(FWHM_PER_SIGMA * SIGMA * 0.2, rel=0.05)
    assert header["PIXNOISE"] == pytest.approx(NOISE, rel=1e-6)
    measured = measure_cube(synthetic_cube()).source
    assert measured is not None
    assert abs(measured.x - X0) < 0.05 and abs(measured.y - Y0) < 0.05
    assert measured.flux == pytest.approx(FLUX, rel=0.02)
    # 5 sigma in an aperture of diameter 2 x FWHM, white-light noise NOISE / sqrt(40) per spaxel
    n_spaxels = math.pi * (header["SKY_RES"] / 0.2) ** 2
    f_lambda = 5 * NOISE / math.sqrt(40) * math.sqrt(n_spaxels) * 1e-20
    f_nu = f_lambda * (10 * (480.0 + 19.5 * 0.125)) ** 2 / 2.99792458e18
    assert header["ABMAGLIM"] == pytest.approx(-2.5 * math.log10(f_nu) - 48.6, abs=0.01)


def test_missing_plugin_cards_and_unmeasurable_resolution_are_refused(tmp_path: Path) -> None:
    flat = synthetic_cube()
    flat = Cube(np.full(flat.data.shape, SKY), flat.stat, flat.celestial_wcs, 480.0, 0.125, UNIT, "f.fits")
    with pytest.raises(ValidationError) as err:
        write(tmp_path, flat, {"OBSTECH": "IFU"})
    text = str(err.value)
    assert "SKY_RES" in text and "SPEC_RES" in text and not (tmp_path / "cube.fits").exists()


def test_gate_catches_a_lost_or_foreign_white_light(tmp_path: Path) -> None:
    cube_path, light_path = write(tmp_path)
    light_path.unlink()
    assert any(p.keyword == "ASSON1" and "not found" in p.message for p in validate_product(cube_path))
    other = tmp_path / "other"
    other.mkdir()
    moved, _ = write(other)
    with fits.open(other / "cube.WHITELIGHT.fits", mode="update") as hdus:
        hdus[1].header["CRPIX1"] = 5.0
        hdus[1].add_checksum()
    assert any("spatial grid" in p.message for p in validate_product(moved))


def test_gate_catches_edited_spectral_range_and_broken_checksum(tmp_path: Path) -> None:
    cube_path, _ = write(tmp_path)
    raw = cube_path.read_bytes()
    start = raw.index(b"WAVELMIN=")
    card = fits.Card("WAVELMIN", 470.0).image.encode()
    cube_path.write_bytes(raw[:start] + card + raw[start + 80 :])  # an edit that bypasses astropy
    keywords = {p.keyword for p in validate_product(cube_path)}
    assert {"WAVELMIN", "CHECKSUM"} <= keywords


def test_gate_lists_follow_table_7_for_cubes() -> None:
    rows = json.loads(TABLE7.read_text())["rows"]
    mandatory = {r["keyword"] for r in rows if r["status"].split()[0] in ("M", "Meso")}
    primary = {k.rstrip("1") if k in ("OBID1", "PROV1", "ASSON1") else k for k in PRIMARY_MANDATORY}
    spelled = {"OBIDi": "OBID", "PROVi PROVXTN": "PROV", "ASSONi": "ASSON", "RA DEC": "RA"}
    spelled |= {"TELESCOP TELESCi": "TELESCOP", "INSTRUME INSTRi": "INSTRUME", "PROG_ID PROGIDi": "PROG_ID"}
    assert {spelled.get(k.strip('"'), k.strip('"')) for k in mandatory} <= primary
    extension = {r["keyword"] for r in rows if r["status"] == "Mext"}
    assert {"HDUCLASS", "HDUDOC", "HDUVERS"} <= extension <= {
        "CRVALi", "CRPIXi", "CTYPEi", "CUNITi", "CDi_j", "HDUCLASS", "HDUCLASi", "HDUDOC", "HDUVERS"
    }  # fmt: skip
    assert {"CRVAL3", "CD3_3", "HDUCLAS1", "HDUCLAS2"} <= set(EXTENSION_MANDATORY)
    not_allowed = {r["keyword"] for r in rows if r["status"] in ("NotAlw", "Reserved")}
    assert {"SPEC_BIN", "RA_ERR", "DEC_ERR", "ARCFILE", "ORIGFILE", "P3ORIG"} <= not_allowed
    assert set(NOT_ALLOWED) <= not_allowed


@pytest.mark.reference
def test_table_7_fixture_is_the_reference_column() -> None:
    if not REFERENCE_CSV.is_file():
        pytest.skip(f"reference folder absent: {REFERENCE_CSV}")
    import csv

    rows = list(csv.reader(REFERENCE_CSV.open(encoding="utf-8-sig"), delimiter=";"))
    column = rows[0].index("SCIENCE.CUBE.IFS")
    expected = [(int(r[0]), r[1], r[column]) for r in rows[1:] if r[column] not in ("N/A", "None", "")]
    fixture = [(r["row"], r["keyword"], r["status"]) for r in json.loads(TABLE7.read_text())["rows"]]
    assert fixture == expected
