"""Who decides which card: the engine, the instrument plugin, or the plugin over an engine default.

The rule: what follows from the data, the raw header or the product's provenance is the
engine's and no plugin card replaces it (a plugin that tries is told so, it is never silently
ignored). A plugin may replace only the observation values in :data:`PLUGIN_MAY_OVERRIDE`:
a fibre or slit-position spectrum has its own OBJECT/RA/DEC, a combined spectrum its own
exposure times and end, and only the plugin knows TOT_FLUX, CONTNORM and the flux-calibration
error. Everything the engine cannot know is :data:`PLUGIN_REQUIRED`.
"""

from __future__ import annotations

from phoenix.sdp import keywords as kw
from phoenix.sdp.standard import SPECTRUM_RULES

PLUGIN_REQUIRED: tuple[str, ...] = (kw.SPEC_RES, kw.SPECSYS, kw.OBSTECH, kw.PROCSOFT, kw.APERTURE)

PLUGIN_MAY_OVERRIDE: frozenset[str] = frozenset(
    {
        kw.OBJECT,
        kw.RA,
        kw.DEC,
        kw.EXPTIME,
        kw.TEXPTIME,
        kw.MJD_END,
        kw.TITLE,
        kw.TOT_FLUX,
        kw.CONTNORM,
        kw.FLUXERR,  # only for FLUXCAL = 'ABSOLUTE' (note 39 fixes it otherwise)
    }
)

# When several raw frames are combined, the raw header describes only the first of them.
REQUIRED_WHEN_COMBINED: tuple[str, ...] = (kw.TEXPTIME, kw.MJD_END)

ENGINE_OWNED: frozenset[str] = frozenset(
    {
        kw.PRODCATG,
        kw.ORIGIN,
        kw.TELESCOP,
        kw.INSTRUME,
        kw.DATE_OBS,
        kw.MJD_OBS,
        kw.RADESYS,
        kw.EQUINOX,
        kw.PROG_ID,
        kw.NCOMBINE,
        kw.FLUXCAL,
        kw.REFERENC,
        kw.WAVELMIN,
        kw.WAVELMAX,
        kw.SPEC_BIN,
        kw.SPEC_VAL,
        kw.SPEC_BW,
        kw.SNR,
        kw.TELAPSE,
        kw.TMID,
        kw.NELEM,
        kw.VOCLASS,
        kw.VOPUB,
        kw.M_EPOCH,
        kw.SINGLEXP,
        kw.EXTNAME,
        kw.TFIELDS,
        kw.CHECKSUM,
        kw.DATASUM,
    }
    | kw.STRUCTURAL
)

# Series the engine numbers itself; no plugin or extra card may use a member of them.
ENGINE_SERIES: tuple[str, ...] = (
    kw.PROVi,
    kw.OBIDi,
    kw.ASSOCi,
    kw.ASSONi,
    kw.ASSOMi,
    kw.TTYPEi,
    kw.TFORMi,
    kw.TUNITi,
    kw.TUTYPi,
    kw.TUCDi,
    kw.TCOMMi,
    kw.TDMINi,
    kw.TDMAXi,
)

# Keywords whose Table 7 status puts them in the spectrum extension only (APERTURE, TITLE, ...).
EXTENSION_ONLY: frozenset[str] = frozenset(
    name
    for rule in SPECTRUM_RULES
    if rule.in_extension and not rule.in_primary and not rule.per_column
    for name in rule.names
)

# Never written by PHOENIX: Table 7 'NotAlw', 'Reserved' (archive-set) and 'Contact' rows, and
# EXT_OBJ, which note 38 rules out for unsupervised processing.
FORBIDDEN: frozenset[str] = frozenset(
    name for rule in SPECTRUM_RULES if rule.forbidden for name in rule.names
) | {kw.EXT_OBJ}
