"""Ancillary files associated with a product: ASSOCi (category), ASSONi (name), ASSOMi (MD5).

Table 7 notes 27/28: ASSOCi and ASSONi come in pairs for every associated file; ASSOMi, the MD5
checksum, is mandatory only for files that are not FITS (the archive checksums FITS files itself).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from phoenix.sdp import keywords as kw

FITS_SUFFIXES = (".fits", ".fit", ".fts", ".fits.gz", ".fits.fz", ".fits.z")
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Association:
    """One associated file as it is recorded in the product header."""

    category: str
    name: str
    md5: str | None


def is_fits_name(name: str) -> bool:
    """True when ``name`` is a FITS file by its suffix."""
    return name.lower().endswith(FITS_SUFFIXES)


def md5_of(path: Path) -> str:
    """The hexadecimal MD5 digest of the file at ``path``."""
    digest = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def resolve_associations(
    associated: tuple[tuple[str, str], ...], directory: Path, problems: list[str]
) -> tuple[Association, ...]:
    """Turn ``(category, filename)`` pairs into header entries; non-FITS files must exist.

    Relative file names are taken relative to ``directory`` (where the product is written).
    """
    result = []
    for index, (category, filename) in enumerate(associated, 1):
        path = Path(filename) if Path(filename).is_absolute() else directory / filename
        md5 = None
        if not is_fits_name(path.name):
            if path.is_file():
                md5 = md5_of(path)
            else:
                problems.append(
                    f"{kw.indexed(kw.ASSOMi, index)}: non-FITS ancillary file {path} must exist to be"
                    " checksummed (note 27)"
                )
        result.append(Association(category=category, name=path.name, md5=md5))
    return tuple(result)


def association_cards(associations: tuple[Association, ...]) -> list[tuple[str, str, str]]:
    """ASSOCi, ASSONi and, where needed, ASSOMi cards, numbered from 1."""
    cards = []
    for index, item in enumerate(associations, 1):
        cards.append((kw.indexed(kw.ASSOCi, index), item.category, "Category of associated file"))
        cards.append((kw.indexed(kw.ASSONi, index), item.name, "Name of associated file"))
        if item.md5 is not None:
            cards.append((kw.indexed(kw.ASSOMi, index), item.md5, "MD5 checksum of associated file"))
    return cards
