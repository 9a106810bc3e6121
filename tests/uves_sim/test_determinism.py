"""Same seed, same bytes; another seed, other noise and other sources."""

from __future__ import annotations

import hashlib
from pathlib import Path

from tests.uves_sim.small_night import small_night


def _digests(directory: Path) -> dict[str, str]:
    files = [p for p in directory.rglob("*") if p.is_file() and ".tmp" not in p.parts]
    return {str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def test_same_seed_writes_identical_files(tmp_path: Path) -> None:
    a = small_night(tmp_path / "a", sources=2, seed=11, n_bias=2, n_flat=2, faults=("truncated",))
    b = small_night(tmp_path / "b", sources=2, seed=11, n_bias=2, n_flat=2, faults=("truncated",))
    da, db = _digests(tmp_path / "a"), _digests(tmp_path / "b")
    assert len(da) == len(a.raw_files) + 5  # + line table, night log, truth.json, 2 truth spectra
    assert da == db
    assert [Path(p).name for p in a.raw_files] == [Path(p).name for p in b.raw_files]


def test_another_seed_changes_the_night(tmp_path: Path) -> None:
    a = small_night(tmp_path / "a", sources=1, seed=1, n_bias=1, n_flat=1)
    b = small_night(tmp_path / "b", sources=1, seed=2, n_bias=1, n_flat=1)
    assert [Path(p).name for p in a.raw_files] != [Path(p).name for p in b.raw_files]
    assert Path(a.truth).read_text() != Path(b.truth).read_text()
