"""Installing toy plugins for a test: a module and a ``.dist-info`` with its entry point, on sys.path."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

GOOD = """
from phoenix import InstrumentInfo, hookimpl

class Plugin:
    @hookimpl
    def phoenix_describe_instrument(self):
        return InstrumentInfo(name="{name}", instrume=("{name_upper}",), version="1.0", pipeline="toy")
{extra}
plugin = Plugin()
"""


def install(root: Path, monkeypatch: pytest.MonkeyPatch, module: str, body: str) -> None:
    """Make ``module`` (source ``body``) an installed distribution registering ``module:plugin``."""
    (root / f"{module}.py").write_text(textwrap.dedent(body))
    info = root / f"{module}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[phoenix.instruments]\n{module} = {module}:plugin\n")
    monkeypatch.syspath_prepend(str(root))
    monkeypatch.delitem(sys.modules, module, raising=False)


def toy(name: str, extra: str = "") -> str:
    """The source of a toy plugin for instrument ``name`` with ``extra`` methods (class-body indent)."""
    return GOOD.format(
        name=name, name_upper=name.upper(), extra=textwrap.indent(textwrap.dedent(extra), "    ")
    )
