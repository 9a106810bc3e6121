"""The seed's Figure 7 on a simulated month: S/N of the brightest fibre against its total counts.

Six nights of the month, five Medusa frames each, exposure times spread over two decades; every night
calibrated on its own flat and arc. The brightest science fibre of each frame is shot-noise
dominated, so its S/N per pixel must grow as the square root of its counts: a straight-line fit
of log S/N against log counts must have slope 1/2 within its uncertainty. Reduced detector
(256 rows), reference recipes called directly: fast, no Prefect, no esorex.
"""

from __future__ import annotations

import numpy as np
import pytest
from astropy.io import fits

from instruments.giraffe import keywords as kw
from instruments.giraffe.simulator import SimulationOptions
from tests.giraffe.chain import reduce_night

NIGHTS = [f"2016-05-{day:02d}" for day in range(1, 30, 5)]
FRAMES = 5
EXPTIMES = (60.0, 180.0, 600.0, 1800.0, 3600.0, 7200.0)


@pytest.fixture(scope="module")
def month(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[float, float]]:
    points = []
    for i, night in enumerate(NIGHTS):
        exptimes = tuple(EXPTIMES[(i + k) % len(EXPTIMES)] for k in range(FRAMES))
        options = SimulationOptions(
            science=FRAMES,
            science_fibres=5,
            sky_fibres=3,
            unused_fibres=1,
            rows=256,
            exptimes=exptimes,
            biases=1,
            darks=0,
        )
        reduced = reduce_night(tmp_path_factory.mktemp(night), night, options)
        for product in reduced.science.values():
            header = fits.getheader(product)
            points.append((float(header[kw.QC_COUNTS_BRIGHT]), float(header[kw.QC_SNR_BRIGHT])))
    return points


def test_snr_of_the_brightest_fibre_follows_the_square_root_of_its_counts(
    month: list[tuple[float, float]],
) -> None:
    counts, snr = (np.array(v) for v in zip(*month, strict=True))
    assert len(counts) == FRAMES * len(NIGHTS)
    assert counts.max() / counts.min() > 30  # the month spans more than a decade and a half
    (slope, intercept), cov = np.polyfit(np.log10(counts), np.log10(snr), 1, cov=True)
    error = float(np.sqrt(cov[0, 0]))
    print(f"\nlog SNR = {slope:.4f} (± {error:.4f}) log counts + {intercept:.3f} over {counts.size} frames")
    assert abs(slope - 0.5) < max(3 * error, 0.02)
