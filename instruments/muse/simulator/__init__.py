"""The MUSE night simulator: full-size raw CCDs the real recipe chain reduces, with the injected truth."""

from instruments.muse.simulator.night import MuseNightOptions, simulate_night

__all__ = ["MuseNightOptions", "simulate_night"]
