"""Undo the compression the dataPortal delivers: Unix ``compress`` (``.Z``) or gzip, told by magic bytes.

``.Z`` (LZW) has no decoder in Python's standard library; ``gzip -d`` reads it, so it is used
for both formats. Tile-compressed FITS (``.fz``) is FITS already and is kept as it is.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

MAGIC_COMPRESS = b"\x1f\x9d"
MAGIC_GZIP = b"\x1f\x8b"


class UnpackError(Exception):
    """The bytes could not be decompressed (the download is broken, or gzip is missing)."""


def compression_of(path: Path) -> str | None:
    """``"Z"``, ``"gz"`` or None (not compressed)."""
    with open(path, "rb") as fh:
        magic = fh.read(2)
    return {MAGIC_COMPRESS: "Z", MAGIC_GZIP: "gz"}.get(magic)


def unpack(src: Path, dest: Path) -> None:
    """Write the decompressed content of ``src`` to ``dest`` (renaming ``src`` if it is not compressed)."""
    kind = compression_of(src)
    if kind is None:
        src.replace(dest)
        return
    gzip = shutil.which("gzip")
    if gzip is None:
        raise UnpackError(f"{src.name} is {kind}-compressed and gzip is not on PATH to decompress it")
    with open(src, "rb") as fin, open(dest, "wb") as fout:
        result = subprocess.run([gzip, "-dc"], stdin=fin, stdout=fout, stderr=subprocess.PIPE, check=False)
    if result.returncode != 0:
        dest.unlink(missing_ok=True)
        raise UnpackError(f"{kind} data do not decompress: {result.stderr.decode(errors='replace').strip()}")
