"""The GIRAFFE correlation plots of the trending pages: the seed paper's Figures 6 and 7.

* S/N of the brightest science fibre against its total counts, one point per raw frame, on
  log-log axes with the power-law fit: slope 1/2 where shot noise dominates (Figure 7).
* The magnitude the user entered in the fibre table against the extracted median flux, for the
  brightest and the faintest science fibre of each frame (Figure 6): a line of slope -0.4 in
  log flux per magnitude when the fibre allocation and the extraction are right.

``phoenix`` has no hook through which a plugin hands these to the report yet; callers pass
:data:`CORRELATIONS` to ``write_trending_report(..., scatter=...)``.
"""

from __future__ import annotations

from phoenix import ScatterPlot, ScatterSeries

CORRELATIONS: tuple[ScatterPlot, ...] = (
    ScatterPlot(
        name="snr_counts",
        title="S/N of the brightest fibre against its counts (one point per frame)",
        x_title="total extracted counts [e-]",
        y_title="median S/N per pixel",
        series=(ScatterSeries("brightest fibre", "counts_bright", "snr_bright"),),
        log_x=True,
        log_y=True,
        fit_power_law=True,
    ),
    ScatterPlot(
        name="magnitude_flux",
        title="User magnitude against extracted flux",
        x_title="magnitude (fibre table)",
        y_title="median flux [e-/s/nm]",
        series=(
            ScatterSeries("brightest fibre", "mag_bright", "flux_bright"),
            ScatterSeries("faintest fibre", "mag_faint", "flux_faint"),
        ),
        log_y=True,
    ),
)
