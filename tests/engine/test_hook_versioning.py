"""Hook API versioning: a deprecated hook or hook argument warns the plugins that use it."""

from __future__ import annotations

import inspect
import warnings

import pluggy
import pytest

from phoenix import hookspecs
from phoenix.hookspecs import HOOK_API_VERSION, HookDeprecationWarning, deprecated, hookimpl, hookspec


class OldSpecs:
    """A spec module as it looks during a deprecation: the old hook and an old argument, marked."""

    @hookspec(
        firstresult=True,
        warn_on_impl=deprecated(
            "phoenix_declare_frames", since=1, removed_in=2, instead="implement phoenix_declare_datasets"
        ),
    )
    def phoenix_declare_frames(self) -> tuple:
        """Old name of a declaration."""

    @hookspec(
        firstresult=True,
        warn_on_impl_args={
            "legacy": deprecated(
                "phoenix_prepare_cards(legacy)", since=1, removed_in=2, instead="read the spectrum instead"
            )
        },
    )
    def phoenix_prepare_cards(self, spectrum: object, legacy: object) -> dict:
        """A hook losing an argument."""


def manager() -> pluggy.PluginManager:
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(OldSpecs)
    return pm


def test_implementing_a_deprecated_hook_warns_at_registration() -> None:
    class Plugin:
        @hookimpl
        def phoenix_declare_frames(self) -> tuple:
            return ()

    with pytest.warns(HookDeprecationWarning, match="phoenix_declare_frames is deprecated since hook API 1"):
        manager().register(Plugin(), name="old")


def test_taking_a_deprecated_argument_warns_and_leaving_it_does_not() -> None:
    class Old:
        @hookimpl
        def phoenix_prepare_cards(self, spectrum: object, legacy: object) -> dict:
            return {}

    class New:
        @hookimpl
        def phoenix_prepare_cards(self, spectrum: object) -> dict:
            return {}

    with pytest.warns(HookDeprecationWarning, match=r"phoenix_prepare_cards\(legacy\).*goes in hook API 2"):
        manager().register(Old(), name="old")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        manager().register(New(), name="new")


def test_a_deprecation_names_a_later_hook_api() -> None:
    with pytest.raises(ValueError, match="must come after"):
        deprecated("phoenix_x", since=2, removed_in=2, instead="nothing")


def _spec_options(function: object) -> dict:
    return getattr(function, f"{hookspecs.PROJECT}_spec", {}) or {}


def test_no_deprecated_spec_outlives_its_removal_version() -> None:
    overdue = []
    for name, function in inspect.getmembers(hookspecs, inspect.isfunction):
        options = _spec_options(function)
        pending = [options.get("warn_on_impl"), *(options.get("warn_on_impl_args") or {}).values()]
        for warning in pending:
            if warning is None:
                continue
            if not isinstance(warning, HookDeprecationWarning):
                overdue.append(f"{name}: deprecations must use hookspecs.deprecated(), got {warning!r}")
            elif warning.removed_in <= HOOK_API_VERSION:
                overdue.append(f"{name}: due for removal in hook API {warning.removed_in}: {warning}")
    assert not overdue, overdue
