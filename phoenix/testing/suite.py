"""The instrument conformance suite: subclass :class:`InstrumentConformance` once per instrument.

Each test is named after the hook it holds to its contract (``test_<hook>_...``), so a failure
says which hook to look at; its message lists every problem found, not just the first.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import pytest

from phoenix.hookspecs import HookDeprecationWarning
from phoenix.naming import SDP_CATEGORY
from phoenix.plugins import Instruments, get_instruments, new_plugin_manager
from phoenix.production.publish import PHASE3_CATEGORIES, dataset_products
from phoenix.production.scan import scan_night
from phoenix.production.status import night_status
from phoenix.sdp import validate_product
from phoenix.testing import declarations as check
from phoenix.testing.night import (
    NightRun,
    open_workspace,
    process_simulated_night,
    simulate,
    stage_simulation,
)
from phoenix.testing.plugin import NIGHT_MARKER
from phoenix.testing.samples import SampleHeader
from phoenix.testing.simulation import association_problems_on_night, simulation_problems
from phoenix.types import ChainKind, NightSimulation, Spectrum1D

night_test = getattr(pytest.mark, NIGHT_MARKER)


def _fail_on(problems: Sequence[str]) -> None:
    if problems:
        pytest.fail(f"{len(problems)} problem(s):\n  " + "\n  ".join(problems), pytrace=False)


class InstrumentConformance:
    """What every instrument plugin must satisfy; subclass it as ``Test<Instrument>Conformance``.

    Set on the subclass:

    * ``instrument``: the plugin's instrument id (required);
    * ``sample_headers``: raw headers with their expected category (:class:`SampleHeader`);
    * ``night`` and ``simulation_options``: what the simulator is asked for (keep it small);
    * ``expected_unusable_frames``: how many frames those options break on purpose;
    * ``night_marks``: marks for the tests that process the night (e.g. ``pytest.mark.slow``).

    The class-scoped fixtures ``simulated_night`` and ``processed_night`` may be overridden, e.g.
    to simulate a reduced night for the fast checks.
    """

    instrument: ClassVar[str] = ""
    sample_headers: ClassVar[Sequence[SampleHeader]] = ()
    night: ClassVar[str] = "2016-05-03"
    simulation_options: ClassVar[Mapping[str, Any]] = {}
    expected_unusable_frames: ClassVar[int] = 0
    night_marks: ClassVar[Sequence[pytest.MarkDecorator]] = ()

    # --- fixtures ---------------------------------------------------------------------------

    @pytest.fixture(scope="class")
    @classmethod
    def instruments(cls) -> Instruments:
        """The installed plugins, discovered through the entry points as the engine does."""
        return get_instruments()

    @pytest.fixture(scope="class")
    @classmethod
    def simulated_night(
        cls, instruments: Instruments, tmp_path_factory: pytest.TempPathFactory
    ) -> NightSimulation:
        """The plugin's simulator run once with ``simulation_options``."""
        root = tmp_path_factory.mktemp(f"{cls.instrument}-simulated")
        return simulate(instruments, cls.instrument, cls.night, root / "night", cls.simulation_options)

    @pytest.fixture(scope="class")
    @classmethod
    def staged_night(
        cls,
        instruments: Instruments,
        simulated_night: NightSimulation,
        tmp_path_factory: pytest.TempPathFactory,
    ) -> Any:
        """An engine workspace holding the simulated night, scanned."""
        ctx = open_workspace(instruments, tmp_path_factory.mktemp(f"{cls.instrument}-staged"))
        stage_simulation(ctx, cls.instrument, cls.night, simulated_night)
        scan_night(ctx, cls.instrument, cls.night)
        return ctx

    @pytest.fixture(scope="class")
    @classmethod
    def processed_night(cls, instruments: Instruments, tmp_path_factory: pytest.TempPathFactory) -> NightRun:
        """A fresh simulated night run through the engine, recipes included."""
        workspace = tmp_path_factory.mktemp(f"{cls.instrument}-processed")
        return process_simulated_night(
            instruments, cls.instrument, cls.night, workspace, cls.simulation_options
        )

    # --- discovery ----------------------------------------------------------------------------

    def test_phoenix_describe_instrument_names_an_installed_plugin(self, instruments: Instruments) -> None:
        assert self.instrument, f"set `instrument` on {type(self).__name__}"
        _fail_on(check.describe_problems(instruments, self.instrument))

    def test_implements_no_deprecated_hook(self, instruments: Instruments) -> None:
        plugin = instruments.plugin_object(self.instrument)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            new_plugin_manager().register(plugin, name=self.instrument)
        _fail_on([str(w.message) for w in caught if issubclass(w.category, HookDeprecationWarning)])

    # --- declarations -------------------------------------------------------------------------

    def test_phoenix_declare_classification_classifies_the_sample_headers(
        self, instruments: Instruments
    ) -> None:
        table = instruments.classification(self.instrument)
        _fail_on(check.classification_problems(table, self.sample_headers))

    def test_phoenix_declare_datasets_group_declared_science(self, instruments: Instruments) -> None:
        name = self.instrument
        _fail_on(
            check.dataset_problems(
                instruments.classification(name), instruments.datasets(name), instruments.chains(name)
            )
        )

    def test_phoenix_declare_associations_serve_every_chain_input(self, instruments: Instruments) -> None:
        name = self.instrument
        _fail_on(
            check.association_problems(
                instruments.classification(name), instruments.chains(name), instruments.associations(name)
            )
        )

    def test_phoenix_declare_associations_resolve_on_the_simulated_night(self, staged_night: Any) -> None:
        _fail_on(association_problems_on_night(staged_night, self.instrument, self.night))

    def test_phoenix_declare_recipe_chains_are_well_formed(self, instruments: Instruments) -> None:
        name = self.instrument
        _fail_on(check.chain_problems(instruments.classification(name), instruments.chains(name)))

    def test_phoenix_estimate_resources_never_shrink_with_more_inputs(self, instruments: Instruments) -> None:
        hook = "phoenix_estimate_resources"
        if not self._implements(instruments, hook):
            pytest.skip(f"{hook} is optional and not implemented")
        problems = []
        for chain in instruments.chains(self.instrument):
            for step in chain.steps:
                few = {inp.tag: 1 for inp in step.inputs}
                many = {inp.tag: 16 for inp in step.inputs}
                small, large = (
                    instruments.call(self.instrument, hook, step=step, inputs=counts)
                    for counts in (few, many)
                )
                if large.memory_mb < small.memory_mb:
                    problems.append(
                        f"{chain.name}/{step.name}: {large.memory_mb:.0f} MB for 16 files per input"
                        f" < {small.memory_mb:.0f} MB for one"
                    )
        _fail_on(problems)

    def test_phoenix_declare_qc_parameters_are_valid(self, instruments: Instruments) -> None:
        name = self.instrument
        _fail_on(check.qc_problems(instruments.chains(name), instruments.qc_parameters(name)))

    def test_phoenix_declare_qc_thresholds_score_declared_parameters(self, instruments: Instruments) -> None:
        hook = "phoenix_declare_qc_thresholds"
        if not self._implements(instruments, hook):
            pytest.skip(f"{hook} is optional and not implemented")
        thresholds = instruments.call(self.instrument, hook)
        _fail_on(check.threshold_problems(instruments.qc_parameters(self.instrument), thresholds))

    def test_phoenix_declare_correlations_plot_declared_parameters(self, instruments: Instruments) -> None:
        hook = "phoenix_declare_correlations"
        if not self._implements(instruments, hook):
            pytest.skip(f"{hook} is optional and not implemented")
        declared = {qc.name for qc in instruments.qc_parameters(self.instrument)}
        plots = instruments.call(self.instrument, hook)
        _fail_on(
            [
                f"{plot.name}/{series.label}: {name} is not a declared QC parameter"
                for plot in plots
                for series in plot.series
                for name in (series.x, series.y)
                if name not in declared
            ]
        )

    def test_phoenix_declare_review_policy_is_a_policy(self, instruments: Instruments) -> None:
        hook = "phoenix_declare_review_policy"
        if not self._implements(instruments, hook):
            pytest.skip(f"{hook} is optional and not implemented")
        instruments.call(self.instrument, hook)  # the call checks the returned type

    # --- simulation ---------------------------------------------------------------------------

    def test_phoenix_simulate_night_writes_a_night_the_engine_can_use(
        self, staged_night: Any, simulated_night: NightSimulation
    ) -> None:
        problems = simulation_problems(
            staged_night, self.instrument, self.night, simulated_night, self.expected_unusable_frames
        )
        _fail_on(problems)

    @night_test
    def test_phoenix_simulate_night_is_processed_end_to_end(self, processed_night: NightRun) -> None:
        run = processed_night
        problems = list(run.failures)
        if any(c.kind is ChainKind.CALIBRATION for c in run.ctx.instruments.chains(self.instrument)):
            problems += [] if run.masters else ["no master calibration was certified"]
        problems += [] if run.products else [f"no {SDP_CATEGORY} product was ingested"]
        report = night_status(run.ctx, self.instrument, self.night)
        problems += [
            f"{d['name']}: ended {d['status']}: {d['message']}"
            for d in report["datasets"]
            if d["status"] != "ingested"
        ]
        _fail_on(problems)

    # --- Phase 3 ----------------------------------------------------------------------------

    @night_test
    def test_phoenix_extract_spectra_reads_every_science_dataset(self, processed_night: NightRun) -> None:
        run = processed_night
        if self._implements(run.ctx.instruments, "phoenix_extract_cubes"):
            pytest.skip("an integral-field instrument: its products are cubes (phoenix_extract_cubes)")
        problems = []
        for dataset in run.science:
            products = dataset_products(run.ctx, dataset)
            spectra = run.ctx.instruments.call(self.instrument, "phoenix_extract_spectra", products=products)
            problems += [] if spectra else [f"{dataset.name}: no spectrum extracted"]
            problems += [f"{dataset.name}: {p}" for s in spectra for p in _spectrum_problems(s)]
            labels = [s.label or Path(s.source_file).stem for s in spectra]
            if len(set(labels)) != len(labels):
                problems.append(f"{dataset.name}: spectra share a label (product names collide): {labels}")
        _fail_on(problems)

    @night_test
    def test_phoenix_extract_cubes_reads_every_science_dataset(self, processed_night: NightRun) -> None:
        run = processed_night
        if not self._implements(run.ctx.instruments, "phoenix_extract_cubes"):
            pytest.skip("not an integral-field instrument: phoenix_extract_cubes is optional")
        problems = []
        for dataset in run.science:
            products = dataset_products(run.ctx, dataset)
            cubes = run.ctx.instruments.call(self.instrument, "phoenix_extract_cubes", products=products)
            problems += [] if cubes else [f"{dataset.name}: no cube extracted"]
            for cube in cubes:
                if not np.any(np.isfinite(np.asarray(cube.data, dtype=float))):
                    problems.append(f"{dataset.name}: {cube.label}: no finite flux")
                missing = {"CRVAL1", "CRVAL2", "CRPIX1", "CRPIX2", "CD1_1", "CD2_2"} - set(cube.celestial_wcs)
                problems += [f"{dataset.name}: {cube.label}: WCS lacks {sorted(missing)}"] if missing else []
        _fail_on(problems)

    @night_test
    def test_phoenix_prepare_sdp_header_products_pass_the_validator(self, processed_night: NightRun) -> None:
        root = processed_night.ctx.settings.archive_root
        problems = []
        report = night_status(processed_night.ctx, self.instrument, self.night)
        archived = [
            a for d in report["datasets"] for a in d["archived"] if a["category"] in PHASE3_CATEGORIES
        ]
        problems += [] if archived else [f"no {SDP_CATEGORY} product in the archive"]
        for entry in archived:
            problems += [f"{entry['path']}: {p}" for p in validate_product(root / entry["path"])]
        _fail_on(problems)

    # --- helpers ------------------------------------------------------------------------------

    def _implements(self, instruments: Instruments, hook: str) -> bool:
        loaded = next(p for p in instruments.loaded() if p.info.name == self.instrument)
        return hook in loaded.hooks


def _spectrum_problems(spectrum: Spectrum1D) -> list[str]:
    wave = np.asarray(spectrum.wave_nm, dtype=float)
    problems = []
    if not np.all(np.isfinite(wave)) or not np.all(np.diff(wave) > 0):
        problems.append(f"{spectrum.label}: wavelengths must be finite and strictly increasing")
    if not np.any(np.isfinite(np.asarray(spectrum.flux, dtype=float))):
        problems.append(f"{spectrum.label}: no finite flux")
    return problems
