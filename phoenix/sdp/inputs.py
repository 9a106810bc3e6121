"""Resolve a :class:`SpectrumProduct` into checked header inputs, or say everything that is wrong.

Values come from the raw header, the plugin's cards (within :mod:`phoenix.sdp.policy`) and the
product itself; nothing is guessed. All problems are collected and raised together as one
:class:`phoenix.errors.ValidationError`, so a plugin author sees every mistake in one run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from astropy.time import Time

from phoenix.errors import ValidationError
from phoenix.sdp import keywords as kw
from phoenix.sdp import policy
from phoenix.sdp.ancillary import Association, resolve_associations
from phoenix.sdp.measure import Timing, timing
from phoenix.sdp.product import SpectrumProduct
from phoenix.sdp.standard import RULES_BY_NAME

CardValue = tuple[Any, str | None]


@dataclass(frozen=True)
class Observation:
    """The observation description of a product, resolved from raw header and plugin cards."""

    telescop: str
    instrume: str
    object: str
    ra: float
    dec: float
    radesys: str
    equinox: float | None
    date_obs: str
    prog_id: str
    obid: int
    exptime: float
    texptime: float
    timing: Timing


@dataclass(frozen=True)
class ResolvedInputs:
    """Everything the card builder needs, checked."""

    observation: Observation
    plugin: Mapping[str, CardValue]
    extra: Mapping[str, CardValue]
    associations: tuple[Association, ...]


def resolve(product: SpectrumProduct, target: Path) -> ResolvedInputs:
    """Check ``product`` against the card policy and resolve its values for the file ``target``.

    :raises ValidationError: listing every problem, each naming its keyword.
    """
    problems: list[str] = []
    plugin = {_canonical(k): _unpack(v) for k, v in product.instrument_cards.items()}
    extra = {_canonical(k): _unpack(v) for k, v in product.extra_primary.items()}
    problems += _plugin_problems(plugin, product)
    problems += _extra_problems(extra, plugin)
    observation = _observation(product, plugin, problems)
    associations = resolve_associations(product.associated, target.parent, problems)
    if problems or observation is None:
        raise ValidationError(str(target), problems)
    return ResolvedInputs(observation=observation, plugin=plugin, extra=extra, associations=associations)


def _canonical(key: str) -> str:
    key = key.strip().upper()
    prefix = kw.HIERARCH + " "
    return key[len(prefix) :].strip() if key.startswith(prefix) else key


def _unpack(value: Any) -> CardValue:
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], str):
        value, comment = value
    else:
        comment = None
    if isinstance(value, np.generic):
        value = value.item()
    return value, comment


def _owned_by_engine(key: str) -> bool:
    return key in policy.ENGINE_OWNED or any(kw.matches(key, series) for series in policy.ENGINE_SERIES)


def _forbidden(key: str) -> bool:
    return any(kw.matches(key, name) for name in policy.FORBIDDEN)


def _plugin_problems(plugin: Mapping[str, CardValue], product: SpectrumProduct) -> list[str]:
    problems = []
    for key in plugin:
        if _forbidden(key):
            problems.append(f"instrument card {key}: not allowed in a PHOENIX SCIENCE.SPECTRUM product")
        elif _owned_by_engine(key):
            problems.append(f"instrument card {key}: computed by the engine; a plugin may not set it")
    problems += [
        f"instrument card {key}: required from the instrument plugin but missing"
        for key in policy.PLUGIN_REQUIRED
        if key not in plugin
    ]
    if kw.FLUXERR in plugin and not product.flux_calibrated:
        problems.append(f"instrument card {kw.FLUXERR}: must be -1 for an uncalibrated spectrum (note 39)")
    if not product.provenance:
        problems.append(f"{kw.indexed(kw.PROVi, 1)}: no provenance; give the ARCFILE of every raw input")
    if len(product.provenance) > 1:
        problems += [
            f"instrument card {key}: required when {len(product.provenance)} raw frames are combined"
            " (the raw header describes only the first)"
            for key in policy.REQUIRED_WHEN_COMBINED
            if key not in plugin
        ]
    return problems


def _extra_problems(extra: Mapping[str, CardValue], plugin: Mapping[str, CardValue]) -> list[str]:
    problems = []
    for key in extra:
        table7 = any(kw.matches(key, name) for name in RULES_BY_NAME)
        if table7 or key in plugin or key in kw.STRUCTURAL or _owned_by_engine(key) or _forbidden(key):
            problems.append(f"extra card {key}: set by the writer or the Phase 3 standard; not copyable")
    return problems


def _value(
    key: str,
    kind: type,
    raw: Mapping[str, Any],
    plugin: Mapping[str, CardValue],
    problems: list[str],
    *,
    required: bool = True,
) -> Any:
    """The value of ``key``: a permitted plugin override, else the raw header's; None if absent."""
    if key in plugin and key in policy.PLUGIN_MAY_OVERRIDE:
        value, origin = plugin[key][0], "instrument card"
    elif key in raw:
        value, origin = raw[key], "raw header"
    else:
        if required:
            problems.append(f"{key}: missing from the raw header")
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if kind is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if kind is int and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind is str and isinstance(value, str) and value.strip():
        return value.strip()
    problems.append(f"{key}: {origin} value {value!r} is not a {kind.__name__}")
    return None


_REQUIRED_RAW: tuple[tuple[str, type], ...] = (
    (kw.TELESCOP, str),
    (kw.INSTRUME, str),
    (kw.OBJECT, str),
    (kw.RA, float),
    (kw.DEC, float),
    (kw.MJD_OBS, float),
    (kw.EXPTIME, float),
    (kw.RAW_OBS_PROG_ID, str),
    (kw.RAW_OBS_ID, int),
)


def _observation(
    product: SpectrumProduct, plugin: Mapping[str, CardValue], problems: list[str]
) -> Observation | None:
    raw = product.raw_header
    start = len(problems)
    got = {key: _value(key, kind, raw, plugin, problems) for key, kind in _REQUIRED_RAW}
    radesys = _value(kw.RADESYS, str, raw, plugin, problems, required=False) or _value(
        kw.RAW_RADECSYS, str, raw, plugin, [], required=False
    )
    if radesys is None:
        problems.append(f"{kw.RADESYS}: neither {kw.RADESYS} nor {kw.RAW_RADECSYS} is in the raw header")
    equinox = _value(kw.EQUINOX, float, raw, plugin, problems, required=False)
    mjd_end = _value(kw.MJD_END, float, raw, plugin, problems, required=False)
    texptime = _value(kw.TEXPTIME, float, raw, plugin, problems, required=False)
    if len(problems) > start:
        return None
    exptime = got[kw.EXPTIME]
    if len(product.provenance) > 1 and kw.EXPTIME not in plugin and texptime is not None:
        exptime = texptime  # a combined spectrum integrates all exposures in every pixel
    try:
        when = timing(got[kw.MJD_OBS], exptime, mjd_end)
    except ValueError as exc:
        problems.append(f"{kw.MJD_END}: {exc}")
        return None
    date_obs = raw.get(kw.DATE_OBS) or Time(got[kw.MJD_OBS], format="mjd", scale="utc").isot
    return Observation(
        telescop=got[kw.TELESCOP],
        instrume=got[kw.INSTRUME],
        object=got[kw.OBJECT],
        ra=got[kw.RA],
        dec=got[kw.DEC],
        radesys=radesys,
        equinox=equinox,
        date_obs=str(date_obs).strip(),
        prog_id=got[kw.RAW_OBS_PROG_ID],
        obid=got[kw.RAW_OBS_ID],
        exptime=exptime,
        texptime=exptime if texptime is None else texptime,
        timing=when,
    )
