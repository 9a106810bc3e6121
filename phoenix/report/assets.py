"""The files every page loads, installed once under ``<reports>/_static``: plotly, the style, the script.

plotly.js is copied from the installed ``plotly`` package (its ``package_data/plotly.min.js``),
so pages work offline and always match the Python package that built their figures.
"""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

STATIC = "_static"
PLOTLY_JS = "plotly.min.js"
OWN_FILES = ("report.css", "report.js")


def plotly_source() -> Path:
    """The installed ``plotly.min.js``."""
    return Path(str(resources.files("plotly") / "package_data" / PLOTLY_JS))


def install_assets(root: Path) -> Path:
    """Copy plotly.js, ``report.css`` and ``report.js`` to ``root/_static`` where missing or changed."""
    target = root / STATIC
    target.mkdir(parents=True, exist_ok=True)
    sources = [plotly_source()] + [Path(str(resources.files(__package__) / "static" / n)) for n in OWN_FILES]
    for source in sources:
        dest = target / source.name
        if not dest.exists() or dest.stat().st_size != source.stat().st_size or _differs(source, dest):
            shutil.copyfile(source, dest.with_suffix(dest.suffix + ".part"))
            dest.with_suffix(dest.suffix + ".part").replace(dest)
    return target


def _differs(source: Path, dest: Path) -> bool:
    # plotly.min.js is 4.6 MB: compare contents only for our own small files.
    return source.name != PLOTLY_JS and source.read_bytes() != dest.read_bytes()
