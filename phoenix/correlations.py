"""Correlation plots an instrument declares for its trending pages: QC parameter against QC parameter.

The values are plain data (no plotting here); :mod:`phoenix.report.scatter` draws them, one
point per job (for single-frame datasets: per raw frame).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ScatterSeries:
    """One set of points: QC parameter ``x`` against QC parameter ``y`` of the same job."""

    label: str
    x: str
    y: str


@dataclass(frozen=True)
class ScatterPlot:
    """A correlation plot of one or more series, on the trending page of every setup that has them.

    With ``fit_power_law`` the plot also shows the least-squares line of ``log y`` against
    ``log x`` and its slope (e.g. 0.5 for S/N against counts where shot noise dominates).
    """

    name: str
    title: str
    x_title: str
    y_title: str
    series: tuple[ScatterSeries, ...]
    log_x: bool = False
    log_y: bool = False
    fit_power_law: bool = False

    def __post_init__(self) -> None:
        if not self.series:
            raise ValueError(f"scatter plot {self.name}: needs at least one series")
