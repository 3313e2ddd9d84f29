"""The change history: list it, rebuild a map as it was, compare two dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, func, select

from mapping.model import Map
from mapping.settings import Settings
from mapping.storage import schema as s
from mapping.storage.engine import read_tx
from mapping.storage.errors import MapNotFoundError
from mapping.storage.records import RECORD_TYPES, Key, build_map, from_json, map_tables, to_json
from mapping.storage.settings_store import settings_from_values, stored_values
from mapping.storage.store import as_utc, diff_tables, load_tables


@dataclass(frozen=True, slots=True)
class Change:
    """One recorded change. ``table`` is an entity table, ``settings`` or ``maps``."""

    at: dt.datetime
    author: str
    table: str
    key: tuple[str, ...]
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    map_version: int = 0
    version: int | None = None


@dataclass(frozen=True)
class Snapshot:
    """A map rebuilt as it was at ``at``; ``existed`` is False before its creation."""

    map: Map
    versions: dict[tuple[str, Key], int]
    settings: Settings
    map_version: int
    at: dt.datetime
    existed: bool = True


def history(engine: Engine, map_id: int, limit: int | None = None) -> list[Change]:
    """The map's changes, newest first (``limit`` caps the count)."""
    c = s.changes
    query = select(c).where(c.c.map_id == map_id).order_by(c.c.id.desc())
    if limit is not None:
        query = query.limit(limit)
    with read_tx(engine) as conn:
        rows = conn.execute(query).all()
    return [
        Change(
            r.at,
            r.author,
            r.table_name,
            tuple(r.key),
            r.action,
            r.before,
            r.after,
            r.map_version,
            r.version,
        )
        for r in rows
    ]


def reconstruct(engine: Engine, map_id: int, at: dt.datetime) -> Snapshot:
    """The map as it was at ``at``: today's rows with later changes undone, newest first."""
    at = as_utc(at)
    c = s.changes
    with read_tx(engine) as conn:
        row = conn.execute(select(s.maps).where(s.maps.c.id == map_id)).first()
        if row is None:
            raise MapNotFoundError(map_id)
        positions: dict[tuple[str, Key], int] = {}
        tables, versions = load_tables(conn, map_id, positions)
        values = stored_values(conn, map_id)
        later = conn.execute(
            select(c).where(c.c.map_id == map_id, c.c.at > at).order_by(c.c.id.desc())
        ).all()
        map_version = conn.execute(
            select(func.max(c.c.map_version)).where(c.c.map_id == map_id, c.c.at <= at)
        ).scalar()
    name, existed = row.name, True
    for ch in later:
        key = tuple(ch.key)
        if ch.table_name in RECORD_TYPES:
            recs = tables[ch.table_name]
            if ch.action == "move":
                positions[(ch.table_name, key)] = ch.before["position"]
            elif ch.before is None:
                recs.pop(key, None)
                versions.pop((ch.table_name, key), None)
            else:
                if "position" in ch.before:  # an undone delete goes back to its place
                    positions[(ch.table_name, key)] = ch.before["position"]
                recs[key] = from_json(ch.table_name, ch.before)
                old = ch.version if ch.action == "delete" else (ch.version or 1) - 1
                versions[(ch.table_name, key)] = old
        elif ch.table_name == "settings":
            if ch.before is None:
                values.pop(key[0], None)
            else:
                values[key[0]] = ch.before["value"]
        elif ch.table_name == "maps":
            if ch.action == "create":
                existed = False
            elif ch.before:
                name = ch.before.get("name", name)
    for t, recs in tables.items():
        last = len(recs) + max(positions.values(), default=0)
        place = sorted(recs, key=lambda k, t=t: (positions.get((t, k), last), k))
        tables[t] = {k: recs[k] for k in place}
    try:
        settings = settings_from_values(values)
    except ValueError:
        settings = Settings()
    return Snapshot(build_map(tables, name), versions, settings, map_version or 0, at, existed)


@dataclass(frozen=True, slots=True)
class EntityChange:
    """A record that differs between two dates: added, removed or changed."""

    table: str
    key: tuple[str, ...]
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass(frozen=True)
class Comparison:
    """What changed between ``t1`` and ``t2``, and which findings opened and closed (by id)."""

    t1: dt.datetime
    t2: dt.datetime
    changes: list[EntityChange] = field(default_factory=list)
    opened: list[Any] = field(default_factory=list)
    closed: list[Any] = field(default_factory=list)
    map_before: Map | None = None
    map_after: Map | None = None

    def to_dict(self, lang: str = "da") -> dict[str, Any]:
        """Plain JSON-ready values (findings via ``Finding.to_dict``)."""
        return {
            "from": self.t1.isoformat(),
            "to": self.t2.isoformat(),
            "findings_opened": [g.to_dict(lang) for g in self.opened],
            "findings_closed": [g.to_dict(lang) for g in self.closed],
            "changed": [
                {
                    "table": e.table,
                    "key": list(e.key),
                    "action": e.action,
                    "before": e.before,
                    "after": e.after,
                }
                for e in self.changes
            ],
        }

    @property
    def decisions(self) -> list[EntityChange]:
        """Decisions recorded, changed or removed between the two times."""
        return [e for e in self.changes if e.table == "decisions"]


def compare(engine: Engine, map_id: int, t1: dt.datetime, t2: dt.datetime) -> Comparison:
    """Entities changed between two times, and the findings opened and closed.

    Findings are matched by their stable id; each side's findings use that
    side's settings and date (HK501 compares with it).
    """
    from mapping.gaps import find_findings

    a = reconstruct(engine, map_id, t1)
    b = reconstruct(engine, map_id, t2)
    ta, tb = map_tables(a.map), map_tables(b.map)
    action = {"create": "added", "delete": "removed", "update": "changed"}
    changes = [
        EntityChange(
            d.table,
            d.key,
            action[d.action],
            None if d.before is None else to_json(d.before),
            None if d.after is None else to_json(d.after),
        )
        for d in diff_tables(ta, tb)
    ]
    found_a = find_findings(a.map, a.settings, today=a.at.date())
    found_b = find_findings(b.map, b.settings, today=b.at.date())
    ids_a = {f.id for f in found_a}
    ids_b = {f.id for f in found_b}
    return Comparison(
        a.at,
        b.at,
        changes,
        [f for f in found_b if f.id not in ids_a],
        [f for f in found_a if f.id not in ids_b],
        a.map,
        b.map,
    )
