"""The ingestion gate: each rule catches a deliberately broken copy of a valid product."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from astropy.io import fits

from phoenix.errors import ValidationError
from phoenix.sdp import Problem, check_product, validate_product
from phoenix.sdp.standard import SPECTRUM_RULES

Mutation = Callable[[fits.HDUList], None]


def broken(valid: Path, mutate: Mutation, *, checksum: bool = True) -> Path:
    """A copy of ``valid`` changed by ``mutate`` and rewritten (with fresh checksums by default)."""
    target = valid.with_name("broken.fits")
    with fits.open(valid) as hdus:
        hdus.readall()
        mutate(hdus)
        hdus.writeto(target, checksum=checksum, overwrite=True)
    return target


def found(problems: list[Problem], keyword: str, hdu: int) -> bool:
    return any(p.keyword == keyword and p.hdu == hdu for p in problems)


def test_valid_product_has_no_problem(written: Path) -> None:
    assert validate_product(written) == []
    check_product(written)  # does not raise


def _mandatory_cards() -> list[tuple[str, int]]:
    cards = []
    for rule in SPECTRUM_RULES:
        name = rule.names[0]
        real = f"{name[:-1]}1" if name.endswith("i") else name
        if rule.in_primary:
            cards.append((real, 0))
        if rule.in_extension and not rule.per_column:
            cards.append((real, 1))
    return [c for c in cards if c[0] not in ("CHECKSUM", "DATASUM", "TFIELDS")]


@pytest.mark.parametrize(("keyword", "hdu"), _mandatory_cards(), ids=lambda v: str(v))
def test_missing_mandatory_keyword(written: Path, keyword: str, hdu: int) -> None:
    def drop(hdus: fits.HDUList) -> None:
        del hdus[hdu].header[keyword]

    problems = validate_product(broken(written, drop))
    assert found(problems, keyword, hdu), problems
    assert any("mandatory" in p.message for p in problems if p.keyword == keyword)


@pytest.mark.parametrize("keyword", ["TUCD2", "TUTYP3", "TUNIT4", "TCOMM1"])
def test_missing_column_description(written: Path, keyword: str) -> None:
    def drop(hdus: fits.HDUList) -> None:
        del hdus[1].header[keyword]

    problems = validate_product(broken(written, drop))
    if keyword == "TCOMM1":  # optional (Table 7: Oext)
        assert problems == []
    else:
        assert found(problems, keyword, 1), problems


def _set(hdu: int, **cards: object) -> Mutation:
    def mutate(hdus: fits.HDUList) -> None:
        for key, value in cards.items():
            hdus[hdu].header[key.replace("_DASH_", "-")] = value

    return mutate


def _swap_wavel(hdus: fits.HDUList) -> None:
    h = hdus[0].header
    h["WAVELMIN"], h["WAVELMAX"] = h["WAVELMAX"], h["WAVELMIN"]


def _shift(hdu: int, key: str, delta: float) -> Mutation:
    def mutate(hdus: fits.HDUList) -> None:
        hdus[hdu].header[key] = hdus[hdu].header[key] + delta

    return mutate


def _scale(hdu: int, key: str, factor: float) -> Mutation:
    def mutate(hdus: fits.HDUList) -> None:
        hdus[hdu].header[key] = hdus[hdu].header[key] * factor

    return mutate


def _drop(hdu: int, *keys: str) -> Mutation:
    def mutate(hdus: fits.HDUList) -> None:
        for key in keys:
            del hdus[hdu].header[key]

    return mutate


def _add_prov(hdus: fits.HDUList) -> None:
    hdus[0].header["PROV3"] = "UVES.2015-08-17T01:30:00.000.fits"
    hdus[0].header["NCOMBINE"] = 2


def _reverse_wave(hdus: fits.HDUList) -> None:
    hdus[1].data["WAVE"][0] = hdus[1].data["WAVE"][0][::-1]


BREAKS: list[tuple[str, Mutation, str, int]] = [
    ("prodcatg", _set(0, PRODCATG="SCIENCE.IMAGE"), "PRODCATG", 0),
    ("origin", _set(0, ORIGIN="PHOENIX"), "ORIGIN", 0),
    ("ra range", _set(0, RA=400.0), "RA", 0),
    ("dec range", _set(0, DEC=-95.0), "DEC", 0),
    ("ra ext differs", _set(1, RA=1.0), "RA", 1),
    ("object ext differs", _set(1, OBJECT="other"), "OBJECT", 1),
    ("radesys value", _set(0, RADESYS="GAPPT"), "RADESYS", 0),
    ("note 33 fk5 equinox", _set(0, EQUINOX=1950.0), "EQUINOX", 0),
    ("note 33 fk5 no equinox", _drop(0, "EQUINOX"), "EQUINOX", 0),
    ("note 33 icrs equinox", _set(0, RADESYS="ICRS", EQUINOX=1950.0), "EQUINOX", 0),
    ("mjd-end before start", _shift(0, "MJD-END", -1.0), "MJD-END", 0),
    ("telapse", _shift(1, "TELAPSE", 10.0), "TELAPSE", 1),
    ("tmid", _shift(1, "TMID", 0.01), "TMID", 1),
    ("exptime", _set(0, EXPTIME=0.0), "EXPTIME", 0),
    ("texptime", _set(0, TEXPTIME=1.0), "TEXPTIME", 0),
    ("swap wavelmin/max", _swap_wavel, "WAVELMIN", 0),
    ("wavelmin vs column", _shift(0, "WAVELMIN", 1.0), "WAVELMIN", 0),
    ("wavelmax vs column", _shift(0, "WAVELMAX", -0.5), "WAVELMAX", 0),
    ("tdmin1", _shift(1, "TDMIN1", -0.1), "TDMIN1", 1),
    ("tdmax1", _shift(1, "TDMAX1", 0.1), "TDMAX1", 1),
    ("tdmin1 absent (note 59)", _drop(1, "TDMIN1"), "TDMIN1", 1),
    ("spec_bin", _scale(0, "SPEC_BIN", 3.0), "SPEC_BIN", 0),
    ("spec_val", _shift(1, "SPEC_VAL", 1.0), "SPEC_VAL", 1),
    ("spec_bw", _shift(1, "SPEC_BW", 1.0), "SPEC_BW", 1),
    ("nelem", _shift(1, "NELEM", 1), "NELEM", 1),
    ("snr", _scale(0, "SNR", 1.5), "SNR", 0),
    ("spec_res", _set(0, SPEC_RES=-5.0), "SPEC_RES", 0),
    ("aperture", _set(1, APERTURE=0.0), "APERTURE", 1),
    ("specsys", _set(0, SPECSYS="NOWHERE"), "SPECSYS", 0),
    ("fluxcal value", _set(0, FLUXCAL="RELATIVE"), "FLUXCAL", 0),
    ("note 39 uncalibrated fluxerr", _set(0, FLUXERR=5.0), "FLUXERR", 0),
    ("note 39 absolute fluxerr", _set(0, FLUXCAL="ABSOLUTE", FLUXERR=-1.0), "FLUXERR", 0),
    ("contnorm needs uncalibrated", _set(0, FLUXCAL="ABSOLUTE", FLUXERR=5.0, CONTNORM=True), "CONTNORM", 0),
    ("tot_flux needs absolute", _set(0, TOT_FLUX=True), "TOT_FLUX", 0),
    ("note 38 ext_obj", _set(0, EXT_OBJ=False), "EXT_OBJ", 0),
    ("not allowed bunit", _set(1, BUNIT="adu"), "BUNIT", 1),
    ("not allowed cd1_1", _set(0, CD1_1=1.0), "CD1_1", 0),
    ("reserved arcfile", _set(0, ARCFILE="ADP.2020-01-01T00:00:00.000.fits"), "ARCFILE", 0),
    ("prov gap", _add_prov, "PROV2", 0),
    ("ncombine vs prov", _set(0, NCOMBINE=2), "NCOMBINE", 0),
    ("singlexp vs ncombine", _set(0, SINGLEXP=False), "SINGLEXP", 0),
    ("prov duplicated", _set(0, PROV2="UVES.2015-08-17T01:20:17.879.fits", NCOMBINE=2), "PROV1", 0),
    ("asson without assoc", _set(0, ASSON1="preview.fits"), "ASSOC1", 0),
    ("assoc without asson", _set(0, ASSOC1="ANCILLARY.PREVIEW"), "ASSON1", 0),
    ("note 27 assom", _set(0, ASSOC1="ANCILLARY.PREVIEW", ASSON1="preview.png"), "ASSOM1", 0),
    ("assom not md5", _set(0, ASSOC1="ANCILLARY.PREVIEW", ASSON1="p.png", ASSOM1="xyz"), "ASSOM1", 0),
    ("type snr text", _set(0, SNR="high"), "SNR", 0),
    ("type contnorm text", _set(0, CONTNORM="F"), "CONTNORM", 0),
    ("type obid float", _set(0, OBID1=1181542.0), "OBID1", 0),
    ("type nelem float", _set(1, NELEM=64.0), "NELEM", 1),
    ("voclass", _set(1, VOCLASS="SPECTRUM v1.0"), "VOCLASS", 1),
    ("vopub", _set(1, VOPUB="ESO"), "VOPUB", 1),
    ("extname reserved", _set(1, EXTNAME="PHASE3CATALOG"), "EXTNAME", 1),
    ("empty ucd", _set(1, TUCD3=""), "TUCD3", 1),
    ("spectral column utype", _set(1, TUTYP1="spec:Data.FluxAxis.Value"), "TUTYP1", 1),
    ("wave unit", _set(1, TUNIT1="adu"), "TUNIT1", 1),
    ("wave order", _reverse_wave, "WAVE", 1),
]


@pytest.mark.parametrize(("mutate", "keyword", "hdu"), [b[1:] for b in BREAKS], ids=[b[0] for b in BREAKS])
def test_rule_catches_broken_file(written: Path, mutate: Mutation, keyword: str, hdu: int) -> None:
    problems = validate_product(broken(written, mutate))
    assert found(problems, keyword, hdu), problems
    for problem in problems:
        assert problem.message and problem.keyword


def test_wavelengths_in_angstrom_are_understood(written: Path) -> None:
    def to_angstrom(hdus: fits.HDUList) -> None:
        hdus[1].data["WAVE"][0] = hdus[1].data["WAVE"][0] * 10.0
        hdus[1].columns["WAVE"].unit = "angstrom"  # astropy writes column units from the columns
        h = hdus[1].header
        h["TDMIN1"], h["TDMAX1"] = h["TDMIN1"] * 10.0, h["TDMAX1"] * 10.0

    assert validate_product(broken(written, to_angstrom)) == []


def test_message_says_what_was_expected(written: Path) -> None:
    problems = validate_product(broken(written, _set(0, FLUXERR=5.0)))
    (problem,) = [p for p in problems if p.keyword == "FLUXERR"]
    assert "-1" in problem.message and "UNCALIBRATED" in problem.message
    assert str(problem).startswith("HDU 0 FLUXERR:")


def _flip_byte(path: Path, offset: int) -> None:
    with path.open("r+b") as stream:
        stream.seek(offset)
        byte = stream.read(1)
        stream.seek(offset)
        stream.write(bytes([byte[0] ^ 0x01]))


def test_edited_data_breaks_datasum(written: Path) -> None:
    with fits.open(written) as hdus:
        data_start = hdus.fileinfo(1)["datLoc"]
    _flip_byte(written, data_start + 8 * 20 + 7)  # least significant byte of WAVE[20]
    problems = validate_product(written)
    assert found(problems, "DATASUM", 1) and found(problems, "CHECKSUM", 1), problems
    assert not found(problems, "DATASUM", 0)


def test_edited_header_breaks_checksum_only(written: Path) -> None:
    raw = written.read_bytes()
    offset = raw.index(b"Target designation")
    _flip_byte(written, offset)
    problems = validate_product(written)
    assert [(p.keyword, p.hdu) for p in problems] == [("CHECKSUM", 0)], problems


def test_missing_checksums_on_the_extension(written: Path) -> None:
    problems = validate_product(broken(written, _drop(1, "CHECKSUM", "DATASUM"), checksum=False))
    assert found(problems, "CHECKSUM", 1) and found(problems, "DATASUM", 1), problems


def test_not_a_fits_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.fits"
    path.write_text("not FITS at all")
    (problem,) = validate_product(path)
    assert problem.keyword == "FILE" and "FITS" in problem.message


@pytest.mark.parametrize("cut", [100, 2880])
def test_truncated_file(written: Path, cut: int) -> None:
    content = written.read_bytes()
    written.write_bytes(content[:-cut])
    problems = validate_product(written)
    assert found(problems, "FILE", 0), problems


def test_wrong_structure(written: Path) -> None:
    def add_image(hdus: fits.HDUList) -> None:
        hdus.append(fits.ImageHDU(np.zeros((2, 2)), name="EXTRA"))

    problems = validate_product(broken(written, add_image))
    assert found(problems, "FILE", 0), problems


def test_check_product_raises_with_file_and_keywords(written: Path) -> None:
    path = broken(written, _drop(0, "SPEC_RES"))
    with pytest.raises(ValidationError) as caught:
        check_product(path)
    assert caught.value.filename == str(path)
    assert any("SPEC_RES" in message and "mandatory" in message for message in caught.value.problems)
