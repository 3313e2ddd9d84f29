"""Sheet names of the interchange files and the cells of one record.

The tables and their columns are declared in :mod:`mapping.schema`; this
module adds what only files need: the names of the extra sheets a workbook
may carry and a record's cells in column order.

>>> from mapping.model import Adoption
>>> record_values(Adoption("p", "u"), TABLES["adoptions"])
{'principle_id': 'p', 'unit_id': 'u'}
>>> is_extra_sheet(" huller "), is_extra_sheet("Ydelser")
(True, False)
"""

from __future__ import annotations

from enum import Enum

from mapping.catalogue import words
from mapping.schema import TABLES, TableSpec

__all__ = ["EXTRA_SHEETS", "INSTRUCTION_SHEETS", "REPORT_SHEETS", "TABLES", "is_extra_sheet"]


def record_values(rec: object, table: TableSpec) -> dict[str, object]:
    """A record's cells in column order, as plain Python values (enums as text)."""
    out: dict[str, object] = {}
    for name in table.names:
        value = getattr(rec, name)
        out[name] = value.value if isinstance(value, Enum) else value
    return out


INSTRUCTION_SHEETS: tuple[str, ...] = ("Vejledning", "Instructions")
"""Titles of the template's instructions sheet (Danish, English)."""

REPORT_SHEETS: dict[str, dict[str, str]] = {lang: words("sheet", lang) for lang in ("da", "en")}
"""Titles of the report sheets (``mapping.visual.report``) by language and key, from
the catalogue's ``sheet.`` entries."""

EXTRA_SHEETS: tuple[str, ...] = (
    *INSTRUCTION_SHEETS,
    *(title for titles in REPORT_SHEETS.values() for title in titles.values()),
)
"""Sheets a workbook may hold besides the tables; the reader skips them."""

_EXTRA_KEYS = frozenset(t.strip().lower() for t in EXTRA_SHEETS)


def is_extra_sheet(title: str) -> bool:
    """True for an instructions or report sheet (matched trimmed, case-insensitively)."""
    return title.strip().lower() in _EXTRA_KEYS
