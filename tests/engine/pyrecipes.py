"""Python recipes the engine tests run through the python runner (in a child process)."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
from astropy.io import fits

from phoenix.runners.base import SofEntry


def scale(sof: list[SofEntry], workdir: Path, parameters: dict) -> None:
    """Write each RAW input times ``factor`` as a SCALED product, with its mean as a QC value."""
    for i, entry in enumerate(e for e in sof if e.tag == "RAW"):
        data = fits.getdata(entry.path).astype(float) * float(parameters["factor"])
        header = fits.Header({"HIERARCH ESO PRO CATG": "SCALED", "HIERARCH ESO QC MEAN": float(data.mean())})
        fits.PrimaryHDU(data, header).writeto(workdir / f"scaled_{i}.fits")
    print(f"scaled {len(sof)} frames by {parameters['factor']}")


def hang(sof: list[SofEntry], workdir: Path, parameters: dict) -> None:
    time.sleep(600)


def fail(sof: list[SofEntry], workdir: Path, parameters: dict) -> None:
    raise ValueError("no arc lines found above 5 sigma")


def write_raw(path: Path, value: float) -> Path:
    fits.PrimaryHDU(np.full((4, 4), value, dtype=np.float32)).writeto(path)
    return path
