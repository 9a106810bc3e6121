"""Bookkeeping rows for tests that need a dataset without running the line to make one."""

from __future__ import annotations

from typing import Any

from phoenix.db.models import Dataset

DATASET_DEFAULTS: dict[str, Any] = {
    "instrument": "uves",
    "night": "2016-05-03",
    "kind": "science",
    "category": "SCIENCE_BLUE",
    "arm": "BLUE",
    "chain": "science_blue",
    "mjd_obs": 57512.0,
}


def dataset_row(name: str, **overrides: Any) -> Dataset:
    """A Dataset with a UVES blue science dataset's defaults, ``overrides`` on top."""
    return Dataset(name=name, **{**DATASET_DEFAULTS, **overrides})
