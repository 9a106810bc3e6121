"""ESO's calSelector: the calibrations ESO associates with a raw frame, and how to read its answers.

Two answer formats are read. The association tree (``application/xml;content=calselector``; a
``multipart`` message when several frames are asked for) in ``Raw2Raw`` or ``Raw2Master`` mode:
nested ``association`` elements, each with the ``file`` names (data-product ids) of one category.
And the DataLink table (``responseformat=votable``) ESO's DataLink service links to for
``Raw2Master``: one row per file, ``#this`` for the science frame and ``#calibration`` for each
master or static calibration, with its ``eso_category``.
"""

from __future__ import annotations

import email.parser
import email.policy
import io
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from astropy.io.votable import parse_single_table

from phoenix.archive.source import MasterRecord

RAW2RAW, RAW2MASTER = "Raw2Raw", "Raw2Master"
MODES = (RAW2RAW, RAW2MASTER)
CALIBRATION = "#calibration"


class CalSelectorFormatError(ValueError):
    """The answer is not in a calSelector format we read."""


@dataclass(frozen=True)
class CalFile:
    category: str
    name: str


@dataclass(frozen=True)
class CalAssociation:
    """One node of the association tree: files of one category and what they need in turn."""

    category: str
    mode: str
    certified: bool
    complete: bool
    files: tuple[CalFile, ...]
    needs: tuple[CalAssociation, ...]

    def walk(self) -> Iterator[CalAssociation]:
        yield self
        for child in self.needs:
            yield from child.walk()

    def calibrations(self) -> dict[str, frozenset[str]]:
        """Category -> file names over the whole tree, without the frame(s) asked about."""
        out: dict[str, set[str]] = {}
        for node in self.walk():
            if node is self:
                continue
            for f in node.files:
                out.setdefault(f.category, set()).add(f.name)
        return {category: frozenset(names) for category, names in out.items()}


def parse_association_xml(text: str | bytes) -> CalAssociation:
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise CalSelectorFormatError(f"not XML: {exc}") from exc
    if root.tag != "association":
        raise CalSelectorFormatError(f"root element is <{root.tag}>, expected <association>")
    return _node(root, root.get("mode", ""))


def _node(element: ET.Element, mode: str) -> CalAssociation:
    files = tuple(
        CalFile(f.get("category", ""), f.get("name", ""))
        for f in element.findall("./mainFiles/file")
        if f.get("name")
    )
    return CalAssociation(
        category=element.get("category", ""),
        mode=element.get("mode", mode),
        certified=element.get("certified", "true") == "true",
        complete=element.get("complete", "true") == "true",
        files=files,
        needs=tuple(_node(child, mode) for child in element.findall("./associatedFiles/association")),
    )


def parse_associations(body: bytes, content_type: str) -> list[CalAssociation]:
    """One tree per frame asked about: a single XML document or a multipart message of them."""
    if content_type.lower().startswith("multipart/"):
        head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
        message = email.parser.BytesParser(policy=email.policy.compat32).parsebytes(head + body)
        parts = [p.get_payload(decode=True) for p in message.walk() if not p.is_multipart()]
        if not parts:
            raise CalSelectorFormatError("multipart answer without parts")
        return [parse_association_xml(part) for part in parts]
    return [parse_association_xml(body)]


def parse_raw2master_votable(body: bytes) -> list[MasterRecord]:
    """The ``#calibration`` rows of a DataLink Raw2Master table, as master records."""
    try:
        table = parse_single_table(io.BytesIO(body)).to_table()
    except Exception as exc:  # astropy raises many kinds for a document that is not a VOTable
        raise CalSelectorFormatError(f"not a VOTable: {exc}") from exc
    missing = {"access_url", "semantics", "eso_category"} - set(table.colnames)
    if missing:
        raise CalSelectorFormatError(f"DataLink table lacks column(s) {sorted(missing)}")
    masters = []
    for row in table:
        if str(row["semantics"]).strip() != CALIBRATION:
            continue
        url = str(row["access_url"]).strip()
        masters.append(
            MasterRecord(dp_id=url.rstrip("/").rsplit("/", 1)[-1], category=str(row["eso_category"]))
        )
    return masters


def as_mapping(masters: list[MasterRecord]) -> Mapping[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for m in masters:
        out.setdefault(m.category, set()).add(m.dp_id)
    return {category: frozenset(names) for category, names in out.items()}
