"""What the plugin knows of GIRAFFE's optics: the grating settings and the Medusa slit geometry.

This is the plugin's own stand-in for ESO's static GRATING_DATA and SLIT_GEOMETRY tables, whose
formats are not documented here (NOTES.md §4.2): for each setting (``INS.EXP.MODE``) the nominal
wavelength range across the 4096 detector rows and the resolving power, from the GIRAFFE User
Manual's setting tables; for each Medusa fibre its nominal position across the detector. The
reference recipes use these values only as first guesses (the fibre traces and the dispersion
solution are measured on the flat and the arc); the simulator perturbs them to make its truth.
"""

from __future__ import annotations

from dataclasses import dataclass

DETECTOR_ROWS = 4096  # along the dispersion
DETECTOR_COLUMNS = 2048  # across the fibres, without pre/overscan
PRESCAN_X = 50
OVERSCAN_X = 50
MAX_FIBRES = 130
FIBRE_PITCH_PX = 15.4  # Medusa fibres on the slit, projected on the CCD
FIRST_FIBRE_PX = 40.0


@dataclass(frozen=True)
class Setting:
    """One grating setting: ``INS.EXP.MODE``, its name, grating (HR/LR), central wavelength and order."""

    exp_mode: str
    name: str
    grating: str
    wlen_nm: float
    order: int
    wmin_nm: float
    wmax_nm: float
    resolving_power: float

    def nominal_wave(self, row: float, rows: int) -> float:
        """The nominal (linear) wavelength of detector row ``row`` (0-based, pixel centre) in nm."""
        return self.wmin_nm + (row + 0.5) / rows * (self.wmax_nm - self.wmin_nm)

    def dispersion(self, rows: int) -> float:
        """Nominal nm per row on a detector of ``rows`` rows."""
        return (self.wmax_nm - self.wmin_nm) / rows


SETTINGS: dict[str, Setting] = {
    s.exp_mode: s
    for s in (
        Setting("L881.7", "LR08", "LR", 881.7, 2, 820.6, 940.0, 6500.0),
        Setting("H665.0", "HR15N", "HR", 665.0, 5, 647.0, 679.0, 17000.0),
        Setting("H525.8A", "HR09B", "HR", 525.8, 8, 514.3, 535.4, 25900.0),
    )
}


def setting(exp_mode: str) -> Setting:
    """The setting of ``INS.EXP.MODE``; KeyError naming the known ones otherwise."""
    try:
        return SETTINGS[str(exp_mode).strip()]
    except KeyError:
        raise KeyError(f"unknown GIRAFFE setting {exp_mode!r}; known: {sorted(SETTINGS)}") from None


def nominal_fibre_x(fps: int) -> float:
    """Nominal centre (0-based column of the trimmed image) of Medusa fibre ``fps`` (1-based)."""
    if not 1 <= fps <= MAX_FIBRES:
        raise ValueError(f"fibre number {fps} outside 1..{MAX_FIBRES}")
    return FIRST_FIBRE_PX + (fps - 1) * FIBRE_PITCH_PX
