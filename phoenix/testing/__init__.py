"""PHOENIX's pytest plugin: the conformance suite every instrument plugin must pass.

A plugin's own tests enable it in their root ``conftest.py``::

    pytest_plugins = ["phoenix.testing"]

and subclass the suite once per instrument (pytest collects it like any test class)::

    from phoenix.testing import InstrumentConformance, load_sample_headers

    class TestKmosConformance(InstrumentConformance):
        instrument = "kmos"
        sample_headers = load_sample_headers(HERE / "sample_headers.json")
        simulation_options = {"sources": 2, "seed": 1}

The suite checks what the engine relies on: the plugin is installed and describes itself, its
sample headers classify as declared, datasets, association rules, recipe chains, QC definitions
and thresholds are consistent, its simulator writes a night the engine can classify and
associate, and that night runs through the engine (recipes included) to Phase 3 products that
pass the validator. The built-in instruments pass the same suite in PHOENIX's own tests.
"""

from phoenix.testing.night import NightRun, process_simulated_night, stage_simulation
from phoenix.testing.plugin import phoenix_instruments, pytest_collection_modifyitems, pytest_configure
from phoenix.testing.samples import SampleHeader, load_sample_headers
from phoenix.testing.suite import InstrumentConformance

__all__ = [
    "InstrumentConformance",
    "NightRun",
    "SampleHeader",
    "load_sample_headers",
    "phoenix_instruments",
    "process_simulated_night",
    "pytest_collection_modifyitems",
    "pytest_configure",
    "stage_simulation",
]
