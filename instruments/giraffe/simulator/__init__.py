"""The GIRAFFE Medusa night simulator: raw frames with OzPoz fibre tables, and the injected truth."""

from instruments.giraffe.simulator.night import simulate_night, simulate_night_from_options
from instruments.giraffe.simulator.options import SimulationOptions

__all__ = ["SimulationOptions", "simulate_night", "simulate_night_from_options"]
