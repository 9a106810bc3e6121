"""Recipe runners: the ``esorex`` runner for ESO's pipelines and a ``python`` runner."""

from phoenix.runners.base import ProductFile, RecipeRun, SofEntry, collect_products

__all__ = ["ProductFile", "RecipeRun", "SofEntry", "collect_products"]
