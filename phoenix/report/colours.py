"""The three scores and how they are shown: green inside the thresholds, red outside, grey unscored."""

from __future__ import annotations

from collections.abc import Iterable

GREEN, RED, GREY = "green", "red", "grey"
SCORES = (GREEN, RED, GREY)
HEX = {GREEN: "#2e9e44", RED: "#d62728", GREY: "#9a9a9a"}
_RANK = {GREY: 0, GREEN: 1, RED: 2}


def normalise(score: str | None) -> str:
    """A stored score as one of :data:`SCORES`; anything unknown or missing is grey."""
    return score if score in _RANK else GREY


def worst(scores: Iterable[str | None]) -> str:
    """Red if any score is red, else green if any is green, else grey (also for none at all)."""
    return max((normalise(s) for s in scores), key=_RANK.__getitem__, default=GREY)
