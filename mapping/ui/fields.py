"""Which fields each record form shows, and turning widget values into records."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, fields
from typing import Any

from mapping.model import (
    KEY_FIELDS,
    RECORD_TYPES,
    TABLE_NAMES,
    Map,
    PrincipleKind,
    PrincipleStatus,
)

TABLES: tuple[str, ...] = TABLE_NAMES
REQUIRED: dict[str, tuple[str, ...]] = {
    "units": ("name",),
    "citizen_groups": ("name",),
    "services": ("unit_id", "group_id"),
    "principles": ("name", "kind"),
    "adoptions": ("principle_id", "unit_id"),
    "relations": ("unit_a", "unit_b"),
}


@dataclass(frozen=True)
class FieldSpec:
    """One form field: its record attribute and the kind of widget."""

    name: str
    kind: str  # text, textarea, int, float, bool, unit, group, principle, sector,
    # kind_enum, status_enum, date, groups, suggest


FIELDS: dict[str, tuple[FieldSpec, ...]] = {
    "units": (
        FieldSpec("id", "text"),
        FieldSpec("name", "text"),
        FieldSpec("sector", "sector"),
        FieldSpec("parent_id", "unit"),
        FieldSpec("leader", "text"),
        FieldSpec("staff_count", "int"),
        FieldSpec("external", "bool"),
        FieldSpec("description", "textarea"),
    ),
    "citizen_groups": (
        FieldSpec("id", "text"),
        FieldSpec("name", "text"),
        FieldSpec("lead_unit_id", "unit"),
        FieldSpec("est_size", "int"),
        FieldSpec("description", "textarea"),
    ),
    "services": (
        FieldSpec("unit_id", "unit"),
        FieldSpec("group_id", "group"),
        FieldSpec("goal", "suggest"),
        FieldSpec("paradigm", "suggest"),
    ),
    "principles": (
        FieldSpec("id", "text"),
        FieldSpec("name", "text"),
        FieldSpec("kind", "kind_enum"),
        FieldSpec("status", "status_enum"),
        FieldSpec("owner_unit_id", "unit"),
        FieldSpec("funding_unit_id", "unit"),
        FieldSpec("agreed_on", "date"),
        FieldSpec("review_by", "date"),
        FieldSpec("group_ids", "groups"),
        FieldSpec("description", "textarea"),
    ),
    "adoptions": (FieldSpec("principle_id", "principle"), FieldSpec("unit_id", "unit")),
    "relations": (
        FieldSpec("unit_a", "unit"),
        FieldSpec("unit_b", "unit"),
        FieldSpec("rc_score", "float"),
        FieldSpec("note", "textarea"),
    ),
}

_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa"})


def slug(name: str) -> str:
    """An id made from a name: ``"Børn & Unge"`` -> ``"boern-unge"``.

    >>> slug("Børn & Unge")
    'boern-unge'
    """
    folded = unicodedata.normalize("NFKD", name.translate(_FOLD))
    ascii_only = folded.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_only.lower()).strip("-") or "post"


def unique_id(base: str, taken: set[str] | dict[str, Any]) -> str:
    """``base``, or ``base-2``, ``base-3`` ... when taken."""
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def suggestions(m: Map, field: str) -> list[str]:
    """Distinct values already used for a service field, spelling as first seen."""
    seen: dict[str, str] = {}
    for s in m.services:
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
        elif kind == "kind_enum":
            out[f.name] = PrincipleKind(raw) if raw else None
        elif kind == "status_enum":
            out[f.name] = PrincipleStatus(raw or "draft")
        else:
            out[f.name] = raw or ""
    missing = [name for name in REQUIRED[table] if not out.get(name)]
    if "id" in out and not out["id"] and out.get("name"):
        taken = {
            "units": m.units_by_id,
            "citizen_groups": m.groups_by_id,
            "principles": m.principles_by_id,
        }[table]
        out["id"] = unique_id(slug(out["name"]), taken)
    if missing:
        return None, missing
    return rtype(**out), []


def record_values(record: Any) -> dict[str, Any]:
    """The record's fields as plain values for widgets and comparison."""
    out: dict[str, Any] = {}
    for f in fields(record):
        v = getattr(record, f.name)
        out[f.name] = v.value if isinstance(v, (PrincipleKind, PrincipleStatus)) else v
    return out


def records(m: Map, table: str) -> tuple[Any, ...]:
    return getattr(m, table)


def key_of(table: str, record: Any) -> tuple[str, ...]:
    return tuple(str(getattr(record, f)) for f in KEY_FIELDS[table])
