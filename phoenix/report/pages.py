"""The HTML around every report page: head with the local assets, a navigation bar, embedded data."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import Any

from phoenix.report.assets import PLOTLY_JS, STATIC

DATA_ID = "phoenix-data"


def relative(page: Path, target: Path) -> str:
    """The link from ``page`` to ``target``, with forward slashes."""
    return Path(os.path.relpath(target, page.parent)).as_posix()


def embed_json(data: Any) -> str:
    """``data`` as JSON that is safe inside ``<script>`` (no ``<``, ``>`` or ``&`` left literal)."""
    text = json.dumps(data, separators=(",", ":"), allow_nan=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def render(
    page: Path,
    root: Path,
    *,
    title: str,
    body: str,
    nav: Sequence[tuple[str, Path]] = (),
    data: Any = None,
) -> str:
    """A whole page at ``page`` (under the reports ``root``): assets linked relatively, ``body`` as is."""
    static = root / STATIC
    links = " · ".join(f'<a href="{escape(relative(page, p))}">{escape(label)}</a>' for label, p in nav)
    script = (
        "" if data is None else f'<script id="{DATA_ID}" type="application/json">{embed_json(data)}</script>'
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{escape(relative(page, static / "report.css"))}">
<script src="{escape(relative(page, static / PLOTLY_JS))}"></script>
</head>
<body>
<header class="top"><span class="brand">PHOENIX</span> <h1>{escape(title)}</h1><nav>{links}</nav></header>
<main>
{body}
</main>
{script}
<script src="{escape(relative(page, static / "report.js"))}"></script>
</body>
</html>
"""


def write_page(path: Path, html: str) -> Path:
    """Write ``html`` to ``path`` atomically (a browser never sees half a page)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(html)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return path
