"""The reference recipes on a simulated night (VIS arm), each measured against the injected truth.

The simulator knows where every order lies (its layout), the wavelength of every row, the
detector's bias and noise, the flexure of each OB and the target's spectrum; the recipes see
only the frames and the static tables. Tolerances are a few times what the noise allows.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from astropy.io import fits

from instruments.xshooter import categories as cat
from instruments.xshooter import keywords as kw
from instruments.xshooter.recipes.geometry import Dispersion, Orders
from instruments.xshooter.simulator import compare, simulate_night
from instruments.xshooter.simulator.detector import DETECTORS
from instruments.xshooter.simulator.layout import LAYOUTS
from tests.xshooter.cascade import chain, classified, run_chain

ARM = "VIS"
NIGHT = "2026-03-10"


@pytest.fixture(scope="module")
def reduced(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("xsh-recipes")
    sim = simulate_night(NIGHT, root / "night", {"sources": 3, "seed": 3})
    raw = classified(sim)
    calib = run_chain(chain(f"calib_{ARM.lower()}"), raw, sim.static_files, {}, root / "work")
    respon = run_chain(chain(f"respon_{ARM.lower()}"), raw, sim.static_files, {}, root / "work")
    masters = {**calib, **respon}
    truth = compare.load(sim.truth)
    science = {}
    for ob in truth["obs"]:
        name = f"science_{ob['technique']}_{ARM.lower()}"
        science[ob["obs_id"]] = run_chain(
            chain(name), raw, sim.static_files, masters, root / str(ob["obs_id"]), ob["obs_id"]
        )
    return {
        "calib": calib,
        "respon": respon,
        "science": science,
        "truth": truth,
        "raw": raw,
        "statics": sim.static_files,
    }


def test_master_bias_has_the_simulated_level_and_read_noise(reduced: dict) -> None:
    header = fits.getheader(reduced["calib"][cat.of_arm(cat.MASTER_BIAS, ARM)])
    assert header[kw.QC_BIAS_MEAN] == pytest.approx(DETECTORS[ARM].bias_adu, abs=0.1)
    assert header[kw.QC_BIAS_RON] == pytest.approx(DETECTORS[ARM].ron_e, rel=0.05)


def test_order_edges_lie_where_the_slit_is(reduced: dict) -> None:
    orders = Orders.read(reduced["calib"][cat.of_arm(cat.ORDER_TAB_EDGES_SLIT, ARM)])
    layout = LAYOUTS[ARM]
    y = np.arange(20, layout.ny - 20, 10)
    assert orders.count == layout.n_orders
    for m in range(orders.count):
        assert np.max(np.abs(orders.x_centre(m, y) - layout.centre(m, y))) < 0.1
        assert orders.half_length(m) == pytest.approx(layout.slit_px / 2, abs=0.5)


def test_wavelength_solution_matches_the_injected_one(reduced: dict) -> None:
    disp = Dispersion.read(reduced["calib"][cat.of_arm(cat.DISP_TAB, ARM)])
    layout = LAYOUTS[ARM]
    for m in range(disp.count):
        y = np.arange(layout.ny, dtype=float)
        y = y[disp.constrained(m, y)]
        error_px = (disp.wavelength(m, y) - layout.wavelength(m, y)) / layout.dispersion(m, y)
        assert np.max(np.abs(error_px)) < 0.1, f"order {m}"
        assert y.size > 0.8 * layout.ny, f"order {m}: solution covers only {y.size} rows"


def test_flexure_compensation_recovers_the_injected_shift(reduced: dict) -> None:
    for ob in reduced["truth"]["obs"]:
        header = fits.getheader(reduced["science"][ob["obs_id"]][cat.of_arm(cat.DISP_TAB_AFC, ARM)])
        dx, dy = ob["flexure_px"][ARM]
        assert header[kw.QC_AFC_XSHIFT] == pytest.approx(dx, abs=0.05)
        assert header[kw.QC_AFC_YSHIFT] == pytest.approx(dy, abs=0.05)


@pytest.mark.parametrize("technique", ["nod", "stare", "offset"])
def test_fluxed_spectrum_matches_the_truth(reduced: dict, technique: str) -> None:
    ob = next(o for o in reduced["truth"]["obs"] if o["technique"] == technique)
    path = reduced["science"][ob["obs_id"]][cat.of_arm(cat.SCI_SLIT_FLUX_MERGE1D, ARM)]
    with fits.open(path) as hdul:
        h, flux, err = hdul[0].header, hdul[0].data, hdul["ERRS"].data
    lam = h["CRVAL1"] + h["CDELT1"] * np.arange(flux.size)
    result = compare.check(reduced["truth"], ob["obs_id"], ARM, lam, flux)
    assert result.flux_ratio == pytest.approx(1.0, abs=0.01)  # S/N ~ 200 per bin, >1000 bins
    assert result.ratio_rms < 0.03
    assert result.n_lines == 4 and result.wave_rms_px < 0.1
    assert h[f"{kw.PRO_CATG}"] == cat.of_arm(cat.SCI_SLIT_FLUX_MERGE1D, ARM)
    assert h["ESO PRO TELLURIC CORR"] is False
    assert np.all(err[flux != 0] > 0)


def test_errors_describe_the_scatter(reduced: dict) -> None:
    """Propagated errors agree with the pixel-to-pixel scatter of a flat stretch of continuum."""
    ob = reduced["truth"]["obs"][0]
    path = reduced["science"][ob["obs_id"]][cat.of_arm(cat.SCI_SLIT_MERGE1D, ARM)]
    with fits.open(path) as hdul:
        h, flux, err = hdul[0].header, hdul[0].data, hdul["ERRS"].data
    lam = h["CRVAL1"] + h["CDELT1"] * np.arange(flux.size)
    window = (lam > 600) & (lam < 640)
    second_difference = flux[window][2:] - 2 * flux[window][1:-1] + flux[window][:-2]
    scatter = np.std(second_difference) / np.sqrt(6.0)
    assert scatter / np.median(err[window]) == pytest.approx(1.0, abs=0.35)


def test_without_a_response_only_the_uncalibrated_spectrum_is_written(reduced: dict, tmp_path: Path) -> None:
    ob = next(o for o in reduced["truth"]["obs"] if o["technique"] == "stare")
    products = run_chain(
        chain(f"science_stare_{ARM.lower()}"),
        reduced["raw"],
        reduced["statics"],
        reduced["calib"],
        tmp_path,
        ob["obs_id"],
    )
    assert cat.of_arm(cat.SCI_SLIT_MERGE1D, ARM) in products
    assert cat.of_arm(cat.SCI_SLIT_FLUX_MERGE1D, ARM) not in products
