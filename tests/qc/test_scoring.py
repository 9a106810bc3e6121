"""Scoring rules: hard, soft and statistical thresholds, setup specificity, grey, worst."""

from __future__ import annotations

import numpy as np
import pytest

from phoenix.qc.scoring import Colour, score_value, statistical_limits, worst
from phoenix.types import QcThreshold, ThresholdKind

HARD = QcThreshold("ron", upper=20.0, hard=True)
SOFT = QcThreshold("ron", lower=0.5, upper=6.0, hard=False)
STAT = QcThreshold("ron", kind=ThresholdKind.STATISTICAL, k=5.0, history=30, min_history=10)
HISTORY = [1.50, 1.52, 1.49, 1.51, 1.50, 1.48, 1.53, 1.50, 1.51, 1.49, 1.52, 1.50]


def test_green_inside_red_outside_a_hard_limit() -> None:
    assert score_value("ron", 3.0, {}, [HARD]).colour is Colour.GREEN
    red = score_value("ron", 25.0, {}, [HARD])
    assert red.colour is Colour.RED
    assert "25 > 20" in red.reason and "fixed hard" in red.reason


def test_soft_default_until_history_then_statistical() -> None:
    few = HISTORY[:5]
    assert score_value("ron", 2.5, {}, [SOFT, STAT], few).colour is Colour.GREEN  # soft band 0.5-6
    with_history = score_value("ron", 2.5, {}, [SOFT, STAT], HISTORY)
    assert with_history.colour is Colour.RED  # far outside median ± 5 MAD-sigma
    assert "statistical" in with_history.method and "fixed soft" not in with_history.method
    assert score_value("ron", 1.505, {}, [SOFT, STAT], HISTORY).colour is Colour.GREEN


def test_hard_limits_apply_with_statistics_too() -> None:
    history = [19.0 + 0.01 * i for i in range(12)]
    result = score_value("ron", 21.0, {}, [HARD, STAT], history)
    assert result.colour is Colour.RED
    assert "21 > 20 (fixed hard)" in result.reason
    assert result.upper < 20.0  # the band shown is the tightest of the thresholds that applied


def test_statistical_limits_are_median_plus_minus_k_mad_sigma() -> None:
    values = [10.0, 11.0, 9.0, 10.5, 9.5, 10.0, 10.2, 9.8, 10.1, 9.9]
    lower, upper = statistical_limits(values, STAT)
    mad_sigma = 1.4826 * np.median(np.abs(np.array(values) - 10.0))
    assert lower == pytest.approx(10.0 - 5 * mad_sigma)
    assert upper == pytest.approx(10.0 + 5 * mad_sigma)
    assert statistical_limits(values[:9], STAT) is None


def test_only_the_last_n_values_count() -> None:
    t = QcThreshold("x", kind=ThresholdKind.STATISTICAL, k=3.0, history=10, min_history=5)
    recent, old = [5.0, 5.1, 4.9, 5.0, 5.05, 4.95, 5.0, 5.02, 4.98, 5.0], [100.0] * 50
    assert statistical_limits(recent + old, t)[1] < 6.0


def test_most_specific_setup_wins_and_others_do_not_apply() -> None:
    general = QcThreshold("snr", lower=5.0, hard=True)
    red_arm = QcThreshold("snr", lower=50.0, hard=True, setup={"ESO INS PATH": "RED"})
    assert score_value("snr", 20.0, {"ESO INS PATH": "BLUE"}, [general, red_arm]).colour is Colour.GREEN
    assert score_value("snr", 20.0, {"ESO INS PATH": "RED"}, [general, red_arm]).colour is Colour.RED


def test_grey_without_threshold_or_number() -> None:
    assert score_value("other", 1.0, {}, [HARD]).colour is Colour.GREY
    assert score_value("ron", None, {}, [HARD]).colour is Colour.GREY
    assert score_value("ron", float("nan"), {}, [HARD]).colour is Colour.GREY
    only_stat = score_value("ron", 1.0, {}, [STAT], HISTORY[:3])
    assert only_stat.colour is Colour.GREY and "needs 10" in only_stat.reason


def test_product_score_is_the_worst() -> None:
    assert worst([Colour.GREEN, Colour.GREY]) is Colour.GREEN
    assert worst(["green", "red", "grey"]) is Colour.RED
    assert worst([]) is Colour.GREY


def test_thresholds_are_validated() -> None:
    with pytest.raises(ValueError, match="needs a lower or an upper"):
        QcThreshold("x")
    with pytest.raises(ValueError, match="lower 2 > upper 1"):
        QcThreshold("x", lower=2, upper=1)
