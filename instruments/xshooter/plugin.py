"""The XSHOOTER plugin object: a thin class whose hooks hand out the declarations of this package.

Registered by the ``phoenix.instruments`` entry point ``xshooter = instruments.xshooter.plugin:plugin``.
Where the xshoo pipeline is installed (``<recipe_dir>/xshoo-*``) the chains run its recipes through
esorex; elsewhere the engine runs each step's reference recipe (:mod:`instruments.xshooter.recipes`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from instruments.xshooter import __version__
from instruments.xshooter.associations import ASSOCIATIONS
from instruments.xshooter.chains import recipe_chains
from instruments.xshooter.classification import CLASSIFICATION
from instruments.xshooter.datasets import DATASETS
from instruments.xshooter.qc import QC_PARAMETERS
from instruments.xshooter.resources import estimate
from instruments.xshooter.sdp_cards import sdp_cards
from instruments.xshooter.simulator import simulate_night
from instruments.xshooter.spectra import extract_spectra
from instruments.xshooter.thresholds import REVIEW_POLICY, THRESHOLDS
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
    Spectrum1D,
    hookimpl,
)


class XshooterPlugin:
    """XSHOOTER (VLT UT3): echelle slit spectra from 300 nm to 2.5 micron in three arms."""

    @hookimpl
    def phoenix_describe_instrument(self) -> InstrumentInfo:
        return InstrumentInfo(
            name="xshooter",
            instrume=("XSHOOTER", "SHOOT"),
            version=__version__,
            pipeline="xshoo",
            description="XSHOOTER UVB/VIS/NIR slit spectra; Python reference recipes without xshoo",
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
        """Write a synthetic XSHOOTER night (see :func:`instruments.xshooter.simulator.simulate_night`)."""
        return simulate_night(night, destination, options)


plugin = XshooterPlugin()
