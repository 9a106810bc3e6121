"""Table 7 of the ESO Science Data Products Standard (ESO-044286 v6) for ``SCIENCE.SPECTRUM``.

Each :class:`KeywordRule` is one row of Table 7: the row's keyword names as the standard spells
them, the ``SCIENCE.SPECTRUM`` cell verbatim (status code plus note numbers) and the FITS value
type the validator expects. Rows that are ``N/A`` or ``None`` for spectra are not listed.

Status codes: ``M`` mandatory (primary HDU), ``Mext`` mandatory in the extension, ``M Mext`` both,
``Meso`` mandatory for ESO-produced products (PHOENIX products are, so: mandatory), ``Mapp``/
``Mextapp`` mandatory where the note applies, ``R``/``O``/``Oext`` recommended/optional,
``NotAlw`` not allowed, ``Reserved`` set by the archive at ingestion (so absent before it),
``Contact`` only after agreement with ESO (PHOENIX never writes them).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from phoenix.sdp import keywords as kw

PRODCATG_SPECTRUM = "SCIENCE.SPECTRUM"
ORIGIN_ESO = "ESO"
FLUXCAL_ABSOLUTE = "ABSOLUTE"
FLUXCAL_UNCALIBRATED = "UNCALIBRATED"
FLUXERR_UNCALIBRATED = -1.0  # note 39
FLUXERR_UNDETERMINED = -2.0  # note 39
EQUINOX_J2000 = 2000.0  # note 33
RADESYS_FK5 = "FK5"
RADESYS_ICRS = "ICRS"
VOCLASS_SPECTRUM = "SPECTRUM v2.0"
VOPUB_ESO = "ESO/SAF"
# FITS WCS Paper III, table 10: the standard's reference frames for SPECSYS.
SPECSYS_VALUES = frozenset(
    {
        "TOPOCENT",
        "GEOCENTR",
        "BARYCENT",
        "HELIOCEN",
        "LSRK",
        "LSRD",
        "GALACTOC",
        "LOCALGRP",
        "CMBDIPOL",
        "SOURCE",
    }
)

_PRIMARY_CODES = frozenset({"M", "Meso"})
_EXTENSION_CODES = frozenset({"Mext"})
_CONDITIONAL_CODES = frozenset({"Mapp", "Mextapp"})
_FORBIDDEN_CODES = frozenset({"NotAlw", "Reserved", "Contact"})
_COLUMN_SERIES = frozenset(
    {kw.TTYPEi, kw.TFORMi, kw.TCOMMi, kw.TUNITi, kw.TUTYPi, kw.TUCDi, kw.TDMINi, kw.TDMAXi}
)


@dataclass(frozen=True)
class KeywordRule:
    """One Table 7 row as it applies to ``SCIENCE.SPECTRUM``.

    ``names`` are alternative spellings of one keyword (``TELESCOP`` or ``TELESCi``); ``status``
    is the table cell verbatim; ``value_type`` the Python type a valid value reads back as
    (``float`` also accepts ``int``; ``None`` = not checked). ``row`` is the Table 7 keyword cell
    when it differs from the names: the row "RA DEC" holds two keywords that are both required,
    so it is encoded as two rules.
    """

    names: tuple[str, ...]
    status: str
    value_type: type | None
    row: str = ""

    @property
    def table_row(self) -> str:
        """The KEYWORD cell of the Table 7 row this rule encodes."""
        return self.row or " ".join(self.names)

    @property
    def codes(self) -> frozenset[str]:
        """The status codes of the cell, without note numbers."""
        return frozenset(token for token in self.status.split() if not token.isdigit())

    @property
    def notes(self) -> tuple[int, ...]:
        """The Table 7 notes the cell refers to."""
        return tuple(int(token) for token in self.status.split() if token.isdigit())

    @property
    def in_primary(self) -> bool:
        """Mandatory in the primary HDU whatever the product."""
        return bool(self.codes & _PRIMARY_CODES)

    @property
    def in_extension(self) -> bool:
        """Mandatory in the spectrum extension whatever the product."""
        return bool(self.codes & _EXTENSION_CODES)

    @property
    def conditional(self) -> bool:
        """Mandatory only where a note applies (checked by a dedicated rule)."""
        return bool(self.codes & _CONDITIONAL_CODES)

    @property
    def forbidden(self) -> bool:
        """Must not appear in a product submitted for ingestion."""
        return bool(self.codes & _FORBIDDEN_CODES)

    @property
    def indexed(self) -> bool:
        """The first name is a series (``PROVi``, ``TTYPEi``, ...)."""
        return kw.is_template(self.names[0])

    @property
    def per_column(self) -> bool:
        """One card per binary-table column (``TTYPEi``, ``TUCDi``, ...)."""
        return self.names[0] in _COLUMN_SERIES


def _rule(names: str, status: str, value_type: type | None, row: str = "") -> KeywordRule:
    return KeywordRule(tuple(names.split()), status, value_type, row)


SPECTRUM_RULES: tuple[KeywordRule, ...] = (
    _rule(kw.PRODCATG, "M", str),
    _rule(kw.ASSOCi, "Mapp 27", str),
    _rule(kw.ASSONi, "Mapp 28", str),
    _rule(kw.ASSOMi, "Mapp 27", str),
    _rule(kw.ORIGIN, "M", str),
    _rule(f"{kw.TELESCOP} {kw.TELESCi}", "M", str),
    _rule(f"{kw.INSTRUME} {kw.INSTRi}", "M", str),
    _rule(kw.OBJECT, "M Mext", str),
    _rule(kw.RA, "M Mext", float, row=f"{kw.RA} {kw.DEC}"),
    _rule(kw.DEC, "M Mext", float, row=f"{kw.RA} {kw.DEC}"),
    _rule(kw.EQUINOX, "Mapp 33", float),
    _rule(kw.RADESYS, "M", str),
    _rule(kw.TIMESYS, "Mapp 34", str),
    _rule(kw.EXPTIME, "M", float),
    _rule(kw.TEXPTIME, "M", float),
    _rule(kw.MJD_OBS, "M", float),
    _rule(kw.MJD_END, "M", float),
    _rule(f"{kw.PROG_ID} {kw.PROGIDi}", "Meso", str),
    _rule(kw.OBIDi, "Meso", int),
    _rule(kw.NCOMBINE, "Meso", int),
    _rule(kw.OBSTECH, "M", str),
    _rule(kw.FLUXCAL, "M", str),
    _rule(kw.PROCSOFT, "M", str),
    _rule(kw.REFERENC, "M 36", str),
    _rule(f"{kw.PROVi} {kw.PROVXTN}", "Meso", str),
    _rule(kw.BUNIT, "NotAlw", None),
    _rule(kw.CDi_j, "NotAlw", None),
    _rule(kw.SPECSYS, "M", str),
    _rule(kw.EXT_OBJ, "Mapp 38", bool),
    _rule(kw.CONTNORM, "M", bool),
    _rule(kw.TOT_FLUX, "M", bool),
    _rule(kw.FLUXERR, "M 39", float),
    _rule(kw.WAVELMIN, "M", float),
    _rule(kw.WAVELMAX, "M", float),
    _rule(kw.LAMRMS, "O", float),
    _rule(kw.LAMNLIN, "O", int),
    _rule(kw.SPEC_BIN, "M", float),
    _rule(kw.SPEC_ERR, "R", float),
    _rule(kw.SPEC_SYE, "R", float),
    _rule(kw.RA_ERR, "R", float),
    _rule(kw.DEC_ERR, "R", float),
    _rule(kw.NELEM, "Mext", int),
    _rule(kw.VOCLASS, "Mext", str),
    _rule(kw.VOPUB, "Mext", str),
    _rule(kw.TITLE, "Mext", str),
    _rule(kw.APERTURE, "Mext", float),
    _rule(kw.TELAPSE, "Mext", float),
    _rule(kw.TMID, "Mext", float),
    _rule(kw.SPEC_VAL, "Mext", float),
    _rule(kw.SPEC_BW, "Mext", float),
    _rule(kw.SNR, "M", float),
    _rule(kw.SPEC_RES, "M", float),
    _rule(kw.STREHL, "Mapp 47", float),
    _rule(kw.STOKES, "Contact", None),
    _rule(kw.ARCFILE, "Reserved", None),
    _rule(kw.CHECKSUM, "M", str),
    _rule(kw.DATASUM, "M", str),
    _rule(kw.ORIGFILE, "Reserved", None),
    _rule(kw.P3ORIG, "Reserved", None),
    _rule(kw.NOESODAT, "Mapp 55", bool),
    _rule(kw.TFIELDS, "Mext", int),
    _rule(kw.TTYPEi, "Mext", str),
    _rule(kw.TFORMi, "Mext", str),
    _rule(kw.TCOMMi, "Oext", str),
    _rule(kw.TUNITi, "Mext 57", str),
    _rule(kw.TUTYPi, "Mext 58", str),
    _rule(kw.TUCDi, "Mext", str),
    _rule(kw.TDMINi, "Mextapp 59", float),
    _rule(kw.TDMAXi, "Mextapp 59", float),
    _rule(kw.EXTNAME, "Mextapp 61", str),
)

RULES_BY_NAME = MappingProxyType({name: rule for rule in SPECTRUM_RULES for name in rule.names})

# The notes of conditional rows that the validator evaluates, and where.
ASSESSED_NOTES = MappingProxyType(
    {
        27: "checks.values: ASSOCi pairs with ASSONi; ASSOMi present for every non-FITS ASSONi",
        28: "checks.values: ASSONi numbered without gaps and paired with ASSOCi",
        33: "checks.values: EQUINOX = 2000.0, mandatory with RADESYS = 'FK5'",
        38: "checks.values: EXT_OBJ absent (PHOENIX processing is unsupervised)",
        59: "checks.table: TDMIN1/TDMAX1 present and equal to the spectral column's range",
        61: "checks.table: EXTNAME present and not an archive-reserved name",
    }
)

# Conditional rows whose condition PHOENIX does not evaluate, and why.
NOT_ASSESSED = MappingProxyType(
    {
        kw.TIMESYS: "note 34: only needed when the time system is not UTC; VLT headers are UTC",
        kw.STREHL: "note 47: AO observations only; no PHOENIX instrument delivers AO spectra",
        kw.NOESODAT: "note 55: non-ESO facilities only; PHOENIX processes ESO data only",
    }
)
