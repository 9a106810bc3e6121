"""Statistical thresholds from a simulated month of history flag an injected outlier.

Thirty nights of master-bias read noise, each measured on a pair of bias read-outs of the UVES
simulator's detector model (the real chip's RON and gain), are stored as certified history; a
new night whose amplifier reads 30 % noisier is red by the statistical threshold, although it
lies well inside the soft default band, while a normal new night is green.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from sqlmodel import select

from instruments.uves.simulator.detector import read_out
from instruments.uves.simulator.setups import SETUPS
from phoenix.config import resolve_settings
from phoenix.db.models import Dataset, Job, QcScore, QcValue
from phoenix.production.context import open_context
from phoenix.production.quality import score_values

SETUP = {"ESO DET CHIPS": 1, "ESO DET READ SPEED": "1pt/225kHz/lg"}
CHIP = SETUPS["BLUE"].chips[0]


def measured_ron(chip, rng: np.random.Generator) -> float:  # type: ignore[no-untyped-def]
    """Read noise in ADU from the difference of two bias read-outs (overscan-free data section)."""
    a, b = (read_out(None, chip, 0.0, rng)[:500, 100:600].astype(float) for _ in range(2))
    return float(np.std(a - b) / np.sqrt(2.0))


def _night(ctx, n: int, status: str, ron: float) -> QcValue:  # type: ignore[no-untyped-def]
    with ctx.db.session() as s:
        d = Dataset(
            name=f"uves:calib_blue:night{n:02d}",
            instrument="uves",
            night=f"2016-04-{n:02d}",
            kind="calibration",
            category="FLAT_BLUE",
            arm="BLUE",
            chain="calib_blue",
            mjd_obs=57480.0 + n,
            setup=SETUP,
            status=status,
        )
        s.add(d)
        s.flush()
        s.add(
            Job(
                id=f"job{n:02d}",
                dataset_id=d.id,
                chain="calib_blue",
                step="mbias",
                recipe="uves_cal_mbias",
                runner="esorex",
                status="done",
            )
        )
        v = QcValue(
            instrument="uves",
            dataset_id=d.id,
            job_id=f"job{n:02d}",
            product_category="MASTER_BIAS_BLUE",
            arm="BLUE",
            setup_key="chips=1",
            name="ron_master",
            value=ron,
            unit="ADU",
            mjd_obs=d.mjd_obs,
        )
        s.add(v)
        s.flush()
        s.refresh(v)
        s.refresh(d)
        return d, v


@pytest.fixture
def ctx(tmp_path: Path):  # type: ignore[no-untyped-def]
    return open_context(resolve_settings(tmp_path / "ws"))


def test_statistical_threshold_flags_an_injected_outlier(ctx) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(42)
    for n in range(1, 31):
        _night(ctx, n, "ingested", measured_ron(CHIP, rng))
    normal_dataset, normal = _night(ctx, 31, "associated", measured_ron(CHIP, rng))
    noisy_chip = dataclasses.replace(CHIP, ron_e=CHIP.ron_e * 1.3)
    outlier_dataset, outlier = _night(ctx, 32, "associated", measured_ron(noisy_chip, rng))

    assert 0.5 < outlier.value < 6.0  # inside the soft default band: only the history can tell
    assert score_values(ctx, normal_dataset, [normal]) == "green"
    assert score_values(ctx, outlier_dataset, [outlier]) == "red"
    with ctx.db.session() as s:
        red = s.exec(select(QcScore).where(QcScore.qc_value_id == outlier.id)).one()
    assert "statistical: median ± 5 MAD-sigma of 30 certified" in red.reason
    assert red.upper < outlier.value < 6.0


def test_uncertified_history_does_not_count(ctx) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(1)
    for n in range(1, 31):
        _night(ctx, n, "review", measured_ron(CHIP, rng))  # never certified
    d, v = _night(ctx, 31, "associated", measured_ron(dataclasses.replace(CHIP, ron_e=CHIP.ron_e * 1.3), rng))
    assert score_values(ctx, d, [v]) == "green"  # soft default only, no statistics yet
