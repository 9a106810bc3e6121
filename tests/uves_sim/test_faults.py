"""The fault option writes frames a night scan must report: a truncated file and one without DPR."""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import pytest
from astropy.io import fits

from instruments.uves import keywords as kw
from phoenix import NightSimulation
from tests.uves_sim.frames_util import readable


def _faults(night: NightSimulation) -> dict[str, str]:
    truth = json.loads(Path(night.truth).read_text())
    return {name: entry["fault"] for name, entry in truth["faults"].items()}


def test_both_faults_are_raw_files_named_like_real_ones(night: NightSimulation) -> None:
    faults = _faults(night)
    assert sorted(faults.values()) == ["no_dpr", "truncated"]
    names = {Path(p).name for p in night.raw_files}
    for name in faults:
        assert name in names and re.fullmatch(r"UVES\.\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\.fits", name)


def test_truncated_frame_cannot_be_read(night: NightSimulation) -> None:
    name = next(n for n, f in _faults(night).items() if f == "truncated")
    path = Path(night.truth).parent.parent / name
    assert not readable(path)
    complete = [p for p in night.raw_files if readable(p) and fits.getheader(p).get(kw.DPR_TYPE) == "BIAS"]
    assert 0 < path.stat().st_size < min(Path(p).stat().st_size for p in complete)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        header = fits.getheader(path)  # the header survived: the scan can say which frame it is
        assert header[kw.ARCFILE] == name
        with pytest.raises((OSError, ValueError, TypeError)):
            fits.getdata(path)


def test_no_dpr_frame_lacks_every_dpr_keyword(night: NightSimulation) -> None:
    name = next(n for n, f in _faults(night).items() if f == "no_dpr")
    path = Path(night.truth).parent.parent / name
    assert readable(path)
    header = fits.getheader(path)
    assert not [k for k in (kw.DPR_CATG, kw.DPR_TYPE, kw.DPR_TECH) if k in header]
    assert header[kw.ARCFILE] == name and header[kw.INSTRUME] == "UVES"
