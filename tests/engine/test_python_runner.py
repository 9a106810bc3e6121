"""The python runner runs a recipe in a child process, with a time limit, like esorex."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from phoenix.errors import RecipeError, RecipeTimeoutError
from phoenix.runners.base import SofEntry
from phoenix.runners.python import run_python
from tests.engine.pyrecipes import write_raw


def test_products_and_qc_are_collected_from_the_child(tmp_path: Path) -> None:
    raw = write_raw(tmp_path / "raw.fits", 3.0)
    run = run_python(
        "tests.engine.pyrecipes:scale", [SofEntry(str(raw), "RAW")], tmp_path / "w", {"factor": 2}
    )
    (product,) = run.products
    assert product.category == "SCALED"
    assert product.qc["ESO QC MEAN"] == pytest.approx(6.0)
    assert "scaled 1 frames by 2" in Path(run.log_file).read_text()


def test_an_exception_is_a_recipe_error_with_the_traceback(tmp_path: Path) -> None:
    with pytest.raises(RecipeError, match="no arc lines found above 5 sigma") as info:
        run_python("tests.engine.pyrecipes:fail", [], tmp_path / "w", {})
    assert info.value.returncode == 1
    assert "Traceback" in info.value.log_tail


def test_a_hanging_recipe_is_killed_at_its_time_limit(tmp_path: Path) -> None:
    started = time.monotonic()
    with pytest.raises(RecipeTimeoutError, match="killed after 3 s"):
        run_python("tests.engine.pyrecipes:hang", [], tmp_path / "w", {}, timeout_s=3)
    assert time.monotonic() - started < 30


def test_a_misnamed_recipe_says_what_is_wrong(tmp_path: Path) -> None:
    with pytest.raises(RecipeError, match="module:function"):
        run_python("tests.engine.pyrecipes.scale", [], tmp_path / "w", {})
    with pytest.raises(RecipeError, match="has no attribute 'nope'"):
        run_python("tests.engine.pyrecipes:nope", [], tmp_path / "w", {})
