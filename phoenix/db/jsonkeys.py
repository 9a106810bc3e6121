"""Header values inside the bookkeeping's JSON ``keys`` columns, as SQL expressions.

Set-based planning groups, filters and reads single header keywords in SQL rather than loading
every frame's whole header into Python. SQLite reads several keywords with one ``json_extract``
(one parse of the header per row, a JSON array back); PostgreSQL's ``jsonb -> key`` gives JSON
values the driver decodes. Either way :func:`decode_values` turns a row's values into the
keywords' Python values (``None`` where a keyword is absent), typed as in the stored header.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, cast, func, literal
from sqlalchemy.dialects.postgresql import JSONB


def _path(keyword: str) -> str:
    return '$."' + keyword.replace('"', '\\"') + '"'


def key_value(column: Any, keyword: str, dialect: str) -> ColumnElement[Any]:
    """The value of header ``keyword`` in JSON ``column`` (SQL NULL when absent)."""
    if dialect == "sqlite":
        return func.json_extract(column, _path(keyword))
    return cast(column, JSONB).op("->")(literal(keyword))


def key_values(column: Any, keywords: Sequence[str], dialect: str) -> list[ColumnElement[Any]]:
    """Columns to select for ``keywords``; :func:`decode_values` reads them back."""
    if dialect == "sqlite" and len(keywords) > 1:
        return [func.json_extract(column, *[_path(k) for k in keywords])]
    return [key_value(column, k, dialect) for k in keywords]


def decode_values(found: Sequence[Any], keywords: Sequence[str], dialect: str) -> list[Any]:
    """The keywords' values from the columns :func:`key_values` selected, in the keywords' order."""
    if dialect == "sqlite" and len(keywords) > 1:
        return json.loads(found[0]) if found[0] is not None else [None] * len(keywords)
    return list(found)
