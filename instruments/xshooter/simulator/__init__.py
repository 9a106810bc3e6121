"""The XSHOOTER night simulator: raw frames of the three arms with known injected truth.

Public entry point: :func:`simulate_night` (the ``phoenix_simulate_night`` hook's form).
"""

from instruments.xshooter.simulator.night import simulate_night

__all__ = ["simulate_night"]
