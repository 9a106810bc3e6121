"""The esorex runner's failure paths: a clear error with the log tail, and a time limit."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from phoenix.errors import RecipeError, RecipeTimeoutError
from phoenix.runners import SofEntry
from phoenix.runners.esorex import format_parameters, run_esorex
from tests.conftest import needs_esorex


@needs_esorex()
def test_failure_carries_exit_code_and_log_tail(tmp_path: Path) -> None:
    not_fits = tmp_path / "not_a_frame.fits"
    not_fits.write_text("this is not FITS")
    with pytest.raises(RecipeError) as info:
        run_esorex("uves_cal_mbias", [SofEntry(str(not_fits), "BIAS_BLUE")], tmp_path / "job")
    err = info.value
    assert err.returncode != 0
    assert "not_a_frame.fits" in err.log_tail
    assert (tmp_path / "job" / "input.sof").read_text().strip().endswith("BIAS_BLUE")
    assert "suppress-prefix=TRUE" in (tmp_path / "job" / "esorex.rc").read_text()


def test_hanging_recipe_is_killed_at_the_time_limit(tmp_path: Path) -> None:
    fake = tmp_path / "fake-esorex"
    fake.write_text("#!/bin/sh\nif [ \"$1\" = --version ]; then echo 'version 0.0'; exit 0; fi\nsleep 60\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    with pytest.raises(RecipeTimeoutError, match="killed after 1 s"):
        run_esorex("muse_wavecal", [], tmp_path / "job", timeout_s=1, esorex=os.fspath(fake))


def test_parameters_are_formatted_for_esorex() -> None:
    assert format_parameters({"b": True, "a": 2.5, "c": "x"}) == ["--a=2.5", "--b=true", "--c=x"]
