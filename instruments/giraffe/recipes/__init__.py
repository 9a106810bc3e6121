"""Python reference recipes for GIRAFFE Medusa data, run through the engine's ``python`` runner.

Each is ``f(sof, workdir, parameters)`` and writes FITS products carrying ``ESO PRO CATG``.
"""
