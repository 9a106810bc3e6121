"""Every hook an instrument plugin can implement, grouped by the phase of the production line.

Hook API version: :data:`HOOK_API_VERSION`. Specs grow by adding arguments (implementations
take only the arguments they need); a change that would break an implementation goes through
a deprecation that warns first (see "Hook API versioning" below and docs/writing-a-plugin.md).

Except for :func:`phoenix_describe_instrument`, every hook is *routed*: the engine calls only
the plugin that owns the instrument (pluggy's ``subset_hook_caller``), so an implementation
never has to ask whether a call is meant for it. Routed hooks are ``firstresult``: the owner's
answer is the answer. Hooks return frozen values from :mod:`phoenix.types` and never mutate
their arguments.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pluggy

from phoenix.correlations import ScatterPlot
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
    RecipeStep,
    ReviewPolicy,
    Spectrum1D,
)

PROJECT = "phoenix"
HOOK_API_VERSION = 1

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


# --- Hook API versioning ----------------------------------------------------------------------
#
# HOOK_API_VERSION counts breaking changes. Adding a hook, or an argument to a spec, is not one
# (implementations take only the arguments they need) and does not bump it. Removing or renaming
# a hook or an argument, or changing what a hook must return, is one, and goes in two steps:
#
# 1. the old spec stays and is marked ``@hookspec(warn_on_impl=deprecated(...))`` (a hook) or
#    ``@hookspec(warn_on_impl_args={"arg": deprecated(...)})`` (an argument), next to its
#    replacement; every plugin that implements it gets a HookDeprecationWarning when it is
#    registered (pluggy points the warning at the implementation's source line), and
#    ``phoenix plugins`` lists it;
# 2. in the release that bumps HOOK_API_VERSION to ``removed_in``, the old spec goes.
#    tests/engine/test_hook_versioning.py fails while a deprecation outlives its removal version.


class HookDeprecationWarning(DeprecationWarning):
    """A plugin implements a hook, or takes a hook argument, that a later hook API removes.

    ``removed_in`` is the hook API version without it.
    """

    def __init__(self, message: str, removed_in: int) -> None:
        super().__init__(message)
        self.removed_in = removed_in


def deprecated(what: str, *, since: int, removed_in: int, instead: str) -> HookDeprecationWarning:
    """The warning a deprecated spec carries in ``warn_on_impl`` or ``warn_on_impl_args``.

    :param what: the hook, or ``hook(argument)``, going away.
    :param since: the hook API version that deprecates it (the current one when it is added).
    :param removed_in: the hook API version that removes it; at least ``since + 1``.
    :param instead: what a plugin does instead, in one sentence.
    :raises ValueError: when ``removed_in`` does not come after ``since``.
    """
    if removed_in <= since:
        raise ValueError(f"{what}: removed_in ({removed_in}) must come after since ({since})")
    message = f"{what} is deprecated since hook API {since} and goes in hook API {removed_in}: {instead}"
    return HookDeprecationWarning(message, removed_in)


# --- discovery ------------------------------------------------------------------------------


@hookspec
def phoenix_describe_instrument() -> InstrumentInfo:
    """Say which instrument the plugin serves.

    Called once per plugin when the plugin manager is built (not routed: every plugin answers
    for itself).

    :return: the instrument's lowercase id, the INSTRUME header values it owns, the plugin
        version (part of every job's identity) and the pipeline it drives.
    """


# --- 1. dataset selection ----------------------------------------------------------------


@hookspec(firstresult=True)
def phoenix_declare_classification() -> ClassificationTable:
    """Declare how raw frames are classified.

    Called when a night is scanned. The engine applies the table to each raw header: the first
    rule whose conditions all match gives the frame's category (its SOF tag), role and arm.

    :return: the ordered rules, the keywords a frame must carry to be classified, and the
        setup keywords per arm.
    """


@hookspec(firstresult=True)
def phoenix_declare_datasets() -> DatasetDefinition:
    """Declare how classified frames group into science datasets and calibration groups.

    Called when datasets are defined for a night (after classification).

    :return: the science categories, single-file or template grouping, and the keys that group
        raw calibrations into one master-calibration job.
    """


# --- 2. association -------------------------------------------------------------------------


@hookspec(firstresult=True)
def phoenix_declare_associations() -> tuple[AssociationRule, ...]:
    """Declare which calibrations each dataset category needs and how to choose them.

    Called when datasets are associated with master calibrations (science) or with their raw
    calibration inputs (master reconstruction).

    :return: one rule per needed input: match keywords, levelled time windows, required or not.
    """


# --- 6. processing ----------------------------------------------------------------------------


@hookspec(firstresult=True)
def phoenix_declare_recipe_chains() -> tuple[RecipeChain, ...]:
    """Declare the recipe chains: calibration chains (raw calibrations to masters) and science.

    Called when jobs are planned. Parameters come from the plugin's data files.

    :return: the chains, each with its steps, SOF tags and the products each step must write.
    """


@hookspec(firstresult=True)
def phoenix_estimate_resources(step: RecipeStep, inputs: Mapping[str, int]) -> JobResources:
    """Estimate what one run of a recipe step needs of the machine. Optional.

    Called when a job is planned. The engine starts a job only when its estimate fits in what
    the running jobs leave of the memory budget (``Settings.memory_budget_mb``) and the cores,
    and refuses a job larger than the whole budget. Estimates should not be below the measured
    peak (e.g. a cube combination grows with the number of exposures and IFUs). Without this
    hook every job is taken to need ``Settings.default_job_memory_mb`` and one thread per
    ``Settings.omp_threads``.

    :param step: the recipe step to run.
    :param inputs: SOF tag to the number of files the job gets with that tag.
    :return: peak memory in MB and the threads the recipe runs.
    """


# --- 7. quality control ---------------------------------------------------------------------


@hookspec(firstresult=True)
def phoenix_declare_qc_parameters() -> tuple[QcDefinition, ...]:
    """Declare the QC parameters of masters and products.

    Called after each recipe run to pick the values that are stored and trended.

    :return: name, product category, source keyword (None for engine-computed values), unit
        and description of each parameter.
    """


@hookspec(firstresult=True)
def phoenix_declare_qc_thresholds() -> tuple[QcThreshold, ...]:
    """Declare how QC parameters are scored, per setup.

    Called when a dataset's QC values are scored (step 7). Fixed thresholds (hard, or soft
    defaults) and statistical ones (median ± k·MAD of the setup's certified history). A parameter
    without a threshold scores grey.

    :return: the thresholds.
    """


@hookspec(firstresult=True)
def phoenix_declare_correlations() -> tuple[ScatterPlot, ...]:
    """Declare correlation plots for the trending pages: QC parameter against QC parameter. Optional.

    Called when the trending pages are written (``phoenix report --trending``). Each series
    pairs two QC parameters of the same job (one point per job, e.g. per raw frame), such as
    a fibre spectrograph's S/N against the counts of its brightest fibre.

    :return: the plots, each with its series and whether to fit a power law.
    """


# --- 8. review ---------------------------------------------------------------------------------


@hookspec(firstresult=True)
def phoenix_declare_review_policy() -> ReviewPolicy:
    """Say when the instrument's products must wait for a person before ingestion.

    Called after scoring (step 8): ``always``, ``on_red`` (products with a red QC score), or
    ``never``. A product under review is not ingested until accepted.

    :return: the policy.
    """


# --- 9. Phase 3 ------------------------------------------------------------------------------


@hookspec(firstresult=True)
def phoenix_extract_spectra(products: Mapping[str, tuple[str, ...]]) -> tuple[Spectrum1D, ...]:
    """Read the science spectra out of a science chain's products.

    Called once per finished science dataset, before SDP header preparation.

    :param products: PRO.CATG to the product files the chain wrote.
    :return: one spectrum per final product (e.g. one per detector chip), wavelengths in nm.
    """


@hookspec(firstresult=True)
def phoenix_prepare_sdp_header(raw_header: Mapping[str, Any], spectrum: Spectrum1D) -> Mapping[str, Any]:
    """Give the instrument-specific Phase 3 cards of a spectrum product.

    Called for every spectrum before the engine writes the SDP file. The engine computes what
    follows from the data (WAVELMIN/MAX, SPEC_BIN, SNR, TELAPSE, TMID, ...); the plugin adds
    what it knows about the instrument (SPEC_RES, APERTURE, OBSTECH, SPECSYS, ...).

    :param raw_header: the primary header of the dataset's raw science frame.
    :param spectrum: the spectrum the product holds (for an instrument that implements
        :func:`phoenix_extract_cubes`: the :class:`~phoenix.types.Cube`).
    :return: keyword to value (a value may be a ``(value, comment)`` pair).
    """


@hookspec(firstresult=True)
def phoenix_extract_cubes(products: Mapping[str, tuple[str, ...]]) -> tuple[Cube, ...]:
    """Read the science cubes out of a science chain's products (integral-field instruments).

    Called once per finished science dataset instead of :func:`phoenix_extract_spectra` when the
    instrument implements it. Each cube becomes one ``SCIENCE.CUBE.IFS`` with its DATA and STAT
    extensions, one ``ANCILLARY.IMAGE.WHITELIGHT`` on the same spatial grid and a PNG preview.

    :param products: PRO.CATG to the product files the chain wrote.
    :return: one cube per final product, the spectral axis in nm.
    """


# --- simulation -----------------------------------------------------------------------------


@hookspec(firstresult=True)
def phoenix_simulate_night(night: str, destination: str, options: Mapping[str, Any]) -> NightSimulation:
    """Write a synthetic night: raw frames, static calibrations, a night log and the truth.

    Called by ``phoenix simulate`` and by tests and benchmarks.

    :param night: the night, ``YYYY-MM-DD`` (the date at the start of the night).
    :param destination: an empty directory to write into.
    :param options: plugin-specific knobs (number of sources, arms, seed, ...).
    :return: the files written and where the injected truth is.
    """
