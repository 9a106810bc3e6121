"""The KMOS night simulator: raw frames of a few IFUs of spectrograph 1, with the injected truth.

Entry point: :func:`simulate_night` (the ``phoenix_simulate_night`` hook's form).
"""

from kmos_phoenix.simulator.night import simulate_night
from kmos_phoenix.simulator.options import FAULTS, SimulationOptions

__all__ = ["FAULTS", "SimulationOptions", "simulate_night"]
