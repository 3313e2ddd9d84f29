"""Convert domain records to database rows and to JSON-safe dicts, and back.

The conversions are derived from :mod:`mapping.schema`: enums are stored as
their text value, dates as ISO text in JSON, list columns as JSON lists (and
in their own table in the database).

>>> from mapping.model import Service
>>> record_key("services", Service("skole", "udsatte-boern"))
('skole', 'udsatte-boern')
>>> to_json(Service("skole", "udsatte-boern", goal="Trivsel"))["goal"]
'Trivsel'
>>> from_json("services", {"unit_id": "a", "group_id": "b"}) == Service("a", "b")
True
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import Enum
from itertools import starmap
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from mapping.model import (
    Map,
    Record,
)
from mapping.schema import KEY_FIELDS, RECORD_TYPES, TABLES, Column, TableSpec
from mapping.storage.errors import UnknownTableError

if TYPE_CHECKING:
    from sqlalchemy import RowMapping

Key = tuple[str, ...]

FIELD_NAMES: dict[str, tuple[str, ...]] = {
    t: tuple(f.name for f in dataclasses.fields(c)) for t, c in RECORD_TYPES.items()
}
"""Table name -> the record's fields in the record class's own order."""

ROW_FIELDS: dict[str, tuple[str, ...]] = {
    t: tuple(f for f in names if TABLES[t].column(f).type != "reflist")
    for t, names in FIELD_NAMES.items()
}
"""Table name -> the fields stored as columns of the entity table."""

LIST_FIELDS: dict[str, tuple[str, ...]] = {
    t: tuple(f for f in names if TABLES[t].column(f).type == "reflist")
    for t, names in FIELD_NAMES.items()
}
"""Table name -> the list fields, stored in their own tables."""

_TYPE_BY_CLASS: dict[type, str] = {c: t for t, c in RECORD_TYPES.items()}


def check_table(table: str) -> None:
    if table not in RECORD_TYPES:
        raise UnknownTableError(table)


def table_of(record: Record) -> str:
    """The table a record belongs in."""
    return _TYPE_BY_CLASS[type(record)]


def record_key(table: str, record: Record | Mapping[str, Any]) -> Key:
    """The identity of a record within its table (its key columns)."""
    check_table(table)
    if isinstance(record, Mapping):
        return tuple(str(record[f]) for f in KEY_FIELDS[table])
    return tuple(str(getattr(record, f)) for f in KEY_FIELDS[table])


def _plain_enum(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def _writer(table: str, name: str, *, to_db: bool) -> Callable[[Any], Any] | None:
    """How a record's value becomes a stored one (None: as it is)."""
    kind = TABLES[table].column(name).type
    if kind == "enum":
        return _plain_enum
    if kind == "date" and not to_db:
        return lambda v: v.isoformat() if isinstance(v, dt.date) else v
    if kind == "reflist" and not to_db:
        return list
    return None


# Per table: (field, conversion or None), worked out once: a national map has
# ~190,000 records to convert when it is written.
_TO_JSON = {
    t: tuple((f, _writer(t, f, to_db=False)) for f in names) for t, names in FIELD_NAMES.items()
}
_TO_ROW = {
    t: tuple((f, _writer(t, f, to_db=True)) for f in names) for t, names in ROW_FIELDS.items()
}
_KEY_OF = {t: attrgetter(*KEY_FIELDS[t]) for t in RECORD_TYPES}


def _all_fields(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    # attrgetter of several names reads them all in C, as one tuple.
    get = attrgetter(*names)
    return get if len(names) > 1 else lambda r: (get(r),)


_VALUES_OF = {t: _all_fields(names) for t, names in FIELD_NAMES.items()}
_JSON_AT = {
    t: tuple((i, conv) for i, (_, conv) in enumerate(convs) if conv is not None)
    for t, convs in _TO_JSON.items()
}
ROW_AT: dict[str, tuple[int, ...]] = {
    t: tuple(FIELD_NAMES[t].index(f) for f in fields) for t, fields in ROW_FIELDS.items()
}
"""Table name -> where each of :data:`ROW_FIELDS` is in :func:`json_values`' list."""


def json_values(table: str, record: Record) -> list[Any]:
    """The record's JSON values in field order (:func:`to_json` without the names)."""
    return json_rows(table, (record,))[0]


def json_rows(table: str, records: Iterable[Record], *extra: Any) -> list[list[Any]]:
    """:func:`json_values` of every record, each list followed by ``extra``.

    Also the values of each record's entity-table row (at :data:`ROW_AT`; dates
    as ISO text), so a whole map is converted once for its snapshot and its rows.
    """
    get = _VALUES_OF[table]
    rows = [[*get(r), *extra] for r in records]
    for i, conv in _JSON_AT[table]:  # a whole column at once; only enum, date and list fields
        for row in rows:
            v = row[i]
            if v is not None:
                row[i] = conv(v)
    return rows


def to_json(record: Record) -> dict[str, Any]:
    """The record as a dict of JSON values (dates ISO, enums as text, tuples as lists)."""
    return {
        f: (conv(v) if conv is not None and v is not None else v)
        for f, conv in _TO_JSON[table_of(record)]
        for v in (getattr(record, f),)
    }


def _reader(table: str, name: str, *, from_db: bool) -> Callable[[Any], Any] | None:
    """How a stored value becomes the record's value (None: as it is)."""
    col = TABLES[table].column(name)
    if col.type == "enum":
        enum, default = col.enum, col.default
        assert enum is not None
        return lambda v: enum(v) if v not in (None, "") else default
    if col.type == "date" and not from_db:
        return lambda v: dt.date.fromisoformat(v) if isinstance(v, str) else v
    if col.type == "reflist":
        return lambda v: tuple(v or ())
    if col.type == "bool":
        return bool
    return None


_FROM_JSON: dict[str, dict[str, Callable[[Any], Any] | None]] = {
    t: {f: _reader(t, f, from_db=False) for f in names} for t, names in FIELD_NAMES.items()
}
_FROM_DB: dict[str, tuple[Callable[[Any], Any] | None, ...]] = {
    t: tuple(_reader(t, f, from_db=True) for f in names) for t, names in ROW_FIELDS.items()
}


def from_json(table: str, data: Mapping[str, Any]) -> Record:
    """Inverse of :func:`to_json`; fields missing from ``data`` take their defaults."""
    check_table(table)
    readers = _FROM_JSON[table]
    values: dict[str, Any] = {}
    for k, v in data.items():
        if k in readers:
            read = readers[k]
            values[k] = read(v) if read is not None else v
    return RECORD_TYPES[table](**values)


_ROW_VALUES_OF = {t: _all_fields(fields) for t, fields in ROW_FIELDS.items()}


def to_row(table: str, record: Record) -> dict[str, Any]:
    """Column values of the entity table (list fields live in their own tables)."""
    return {
        f: (conv(v) if conv is not None and v is not None else v)
        for (f, conv), v in zip(_TO_ROW[table], _ROW_VALUES_OF[table](record), strict=True)
    }


_DB_AT = {
    t: tuple((i, read) for i, read in enumerate(reads) if read is not None)
    for t, reads in _FROM_DB.items()
}
# The list fields come last in every record class, so a record is built from
# its values by position (several times faster than by keyword on a whole map).
_LISTS_LAST = {t: FIELD_NAMES[t] == ROW_FIELDS[t] + LIST_FIELDS[t] for t in RECORD_TYPES}


def from_values(
    table: str, values: Sequence[Any], lists: Mapping[str, Sequence[str]] | None = None
) -> Record:
    """A record from its :data:`ROW_FIELDS` values in order, plus its list fields."""
    owner = str(values[0]) if values else ""
    own = {f: {owner: items} for f, items in (lists or {}).items()}
    return from_columns(table, [(v,) for v in values], own)[0]


def from_columns(
    table: str,
    columns: Sequence[Sequence[Any]],
    lists: Mapping[str, Mapping[str, Sequence[str]]] | None = None,
) -> list[Record]:
    """Records from their :data:`ROW_FIELDS` values given column by column.

    ``lists``: list field -> owner id (the record's first field) -> its items.
    A whole table at once: the conversions run over a column, not a record.
    """
    if len(columns) != len(ROW_FIELDS[table]):
        raise ValueError(f"{table}: {len(columns)} columns for {len(ROW_FIELDS[table])}")
    cols = list(columns)
    for i, read in _DB_AT[table]:
        cols[i] = list(map(read, cols[i]))
    for f in LIST_FIELDS[table]:
        items = (lists or {}).get(f, {})
        cols.append([tuple(items.get(owner, ())) for owner in cols[0]])
    cls = RECORD_TYPES[table]
    if _LISTS_LAST[table]:
        return list(starmap(cls, zip(*cols, strict=True)))
    names = ROW_FIELDS[table] + LIST_FIELDS[table]
    return [cls(**dict(zip(names, vals, strict=True))) for vals in zip(*cols, strict=True)]


def from_row(
    table: str,
    row: Mapping[str, Any] | RowMapping,
    lists: Mapping[str, tuple[str, ...]] | None = None,
) -> Record:
    """Build a record from a database row (extra columns such as map_id are ignored)."""
    return from_values(table, tuple(row[f] for f in ROW_FIELDS[table]), lists)


def list_table_names(spec: TableSpec, col: Column) -> tuple[str, str, str]:
    """(table, owner column, value column) that store a list column in order.

    >>> spec = TABLES["principles"]
    >>> list_table_names(spec, spec.column("group_ids"))
    ('principle_groups', 'principle_id', 'group_id')
    """
    owner = spec.name.removesuffix("s")
    item = col.name.removesuffix("_ids")
    return f"{owner}_{item}s", f"{owner}_id", f"{item}_id"


RECORD_TABLE_NAMES: tuple[str, ...] = (
    *TABLES,
    *(list_table_names(spec, col)[0] for spec in TABLES.values() for col in spec.columns
      if col.type == "reflist"),
)  # fmt: skip
"""Every database table that holds a map's records: the entity tables, then the list tables."""


def map_tables(m: Map) -> dict[str, dict[Key, Record]]:
    """Table name -> {key: record}; a repeated key keeps its last record."""
    out: dict[str, dict[Key, Record]] = {}
    for t in RECORD_TYPES:
        get = _KEY_OF[t]
        if len(KEY_FIELDS[t]) == 1:
            out[t] = {(str(get(r)),): r for r in getattr(m, t)}
        else:
            out[t] = {tuple(map(str, get(r))): r for r in getattr(m, t)}
    return out


def build_map(tables: Mapping[str, Mapping[Key, Record]], name: str = "") -> Map:
    """Inverse of :func:`map_tables`, records in the tables' own order (the user's)."""
    return Map.from_tables({t: tables.get(t, {}).values() for t in RECORD_TYPES}, name)


def describe(table: str, record: Record | None, key: Key, lang: str = "da") -> str:
    """A short description such as ``enhed 'skole' (Skolen)``."""
    label = TABLES[table].one.get(lang) if table in TABLES else table
    name = getattr(record, "name", "") if record is not None else ""
    shown = "/".join(key)
    return f"{label} {shown!r}" + (f" ({name})" if name else "")
