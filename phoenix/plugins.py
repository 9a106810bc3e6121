"""Plugin manager: discovers instrument plugins and routes per-instrument hooks to their owner."""

from __future__ import annotations

import importlib.metadata
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pluggy

from phoenix import hookspecs
from phoenix.correlations import ScatterPlot
from phoenix.errors import PluginError, UnknownInstrumentError
from phoenix.types import (
    AssociationRule,
    ClassificationTable,
    Cube,
    DatasetDefinition,
    InstrumentInfo,
    JobResources,
    NightSimulation,
    QcDefinition,
    QcThreshold,
    RecipeChain,
    ReviewPolicy,
    Spectrum1D,
)

ENTRY_POINT_GROUP = "phoenix.instruments"

# What each routed hook must return; checked on every call so a broken plugin is named.
RETURN_TYPES: dict[str, type | tuple[type, ...]] = {
    "phoenix_declare_classification": ClassificationTable,
    "phoenix_declare_datasets": DatasetDefinition,
    "phoenix_declare_associations": tuple,
    "phoenix_declare_recipe_chains": tuple,
    "phoenix_declare_qc_parameters": tuple,
    "phoenix_extract_spectra": tuple,
    "phoenix_extract_cubes": tuple,
    "phoenix_simulate_night": NightSimulation,
    "phoenix_declare_qc_thresholds": tuple,
    "phoenix_declare_review_policy": ReviewPolicy,
    "phoenix_estimate_resources": JobResources,
    "phoenix_declare_correlations": tuple,
}
ELEMENT_TYPES: dict[str, type] = {
    "phoenix_declare_associations": AssociationRule,
    "phoenix_declare_recipe_chains": RecipeChain,
    "phoenix_declare_qc_parameters": QcDefinition,
    "phoenix_extract_spectra": Spectrum1D,
    "phoenix_extract_cubes": Cube,
    "phoenix_declare_qc_thresholds": QcThreshold,
    "phoenix_declare_correlations": ScatterPlot,
}


@dataclass(frozen=True)
class LoadedPlugin:
    """A plugin that loaded, with where it came from."""

    info: InstrumentInfo
    package: str
    package_version: str
    hooks: tuple[str, ...]


class Instruments:
    """The installed instrument plugins, with routed hook calls.

    Build it with :func:`get_instruments`; tests may pass plugin objects directly.
    """

    def __init__(self, pm: pluggy.PluginManager, origins: dict[str, tuple[str, str]]) -> None:
        self._pm = pm
        self._loaded: dict[str, LoadedPlugin] = {}
        self._objects: dict[str, object] = {}
        self._callers: dict[tuple[str, str], Any] = {}
        for plugin_name, plugin in pm.list_name_plugin():
            info = self._describe(plugin_name, plugin)
            if info.name in self._loaded:
                raise PluginError(plugin_name, f"instrument {info.name!r} is already provided")
            package, version = origins.get(plugin_name, ("", ""))
            hooks = tuple(sorted(impl_hook for impl_hook in _hook_names(pm, plugin)))
            self._loaded[info.name] = LoadedPlugin(info, package, version, hooks)
            self._objects[info.name] = plugin

    def _describe(self, plugin_name: str, plugin: object) -> InstrumentInfo:
        others = [p for p in self._pm.get_plugins() if p is not plugin]
        results = self._pm.subset_hook_caller("phoenix_describe_instrument", others)()
        if len(results) != 1 or not isinstance(results[0], InstrumentInfo):
            raise PluginError(plugin_name, "phoenix_describe_instrument must return one InstrumentInfo")
        return results[0]

    def names(self) -> list[str]:
        """Instrument ids, sorted."""
        return sorted(self._loaded)

    def loaded(self) -> list[LoadedPlugin]:
        return [self._loaded[n] for n in self.names()]

    def info(self, instrument: str) -> InstrumentInfo:
        return self._plugin(instrument).info

    def plugin_object(self, instrument: str) -> object:
        """The registered object serving ``instrument`` (what its entry point names)."""
        self._plugin(instrument)
        return self._objects[instrument]

    def owner_of(self, instrume: str) -> str | None:
        """The instrument id owning an INSTRUME header value, if any."""
        value = instrume.strip().upper()
        for name, plugin in self._loaded.items():
            if value in {v.upper() for v in plugin.info.instrume}:
                return name
        return None

    def _plugin(self, instrument: str) -> LoadedPlugin:
        try:
            return self._loaded[instrument]
        except KeyError:
            raise UnknownInstrumentError(instrument, self.names()) from None

    def _caller(self, instrument: str, hook: str) -> Any:
        key = (instrument, hook)
        if key not in self._callers:
            owner = self._objects[instrument]
            others = [p for p in self._pm.get_plugins() if p is not owner]
            self._callers[key] = self._pm.subset_hook_caller(hook, others)
        return self._callers[key]

    def call(self, instrument: str, hook: str, **kwargs: Any) -> Any:
        """Call a routed hook on the plugin that owns ``instrument`` and check its answer."""
        plugin = self._plugin(instrument)
        result = self._caller(instrument, hook)(**kwargs)
        if result is None:
            raise PluginError(plugin.info.name, f"does not implement {hook}")
        _check_result(plugin.info.name, hook, result)
        return result

    def call_optional(self, instrument: str, hook: str, default: Any, **kwargs: Any) -> Any:
        """Like :meth:`call`, for hooks a plugin may leave out: then ``default`` is the answer."""
        plugin = self._plugin(instrument)
        result = self._caller(instrument, hook)(**kwargs)
        if result is None:
            return default
        _check_result(plugin.info.name, hook, result)
        return result

    # typed shortcuts for the engine
    def classification(self, instrument: str) -> ClassificationTable:
        return self.call(instrument, "phoenix_declare_classification")

    def datasets(self, instrument: str) -> DatasetDefinition:
        return self.call(instrument, "phoenix_declare_datasets")

    def associations(self, instrument: str) -> tuple[AssociationRule, ...]:
        return self.call(instrument, "phoenix_declare_associations")

    def chains(self, instrument: str) -> tuple[RecipeChain, ...]:
        return self.call(instrument, "phoenix_declare_recipe_chains")

    def qc_parameters(self, instrument: str) -> tuple[QcDefinition, ...]:
        return self.call(instrument, "phoenix_declare_qc_parameters")


def _hook_names(pm: pluggy.PluginManager, plugin: object) -> Iterable[str]:
    for caller in pm.get_hookcallers(plugin) or []:
        yield caller.name


def _check_result(plugin: str, hook: str, result: Any) -> None:
    expected = RETURN_TYPES.get(hook)
    if hook == "phoenix_prepare_sdp_header":
        if not hasattr(result, "items"):
            raise PluginError(plugin, f"{hook} returned {type(result).__name__}, expected a mapping")
        return
    if expected is not None and not isinstance(result, expected):
        raise PluginError(plugin, f"{hook} returned {type(result).__name__}, expected {expected}")
    element = ELEMENT_TYPES.get(hook)
    if element is not None:
        bad = [type(r).__name__ for r in result if not isinstance(r, element)]
        if bad:
            raise PluginError(plugin, f"{hook} returned {bad[0]} items, expected {element.__name__}")


def new_plugin_manager() -> pluggy.PluginManager:
    """A plugin manager with the hook specs and nothing registered."""
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    return pm


def _validate(pm: pluggy.PluginManager, name: str) -> None:
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(name, str(exc)) from exc


def get_instruments(extra_plugins: Iterable[tuple[str, object]] = ()) -> Instruments:
    """Discover every plugin in the ``phoenix.instruments`` entry-point group (built-ins too).

    A plugin that fails to import, registers a hook that has no spec, or misdescribes itself is
    an error naming the plugin, never a silent skip.
    """
    pm = new_plugin_manager()
    origins: dict[str, tuple[str, str]] = {}
    for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        plugin = _load(ep)
        _register(pm, ep.name, plugin)
        origins[ep.name] = _origin(ep)
    for name, plugin in extra_plugins:
        _register(pm, name, plugin)
    return Instruments(pm, origins)


def _load(ep: importlib.metadata.EntryPoint) -> object:
    try:
        return ep.load()
    except Exception as exc:
        raise PluginError(ep.name, f"failed to load entry point {ep.value}: {exc!r}") from exc


def _origin(ep: importlib.metadata.EntryPoint) -> tuple[str, str]:
    dist = ep.dist
    return (dist.name, dist.version) if dist else ("", "")


def _register(pm: pluggy.PluginManager, name: str, plugin: object) -> None:
    try:
        pm.register(plugin, name=name)
    except (ValueError, pluggy.PluginValidationError) as exc:
        raise PluginError(name, str(exc)) from exc
    _validate(pm, name)


# --- discovery that reports every problem instead of raising the first (``phoenix plugins``) -----

# The declarations (hooks without arguments, named phoenix_declare_*) are pure and cheap, so
# listing the plugins also calls them once: a wrong return type shows up when a plugin is
# installed, not in the middle of a night.
DECLARATION_HOOKS = tuple(sorted(name for name in vars(hookspecs) if name.startswith("phoenix_declare_")))


@dataclass(frozen=True)
class PluginFailure:
    """An installed plugin that failed to load or broke the hook contract, and why."""

    plugin: str  # the entry-point name
    package: str
    package_version: str
    problem: str


@dataclass(frozen=True)
class Discovery:
    """What :func:`discover_instruments` found: the plugins that work, the ones that do not."""

    loaded: tuple[LoadedPlugin, ...]
    failures: tuple[PluginFailure, ...]
    warnings: tuple[tuple[str, str], ...]  # (plugin, message), e.g. a deprecated hook implemented


def discover_instruments() -> Discovery:
    """Load every entry-point plugin on its own and report each failure with the plugin's name.

    Unlike :func:`get_instruments` this never raises for a broken plugin: it is what
    ``phoenix plugins`` shows. A plugin fails when its entry point does not import, a hook
    implementation has no spec or takes an argument the spec lacks, it misdescribes itself, its
    instrument id is already taken, or a declaration hook raises or returns the wrong type.
    """
    found: list[tuple[importlib.metadata.EntryPoint, LoadedPlugin]] = []
    failures: list[PluginFailure] = []
    notes: list[tuple[str, str]] = []
    for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                found.append((ep, _probe(ep)))
            except Exception as exc:
                failures.append(PluginFailure(ep.name, *_origin(ep), _problem(ep.name, exc)))
        notes += [(ep.name, str(w.message)) for w in caught]
    loaded = []
    for ep, plugin in found:
        rivals = [other for _, other in found if other.info.name == plugin.info.name and other is not plugin]
        if rivals:
            others = ", ".join(r.package or "?" for r in rivals)
            problem = f"instrument {plugin.info.name!r} is also provided by {others}; uninstall one"
            failures.append(PluginFailure(ep.name, plugin.package, plugin.package_version, problem))
        else:
            loaded.append(plugin)
    loaded.sort(key=lambda p: p.info.name)
    return Discovery(tuple(loaded), tuple(failures), tuple(notes))


def _probe(ep: importlib.metadata.EntryPoint) -> LoadedPlugin:
    """Load, register and describe one plugin alone, then call its declaration hooks once."""
    pm = new_plugin_manager()
    _register(pm, ep.name, _load(ep))
    instruments = Instruments(pm, {ep.name: _origin(ep)})
    (plugin,) = instruments.loaded()
    for hook in DECLARATION_HOOKS:
        if hook not in plugin.hooks:
            continue
        try:
            instruments.call(plugin.info.name, hook)
        except PluginError:
            raise
        except Exception as exc:
            raise PluginError(ep.name, f"{hook} raised {type(exc).__name__}: {exc}") from exc
    return plugin


def _problem(name: str, exc: Exception) -> str:
    if isinstance(exc, PluginError):
        return exc.problem
    return f"{type(exc).__name__}: {exc}"
