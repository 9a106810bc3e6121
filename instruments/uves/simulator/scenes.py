"""The light every chip of an arm receives in each kind of exposure, in raw orientation.

Calibration scenes are the same for every exposure of a kind and are computed once per arm;
science scenes depend on the OB's source and seeing.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from instruments.uves.simulator.echelle import EchelleFormat
from instruments.uves.simulator.exposures import Exposure
from instruments.uves.simulator.frames import FrameKind
from instruments.uves.simulator.orientation import standard_to_raw
from instruments.uves.simulator.plan import seeing_sigma_px
from instruments.uves.simulator.render import (
    FMTCHK_LINE_HEIGHT_PX,
    arc_scene,
    flat_scene,
    orderdef_scene,
    science_scene,
)
from instruments.uves.simulator.setups import ArmSetup
from instruments.uves.simulator.spectrum import StarSpectrum


def column_electrons(star: StarSpectrum, arm: ArmSetup) -> float:
    """Electrons per column at the blaze peak where the relative flux is 1.

    Chosen so that the continuum at the arm's central wavelength reaches the star's peak S/N
    (photon noise dominates: S/N ~ sqrt(electrons)).
    """
    return star.peak_snr**2 / float(star.continuum(np.array(arm.wlen_nm)))


class ArmScenes:
    """Scenes of one arm, cached per calibration kind."""

    def __init__(self, arm: ArmSetup, formats: Mapping[str, EchelleFormat]) -> None:
        self.arm = arm
        self.formats = formats
        self._cache: dict[FrameKind, dict[str, np.ndarray | None]] = {}

    def signals(self, exp: Exposure) -> dict[str, np.ndarray | None]:
        """Expected electrons per chip (raw data section orientation); None for no light."""
        if exp.kind is FrameKind.SCIENCE:
            return self._science(exp)
        if exp.kind not in self._cache:
            self._cache[exp.kind] = {
                chip.name: self._calibration(exp.kind, chip.name) for chip in self.arm.chips
            }
        return self._cache[exp.kind]

    def _calibration(self, kind: FrameKind, chip: str) -> np.ndarray | None:
        fmt = self.formats[chip]
        if kind is FrameKind.BIAS:
            return None
        if kind is FrameKind.FMTCHK:
            image = arc_scene(fmt, FMTCHK_LINE_HEIGHT_PX)
        elif kind is FrameKind.WAVE:
            image = arc_scene(fmt, self.arm.slit_px)
        elif kind is FrameKind.ORDERDEF:
            image = orderdef_scene(fmt)
        else:
            image = flat_scene(fmt, self.arm.slit_px)
        return self._to_raw(image, chip)

    def _science(self, exp: Exposure) -> dict[str, np.ndarray | None]:
        if exp.ob is None:
            raise ValueError(f"{exp.arcfile}: a science exposure needs its OB")
        sigma = seeing_sigma_px(exp.ob.seeing, self.arm.pixscale)
        column_e = column_electrons(exp.ob.star, self.arm)
        return {
            chip.name: self._to_raw(
                science_scene(self.formats[chip.name], exp.ob.star, column_e, sigma), chip.name
            )
            for chip in self.arm.chips
        }

    def _to_raw(self, image: np.ndarray, chip: str) -> np.ndarray:
        setup = next(c for c in self.arm.chips if c.name == chip)
        return standard_to_raw(image, setup.orientation)
