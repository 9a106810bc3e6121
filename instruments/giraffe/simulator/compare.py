"""Extracted spectra and dispersion solutions against the injected truth, per fibre.

* flux ratio: the median over the spectrum of extracted flux / true source density, and the
  robust scatter of that ratio (1.4826 MAD);
* wavelength RMS: the dispersion solution against the true wavelength of every row, in rows
  (pixels) of the nominal dispersion.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from instruments.giraffe.setup import setting
from instruments.giraffe.simulator.model import (
    FibreTruth,
    FrameTruth,
    Optics,
    fibres_from_json,
    optics_from_json,
)


@dataclass(frozen=True)
class NightTruth:
    """The truth file of a simulated night, read back."""

    exp_mode: str
    optics: Optics
    frames: Mapping[str, FrameTruth]  # by raw file name

    def fibre(self, filename: str, fps: int) -> FibreTruth:
        return next(f for f in self.frames[filename].fibres if f.fps == fps)


@dataclass(frozen=True)
class FluxComparison:
    fps: int
    magnitude: float
    ratio: float
    scatter: float


def read_truth(path: Path) -> NightTruth:
    data: dict[str, Any] = json.loads(Path(path).read_text())
    frames = {
        f["filename"]: FrameTruth(
            f["filename"], f["exp_mode"], float(f["exptime"]), fibres_from_json(f["fibres"])
        )
        for f in data["frames"]
    }
    return NightTruth(data["exp_mode"], optics_from_json(data["optics"]), frames)


def flux_ratio(
    truth: NightTruth, filename: str, fps: int, wave_nm: np.ndarray, flux: np.ndarray
) -> FluxComparison:
    """Extracted over injected flux of one science fibre of one raw frame."""
    fibre = truth.fibre(filename, fps)
    if fibre.source is None:
        raise ValueError(f"{filename} fibre {fps} is a {fibre.type!r} fibre, without a source")
    true = fibre.source.density(np.asarray(wave_nm, dtype=float), setting(truth.exp_mode).wlen_nm)
    ratio = np.asarray(flux, dtype=float) / true
    median = float(np.median(ratio))
    return FluxComparison(fps, fibre.magnitude, median, float(1.4826 * np.median(np.abs(ratio - median))))


def wavelength_rms_px(truth: NightTruth, fps: int, solved_wave: np.ndarray) -> float:
    """RMS of a solution's row wavelengths (``solved_wave[row]``) about the truth, in pixels."""
    mode = setting(truth.exp_mode)
    rows = np.arange(solved_wave.size, dtype=float)
    true = truth.optics.wave(mode, fps, rows)
    return float(np.sqrt(np.mean(((solved_wave - true) / mode.dispersion(rows.size)) ** 2)))
