"""xsh_predict, xsh_orderpos and xsh_mflat: first-guess solution, order traces, master flat and edges."""

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
from instruments.xshooter.recipes.lines import box_profile, find_peaks, match
from phoenix import RecipeError, SofEntry

GUESS_HALF_PX = 9.0  # half width of the box around the model's x centre
TRACE_STEP = 4  # rows between trace measurements
TRACE_HALF_PX = 7


def spectral_format(path: str) -> tuple[int, np.ndarray, np.ndarray]:
    """(rows, per order [WLMIN, WLCEN, WLMAX], per order XCEN) of a SPECTRAL_FORMAT_TAB."""
    header, rows = frames.read_table(path)
    lam = np.column_stack([rows["WLMIN"], rows["WLCEN"], rows["WLMAX"]])
    return int(header[kw.PRO_NY]), lam, np.asarray(rows["XCEN"], dtype=float)


def _guess(ny: int, lam: np.ndarray) -> Dispersion:
    """The physical model's lambda(y) per order: the parabola through its three wavelengths."""
    u = np.array([0.0, 0.5, 1.0])
    return Dispersion(ny, tuple(np.polyfit(u, row, 2) for row in lam))


def xsh_predict(sof: Sequence[SofEntry], workdir: Path, parameters: dict[str, Any]) -> None:
    """Lines of the one-pinhole arc, matched to the line list around the model's prediction.

    Per order: the arc's profile along the model's x centre, its peaks, matched to the line list
    where the model predicts them (within 6 pixels, then 2 after a first fit); a lambda(y)
    parabola and the pinhole's x(y) line through the matched spots.
    """
    arm = frames.arm_of(sof, "xsh_predict")
    hsize = int(parameters.get("detectarclines-fit-win-hsize", 6))
    ny, lam, xcen = spectral_format(frames.path_of(sof, cat.SPECTRAL_FORMAT_TAB, arm, "xsh_predict"))
    catalogue = np.asarray(
        frames.read_table(frames.path_of(sof, cat.ARC_LINE_LIST, arm, "xsh_predict"))[1]["WAVELENGTH"]
    )
    arc = calibrated(sof, cat.of_arm(cat.FMTCHK, arm), arm, "xsh_predict")[0]
    guess = _guess(ny, lam)
    coeffs, centres, nlines = [], [], []
    for m in range(guess.count):
        profile = box_profile(arc.electrons, np.full(ny, xcen[m]), GUESS_HALF_PX)
        peaks = find_peaks(profile, hsize)
        solution = guess
        for tolerance, degree in ((6.0, 2), (2.0, 2)):
            rows, lams = match(peaks, catalogue, lambda x, s=solution, m=m: s.row_of(m, x), tolerance)
            if rows.size < degree + 2:
                raise RecipeError("xsh_predict", 1, f"order {m}: {rows.size} arc lines matched", str(workdir))
            c, _ = fit(rows, lams, degree, ny)
            solution = Dispersion(ny, tuple(c if i == m else solution.coeffs[i] for i in range(guess.count)))
        coeffs.append(solution.coeffs[m])
        nlines.append(rows.size)
        xs = np.array([_x_centroid(arc.electrons, r, xcen[m]) for r in rows])
        centres.append(fit(rows, xs, 1, ny)[0])
    qc = {kw.QC_WAVE_NLINES: int(sum(nlines)), kw.QC_NORD: len(coeffs)}
    fmt = Dispersion(ny, tuple(coeffs), nlines=tuple(nlines))
    orders = Orders(ny, tuple(centres))
    for category, table in (
        (cat.of_arm(cat.XSH_MOD_CFG_OPT_FMT, arm), fmt),
        (cat.of_arm(cat.ORDER_TAB_GUESS, arm), orders),
    ):
        header = frames.product_header(category, "xsh_predict", arc.header, parameters, qc)
        for key, value in table.cards().items():
            header[f"HIERARCH {key}"] = value
        frames.write_table(workdir / f"{category}.fits", header, table.columns())


def _x_centroid(image: np.ndarray, row: float, x0: float, half: float = GUESS_HALF_PX) -> float:
    y = round(row)
    cols = np.arange(image.shape[1])
    sel = np.abs(cols - x0) <= half
    w = np.clip(image[y, sel] - np.median(image[y, sel]), 0.0, None)
    return float(np.sum(w * cols[sel]) / w.sum()) if w.sum() > 0 else float("nan")


def xsh_orderpos(sof: Sequence[SofEntry], workdir: Path, parameters: dict[str, Any]) -> None:
    """The order centres traced on the one-pinhole continuum frame: centroids every few rows, then a
    sigma-clipped polynomial x(y) per order; QC: the residual RMS [pix]."""
    arm = frames.arm_of(sof, "xsh_orderpos")
    degree = int(parameters.get("orderpos-polydeg", 3))
    tag = next(e.tag for e in sof if e.tag.startswith(cat.ORDERDEF))
    frame = calibrated(sof, tag, arm, "xsh_orderpos")[0]
    guess = Orders.read(frames.path_of(sof, cat.ORDER_TAB_GUESS, arm, "xsh_orderpos"))
    rows = np.arange(TRACE_STEP, guess.ny - TRACE_STEP, TRACE_STEP)
    centres, resid = [], []
    for m in range(guess.count):
        xs = np.array(
            [_x_centroid(frame.electrons, y, float(guess.x_centre(m, y)), TRACE_HALF_PX) for y in rows]
        )
        coeffs, keep = fit(rows, xs, degree, guess.ny, floor=0.05)
        centres.append(coeffs)
        resid.append(xs[keep] - np.polyval(coeffs, rows[keep] / (guess.ny - 1)))
    rms = float(np.sqrt(np.mean(np.concatenate(resid) ** 2)))
    category = cat.of_arm(cat.ORDER_TAB_CENTR, arm)
    orders = Orders(guess.ny, tuple(centres))
    header = frames.product_header(
        category, "xsh_orderpos", frame.header, parameters, {kw.QC_ORD_RMS: rms, kw.QC_NORD: orders.count}
    )
    for key, value in orders.cards().items():
        header[f"HIERARCH {key}"] = value
    frames.write_table(workdir / f"{category}.fits", header, orders.columns())


def xsh_mflat(sof: Sequence[SofEntry], workdir: Path, parameters: dict[str, Any]) -> None:
    """The master flat and the slit edges of every order.

    The flats (bias/dark removed) are median-combined; per order the slit edges are where the
    flat's cross-order profile crosses ``detectorder-edges-flux-thresh`` of its plateau, traced
    every few rows and fitted. The master flat is the combined flat divided by one number, the
    median inside the orders, so that it keeps the blaze and the lamp's colour (the extraction
    divides them out; the response takes the lamp's colour back); outside the orders it is 0.
    """
    arm = frames.arm_of(sof, "xsh_mflat")
    threshold = float(parameters.get("detectorder-edges-flux-thresh", 0.5))
    tag = next(e.tag for e in sof if e.tag.startswith(("FLAT_SLIT", "FLAT_QTH_SLIT", "FLAT_D2_SLIT")))
    flats = calibrated(sof, tag, arm, "xsh_mflat", at_least=3)
    flat = np.median(np.stack([f.electrons for f in flats]), axis=0)
    centres = Orders.read(frames.path_of(sof, cat.ORDER_TAB_CENTR, arm, "xsh_mflat"))
    ny, nx = flat.shape
    rows = np.arange(TRACE_STEP, ny - TRACE_STEP, TRACE_STEP)
    lower, upper = [], []
    inside = np.zeros(flat.shape, dtype=bool)
    cols = np.arange(nx)
    for m in range(centres.count):
        lo_x, hi_x = [], []
        for y in rows:
            lo, hi = _edges(flat[y], float(centres.x_centre(m, y)), threshold)
            lo_x.append(lo)
            hi_x.append(hi)
        lower.append(fit(rows, np.array(lo_x), 2, ny, floor=0.05)[0])
        upper.append(fit(rows, np.array(hi_x), 2, ny, floor=0.05)[0])
        u = np.arange(ny) / (ny - 1)
        lo_all, hi_all = np.polyval(lower[-1], u), np.polyval(upper[-1], u)
        inside |= (cols[None, :] >= lo_all[:, None] + 1.0) & (cols[None, :] <= hi_all[:, None] - 1.0)
    norm = float(np.median(flat[inside]))
    master = np.where(inside, flat / norm, 0.0)
    edges = Orders(ny, centres.centre, tuple(lower), tuple(upper))
    qc = {kw.QC_FLAT_MEAN: norm, kw.QC_NORD: edges.count}
    header = frames.product_header(
        cat.of_arm(cat.MASTER_FLAT_SLIT, arm), "xsh_mflat", flats[0].header, parameters, qc
    )
    frames.write_image(workdir / f"{cat.of_arm(cat.MASTER_FLAT_SLIT, arm)}.fits", header, master)
    category = cat.of_arm(cat.ORDER_TAB_EDGES_SLIT, arm)
    header = frames.product_header(category, "xsh_mflat", flats[0].header, parameters, qc)
    for key, value in edges.cards().items():
        header[f"HIERARCH {key}"] = value
    frames.write_table(workdir / f"{category}.fits", header, edges.columns())


def _edges(row: np.ndarray, centre: float, threshold: float) -> tuple[float, float]:
    """Where the profile around ``centre`` falls below ``threshold`` of its plateau, on each side."""
    c = round(centre)
    plateau = float(np.median(row[c - 5 : c + 6]))
    level = threshold * plateau

    def crossing(step: int) -> float:
        i = c
        while 0 < i < row.size - 1 and row[i + step] > level:
            i += step
        a, b = row[i], row[i + step]
        frac = (a - level) / (a - b) if a != b else 0.0
        return i + step * frac

    return crossing(-1), crossing(1)
