"""Raw-frame headers: the keywords each recipe needs (NOTES.md 4.1), FITS rules and the plan's logic."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime

import numpy as np
import pytest
from astropy.io import fits

from instruments.uves import keywords as kw
from instruments.uves.simulator.orientation import raw_to_standard
from instruments.uves.simulator.setups import Orientation
from phoenix import NightSimulation
from tests.uves_sim.frames_util import chip_headers, frames_of, primary, readable
from tests.uves_sim.small_night import small_setups

# NOTES.md 4.1: the keywords without which each recipe aborts (blue names; red reads GRAT2/SLIT3/TEMP2)
ALL_RECIPES = [kw.ORIGIN, kw.MJD_OBS, kw.DET_WIN1_BINX, kw.DET_WIN1_BINY, kw.DET_READ_SPEED]
PER_CHIP = [kw.CTYPE1, kw.CTYPE2, kw.CRVAL1, kw.CRVAL2, kw.CRPIX1, kw.CRPIX2, kw.CDELT1, kw.CDELT2]
PER_CHIP += [kw.DET_OUT1_PRSCX, kw.DET_OUT1_OVSCX]
ARM = {
    "BLUE": dict(
        zip(("grat_id", "grat_name", "wlen", "wid", "len", "temp"), kw.ARM_KEYWORDS["BLUE"], strict=True)
    )
}
ARM["RED"] = dict(zip(ARM["BLUE"], kw.ARM_KEYWORDS["RED"], strict=True))
CHIP_ID = {"BLUE": [kw.DET_CHIP1_ID], "RED": [kw.DET_CHIP1_ID, kw.DET_CHIP2_ID]}
CHIP_NAME = {"BLUE": [kw.DET_CHIP1_NAME], "RED": [kw.DET_CHIP1_NAME, kw.DET_CHIP2_NAME]}


def required(recipe: str, arm: str) -> list[str]:
    """The NOTES.md 4.1 table, column ``recipe``."""
    a = ARM[arm]
    table = {
        "uves_cal_mbias": [kw.EXPTIME],
        "uves_cal_predict": [
            *CHIP_ID[arm],
            kw.DPR_TECH,
            kw.ORIGFILE,
            kw.TPL_START,
            a["grat_id"],
            a["wlen"],
            a["wid"],
            a["len"],
            a["temp"],
            kw.INS_SENS26_MEAN,
        ],
        "uves_cal_orderpos": [
            kw.DET_OUT1_NX,
            kw.DET_OUT1_NY,
            kw.DET_OUT1_RON,
            kw.DET_OUT1_GAIN,
            *CHIP_ID[arm],
            *CHIP_NAME[arm],
            a["wlen"],
            a["grat_name"],
            kw.INS_MODE,
            kw.INS_PATH,
        ],
        "uves_cal_mflat": [kw.EXPTIME, kw.DET_OUT1_GAIN, *CHIP_ID[arm], a["wlen"]],
        "uves_cal_wavecal": [
            kw.DET_OUT1_RON,
            kw.DET_OUT1_GAIN,
            *CHIP_ID[arm],
            a["wlen"],
            a["wid"],
            a["len"],
            a["temp"],
            kw.INS_SLIT1_NAME,
            kw.INS_PIXSCALE,
        ],
        "uves_obs_scired": [
            kw.DET_OUT1_RON,
            kw.DET_OUT1_GAIN,
            *CHIP_ID[arm],
            a["wlen"],
            a["len"],
            kw.INS_SLIT1_NAME,
            kw.INS_PIXSCALE,
            kw.RA,
            kw.DEC,
            kw.UTC,
            kw.TEL_GEOLAT,
            kw.TEL_GEOLON,
        ],
    }
    return ALL_RECIPES + PER_CHIP + table[recipe]


RAW_OF_RECIPE = {
    "uves_cal_mbias": "BIAS",
    "uves_cal_predict": "LAMP,FMTCHK",
    "uves_cal_orderpos": "LAMP,ORDERDEF",
    "uves_cal_mflat": "LAMP,FLAT",
    "uves_cal_wavecal": "LAMP,WAVE",
    "uves_obs_scired": "OBJECT,POINT",
}
# what ESO's OCA rules (uves.oca) use to classify and associate
OCA = [kw.INSTRUME, kw.DPR_CATG, kw.DPR_TYPE, kw.DPR_TECH, kw.DET_CHIPS, kw.DET_WIN1_NX, kw.DET_WIN1_NY]
OCA += [kw.DET_WIN1_STRX, kw.DET_WIN1_STRY, kw.DET_OUTPUTS, kw.TPL_START, kw.TPL_EXPNO, kw.OBS_ID, kw.ARCFILE]
ARCFILE_PATTERN = re.compile(r"^UVES\.\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\.fits$")


@pytest.mark.parametrize("recipe", sorted(RAW_OF_RECIPE))
@pytest.mark.parametrize("arm", ["BLUE", "RED"])
def test_every_frame_has_what_its_recipe_needs(night: NightSimulation, recipe: str, arm: str) -> None:
    frames = frames_of(list(night.raw_files), RAW_OF_RECIPE[recipe], arm)
    assert frames, f"no {RAW_OF_RECIPE[recipe]} frame for {arm}"
    for path in frames:
        for header in chip_headers(path):
            missing = [k for k in required(recipe, arm) + OCA if k not in header]
            assert not missing, f"{path}: {recipe} needs {missing}"


def test_pixels_are_stored_the_eso_way(night: NightSimulation) -> None:
    for path in (p for p in night.raw_files if readable(p)):
        with fits.open(path, do_not_scale_image_data=True) as hdul:
            images = [h for h in hdul if h.data is not None]
            assert len(images) == (1 if hdul[0].header[kw.DET_CHIPS] == 1 else 2)
            for hdu in images:
                cards = {c.keyword: c for c in hdu.header.cards}
                assert hdu.header["BITPIX"] == 16
                assert cards[kw.BZERO].image.split("=")[1].split("/")[0].strip() == "32768.0"
                assert cards[kw.BSCALE].image.split("=")[1].split("/")[0].strip() == "1.0"
                assert isinstance(hdu.header[kw.BSCALE], float) and isinstance(hdu.header[kw.BZERO], float)


def test_red_frames_have_an_empty_primary_and_two_chips(night: NightSimulation) -> None:
    red = [p for p in night.raw_files if readable(p) and primary(p)[kw.DET_CHIPS] == 2]
    assert red
    for path in red:
        with fits.open(path) as hdul:
            assert hdul[0].data is None and len(hdul) == 3
            assert [h.header[kw.EXTNAME] for h in hdul[1:]] == ["CCD-20", "CCD-44"]
            assert [h.header[kw.DET_OUT1_CHIP] for h in hdul[1:]] == [1, 2]
            assert hdul[0].header[kw.DET_CHIP1_ID] == "CCD-20" and hdul[0].header[kw.DET_CHIP2_ID] == "CCD-44"


def test_names_times_and_templates_are_consistent(night: NightSimulation) -> None:
    # per detector: a dichroic template exposes both arms, each numbering its own frames 1..NEXP
    templates: dict[tuple[str, str, int], list[fits.Header]] = defaultdict(list)
    for path in (p for p in night.raw_files if readable(p)):
        h = primary(path)
        name = path.rsplit("/", 1)[-1]
        assert ARCFILE_PATTERN.match(name) and h[kw.ARCFILE] == name
        assert h[kw.DATE_OBS] == name[5:-5]
        start = datetime.fromisoformat(h[kw.DATE_OBS] + "+00:00")
        assert h[kw.MJD_OBS] > 53096.0
        assert h[kw.MJD_OBS] == pytest.approx(start.timestamp() / 86400.0 + 40587.0, abs=1e-7)
        assert h[kw.UTC] == pytest.approx(start.hour * 3600 + start.minute * 60 + start.second, abs=1.0)
        assert (h[kw.ORIGIN], h[kw.TELESCOP], h[kw.INSTRUME]) == ("ESO", "ESO-VLT-U2", "UVES")
        templates[(h[kw.TPL_ID], h[kw.TPL_START], h[kw.DET_CHIPS])].append(h)
    for (tpl_id, _, _), members in templates.items():
        assert sorted(m[kw.TPL_EXPNO] for m in members) == list(range(1, members[0][kw.TPL_NEXP] + 1)), tpl_id
        assert len({m[kw.OBS_ID] for m in members}) == 1


def test_science_obs_and_calibration_plan(night: NightSimulation) -> None:
    readable_frames = [p for p in night.raw_files if readable(p)]
    science = [primary(p) for p in frames_of(readable_frames, "OBJECT,POINT")]
    calibs = [primary(p) for p in readable_frames if primary(p).get(kw.DPR_CATG) == "CALIB"]
    assert len(science) == 3 * 2  # 3 sources x 2 arms
    obs = defaultdict(list)
    for h in science:
        assert (h[kw.DPR_CATG], h[kw.DPR_TECH]) == ("SCIENCE", "ECHELLE")
        assert 600 <= h[kw.EXPTIME] <= 1800
        assert re.fullmatch(r"\d{3}\.[A-L]-\d{4}\(A\)", h[kw.OBS_PROG_ID])
        assert h[kw.TEL_AIRM_START] < 1.6
        obs[h[kw.OBS_ID]].append(h)
    assert len(obs) == 3
    for members in obs.values():
        assert {m[kw.DET_CHIPS] for m in members} == {1, 2}
        assert (
            len({(m[kw.OBJECT], m[kw.RA], m[kw.DEC], m[kw.OBS_NAME], m[kw.OBS_PROG_ID]) for m in members})
            == 1
        )
    assert len({m[0][kw.OBJECT] for m in obs.values()}) == 3
    last_science = max(h[kw.MJD_OBS] for h in science)
    counts = defaultdict(int)
    for h in calibs:
        assert h[kw.MJD_OBS] > last_science  # the morning after
        assert h[kw.DATE_OBS][11:13] < "12"  # still this night by ESO's (UT - 12 h) rule
        counts[(h[kw.DET_CHIPS], h[kw.DPR_TYPE], h[kw.DPR_TECH])] += 1
    for chips in (1, 2):
        assert counts[(chips, "BIAS", "IMAGE")] >= 3
        assert counts[(chips, "LAMP,FLAT", "ECHELLE")] == 3
        for kind in ("LAMP,FMTCHK", "LAMP,ORDERDEF", "LAMP,WAVE"):
            assert counts[(chips, kind, "ECHELLE")] == 1


def test_slit_on_the_detector_matches_pixscale(night: NightSimulation) -> None:
    """INS SLIT LEN / INS PIXSCALE is the height of the slit image the flats show."""
    setups = small_setups()
    for arm in ("BLUE", "RED"):
        flat = frames_of(list(night.raw_files), "LAMP,FLAT", arm)[0]
        h = primary(flat)
        expected = h[kw.ARM_KEYWORDS[arm][4]] / h[kw.INS_PIXSCALE]
        chip = setups[arm].chips[0]
        with fits.open(flat) as hdul:
            raw = hdul[chip.extension].data.astype(float)[:, chip.prscx : chip.prscx + chip.nx]
        standard = raw_to_standard(raw, Orientation(chip.orientation))
        column = standard[:, standard.shape[1] // 2]
        column = column - np.median(column)
        peak = np.percentile(column, 99)
        # the middle order: contiguous run of pixels above half the plateau
        above = column > 0.5 * peak
        runs = np.diff(np.flatnonzero(np.diff(np.r_[0, above.astype(int), 0])))[::2]
        assert runs.size >= 3
        assert np.median(runs) == pytest.approx(expected, abs=1.0)
