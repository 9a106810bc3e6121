"""PNG previews of extracted spectra, the ``ANCILLARY.PREVIEW`` files of the Phase 3 products.

Like the seed paper's Figures 1-3: the whole spectrum on top (rebinned when it has more pixels
than a PNG can show) and, below it, a few windows at full resolution, marked on the overview.

Drawn with matplotlib's object-oriented API on the Agg canvas (no ``pyplot``, so no global
figure state: previews of several datasets may be drawn at once from the flow's worker threads)
and written atomically, so a preview is never half-written when its MD5 goes into a header.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from phoenix.report.zoom import overview, zoom_windows
from phoenix.types import Spectrum1D

SIZE_INCHES = (11.0, 6.5)
DPI = 100
OVERVIEW_POINTS = 2000  # at most this many points in the overview, about two per screen column
ZOOM_WINDOWS = 3
FLUX_COLOUR = "#1f3b73"
ERROR_COLOUR = "#b0b0b0"
WINDOW_COLOUR = "#f2a900"
ARCHIVE_MODE = 0o644


def write_spectrum_preview(spectrum: Spectrum1D, path: os.PathLike[str] | str, title: str) -> Path:
    """Draw ``spectrum`` and write the PNG preview to ``path`` (replacing any older file).

    :param spectrum: wavelengths in nm, flux and error in ``spectrum.flux_unit``.
    :param path: the PNG file to write; its directory must exist.
    :param title: the figure's title, e.g. the product name and the target.
    :return: ``path`` as a :class:`~pathlib.Path`.
    """
    target = Path(path)
    wave = np.asarray(spectrum.wave_nm, float)
    flux = np.asarray(spectrum.flux, float)
    error = np.asarray(spectrum.error, float)
    windows = zoom_windows(flux, ZOOM_WINDOWS)
    # fixed margins: a constrained layout costs ~40 % of the drawing time, once per product
    figure = Figure(figsize=SIZE_INCHES, dpi=DPI)
    figure.subplots_adjust(left=0.07, right=0.98, top=0.92, bottom=0.09, hspace=0.35, wspace=0.25)
    FigureCanvasAgg(figure)
    grid = figure.add_gridspec(2, max(len(windows), 1), height_ratios=(3, 2))
    unit = spectrum.flux_unit or "arbitrary"
    top = figure.add_subplot(grid[0, :])
    _draw_overview(top, wave, flux, unit)
    for column, (start, stop) in enumerate(windows):
        top.axvspan(wave[start], wave[stop - 1], color=WINDOW_COLOUR, alpha=0.25, lw=0)
        axes = figure.add_subplot(grid[1, column])
        _draw_zoom(axes, wave[start:stop], flux[start:stop], error[start:stop], unit, column == 0)
    figure.suptitle(title, fontsize=11)
    _save(figure, target, title)
    return target


def _draw_overview(axes, wave: np.ndarray, flux: np.ndarray, unit: str) -> None:  # type: ignore[no-untyped-def]
    x, y, factor = overview(wave, flux, OVERVIEW_POINTS)
    axes.plot(x, y, color=FLUX_COLOUR, lw=0.7)
    label = f"whole spectrum, {len(wave)} pixels"
    if factor > 1:
        label += f" (rebinned ×{factor})"
    axes.set_title(label, fontsize=9, loc="left")
    axes.set_xlabel("wavelength [nm]")
    axes.set_ylabel(f"flux [{unit}]")
    axes.set_xlim(wave[0], wave[-1])
    _robust_ylim(axes, flux)


def _draw_zoom(  # type: ignore[no-untyped-def]
    axes, wave: np.ndarray, flux: np.ndarray, error: np.ndarray, unit: str, first: bool
) -> None:
    axes.fill_between(
        wave, flux - error, flux + error, color=ERROR_COLOUR, lw=0, step="mid", label="flux ± error"
    )
    axes.plot(wave, flux, color=FLUX_COLOUR, lw=0.8, drawstyle="steps-mid", label="flux")
    axes.set_title(f"{wave[0]:.2f}–{wave[-1]:.2f} nm, full resolution", fontsize=8, loc="left")
    axes.set_xlabel("wavelength [nm]")
    axes.tick_params(labelsize=7)
    if first:
        axes.set_ylabel(f"flux [{unit}]")
        axes.legend(fontsize=7, loc="lower left")
    _robust_ylim(axes, flux)


def _robust_ylim(axes, values: np.ndarray) -> None:  # type: ignore[no-untyped-def]
    # A few cosmic rays or edge spikes must not flatten the spectrum into a line.
    finite = values[np.isfinite(values)]
    if finite.size < 2:
        return
    low, high = np.percentile(finite, [0.5, 99.5])
    pad = 0.08 * (high - low) or max(abs(high), 1.0) * 0.05
    axes.set_ylim(low - pad, high + pad)


def _save(figure: Figure, target: Path, title: str) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            figure.savefig(stream, format="png", dpi=DPI, metadata={"Title": title})
        os.chmod(temporary, ARCHIVE_MODE)  # mkstemp's 0600 would hide the preview from archive users
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def write_whitelight_preview(image: np.ndarray, path: os.PathLike[str] | str, title: str, unit: str) -> Path:
    """Draw a cube's white-light image (north up as stored, robust grey scale) and write the PNG."""
    target = Path(path)
    values = np.asarray(image, float)
    finite = values[np.isfinite(values)]
    low, high = np.percentile(finite, [1.0, 99.8]) if finite.size else (0.0, 1.0)
    ny, nx = values.shape
    width = min(SIZE_INCHES[0], max(4.0, 0.04 * nx + 2.0))
    height = min(SIZE_INCHES[1], max(2.5, width * ny / max(nx, 1) + 1.5))
    figure = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot(1, 1, 1)
    shown = axes.imshow(values, origin="lower", cmap="gray", vmin=low, vmax=high, aspect="equal")
    figure.colorbar(shown, ax=axes, label=unit or "arbitrary", shrink=0.8)
    axes.set_xlabel("x [spaxel]")
    axes.set_ylabel("y [spaxel]")
    figure.suptitle(title, fontsize=10)
    _save(figure, target, title)
    return target
