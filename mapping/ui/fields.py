"""Which fields each record form shows, and turning widget values into records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Container
from dataclasses import dataclass, fields
from enum import Enum
from typing import Any

from mapping import schema
from mapping.ids import slugify, unique_id
from mapping.model import Map
from mapping.schema import RECORD_TYPES, TABLE_NAMES

TABLES: tuple[str, ...] = TABLE_NAMES


@dataclass(frozen=True)
class FieldSpec:
    """One form field: its record attribute, the kind of widget and its schema column."""

    name: str
    kind: str  # text, textarea, int, float, bool, unit, group, principle, sector,
    # enum, date, groups, suggest
    column: schema.Column | None = None
    table: str = ""


_REF_KINDS = {"units": "unit", "citizen_groups": "group", "principles": "principle"}


def _kind(col: schema.Column) -> str:
    """The widget kind of a schema column."""
    if col.type == "ref":
        return _REF_KINDS[col.refers or ""]
    if col.type == "reflist":
        return "groups"
    if col.type in ("int", "float", "bool", "date", "enum"):
        return col.type
    if col.widget in ("textarea", "sector", "suggest"):
        return col.widget
    return "text"


def _fields(spec: schema.TableSpec) -> tuple[FieldSpec, ...]:
    """Every column in the table's order, long texts last."""
    cols = sorted(spec.columns, key=lambda c: c.widget == "textarea")
    return tuple(FieldSpec(c.name, _kind(c), c, spec.name) for c in cols)


FIELDS: dict[str, tuple[FieldSpec, ...]] = {t: _fields(spec) for t, spec in schema.TABLES.items()}
"""Table -> the fields of its form and bulk table, derived from :mod:`mapping.schema`."""

REQUIRED: dict[str, tuple[str, ...]] = {
    t: tuple(c.name for c in spec.columns if c.required and c.generate_from is None)
    for t, spec in schema.TABLES.items()
}
"""Table -> the fields a user must fill in (an id is made from the name when empty)."""


def slug(name: str) -> str:
    """An id made from a name: ``"Børn & Unge"`` -> ``"boern-unge"``.

    >>> slug("Børn & Unge")
    'boern-unge'
    """
    return slugify(name, fallback="post")


def suggestions(m: Map, field: str, table: str = "services") -> list[str]:
    """Distinct values already used for a text field, spelling as first seen."""
    seen: dict[str, str] = {}
    for s in getattr(m, table):
        value = getattr(s, field).strip()
        if value:
            seen.setdefault(" ".join(value.lower().split()), value)
    return sorted(seen.values(), key=str.lower)


def clean(value: Any) -> Any:
    """Widget value -> record value: strip strings, blank refs become None."""
    if isinstance(value, str):
        return value.strip()
    return value


def build_record(table: str, values: dict[str, Any], m: Map) -> tuple[Any, list[str]]:
    """A record from form values, or ``(None, [missing field names])``.

    Blank text becomes ``""``; blank references and numbers become ``None``;
    a missing id on a new unit, group or principle is made from its name.

    >>> from mapping.model import Map
    >>> rec, missing = build_record("units", {"id": "", "name": "Skolen"}, Map())
    >>> rec.id, missing
    ('skolen', [])
    """
    rtype = RECORD_TYPES[table]
    kinds = {f.name: f.kind for f in FIELDS[table]}
    out: dict[str, Any] = {}
    for f in fields(rtype):
        raw = clean(values.get(f.name))
        kind = kinds.get(f.name, "text")
        if kind in ("unit", "group", "principle"):
            out[f.name] = raw or None
        elif kind in ("int", "float"):
            out[f.name] = None if raw in (None, "") else (int(raw) if kind == "int" else float(raw))
        elif kind == "bool":
            out[f.name] = bool(raw)
        elif kind == "date":
            out[f.name] = raw if isinstance(raw, dt.date) else None
        elif kind == "groups":
            out[f.name] = tuple(dict.fromkeys(raw or ()))
        elif kind == "enum":
            col = schema.TABLES[table].column(f.name)
            out[f.name] = col.enum(raw) if raw else col.default  # type: ignore[misc]
        else:
            out[f.name] = raw or ""
    missing = [name for name in REQUIRED[table] if not out.get(name)]
    own = schema.TABLES[table].own_id
    if own is not None and own.generate_from and not out["id"] and out.get("name"):
        ids: dict[str, Container[str]] = {
            "units": m.units_by_id,
            "citizen_groups": m.groups_by_id,
            "principles": m.principles_by_id,
        }
        taken = ids[table]
        out["id"] = unique_id(slug(out["name"]), taken)
    if missing:
        return None, missing
    return rtype(**out), []


def record_values(record: Any) -> dict[str, Any]:
    """The record's fields as plain values for widgets and comparison."""
    out: dict[str, Any] = {}
    for f in fields(record):
        v = getattr(record, f.name)
        out[f.name] = v.value if isinstance(v, Enum) else v
    return out


def records(m: Map, table: str) -> tuple[Any, ...]:
    return getattr(m, table)
