"""The change history: list it, rebuild a map as it was, compare two dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, select

from mapping.model import Map
from mapping.storage import schema as s
from mapping.storage.engine import read_tx
from mapping.storage.errors import MapNotFoundError
from mapping.storage.records import map_tables, to_json
from mapping.storage.replay import Snapshot, replay
from mapping.storage.store import as_utc, diff_tables

__all__ = ["Change", "Comparison", "EntityChange", "Snapshot", "compare", "history", "reconstruct"]


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

    @classmethod
    def from_row(cls, r: Any) -> Change:
        """The change recorded in one row of the ``changes`` table."""
        return cls(
            r.at, r.author, r.table_name, tuple(r.key), r.action, r.before, r.after,
            r.map_version, r.version,
        )  # fmt: skip


def history(engine: Engine, map_id: int, limit: int | None = None) -> list[Change]:
    """The map's changes, newest first (``limit`` caps the count)."""
    c = s.changes
    light = [col for col in c.c if col.name != "snapshot"]  # packed maps are not listed
    query = select(*light).where(c.c.map_id == map_id).order_by(c.c.id.desc())
    if limit is not None:
        query = query.limit(limit)
    with read_tx(engine) as conn:
        rows = conn.execute(query).all()
    return [Change.from_row(r) for r in rows]


def reconstruct(engine: Engine, map_id: int, at: dt.datetime) -> Snapshot:
    """The map as it was at ``at`` (naive times are UTC), replayed from its history."""
    at = as_utc(at)
    with read_tx(engine) as conn:
        if conn.execute(select(s.maps.c.id).where(s.maps.c.id == map_id)).first() is None:
            raise MapNotFoundError(map_id)
        return replay(conn, map_id, at)


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
    # Nothing changed (the usual "since this morning" of a quiet day): the same findings.
    same = not changes and a.settings == b.settings and a.at.date() == b.at.date()
    found_b = found_a if same else find_findings(b.map, b.settings, today=b.at.date())
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
