"""The plugin's tests use PHOENIX's pytest plugin: the conformance suite and its fixtures."""

pytest_plugins = ["phoenix.testing"]
