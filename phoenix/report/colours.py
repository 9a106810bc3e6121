"""How the three scores are shown: green inside the thresholds, red outside, grey unscored.

The scores and their order are :mod:`phoenix.qc.scoring`'s; this module only maps them to
display colours and reads stored values leniently (anything unknown is grey).
"""

from __future__ import annotations

from collections.abc import Iterable

from phoenix.qc.scoring import Colour
from phoenix.qc.scoring import worst as worst_colour

GREEN, RED, GREY = Colour.GREEN.value, Colour.RED.value, Colour.GREY.value
SCORES = (GREEN, RED, GREY)
HEX = {GREEN: "#2e9e44", RED: "#d62728", GREY: "#9a9a9a"}


def normalise(score: str | None) -> str:
    """A stored score as one of :data:`SCORES`; anything unknown or missing is grey."""
    return score if score in SCORES else GREY


def worst(scores: Iterable[str | None]) -> str:
    """Red if any score is red, else green if any is green, else grey (also for none at all)."""
    return worst_colour(normalise(s) for s in scores).value
