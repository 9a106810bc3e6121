"""Tests that fail when a hook is undocumented, untested, or the documentation's example is wrong."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from phoenix import HOOK_API_VERSION, hookspecs
from phoenix.plugins import get_instruments
from phoenix.testing import InstrumentConformance

DOC = Path(__file__).resolve().parents[2] / "docs" / "writing-a-plugin.md"
HOOKS = sorted(
    name for name, _ in inspect.getmembers(hookspecs, inspect.isfunction) if name.startswith("phoenix_")
)


def sections(text: str) -> dict[str, str]:
    """``### `hook``` headings to the text below them."""
    parts = re.split(r"^### `([a-z_]+)`\s*$", text, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def code_after(text: str, heading: str) -> str:
    """The first python block of the section ``heading``."""
    section = text.split(heading, 1)[1]
    return re.search(r"```python\n(.*?)```", section, flags=re.DOTALL).group(1)


@pytest.fixture(scope="module")
def doc() -> str:
    return DOC.read_text(encoding="utf-8")


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_is_documented_with_when_and_what(hook: str, doc: str) -> None:
    documented = sections(doc)
    assert hook in documented, f"docs/writing-a-plugin.md has no '### `{hook}`' section"
    assert "**Called**" in documented[hook] and "**Returns**" in documented[hook], hook


def test_the_documentation_names_no_hook_that_does_not_exist(doc: str) -> None:
    assert set(sections(doc)) <= set(HOOKS)


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_is_exercised_by_the_conformance_suite(hook: str) -> None:
    tests = [name for name in dir(InstrumentConformance) if name.startswith(f"test_{hook}_")]
    assert tests, f"the conformance suite has no test_{hook}_... test"


def test_every_builtin_instrument_runs_the_conformance_suite() -> None:
    from tests.contract import test_plugin_contract

    covered = {
        cls.instrument
        for cls in vars(test_plugin_contract).values()
        if isinstance(cls, type)
        and issubclass(cls, InstrumentConformance)
        and cls.__name__.startswith("Test")
    }
    builtin = {p.info.name for p in get_instruments().loaded() if p.package == "phoenix-sdp"}
    assert builtin <= covered


def test_the_minimal_plugin_of_the_documentation_loads(doc: str) -> None:
    namespace: dict = {}
    exec(compile(code_after(doc, "## A minimal plugin"), "writing-a-plugin.md", "exec"), namespace)
    instruments = get_instruments([("myinst", namespace["plugin"])])
    assert instruments.info("myinst").instrume == ("MYINST",)
    assert instruments.classification("myinst").rules[0].category == "SCIENCE"


def test_the_documented_hook_api_version_is_the_current_one(doc: str) -> None:
    assert f"`phoenix.HOOK_API_VERSION` (now {HOOK_API_VERSION})" in doc
