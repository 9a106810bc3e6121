"""The MUSE plugin object: a thin class whose hooks hand out the declarations of this package.

Each concern lives in its own module (classification, datasets, associations, chains + the
recipe parameters file, resources, qc, thresholds, cubes, sdp_cards); the hooks only return them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from instruments.muse.associations import ASSOCIATIONS
from instruments.muse.chains import recipe_chains
from instruments.muse.classification import CLASSIFICATION
from instruments.muse.cubes import extract_cubes
from instruments.muse.datasets import DATASETS
from instruments.muse.qc import QC_PARAMETERS
from instruments.muse.resources import estimate
from instruments.muse.sdp_cards import cube_cards, pipeline_of
from instruments.muse.simulator import simulate_night
from instruments.muse.thresholds import REVIEW_POLICY, THRESHOLDS
from phoenix import (
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
    hookimpl,
)


class MusePlugin:
    """MUSE (VLT UT4): integral-field cubes through cpl-plugin-muse."""

    @hookimpl
    def phoenix_describe_instrument(self) -> InstrumentInfo:
        return InstrumentInfo(name="muse", instrume=("MUSE",), version="0.1.0", pipeline="muse")

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
    def phoenix_declare_qc_thresholds(self) -> tuple[QcThreshold, ...]:
        return THRESHOLDS

    @hookimpl
    def phoenix_declare_review_policy(self) -> ReviewPolicy:
        return REVIEW_POLICY

    @hookimpl
    def phoenix_extract_cubes(self, products: Mapping[str, tuple[str, ...]]) -> tuple[Cube, ...]:
        return extract_cubes(products)

    @hookimpl
    def phoenix_prepare_sdp_header(self, raw_header: Mapping[str, Any], spectrum: Cube) -> Mapping[str, Any]:
        return cube_cards(raw_header, pipeline_of(spectrum.source_file))

    @hookimpl
    def phoenix_simulate_night(
        self, night: str, destination: str, options: Mapping[str, Any]
    ) -> NightSimulation:
        """Write a synthetic MUSE night (see :class:`instruments.muse.simulator.MuseNightOptions`)."""
        return simulate_night(night, destination, options)


plugin = MusePlugin()
