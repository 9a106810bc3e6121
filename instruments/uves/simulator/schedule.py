"""Fitting the science OBs into the night: no OB takes more than its fair share of what is left.

Every OB costs an overhead (acquisition, template set-up, the slowest read-out of the arms it
exposes, the gap before the next exposure, and up to a second for the start's milliseconds) plus
its exposure. An OB is exposed for its nominal time unless that is longer than its fair share of
the night left, ``(time left - overheads of the OBs left) / OBs left``, rounded down to 10 s.
Exposures at or under their share leave time over, so the share never shrinks during the night:
if the first OB's share reaches MIN_EXPTIME_S every OB fits, else the night is refused. A night
that holds its nominal exposures is planned exactly as it would be without this rule.

A shortened exposure still reaches the source's peak S/N: the source is brighter, by the factor
``nominal / exptime`` (the truth records both times and the factor).
"""

from __future__ import annotations

import math

MIN_EXPTIME_S = 60.0
EXPTIME_STEP_S = 10.0
START_JITTER_S = 1.0  # exposures start at a random millisecond of their second


def fair_share_s(left_s: float, obs_left: int, overhead_s: float) -> float:
    """The exposure time each of the ``obs_left`` OBs can have in the ``left_s`` seconds left."""
    return (left_s - obs_left * overhead_s) / obs_left


def fitted_exptime_s(nominal_s: float, share_s: float) -> float:
    """The nominal exposure time, or the share rounded down to EXPTIME_STEP_S when it is longer."""
    if nominal_s <= share_s:
        return nominal_s
    return math.floor(share_s / EXPTIME_STEP_S) * EXPTIME_STEP_S


def check_night_holds(n_obs: int, window_s: float, overhead_s: float, what: str) -> None:
    """Refuse ``n_obs`` OBs whose exposures would have to be shorter than MIN_EXPTIME_S.

    :param what: names the night's content in the message (sources, arms, the window).
    :raises ValueError: saying how many OBs the night holds at most.
    """
    if fair_share_s(window_s, n_obs, overhead_s) >= MIN_EXPTIME_S:
        return
    most = max(0, math.floor(window_s / (overhead_s + MIN_EXPTIME_S)))
    raise ValueError(
        f"{what} would run past the end of the night even with every exposure shortened to"
        f" {MIN_EXPTIME_S:.0f} s ({overhead_s:.0f} s of overhead per OB); the night holds at most"
        f" {most} sources; simulate fewer sources"
    )
