"""The parts of the fetch step (:mod:`phoenix.production.fetch`): report, raw frames, masters, night logs."""
