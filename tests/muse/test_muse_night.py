"""A MUSE night end to end on the real pipeline, through the real flows, against the injected truth.

Two OBs of four dithered exposures (two of them rotated by 180°) of one point source, one
full-size IFU per frame. The calibration chain builds the masters; each OB is reduced
(scibasic and scipost per exposure, no resampling) and combined once by muse_exp_combine; the
cube and its white-light image are validated and ingested. Then ``phoenix deep`` combines both
OBs and the deep cube must beat each OB cube's SNR.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from astropy.io import fits
from astropy.wcs import WCS

from flows.runtime import context
from instruments.muse.config import ENV_NIFU
from phoenix.config import resolve_settings
from phoenix.naming import CUBE_CATEGORY, PREVIEW_CATEGORY, WHITELIGHT_CATEGORY
from phoenix.production.simulate import simulate_night
from phoenix.production.status import night_status
from phoenix.sdp import validate_product
from phoenix.sdp.cubemeasure import brightest_source
from tests.conftest import needs_esorex

NIGHT = "2026-01-10"
TARGET = "SYNTH-1"
pytestmark = [pytest.mark.slow, pytest.mark.esorex, needs_esorex()]


@pytest.fixture(scope="module")
def night(tmp_path_factory: pytest.TempPathFactory, prefect_server: None) -> dict:
    from flows.process_night import process_night

    mp = pytest.MonkeyPatch()
    mp.setenv(ENV_NIFU, "1")
    workspace = tmp_path_factory.mktemp("muse")
    settings = resolve_settings(workspace, {"max_workers": 2})
    ctx = context(settings)
    simulate_night(ctx, "muse", NIGHT, {"obs": 2, "nexp": 4, "target": TARGET})
    first = process_night("muse", NIGHT, workspace=str(workspace), complete=True)
    truth = json.loads((workspace / "truth" / "muse" / NIGHT / "truth.json").read_text())
    yield {"workspace": workspace, "ctx": ctx, "first": first, "truth": truth}
    mp.undo()


def _archived(ctx, category: str) -> list[Path]:  # type: ignore[no-untyped-def]
    report = night_status(ctx, "muse", NIGHT)
    science = [d for d in report["datasets"] if d["kind"] == "science"]
    return [
        ctx.settings.archive_root / a["path"]
        for d in science
        for a in d["archived"]
        if a["category"] == category
    ]


def measure_source(cube: Path, truth: dict) -> dict:
    """Position offset (spaxels) and flux ratio of the recovered source against the truth."""
    with fits.open(cube) as hdus:
        data, stat, header = hdus["DATA"].data, hdus["STAT"].data, hdus["DATA"].header
    valid = np.isfinite(data) & np.isfinite(stat)
    n = np.maximum(valid.sum(axis=0), 1).astype(float)
    image = np.where(valid.any(axis=0), np.where(valid, data, 0.0).sum(axis=0) / n, np.nan)
    variance = np.where(valid.any(axis=0), np.where(valid, stat, 0.0).sum(axis=0) / n**2, np.nan)
    source = brightest_source(image, variance)
    x, y = WCS(header).celestial.world_to_pixel_values(truth["source"]["ra"], truth["source"]["dec"])
    background = float(np.nanmedian(image))
    expected = truth["source"]["counts_per_row"] / truth["source"]["continuum_per_spaxel_row"]
    return {
        "dx": source.x - float(x),
        "dy": source.y - float(y),
        "flux_ratio": (source.flux / background) / expected,
        "snr": source.flux / math.sqrt(np.nansum(variance[_window(source, image.shape)])),
    }


def _window(source, shape: tuple[int, int], box: int = 8) -> tuple[slice, slice]:  # type: ignore[no-untyped-def]
    y0, x0 = round(source.y), round(source.x)
    return slice(max(0, y0 - box), min(shape[0], y0 + box + 1)), slice(
        max(0, x0 - box), min(shape[1], x0 + box + 1)
    )


def test_each_ob_yields_a_valid_ingested_cube_and_white_light(night: dict) -> None:
    assert night["first"]["failed"] == []
    cubes = _archived(night["ctx"], CUBE_CATEGORY)
    lights = _archived(night["ctx"], WHITELIGHT_CATEGORY)
    previews = _archived(night["ctx"], PREVIEW_CATEGORY)
    assert len(cubes) == 2 and len(lights) == 2 and len(previews) == 2
    for cube in cubes:
        assert validate_product(cube) == []
        header = fits.getheader(cube)
        assert header["NCOMBINE"] == 4 and header["PROV4"].startswith("MUSE.")
        light = cube.parent / header["ASSON1"]
        assert light in lights and validate_product(light) == []
        assert fits.getheader(light)["PRODCATG"] == WHITELIGHT_CATEGORY
        assert header["SKY_RES"] > 0 and header["PIXNOISE"] > 0 and 15 < header["ABMAGLIM"] < 30


def test_point_source_is_recovered_at_its_position_and_flux(night: dict) -> None:
    for cube in _archived(night["ctx"], CUBE_CATEGORY):
        found = measure_source(cube, night["truth"])
        print(
            f"{cube.name}: offset ({found['dx']:+.3f}, {found['dy']:+.3f}) spaxels,"
            f" flux ratio {found['flux_ratio']:.4f}"
        )
        assert math.hypot(found["dx"], found["dy"]) < 0.5
        assert abs(found["flux_ratio"] - 1.0) < 0.05


def test_deep_cube_of_both_obs_beats_each_ob_cube(night: dict) -> None:
    from flows.deep_cube import deep_cube

    summary = deep_cube("muse", TARGET, workspace=str(night["workspace"]))
    (item,) = summary["deep"]
    assert item["exposures"] == 8 and len(item["obs"]) == 2
    deep_path = next(Path(p) for p in item["products"] if fits.getheader(p).get("PRODCATG") == CUBE_CATEGORY)
    header = fits.getheader(deep_path)
    assert validate_product(deep_path) == []
    arcfiles = {
        fits.getheader(c)[f"PROV{i}"] for c in _archived(night["ctx"], CUBE_CATEGORY) for i in range(1, 5)
    }
    assert header["NCOMBINE"] == 8 and {header[f"PROV{i}"] for i in range(1, 9)} == arcfiles
    deep = measure_source(deep_path, night["truth"])
    single = [measure_source(c, night["truth"]) for c in _archived(night["ctx"], CUBE_CATEGORY)]
    for ob in single:
        ratio = deep["snr"] / ob["snr"]
        print(
            f"deep SNR {deep['snr']:.1f} / OB SNR {ob['snr']:.1f} = {ratio:.3f}"
            f" ({ratio / math.sqrt(2):.3f} x sqrt 2)"
        )
        assert ratio > 1.2
    print(
        f"deep cube: offset ({deep['dx']:+.3f}, {deep['dy']:+.3f}) spaxels,"
        f" flux ratio {deep['flux_ratio']:.4f}"
    )
    assert math.hypot(deep["dx"], deep["dy"]) < 0.5
    again = deep_cube("muse", TARGET, workspace=str(night["workspace"]))
    assert again["deep"][0]["skipped"] is True
