"""Where report pages live under ``<workspace>/reports``, named in one place.

``<instrument>/<YYYY-MM>/index.html`` (the month), ``<instrument>/<YYYY-MM>/<night>.html`` (a
night's score report), ``<instrument>/trending/index.html`` and one page per setup beside it.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

MONTH = re.compile(r"\d{4}-\d{2}")
NIGHT = re.compile(r"\d{4}-\d{2}-\d{2}")


def check_month(month: str) -> str:
    """``month`` if it is ``YYYY-MM``; else :class:`ValueError` saying what was expected."""
    if not MONTH.fullmatch(month):
        raise ValueError(f"month must be YYYY-MM, got {month!r}")
    return month


def check_night(night: str) -> str:
    """``night`` if it is ``YYYY-MM-DD``; else :class:`ValueError` saying what was expected."""
    if not NIGHT.fullmatch(night):
        raise ValueError(f"night must be YYYY-MM-DD, got {night!r}")
    return night


def month_page(root: Path, instrument: str, month: str) -> Path:
    return root / instrument / month / "index.html"


def night_page(root: Path, instrument: str, night: str) -> Path:
    return root / instrument / night[:7] / f"{night}.html"


def trending_index(root: Path, instrument: str) -> Path:
    return root / instrument / "trending" / "index.html"


def setup_page(root: Path, instrument: str, setup_key: str) -> Path:
    """A readable, bounded and unique file name for a setup's trending page."""
    readable = re.sub(r"[^A-Za-z0-9.+-]+", "_", setup_key).strip("_")[:60] or "default"
    digest = hashlib.sha1(setup_key.encode(), usedforsecurity=False).hexdigest()[:8]
    return root / instrument / "trending" / f"{readable}.{digest}.html"
