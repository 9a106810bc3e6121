"""xsh_2dmap, xsh_wavecal and xsh_flexcomp: the wavelength solution, the resolution, the flexure."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from instruments.xshooter import categories as cat
from instruments.xshooter import keywords as kw
from instruments.xshooter.recipes import frames
from instruments.xshooter.recipes.calib import calibrated
from instruments.xshooter.recipes.geometry import Dispersion, Orders, fit
from instruments.xshooter.recipes.lines import box_profile, find_peaks, fwhm, match
from phoenix import RecipeError, SofEntry

PINHOLE_HALF_PX = 3.0  # the central pinhole only (the next ones are 8 pixels away)
CENTROID_PX = 0.05  # the precision of a line centroid [pix], the floor of the fit's clipping
EXTRAPOLATE_PX = 5.0  # how far beyond its outermost lines an order's solution is trusted


def _catalogue(sof: Sequence[SofEntry], arm: str, recipe: str) -> np.ndarray:
    return np.asarray(frames.read_table(frames.path_of(sof, cat.ARC_LINE_LIST, arm, recipe))[1]["WAVELENGTH"])


def _write(workdir: Path, category: str, recipe: str, reference, parameters, qc, table) -> None:  # type: ignore[no-untyped-def]
    header = frames.product_header(category, recipe, reference, parameters, qc)
    for key, value in table.cards().items():
        header[f"HIERARCH {key}"] = value
    frames.write_table(workdir / f"{category}.fits", header, table.columns())


def xsh_2dmap(sof: Sequence[SofEntry], workdir: Path, parameters: dict[str, Any]) -> None:
    """The wavelength solution per order from the multi-pinhole arc.

    Per order: the central pinhole's profile along the order centre, its line centroids, matched to
    the line list where the first-guess solution (xsh_predict) puts them (3, then 1 pixel), and a
    sigma-clipped polynomial lambda(y); QC: the RMS of the fit [nm] and the number of lines.
    """
    arm = frames.arm_of(sof, "xsh_2dmap")
    hsize = int(parameters.get("detectarclines-fit-win-hsize", 6))
    degree = int(parameters.get("wavesol-polydeg", 3))
    catalogue = _catalogue(sof, arm, "xsh_2dmap")
    arc = calibrated(sof, cat.of_arm(cat.WAVE, arm), arm, "xsh_2dmap")[0]
    orders = Orders.read(frames.path_of(sof, cat.ORDER_TAB_EDGES_SLIT, arm, "xsh_2dmap"))
    guess = Dispersion.read(frames.path_of(sof, cat.XSH_MOD_CFG_OPT_FMT, arm, "xsh_2dmap"))
    rows_all = np.arange(orders.ny)
    coeffs, rms, nlines, valid = [], [], [], []
    for m in range(orders.count):
        profile = box_profile(arc.electrons, orders.x_centre(m, rows_all), PINHOLE_HALF_PX)
        peaks = find_peaks(profile, hsize)
        solution = guess
        for tolerance in (3.0, 1.5, 1.0, 1.0):  # each fit extends the solution towards the ends
            rows, lams = match(
                peaks, catalogue, lambda x, s=solution, m=m: s.row_of_extrapolated(m, x), tolerance
            )
            if rows.size < degree + 3:
                raise RecipeError(
                    "xsh_2dmap", 1, f"order {m}: only {rows.size} arc lines matched", str(workdir)
                )
            pixel = float(np.median(np.abs(np.diff(guess.wavelength(m, np.arange(orders.ny))))))
            c, keep = fit(rows, lams, degree, orders.ny, floor=CENTROID_PX * pixel)
            solution = Dispersion(
                orders.ny, tuple(c if i == m else solution.coeffs[i] for i in range(orders.count))
            )
        resid = lams[keep] - np.polyval(c, rows[keep] / (orders.ny - 1))
        coeffs.append(c)
        rms.append(float(np.sqrt(np.mean(resid**2))))
        nlines.append(int(keep.sum()))
        valid.append((float(rows[keep].min()) - EXTRAPOLATE_PX, float(rows[keep].max()) + EXTRAPOLATE_PX))
    table = Dispersion(orders.ny, tuple(coeffs), tuple(rms), tuple(nlines), valid=tuple(valid))
    qc = {kw.QC_WAVE_RMS: float(np.sqrt(np.mean(np.square(rms)))), kw.QC_WAVE_NLINES: int(sum(nlines))}
    _write(workdir, cat.of_arm(cat.DISP_TAB, arm), "xsh_2dmap", arc.header, parameters, qc, table)


def xsh_wavecal(sof: Sequence[SofEntry], workdir: Path, parameters: dict[str, Any]) -> None:
    """The resolving power through the slit: FWHM of the identified lines of the slit arc.

    QC RESOLUTION is the median lambda / FWHM of the lines (in this plugin's scaled-down
    simulation it is the simulated resolution, not the real instrument's).
    """
    arm = frames.arm_of(sof, "xsh_wavecal")
    hsize = int(parameters.get("detectarclines-fit-win-hsize", 6))
    catalogue = _catalogue(sof, arm, "xsh_wavecal")
    arc = calibrated(sof, cat.of_arm(cat.ARC_SLIT, arm), arm, "xsh_wavecal")[0]
    orders = Orders.read(frames.path_of(sof, cat.ORDER_TAB_EDGES_SLIT, arm, "xsh_wavecal"))
    disp = Dispersion.read(frames.path_of(sof, cat.DISP_TAB, arm, "xsh_wavecal"))
    rows_all = np.arange(orders.ny)
    out_lam, out_row, out_fwhm, out_order = [], [], [], []
    for m in range(orders.count):
        profile = box_profile(arc.electrons, orders.x_centre(m, rows_all), orders.half_length(m) - 1.0)
        rows, lams = match(find_peaks(profile, hsize), catalogue, lambda x, m=m: disp.row_of(m, x), 1.0)
        for row, lam in zip(rows, lams, strict=True):
            out_lam.append(lam)
            out_row.append(row)
            out_fwhm.append(fwhm(profile, row, hsize) * float(disp.per_pixel(m, row)))
            out_order.append(m)
    if not out_lam:
        raise RecipeError("xsh_wavecal", 1, "no arc line identified through the slit", str(workdir))
    lam, width = np.array(out_lam), np.array(out_fwhm)
    qc = {kw.QC_RESOLUTION: float(np.nanmedian(lam / width)), kw.QC_WAVE_NLINES: int(lam.size)}
    category = cat.of_arm(cat.TILT_TAB_SLIT, arm)
    header = frames.product_header(category, "xsh_wavecal", arc.header, parameters, qc)
    frames.write_table(
        workdir / f"{category}.fits",
        header,
        {"ORDER": np.array(out_order), "WAVELENGTH": lam, "Y": np.array(out_row), "FWHM": width},
    )


def xsh_flexcomp(sof: Sequence[SofEntry], workdir: Path, parameters: dict[str, Any]) -> None:
    """The night's flexure from the attached-flexure-compensation (AFC) arc of the OB.

    The AFC pinhole's lines are found along the daytime order centres and matched to the line
    list where the daytime solution puts them (within 3 pixels); their median row offset is the
    shift along the dispersion, the median offset of their x centroids from the daytime trace the
    shift across it. The daytime tables are written again with the shifts (DISP_TAB_AFC,
    ORDER_TAB_AFC_SLIT); QC: both shifts [pix].
    """
    arm = frames.arm_of(sof, "xsh_flexcomp")
    hsize = int(parameters.get("detectarclines-fit-win-hsize", 6))
    catalogue = _catalogue(sof, arm, "xsh_flexcomp")
    arc = calibrated(sof, cat.of_arm(cat.AFC_ATT, arm), arm, "xsh_flexcomp")[0]
    orders = Orders.read(frames.path_of(sof, cat.ORDER_TAB_EDGES_SLIT, arm, "xsh_flexcomp"))
    disp = Dispersion.read(frames.path_of(sof, cat.DISP_TAB, arm, "xsh_flexcomp"))
    rows_all = np.arange(orders.ny)
    dys, dxs = [], []
    for m in range(orders.count):
        centre = orders.x_centre(m, rows_all)
        profile = box_profile(arc.electrons, centre, 6.0)
        rows, lams = match(find_peaks(profile, hsize), catalogue, lambda x, m=m: disp.row_of(m, x), 3.0)
        dys += list(rows - disp.row_of(m, lams))
        for row in rows:
            y = round(row)
            cols = np.arange(arc.electrons.shape[1])
            sel = np.abs(cols - centre[y]) <= 6.0
            w = np.clip(arc.electrons[y, sel] - np.median(arc.electrons[y, sel]), 0.0, None)
            if w.sum() > 0:
                dxs.append(float(np.sum(w * cols[sel]) / w.sum() - centre[y]))
    if len(dys) < 5:
        raise RecipeError("xsh_flexcomp", 1, f"only {len(dys)} AFC lines matched", str(workdir))
    dy, dx = float(np.median(dys)), float(np.median(dxs))
    qc = {kw.QC_AFC_XSHIFT: dx, kw.QC_AFC_YSHIFT: dy}
    shifted = Dispersion(disp.ny, disp.coeffs, disp.rms, disp.nlines, disp.yshift + dy, disp.valid)
    _write(workdir, cat.of_arm(cat.DISP_TAB_AFC, arm), "xsh_flexcomp", arc.header, parameters, qc, shifted)
    moved = Orders(
        orders.ny, orders.centre, orders.lower, orders.upper, (orders.shift[0] + dx, orders.shift[1] + dy)
    )
    _write(
        workdir, cat.of_arm(cat.ORDER_TAB_AFC_SLIT, arm), "xsh_flexcomp", arc.header, parameters, qc, moved
    )
