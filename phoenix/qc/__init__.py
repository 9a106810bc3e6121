"""Process QC: the engine's own measurements and the scoring of QC values against thresholds."""
