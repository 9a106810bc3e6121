"""The UVES plugin object: a thin class whose hooks hand out the declarations of this package.

Each concern lives in its own module (classification, datasets, associations, chains + the
recipe parameters file, qc, sdp_cards); the hooks only return them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from instruments.uves.associations import ASSOCIATIONS
from instruments.uves.chains import recipe_chains
from instruments.uves.classification import CLASSIFICATION
from instruments.uves.datasets import DATASETS
from instruments.uves.qc import QC_PARAMETERS
from instruments.uves.sdp_cards import product_pipeline, sdp_cards
from instruments.uves.simulator import simulate_night_from_options
from instruments.uves.spectra import extract_spectra
from instruments.uves.thresholds import REVIEW_POLICY, THRESHOLDS
from phoenix import (
    AssociationRule,
    ClassificationTable,
    DatasetDefinition,
    InstrumentInfo,
    NightSimulation,
    QcDefinition,
    QcThreshold,
    RecipeChain,
    ReviewPolicy,
    Spectrum1D,
    hookimpl,
)


class UvesPlugin:
    """UVES (VLT UT2): echelle spectra from the blue and red arms through cpl-plugin-uves."""

    @hookimpl
    def phoenix_describe_instrument(self) -> InstrumentInfo:
        return InstrumentInfo(name="uves", instrume=("UVES",), version="0.1.0", pipeline="uves")

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
    def phoenix_declare_qc_parameters(self) -> tuple[QcDefinition, ...]:
        return QC_PARAMETERS

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
        return sdp_cards(raw_header, product_pipeline(spectrum.source_file))

    @hookimpl
    def phoenix_simulate_night(
        self, night: str, destination: str, options: Mapping[str, Any]
    ) -> NightSimulation:
        """Write a synthetic UVES night (see :func:`instruments.uves.simulator.simulate_night`)."""
        return simulate_night_from_options(night, destination, options)


plugin = UvesPlugin()
