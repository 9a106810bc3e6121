"""Which header keywords the bookkeeping keeps per frame: those the instrument's rules use."""

from __future__ import annotations

import functools

from phoenix import keywords as kw
from phoenix.plugins import Instruments

ENGINE_KEYWORDS = (
    kw.INSTRUME,
    kw.ARCFILE,
    kw.ORIGFILE,
    kw.DATE_OBS,
    kw.MJD_OBS,
    kw.EXPTIME,
    kw.OBJECT,
    kw.RA,
    kw.DEC,
    kw.DPR_CATG,
    kw.DPR_TYPE,
    kw.DPR_TECH,
    kw.OBS_ID,
    kw.OBS_NAME,
    kw.OBS_PROG_ID,
    kw.TPL_START,
)


@functools.cache
def _cached(instruments: Instruments, instrument: str) -> tuple[str, ...]:
    table = instruments.classification(instrument)
    wanted = set(ENGINE_KEYWORDS) | set(table.required_keywords)
    for rule in table.rules:
        wanted.update(c.keyword for c in rule.conditions)
    for keys in table.setup_keywords.values():
        wanted.update(keys)
    for assoc in instruments.associations(instrument):
        wanted.update(assoc.match_keywords)
    definition = instruments.datasets(instrument)
    wanted.update(definition.group_keywords)
    wanted.update(definition.calibration_group_keys)
    return tuple(sorted(wanted))


def relevant_keywords(instruments: Instruments, instrument: str) -> tuple[str, ...]:
    """The header keywords classification, grouping and association of ``instrument`` read."""
    return _cached(instruments, instrument)
