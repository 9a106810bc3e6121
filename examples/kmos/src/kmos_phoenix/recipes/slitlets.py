"""Finding the slitlets on a flat, and reading them back from the FLAT_EDGE table.

A slitlet is a run of illuminated columns; runs separated by a wider gap belong to the next IFU.
IFUs are numbered from 1 at the left of the array, slitlets 0..13 within an IFU.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from astropy.io import fits

SLITLETS_PER_IFU = 14
IFU_GAP_MIN = 4  # columns: a gap this wide or wider separates IFUs (slitlets are 2 apart)


@dataclass(frozen=True)
class Edge:
    ifu: int
    slitlet: int
    left: int
    right: int  # exclusive

    @property
    def columns(self) -> slice:
        return slice(self.left, self.right)


def find_edges(flat: np.ndarray, threshold: float) -> tuple[Edge, ...]:
    """Slitlets of a lamp flat (rows x columns), from its median column profile.

    :raises ValueError: when the runs do not form whole IFUs of 14 slitlets.
    """
    profile = np.median(flat, axis=0)
    bright = profile > threshold * np.median(profile[profile > 0.5 * profile.max()])
    runs, start = [], None
    for column, lit in enumerate(bright):
        if lit and start is None:
            start = column
        elif not lit and start is not None:
            runs.append((start, column))
            start = None
    if start is not None:
        runs.append((start, len(bright)))
    edges, ifu, index = [], 1, 0
    for k, (left, right) in enumerate(runs):
        if k and left - runs[k - 1][1] >= IFU_GAP_MIN:
            if index != SLITLETS_PER_IFU:
                raise ValueError(f"IFU {ifu}: found {index} slitlets, expected {SLITLETS_PER_IFU}")
            ifu, index = ifu + 1, 0
        edges.append(Edge(ifu, index, left, right))
        index += 1
    if index != SLITLETS_PER_IFU:
        raise ValueError(f"IFU {ifu}: found {index} slitlets, expected {SLITLETS_PER_IFU}")
    return tuple(edges)


def edge_table(edges: tuple[Edge, ...]) -> fits.BinTableHDU:
    columns = [
        fits.Column(name=name, format="J", array=np.array([getattr(e, name.lower()) for e in edges]))
        for name in ("IFU", "SLITLET", "LEFT", "RIGHT")
    ]
    return fits.BinTableHDU.from_columns(columns, name="EDGES")


def read_edges(path: str) -> tuple[Edge, ...]:
    rows = fits.getdata(path, extname="EDGES")
    return tuple(Edge(int(r["IFU"]), int(r["SLITLET"]), int(r["LEFT"]), int(r["RIGHT"])) for r in rows)
