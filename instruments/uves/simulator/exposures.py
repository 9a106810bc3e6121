"""What a night plan is made of: science OBs and the raw frames to write, in time order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from instruments.uves.simulator.ephemeris import iso_ms, mjd
from instruments.uves.simulator.frames import FrameKind
from instruments.uves.simulator.modes import ArmsMode
from instruments.uves.simulator.spectrum import StarSpectrum


@dataclass(frozen=True)
class ObservingBlock:
    """A science OB: one source observed in every arm, all arms exposed together.

    ``exptime`` is what every arm was exposed for; ``nominal_exptime`` what the OB asked for
    before the night was fitted (equal unless the OB was shortened).
    """

    obs_id: int
    name: str
    prog_id: str
    target: str
    ra: float
    dec: float
    exptime: float
    seeing: float
    start: datetime
    grade: str
    comment: str
    star: StarSpectrum
    nominal_exptime: float

    @property
    def brightness_factor(self) -> float:
        """How much brighter the source is than one reaching its peak S/N in the nominal time."""
        return self.nominal_exptime / self.exptime


@dataclass(frozen=True)
class Exposure:
    """One raw frame to write."""

    sequence: int  # running number of the night (RNG stream, ORIGFILE, DET EXP NO)
    kind: FrameKind
    arm: str
    ins_mode: str
    start: datetime
    exptime: float
    tpl_id: str
    tpl_name: str
    tpl_start: datetime
    expno: int
    nexp: int
    obs_id: int
    obs_name: str
    obs_start: datetime
    obs_tplno: int
    prog_id: str
    object: str
    ra: float
    dec: float
    ob: ObservingBlock | None = None
    fault: str = ""

    @property
    def arcfile(self) -> str:
        """The archive file name, which is also the file's name on disk."""
        return f"UVES.{iso_ms(self.start)}.fits"

    @property
    def mjd(self) -> float:
        """MJD-OBS."""
        return mjd(self.start)


@dataclass(frozen=True)
class NightPlan:
    """All OBs and exposures of a night, in time order, and how its arms were fed."""

    night: str
    obs: tuple[ObservingBlock, ...]
    exposures: tuple[Exposure, ...]
    mode: ArmsMode
