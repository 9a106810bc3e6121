"""kmos_phoenix: a PHOENIX instrument plugin for VLT KMOS, written as a third party would write one.

It is registered only through the ``phoenix.instruments`` entry point (see ``pyproject.toml``),
imports only ``phoenix``'s public API, and reduces a small simulated KMOS night with recipes
written in Python (run by PHOENIX's ``python`` runner). See README.md for what is simulated
and what is simplified.
"""

__version__ = "0.1.0"
