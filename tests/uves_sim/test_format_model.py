"""The echelle format fitted to a prediction: polynomial fits, wavelengths, blaze and orientation."""

from __future__ import annotations

import numpy as np
import pytest

from instruments.uves.simulator.echelle import EchelleFormat
from instruments.uves.simulator.orientation import raw_to_standard, standard_to_raw
from instruments.uves.simulator.poly2d import Poly2D
from instruments.uves.simulator.render import arc_scene, flat_scene
from instruments.uves.simulator.setups import Orientation
from tests.uves_sim.small_night import BLAZE_CONSTANT_A, analytic_lines


def test_poly2d_recovers_a_smooth_surface() -> None:
    rng = np.random.default_rng(0)
    x, m = rng.uniform(1, 3000, 500), rng.integers(90, 125, 500).astype(float)
    truth = 4.6e5 + 13.0 * (x - 1500) + 0.002 * (x - 1500) ** 2 - 5.0 * (m - 107) ** 2
    poly = Poly2D.fit(x, m, truth, 3, 3)
    assert poly.rms < 1e-6
    assert poly(1234.5, 100) == pytest.approx(
        4.6e5 + 13.0 * (1234.5 - 1500) + 0.002 * (1234.5 - 1500) ** 2 - 5.0 * 49, rel=1e-12
    )
    with pytest.raises(ValueError, match="needs more than"):
        Poly2D.fit(x[:10], m[:10], truth[:10], 3, 3)


def test_format_reproduces_the_predicted_lines() -> None:
    lines = analytic_lines("BLUE", 200, 320)
    fmt = EchelleFormat.from_prediction(lines, 200, 320)
    assert fmt.orders == tuple(range(118, 124))
    assert fmt.dispersion_rms_px() < 1e-3 and fmt.trace.rms < 1e-3
    np.testing.assert_allclose(fmt.wavelength(lines.x, lines.order), lines.wave_a, rtol=1e-9)
    assert fmt.blaze_constant == pytest.approx(BLAZE_CONSTANT_A, rel=1e-5)
    x = fmt.x
    for m in fmt.orders:
        blaze = fmt.blaze(x, m)
        assert blaze.max() == pytest.approx(1.0, abs=1e-3) and 0.2 < blaze.min() < 1.0
    assert fmt.fit_summary()["n_lines"] == lines.x.size


def test_arc_lines_sit_where_predicted() -> None:
    lines = analytic_lines("BLUE", 200, 320)
    fmt = EchelleFormat.from_prediction(lines, 200, 320)
    image = arc_scene(fmt, 16.0)
    for x0, y0 in list(zip(lines.x, lines.y, strict=True))[5:40:7]:
        row = image[round(y0) - 1]
        cols = np.arange(round(x0) - 4, round(x0) + 5)
        weights = row[cols - 1]
        assert np.sum(cols * weights) / np.sum(weights) == pytest.approx(x0, abs=0.05)


def test_flat_fills_the_slit() -> None:
    fmt = EchelleFormat.from_prediction(analytic_lines("BLUE", 200, 320), 200, 320)
    column = flat_scene(fmt, 16.0)[:, 160]
    assert np.sum(column > 0.5 * column.max()) == pytest.approx(6 * 16, abs=6)


@pytest.mark.parametrize("orientation", list(Orientation))
def test_orientation_round_trip_and_the_hot_pixel_rule(orientation: Orientation) -> None:
    ny, nx = 7, 5  # raw: ny rows (y), nx columns (x)
    raw = np.zeros((ny, nx))
    x, y = 2, 6  # 1-based raw pixel
    raw[y - 1, x - 1] = 1.0
    standard = raw_to_standard(raw, orientation)
    assert standard.shape == (nx, ny)
    xr, yr = (ny - y + 1, x) if orientation is Orientation.BLUE else (ny - y + 1, nx - x + 1)
    assert standard[yr - 1, xr - 1] == 1.0
    np.testing.assert_array_equal(standard_to_raw(standard, orientation), raw)
