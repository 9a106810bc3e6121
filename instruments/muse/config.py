"""The MUSE plugin's own setting: how many IFUs the recipes process, resolved once.

Real MUSE frames hold 24 IFUs and the recipes run on all (``--nifu=0``). Test and demo nights
hold fewer full-size CCDs (one keeps an end-to-end night within minutes); ``PHOENIX_MUSE_NIFU=1``
makes every recipe process IFU 1 only. The engine has no per-plugin settings, so this is the one
place the plugin reads the environment; the value becomes a recipe parameter and thereby part of
every job's identity.
"""

from __future__ import annotations

import os

from instruments.muse import keywords as kw

ENV_NIFU = "PHOENIX_MUSE_NIFU"


def nifu() -> int:
    """0 (all IFUs) or the one IFU 1..24 to process."""
    text = os.environ.get(ENV_NIFU, "0").strip() or "0"
    value = int(text)
    if not 0 <= value <= kw.N_IFUS:
        raise ValueError(f"{ENV_NIFU}={text!r}: expected 0 (all IFUs) or an IFU number 1..{kw.N_IFUS}")
    return value
