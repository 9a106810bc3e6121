"""File primitives the archive relies on: checksums and crash-safe placement."""

from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from pathlib import Path

PARTIAL_SUFFIX = ".part"
CHUNK = 1 << 20


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def place_atomically(src: Path, dest: Path, expected_sha256: str, *, move: bool = False) -> None:
    """Put ``src`` at ``dest`` so that ``dest`` is either absent, the old file, or the whole new one.

    The bytes go to a ``.part`` name beside ``dest``, are flushed and verified against
    ``expected_sha256``, then renamed over ``dest``. ``move`` renames ``src`` when it is on the
    same file system instead of copying.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(f".{dest.name}.{uuid.uuid4().hex[:8]}{PARTIAL_SUFFIX}")
    try:
        if move and src.stat().st_dev == dest.parent.stat().st_dev:
            os.link(src, partial)
        else:
            with open(src, "rb") as fin, open(partial, "wb") as fout:
                shutil.copyfileobj(fin, fout, CHUNK)
                fout.flush()
                os.fsync(fout.fileno())
        actual = sha256_of(partial)
        if actual != expected_sha256:
            raise OSError(f"{dest.name}: checksum changed while copying ({actual} != {expected_sha256})")
        os.replace(partial, dest)
        _fsync_dir(dest.parent)
    finally:
        partial.unlink(missing_ok=True)
    if move:
        src.unlink(missing_ok=True)


def sweep_partials(root: Path) -> list[Path]:
    """Remove ``.part`` files an interrupted run left behind; returns what was removed."""
    removed = []
    if root.exists():
        for path in root.rglob(f"*{PARTIAL_SUFFIX}"):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed
