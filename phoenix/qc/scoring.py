"""Scoring one QC value: green inside its thresholds, red outside, grey when nothing applies.

Per parameter and setup, the most specific applicable threshold of each sort is used (a
threshold naming more setup keys beats a general one). A *hard* fixed threshold always applies.
A *statistical* threshold, median ± k·MAD of the setup's certified history (MAD scaled by
1.4826 to a sigma), applies once there are ``min_history`` values; until then a *soft* fixed
threshold, if declared, is the default. A value inside every applicable threshold is green, a
value outside any is red; a value with no applicable threshold (or no number) is grey.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from phoenix.types import QcThreshold, ThresholdKind

MAD_TO_SIGMA = 1.4826


class Colour(enum.StrEnum):
    GREEN = "green"
    RED = "red"
    GREY = "grey"


_RANK = {Colour.GREY: 0, Colour.GREEN: 1, Colour.RED: 2}


@dataclass(frozen=True)
class Score:
    name: str
    colour: Colour
    lower: float | None
    upper: float | None
    method: str
    reason: str


def _applies(threshold: QcThreshold, setup: Mapping[str, Any]) -> bool:
    return all(str(setup.get(k, "")).strip() == str(v).strip() for k, v in threshold.setup.items())


def most_specific(
    thresholds: Iterable[QcThreshold],
    name: str,
    setup: Mapping[str, Any],
    kind: ThresholdKind,
    hard: bool | None,
) -> QcThreshold | None:
    """The applicable threshold of one sort that names the most setup keys (first declared on a tie)."""
    found = [
        t
        for t in thresholds
        if t.name == name and t.kind is kind and (hard is None or t.hard is hard) and _applies(t, setup)
    ]
    return max(found, key=lambda t: len(t.setup), default=None)


def statistical_limits(history: Sequence[float], threshold: QcThreshold) -> tuple[float, float] | None:
    """median ± k·sigma(MAD) of the last ``threshold.history`` values, or None with too few."""
    values = np.asarray([v for v in history if v is not None and np.isfinite(v)][: threshold.history], float)
    if values.size < threshold.min_history:
        return None
    median = float(np.median(values))
    sigma = MAD_TO_SIGMA * float(np.median(np.abs(values - median)))
    return median - threshold.k * sigma, median + threshold.k * sigma


def _outside(value: float, lower: float | None, upper: float | None) -> str | None:
    if lower is not None and value < lower:
        return f"{value:.6g} < {lower:.6g}"
    if upper is not None and value > upper:
        return f"{value:.6g} > {upper:.6g}"
    return None


def score_value(
    name: str,
    value: float | None,
    setup: Mapping[str, Any],
    thresholds: Sequence[QcThreshold],
    history: Sequence[float] = (),
) -> Score:
    """Score ``value`` of parameter ``name`` for ``setup``; ``history`` is newest first."""
    if value is None or not np.isfinite(value):
        return Score(name, Colour.GREY, None, None, "", "no numeric value")
    checks: list[tuple[str, float | None, float | None]] = []
    hard = most_specific(thresholds, name, setup, ThresholdKind.FIXED, hard=True)
    if hard is not None:
        checks.append(("fixed hard", hard.lower, hard.upper))
    stat = most_specific(thresholds, name, setup, ThresholdKind.STATISTICAL, hard=None)
    limits = statistical_limits(history, stat) if stat is not None else None
    if stat is not None and limits is not None:
        n = min(len(history), stat.history)
        checks.append((f"statistical: median ± {stat.k:g} MAD-sigma of {n} certified", *limits))
    else:
        soft = most_specific(thresholds, name, setup, ThresholdKind.FIXED, hard=False)
        if soft is not None:
            checks.append(("fixed soft", soft.lower, soft.upper))
    if not checks:
        reason = "no threshold applies"
        if stat is not None:
            reason += f" (statistical needs {stat.min_history} certified values, has {len(history)})"
        return Score(name, Colour.GREY, None, None, "", reason)
    lower = max((c[1] for c in checks if c[1] is not None), default=None)
    upper = min((c[2] for c in checks if c[2] is not None), default=None)
    methods = "; ".join(c[0] for c in checks)
    for method, lo, hi in checks:
        problem = _outside(float(value), lo, hi)
        if problem:
            return Score(name, Colour.RED, lower, upper, methods, f"{problem} ({method})")
    return Score(name, Colour.GREEN, lower, upper, methods, "within thresholds")


def worst(colours: Iterable[Colour | str]) -> Colour:
    """A product's score: red if any parameter is red, else green if any is green, else grey."""
    return max((Colour(c) for c in colours), key=_RANK.__getitem__, default=Colour.GREY)
