"""The GIRAFFE plugin object: a thin class whose hooks hand out the declarations of this package.

Each concern lives in its own module (classification, datasets, associations, chains + the
recipe parameters file, qc, thresholds, sdp_cards, spectra, resources, the simulator); the
hooks only return them. Registered by the ``phoenix.instruments`` entry point
``giraffe = instruments.giraffe.plugin:plugin``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from instruments.giraffe.associations import ASSOCIATIONS
from instruments.giraffe.chains import recipe_chains
from instruments.giraffe.classification import CLASSIFICATION
from instruments.giraffe.correlations import CORRELATIONS
from instruments.giraffe.datasets import DATASETS
from instruments.giraffe.qc import QC_PARAMETERS
from instruments.giraffe.resources import estimate
from instruments.giraffe.sdp_cards import sdp_cards
from instruments.giraffe.simulator import simulate_night_from_options
from instruments.giraffe.spectra import extract_spectra
from instruments.giraffe.thresholds import REVIEW_POLICY, THRESHOLDS
from phoenix import (
    AssociationRule,
    ClassificationTable,
    DatasetDefinition,
    InstrumentInfo,
    JobResources,
    NightSimulation,
    QcDefinition,
    QcThreshold,
    RecipeChain,
    RecipeStep,
    ReviewPolicy,
    ScatterPlot,
    Spectrum1D,
    hookimpl,
)


class GiraffePlugin:
    """FLAMES/GIRAFFE (VLT UT2) in Medusa mode: one spectrum per science fibre, up to 130 per frame."""

    @hookimpl
    def phoenix_describe_instrument(self) -> InstrumentInfo:
        return InstrumentInfo(
            name="giraffe",
            instrume=("GIRAFFE",),
            version="0.1.0",
            pipeline="giraf",
            description="FLAMES/GIRAFFE Medusa: gimasterbias/gimasterdark + Python reference recipes",
        )

    @hookimpl
    def phoenix_declare_classification(self) -> ClassificationTable:
        return CLASSIFICATION

    @hookimpl
    def phoenix_declare_datasets(self) -> DatasetDefinition:
        return DATASETS

    @hookimpl
    def phoenix_declare_associations(self) -> tuple[AssociationRule, ...]:
        return ASSOCIATIONS

    @hookimpl
    def phoenix_declare_recipe_chains(self) -> tuple[RecipeChain, ...]:
        return recipe_chains()

    @hookimpl
    def phoenix_estimate_resources(self, step: RecipeStep, inputs: Mapping[str, int]) -> JobResources:
        return estimate(step, inputs)

    @hookimpl
    def phoenix_declare_qc_parameters(self) -> tuple[QcDefinition, ...]:
        return QC_PARAMETERS

    @hookimpl
    def phoenix_declare_correlations(self) -> tuple[ScatterPlot, ...]:
        return CORRELATIONS

    @hookimpl
    def phoenix_declare_qc_thresholds(self) -> tuple[QcThreshold, ...]:
        return THRESHOLDS

    @hookimpl
    def phoenix_declare_review_policy(self) -> ReviewPolicy:
        return REVIEW_POLICY

    @hookimpl
    def phoenix_extract_spectra(self, products: Mapping[str, tuple[str, ...]]) -> tuple[Spectrum1D, ...]:
        return extract_spectra(products)

    @hookimpl
    def phoenix_prepare_sdp_header(
        self, raw_header: Mapping[str, Any], spectrum: Spectrum1D
    ) -> Mapping[str, Any]:
        return sdp_cards(raw_header, spectrum)

    @hookimpl
    def phoenix_simulate_night(
        self, night: str, destination: str, options: Mapping[str, Any]
    ) -> NightSimulation:
        """Write a synthetic Medusa night (see :func:`instruments.giraffe.simulator.simulate_night`)."""
        return simulate_night_from_options(night, destination, options)


plugin = GiraffePlugin()
