"""Mapping between the pipeline's standard frame and the raw data section of a chip.

uves_crop_and_rotate maps raw (x, y) to the standard frame as (NOTES.md 4.1, checked with a single
hot pixel): BLUE (x, y) -> (NY - y + 1, x); RED (x, y) -> (NY - y + 1, NX - x + 1).
"""

from __future__ import annotations

import numpy as np

from instruments.uves.simulator.setups import Orientation


def standard_to_raw(image: np.ndarray, orientation: Orientation) -> np.ndarray:
    """A standard-frame image (rows = y across orders, columns = x along dispersion) as raw data section."""
    if orientation is Orientation.BLUE:
        return np.ascontiguousarray(image[:, ::-1].T)
    return np.ascontiguousarray(image[::-1, ::-1].T)


def raw_to_standard(raw: np.ndarray, orientation: Orientation) -> np.ndarray:
    """Inverse of :func:`standard_to_raw`."""
    if orientation is Orientation.BLUE:
        return np.ascontiguousarray(raw.T[:, ::-1])
    return np.ascontiguousarray(raw.T[::-1, ::-1])
