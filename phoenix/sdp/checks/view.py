"""A read-only view of an opened product that every check works on."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from astropy.io import fits


@dataclass(frozen=True)
class HduSums:
    """Result of astropy's CHECKSUM/DATASUM verification: 1 valid, 0 invalid, 2 keyword absent."""

    checksum: int
    datasum: int


@dataclass(frozen=True)
class ProductView:
    """Primary header, spectrum-extension header and columns (first row), and checksum results.

    ``extension`` is None when the file has no usable binary-table extension; ``columns`` maps
    each column name to its first-row array as float (QUAL as integers).
    """

    primary: fits.Header
    extension: fits.Header | None
    columns: Mapping[str, np.ndarray]
    sums: tuple[HduSums, ...]

    def header(self, hdu: int) -> fits.Header | None:
        """The header of HDU ``hdu`` (0 or 1), if there is one."""
        return self.primary if hdu == 0 else self.extension


def type_ok(value: Any, expected: type) -> bool:
    """True when a header value read back by astropy has the type Table 7 calls for."""
    if expected is float:
        return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    if expected is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, expected)


def number(header: fits.Header | None, key: str) -> float | None:
    """The value of ``key`` as a float, or None when absent or not a number (presence reports that)."""
    if header is None or key not in header:
        return None
    value = header[key]
    return float(value) if type_ok(value, float) else None


def text(header: fits.Header | None, key: str) -> str | None:
    """The value of ``key`` when it is a string, else None."""
    if header is None or key not in header:
        return None
    value = header[key]
    return value if isinstance(value, str) else None


def close(a: float, b: float, rel: float = 1e-9, absolute: float = 1e-12) -> bool:
    """Equality of two header numbers up to the rounding of a FITS card."""
    return math.isclose(a, b, rel_tol=rel, abs_tol=absolute)
