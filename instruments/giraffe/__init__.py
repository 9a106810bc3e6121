"""The FLAMES/GIRAFFE instrument plugin: Medusa fibre spectra, one SCIENCE.SPECTRUM per science fibre."""
