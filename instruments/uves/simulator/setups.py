"""The two UVES setups the simulator observes, as data (values from real UVES raw headers).

BLUE is cross-disperser CD#2 at 437 nm on the EEV CCD-44 (2048 x 3000 px); RED is CD#3 at 580 nm
on the two-chip mosaic: REDU (MIT/LL CCD-20, extension 1) and REDL (EEV CCD-44, extension 2),
2048 x 4096 px each. Every chip has 50 px of prescan and 50 px of overscan in x.

Gains follow the ESO header convention: ``DET OUTi CONAD`` is the conversion factor in e-/ADU
("Conversion from ADUs to electrons") and ``DET OUTi GAIN`` its inverse in ADU/e- ("Conversion
from electrons to ADU"); ``DET OUTi RON`` is the read-out noise in electrons.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

from instruments.uves import keywords as kw
from instruments.uves.simulator.frames import FrameKind


class Orientation(enum.StrEnum):
    """How uves_crop_and_rotate turns raw (x, y) into the standard frame (x = dispersion).

    BLUE: (x, y) -> (NY - y + 1, x); RED: (x, y) -> (NY - y + 1, NX - x + 1) (NOTES.md 4.1).
    """

    BLUE = "blue"
    RED = "red"


@dataclass(frozen=True)
class ChipSetup:
    """One CCD as a raw frame stores it."""

    name: str  # the pipeline's chip name: BLUE, REDL, REDU
    extension: int  # HDU holding the pixels (0 = primary)
    extname: str  # EXTNAME of the image extension ("" in the primary)
    number: int  # n of the DET CHIPn keywords
    chip_id: str
    chip_name: str
    chip_date: str
    chip_x: int  # position of the chip in the mosaic
    out_index: int
    out_id: str
    out_x: int
    ron_e: float  # read-out noise [e-]
    conad: float  # conversion factor [e-/ADU]
    bias_adu: float  # mean bias level [ADU]
    orientation: Orientation
    nx: int = 2048  # data pixels along raw x (cross-dispersion)
    ny: int = 4096  # data pixels along raw y (dispersion)
    prscx: int = 50
    ovscx: int = 50
    pixel_um: float = 15.0
    physical_ny: int = 4096  # DET CHIPn NY: the CCD's full height (BLUE is read in a 3000-row window)

    @property
    def gain(self) -> float:
        """The header's DET OUT1 GAIN [ADU/e-], the inverse of CONAD rounded as ESO writes it."""
        return round(1.0 / self.conad, 2)

    @property
    def ron_adu(self) -> float:
        """Read-out noise in ADU."""
        return self.ron_e / self.conad

    @property
    def raw_width(self) -> int:
        """NAXIS1 of the raw image: prescan + data + overscan."""
        return self.prscx + self.nx + self.ovscx

    @property
    def rotated_shape(self) -> tuple[int, int]:
        """(rows, columns) of the pipeline's standard frame: rows = orders, columns = dispersion."""
        return self.nx, self.ny

    @property
    def area_cm2(self) -> float:
        """Light-sensitive area, for the cosmic-ray rate."""
        return self.nx * self.ny * (self.pixel_um * 1e-4) ** 2


@dataclass(frozen=True)
class ArmSetup:
    """An instrument setup: optical path, cross-disperser, slit and detector."""

    arm: str  # kw.ARM_BLUE / kw.ARM_RED
    path: str  # INS PATH
    mode: str  # INS MODE
    grating_id: str
    grating_name: str
    wlen_nm: float  # central wavelength of the cross-disperser
    slit_width: float  # [arcsec]
    slit_length: float  # [arcsec]
    pixscale: float  # [arcsec/px] along the slit
    camera_temp: float  # INS TEMPn MEAN of this arm's camera [C]
    pressure_hpa: float  # INS SENS26 MEAN
    det_name: str
    read_speed: str
    read_clock: str
    readout_s: float
    chips: tuple[ChipSetup, ...]
    exptimes: Mapping[FrameKind, float] = field(default_factory=dict)

    @property
    def slit_px(self) -> float:
        """Drawn slit height: the pipeline computes it as slit length / pixel scale."""
        return self.slit_length / self.pixscale

    @property
    def det_chips(self) -> int:
        """DET CHIPS, which also selects _BLUE/_RED in ESO's OCA rules."""
        return len(self.chips)


BLUE_CHIP = ChipSetup(
    name=kw.CHIP_BLUE,
    extension=0,
    extname="",
    number=1,
    chip_id="CCD-44b",
    chip_name="EEV CCD-44",
    chip_date="2004-10-14",
    chip_x=1,
    out_index=1,
    out_id="L",
    out_x=1,
    ron_e=3.8,
    conad=1.84,
    bias_adu=176.0,
    orientation=Orientation.BLUE,
    ny=3000,
)
REDU_CHIP = ChipSetup(
    name=kw.CHIP_REDU,
    extension=1,
    extname="CCD-20",
    number=1,
    chip_id="CCD-20",
    chip_name="MIT/LL, EEV",
    chip_date="1998-07-09",
    chip_x=1,
    out_index=1,
    out_id="L",
    out_x=1,
    ron_e=4.0,
    conad=1.41,
    bias_adu=158.0,
    orientation=Orientation.RED,
)
REDL_CHIP = ChipSetup(
    name=kw.CHIP_REDL,
    extension=2,
    extname="CCD-44",
    number=2,
    chip_id="CCD-44",
    chip_name="MIT/LL, EEV",
    chip_date="1998-07-09",
    chip_x=2,
    out_index=2,
    out_id="R",
    out_x=4096,
    ron_e=4.0,
    conad=1.47,
    bias_adu=191.0,
    orientation=Orientation.RED,
)

BLUE_437 = ArmSetup(
    arm=kw.ARM_BLUE,
    path="BLUE",
    mode="BLUE",
    grating_id="CD#2",
    grating_name="CD#2",
    wlen_nm=437.0,
    slit_width=1.0,
    slit_length=8.0,
    pixscale=0.246,
    camera_temp=11.6,
    pressure_hpa=743.0,
    det_name="ccdUvB - uvesb",
    read_speed="1pt/225kHz/lg",
    read_clock="225kHz/1port/low_gain",
    readout_s=31.0,
    chips=(BLUE_CHIP,),
    exptimes={
        FrameKind.BIAS: 0.0,
        FrameKind.FMTCHK: 18.0,
        FrameKind.ORDERDEF: 42.0,
        FrameKind.FLAT: 57.41,
        FrameKind.WAVE: 19.0,
    },
)
RED_580 = ArmSetup(
    arm=kw.ARM_RED,
    path="RED",
    mode="RED",
    grating_id="CD#3",
    grating_name="CD#3",
    wlen_nm=580.0,
    slit_width=1.0,
    slit_length=8.0,
    pixscale=0.182,
    camera_temp=10.9,
    pressure_hpa=743.0,
    det_name="ccdUvR - ccdUvr",
    read_speed="2pts/225kHz/lg",
    read_clock="225kHz/2ports/low_gain",
    readout_s=40.0,
    chips=(REDU_CHIP, REDL_CHIP),
    exptimes={
        FrameKind.BIAS: 0.0,
        FrameKind.FMTCHK: 6.0,
        FrameKind.ORDERDEF: 12.0,
        FrameKind.FLAT: 15.0,
        FrameKind.WAVE: 8.0,
    },
)

SETUPS: dict[str, ArmSetup] = {kw.ARM_BLUE: BLUE_437, kw.ARM_RED: RED_580}
