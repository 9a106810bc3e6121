"""The pytest side of the kit: a marker for the tests that run a night, and a shared fixture."""

from __future__ import annotations

import pytest

from phoenix.plugins import Instruments, get_instruments

NIGHT_MARKER = "phoenix_night"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"{NIGHT_MARKER}: runs a simulated night through the engine, recipes included"
    )


@pytest.hookimpl(tryfirst=True)  # before -m deselects, so the added marks count
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Give the night tests of a conformance class the marks its ``night_marks`` lists.

    A plugin whose recipes need an external pipeline marks them, e.g. ``slow`` and a
    ``skipif`` for a missing ``esorex``, without marking the fast checks.
    """
    for item in items:
        if item.get_closest_marker(NIGHT_MARKER) is None or item.cls is None:
            continue
        for mark in getattr(item.cls, "night_marks", ()):
            item.add_marker(mark)


@pytest.fixture(scope="session")
def phoenix_instruments() -> Instruments:
    """Every installed instrument plugin, discovered as the engine does (a broken one is an error)."""
    return get_instruments()
