"""The MUSE instrument plugin: integral-field cubes through cpl-plugin-muse."""
