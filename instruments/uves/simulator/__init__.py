"""The UVES night simulator: raw frames the real ESO recipe chain reduces, with the injected truth.

Public entry points: :func:`simulate_night` (keyword arguments) and
:func:`simulate_night_from_options` (the ``phoenix_simulate_night`` hook's options mapping).
"""

from instruments.uves.simulator.night import simulate_night, simulate_night_from_options, write_night
from instruments.uves.simulator.options import FAULTS, SimulationOptions

__all__ = ["FAULTS", "SimulationOptions", "simulate_night", "simulate_night_from_options", "write_night"]
