"""The static calibration tables a simulated night comes with, one of each per arm.

* ``SPECTRAL_FORMAT_TAB_<arm>``: per order its wavelengths at the first, middle and last row and
  the x of the slit centre at the middle row, as the instrument's physical model predicts them:
  close to, but not exactly, where the light falls (1.5 pixels in lambda, 3 in x), so that the
  recipes must measure;
* ``ARC_LINE_LIST_<arm>``: the arc lamp's line wavelengths (a synthetic list standing in for the
  ThAr / Ar-Ne-Kr-Xe lists of the xshoo kit);
* ``FLUX_STD_CATALOG_<arm>``: the tabulated spectrum of the flux standard;
* ``HIGH_ABS_WIN_<arm>``: the wavelength windows of strong telluric absorption, where a
  response curve is interpolated rather than measured.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from astropy.io import fits

from instruments.xshooter import categories as cat
from instruments.xshooter import keywords as kw
from instruments.xshooter.simulator import sources
from instruments.xshooter.simulator.headers import card
from instruments.xshooter.simulator.layout import LAYOUTS

MODEL_ERROR_PX = (3.0, 1.5)  # (x, y) offset of the physical model's prediction


def _table(path: Path, category: str, arm: str, columns: list[fits.Column], extra: dict | None = None) -> str:
    primary = fits.PrimaryHDU()
    primary.header.append(card(kw.INSTRUME, "XSHOOTER"))
    primary.header.append(card(kw.PRO_CATG, category))
    primary.header.append(card(kw.SEQ_ARM, arm))
    for key, value in (extra or {}).items():
        primary.header.append(card(key, value))
    fits.HDUList([primary, fits.BinTableHDU.from_columns(columns)]).writeto(path, overwrite=True)
    return str(path)


def write_statics(directory: Path) -> dict[str, str]:
    """Write every arm's static tables into ``directory``; category -> path."""
    out: dict[str, str] = {}
    for arm, layout in LAYOUTS.items():
        dx, dy = MODEL_ERROR_PX
        rows = np.array([0.0, (layout.ny - 1) / 2.0, layout.ny - 1.0])
        orders = range(layout.n_orders)
        lam = np.array([layout.wavelength(m, rows - dy) for m in orders])
        xcen = np.array([float(layout.centre(m, rows[1])) + dx for m in orders])
        name = cat.of_arm(cat.SPECTRAL_FORMAT_TAB, arm)
        out[name] = _table(
            directory / f"{name}.fits",
            name,
            arm,
            [
                fits.Column("ORDER", "J", array=np.arange(layout.n_orders)),
                fits.Column("WLMIN", "D", unit="nm", array=lam[:, 0]),
                fits.Column("WLCEN", "D", unit="nm", array=lam[:, 1]),
                fits.Column("WLMAX", "D", unit="nm", array=lam[:, 2]),
                fits.Column("XCEN", "D", unit="pix", array=xcen),
            ],
            {kw.PRO_NY: layout.ny, kw.PRO_SLIT_LENGTH: layout.slit_px},
        )
        lines, _ = sources.arc_lines(arm)
        name = cat.of_arm(cat.ARC_LINE_LIST, arm)
        out[name] = _table(
            directory / f"{name}.fits", name, arm, [fits.Column("WAVELENGTH", "D", unit="nm", array=lines)]
        )
        grid = np.arange(layout.lam_min - 10.0, layout.lam_max + 10.0, 0.5)
        star = sources.standard_star()
        name = cat.of_arm(cat.FLUX_STD_CATALOG, arm)
        out[name] = _table(
            directory / f"{name}.fits",
            name,
            arm,
            [
                fits.Column("LAMBDA", "D", unit="nm", array=grid),
                fits.Column("FLUX", "D", unit="erg/s/cm2/Angstrom", array=star.flux(grid)),
            ],
            {kw.OBJECT: star.name},
        )
        edge = 2.0 * sources.TELLURIC_EDGE_NM
        bands = [
            (lo - edge, hi + edge)
            for lo, hi, _ in sources.TELLURIC_BANDS
            if hi > layout.lam_min and lo < layout.lam_max
        ]
        name = cat.of_arm(cat.HIGH_ABS_WIN, arm)
        out[name] = _table(
            directory / f"{name}.fits",
            name,
            arm,
            [
                fits.Column("LAMBDA_MIN", "D", unit="nm", array=np.array([b[0] for b in bands], dtype=float)),
                fits.Column("LAMBDA_MAX", "D", unit="nm", array=np.array([b[1] for b in bands], dtype=float)),
            ],
        )
    return out
