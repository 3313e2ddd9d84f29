"""What the bulk table holds between runs: every row tied to its record key and seen version.

``st.data_editor`` reports edits by *position* in the data it was given, and a
keyed editor with ``num_rows="dynamic"`` takes its identity from that data: when
another person saves and the table is rebuilt from the new map, the editor
becomes a new widget and the typed edits are gone (and positions may point at
other records). So the table is frozen here: the rows shown, the key and
version of the record behind each row, and the values the user saw, kept in
session state until the user saves or asks for the latest values. Edits are
folded into it whenever the editor's own state would be dropped (leaving the
page or table), so nothing typed is lost.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from typing import Any

from mapping import formats
from mapping.ui.fields import FIELDS, record_values
from mapping.ui.i18n import lang

Key = tuple[str, ...]


@dataclasses.dataclass
class Conflict:
    """The stored record that differs from what the user saw, and who saved it."""

    theirs: dict[str, Any] | None  # record values now stored (None: deleted)
    version: int | None
    who: str | None
    when: dt.datetime | None


@dataclasses.dataclass
class Row:
    """One table row: the record behind it (key None: a row the user added)."""

    key: Key | None
    version: int | None
    seen: dict[str, Any] | None  # record values as loaded (None for a new row)
    cells: dict[str, Any]  # editor values as the user left them
    problem: str = ""
    conflict: Conflict | None = None
    allow_duplicate: bool = False


@dataclasses.dataclass
class Sheet:
    """One table's editor state; ``gen`` changes whenever the shown data changes."""

    table: str
    map_version: int
    rows: list[Row]
    removed: list[Row] = dataclasses.field(default_factory=list)
    gen: int = 0
    # Choices of the select-box columns (kind -> id -> label), frozen with the rows:
    # they are part of the editor's identity too.
    options: dict[str, dict[str, str]] = dataclasses.field(default_factory=dict)


def kinds(table: str) -> dict[str, str]:
    return {f.name: f.kind for f in FIELDS[table]}


def to_cell(kind: str, value: Any) -> Any:
    """A record value as the editor shows it."""
    if kind == "groups":
        return list(value or ())
    if kind in ("text", "textarea", "suggest", "sector"):
        return value or ""
    return value


def from_cell(kind: str, value: Any) -> Any:
    """An editor value (as reported in an edit, or stored) as a record value."""
    if isinstance(value, float) and math.isnan(value):
        value = None
    if kind == "groups":
        if value is None:
            return ()
        if isinstance(value, str):  # typed by hand into a text cell
            value = value.split(";")
        return tuple(dict.fromkeys(str(v).strip() for v in value if str(v).strip()))
    if value is None or (isinstance(value, str) and not value.strip()):
        return "" if kind in ("text", "textarea", "suggest", "sector") else None
    if kind == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if hasattr(value, "date"):  # a pandas Timestamp
            return value.date()
        return dt.date.fromisoformat(str(value)[:10])
    if kind == "int":
        return int(value)
    if kind == "float":
        if isinstance(value, str):  # typed into the table's text cell, as the language writes it
            try:
                return formats.parse_number(value, lang())
            except ValueError:
                return value.strip()  # kept as typed: saving it names the problem
        return float(value)
    if kind == "bool":
        return bool(value)
    if isinstance(value, str):
        return value.strip()
    return value


def cells_of(table: str, values: dict[str, Any]) -> dict[str, Any]:
    return {name: to_cell(kind, values.get(name)) for name, kind in kinds(table).items()}


def values_of(table: str, cells: dict[str, Any]) -> dict[str, Any]:
    return {name: from_cell(kind, cells.get(name)) for name, kind in kinds(table).items()}


def load(table: str, m: Any, versions: dict[tuple[str, Key], int], map_version: int) -> Sheet:
    """A fresh sheet of the table as stored."""
    from mapping.storage import record_key

    rows = []
    for rec in getattr(m, table):
        key = record_key(table, rec)
        seen = record_values(rec)
        rows.append(Row(key, versions.get((table, key)), seen, cells_of(table, seen)))
    return Sheet(table, map_version, rows)


def changed(table: str, row: Row) -> bool:
    """True when the row holds something to save (new, or differs from what was seen)."""
    now = values_of(table, row.cells)
    if row.key is None or row.seen is None:
        return any(v not in (None, "", (), False) for v in now.values())
    return now != values_of(table, cells_of(table, row.seen))


def fold(sheet: Sheet, delta: dict[str, Any] | None) -> Sheet:
    """The sheet with an editor delta (edited, added, deleted rows by position) applied.

    Positions refer to ``sheet.rows`` as shown, which is why the sheet is frozen
    between saves. The result has a new ``gen`` when anything changed.
    """
    if not delta or not any(delta.get(k) for k in ("edited_rows", "added_rows", "deleted_rows")):
        return sheet
    rows = [dataclasses.replace(r, cells=dict(r.cells)) for r in sheet.rows]
    for idx, edit in (delta.get("edited_rows") or {}).items():
        i = int(idx)
        if 0 <= i < len(rows):
            rows[i].cells.update(_clean_edit(sheet.table, edit))
    gone = {int(i) for i in delta.get("deleted_rows") or ()}
    removed = list(sheet.removed) + [r for i, r in enumerate(rows) if i in gone and r.key]
    kept = [r for i, r in enumerate(rows) if i not in gone]
    blank = cells_of(sheet.table, {})
    for added in delta.get("added_rows") or ():
        kept.append(Row(None, None, None, blank | _clean_edit(sheet.table, added)))
    return dataclasses.replace(sheet, rows=kept, removed=removed, gen=sheet.gen + 1)


def _clean_edit(table: str, edit: dict[str, Any]) -> dict[str, Any]:
    """Editor values kept as cells (dates as dates, numbers as numbers)."""
    ks = kinds(table)
    out = {}
    for col, value in edit.items():
        if col in ks:
            kind = ks[col]
            out[col] = to_cell(kind, from_cell(kind, value))
    return out


def pending(sheet: Sheet) -> int:
    """How many rows the user has changed, added or removed and not saved."""
    return sum(changed(sheet.table, r) for r in sheet.rows) + len(sheet.removed)


def refresh(sheet: Sheet, m: Any, versions: dict[tuple[str, Key], int], map_version: int) -> Sheet:
    """The latest stored values, with every row the user changed kept as the user left it.

    A kept row keeps the version the user saw, so saving it still detects a
    change someone else made to that record meanwhile.
    """
    fresh = load(sheet.table, m, versions, map_version)
    mine = {r.key: r for r in sheet.rows if r.key and (changed(sheet.table, r) or r.problem)}
    gone = {r.key for r in sheet.removed}
    rows = []
    for r in fresh.rows:
        if r.key in gone:
            continue
        rows.append(mine.pop(r.key, r) if r.key is not None else r)
    # Rows the user changed whose record someone else deleted stay, so the save reports it.
    rows += list(mine.values())
    rows += [r for r in sheet.rows if r.key is None]
    return Sheet(sheet.table, map_version, rows, list(sheet.removed), sheet.gen + 1, sheet.options)
