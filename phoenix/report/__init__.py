"""Process QC made visible: score reports, trending pages and spectrum previews.

* :func:`write_night_report` / :func:`write_month_report`: a night's score report (one row per
  dataset, one colour box per QC value that opens its trending plot) and the month's index;
* :func:`write_trending_report`: the Health Check pages, every QC parameter per setup over time;
* :func:`phoenix.report.previews.write_spectrum_preview`: the PNG preview of a spectrum.

Pages are static HTML under ``<workspace>/reports`` (:func:`reports_root`); plotly.js is served
from a local copy in ``reports/_static``, and the figures (built with plotly's Python API) are
embedded in the pages as JSON.
"""

from phoenix.report.write import reports_root, write_month_report, write_night_report, write_trending_report

__all__ = ["reports_root", "write_month_report", "write_night_report", "write_trending_report"]
