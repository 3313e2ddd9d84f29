"""Convert domain records to database rows and to JSON-safe dicts, and back.

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
import enum
from collections.abc import Mapping
from typing import Any

from mapping.model import (
    KEY_FIELDS,
    RECORD_TYPES,
    Adoption,
    CitizenGroup,
    Map,
    Principle,
    PrincipleKind,
    PrincipleStatus,
    Relation,
    Service,
    Unit,
)
from mapping.storage.errors import UnknownTableError

Record = Unit | CitizenGroup | Service | Principle | Adoption | Relation
Key = tuple[str, ...]

FIELD_NAMES: dict[str, tuple[str, ...]] = {
    t: tuple(f.name for f in dataclasses.fields(c)) for t, c in RECORD_TYPES.items()
}
_FIELDS_BY_TYPE: dict[type, tuple[str, ...]] = {c: FIELD_NAMES[t] for t, c in RECORD_TYPES.items()}
# Danish singular nouns for messages.
TABLE_LABELS: dict[str, str] = {
    "units": "enhed",
    "citizen_groups": "borgergruppe",
    "services": "ydelse",
    "principles": "princip",
    "adoptions": "tilslutning",
    "relations": "relation",
    "settings": "indstilling",
    "maps": "kort",
}


def check_table(table: str) -> None:
    if table not in RECORD_TYPES:
        raise UnknownTableError(table)


def record_key(table: str, record: Record | Mapping[str, Any]) -> Key:
    """The identity of a record within its table (see :data:`KEY_FIELDS`)."""
    check_table(table)
    if isinstance(record, dict | Mapping):
        return tuple(str(record[f]) for f in KEY_FIELDS[table])
    return tuple(str(getattr(record, f)) for f in KEY_FIELDS[table])


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def to_json(record: Record) -> dict[str, Any]:
    """The record as a dict of JSON values (dates ISO, enums as text, tuples as lists)."""
    names = _FIELDS_BY_TYPE[type(record)]
    if type(record) is Principle:
        return {f: _plain(getattr(record, f)) for f in names}
    return {f: getattr(record, f) for f in names}  # only str, int, float, bool, None


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def from_json(table: str, data: Mapping[str, Any]) -> Record:
    """Inverse of :func:`to_json`."""
    check_table(table)
    values = {k: v for k, v in data.items() if k in FIELD_NAMES[table]}
    if table == "principles":
        values["kind"] = PrincipleKind(values["kind"])
        values["status"] = PrincipleStatus(values.get("status") or "draft")
        values["agreed_on"] = _date(values.get("agreed_on"))
        values["review_by"] = _date(values.get("review_by"))
        values["group_ids"] = tuple(values.get("group_ids") or ())
    return RECORD_TYPES[table](**values)


def to_row(table: str, record: Record) -> dict[str, Any]:
    """Column values of the entity table (a principle's group_ids live elsewhere)."""
    row = {f: getattr(record, f) for f in FIELD_NAMES[table] if f != "group_ids"}
    if table == "principles":
        row["kind"] = _plain(row["kind"])
        row["status"] = _plain(row["status"])
    return row


def from_row(table: str, row: Mapping[str, Any], group_ids: tuple[str, ...] = ()) -> Record:
    """Build a record from a database row (extra columns such as map_id are ignored)."""
    values = {f: row[f] for f in FIELD_NAMES[table] if f != "group_ids"}
    if table == "principles":
        values["kind"] = PrincipleKind(values["kind"])
        values["status"] = PrincipleStatus(values["status"])
        values["group_ids"] = group_ids
    elif table == "units":
        values["external"] = bool(values["external"])
    return RECORD_TYPES[table](**values)


def map_tables(m: Map) -> dict[str, dict[Key, Record]]:
    """Table name -> {key: record}; a repeated key keeps its last record."""
    return {t: {record_key(t, r): r for r in getattr(m, t)} for t in RECORD_TYPES}


def build_map(tables: Mapping[str, Mapping[Key, Record]], name: str = "") -> Map:
    """Inverse of :func:`map_tables`, records in the tables' own order (the user's)."""
    return Map(name=name, **{t: tuple(tables.get(t, {}).values()) for t in RECORD_TYPES})


def describe(table: str, record: Record | None, key: Key) -> str:
    """A short Danish description such as ``enhed 'skole' (Skolen)``."""
    label = TABLE_LABELS.get(table, table)
    name = getattr(record, "name", "") if record is not None else ""
    shown = "/".join(key)
    return f"{label} {shown!r}" + (f" ({name})" if name else "")
