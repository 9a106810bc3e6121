"""Python reference recipes standing in for the xshoo pipeline's recipes where it is not installed.

Each function has the python runner's signature ``f(sof, workdir, parameters)`` and the name of
the xshoo recipe it replaces; it reads its inputs by SOF tag and writes FITS products with
``ESO PRO CATG``. They are real, simple algorithms (order tracing on flats, arc-line wavelength
solutions, optimal extraction with propagated errors, a response from a flux standard, order
merging), not the xshoo pipeline's; products say so in ``ESO PRO REC1 PIPE ID``.
"""
