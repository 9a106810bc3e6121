"""Fixtures of the SDP tests: a valid product written to a temporary directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from phoenix.sdp import write_spectrum_product
from tests.sdp.synthetic import make_product


@pytest.fixture
def written(tmp_path: Path) -> Path:
    """A valid product on disk."""
    return write_spectrum_product(make_product(), tmp_path / "ADP_spectrum.fits")
