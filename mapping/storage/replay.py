"""Rebuild a map as it was at any moment by replaying its history forward.

The replay starts from the latest snapshot at or before the moment (the whole
map as packed when it was created or imported, see :mod:`.snapshots`) and
applies every recorded edit after it: records created, changed, moved and
deleted, settings and the map's name. A history written before snapshots
existed has a creation row per record instead; the replay then starts at the
beginning. The same replay serves maps that still exist and deleted ones.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from mapping.model import Map
from mapping.settings import Settings
from mapping.storage import schema as s
from mapping.storage.records import RECORD_TYPES, Key, Record, build_map, from_json, record_key
from mapping.storage.settings_store import settings_from_values
from mapping.storage.snapshots import unpack


@dataclass(frozen=True)
class Snapshot:
    """A map rebuilt as it was at ``at``; ``existed`` is False before its creation."""

    map: Map
    versions: dict[tuple[str, Key], int]
    settings: Settings
    map_version: int
    at: dt.datetime
    existed: bool = True


_LIGHT = [c for c in s.changes.c if c.name != "snapshot"]  # the snapshot only when needed


def replay(conn: Connection, map_id: int, at: dt.datetime | None) -> Snapshot:
    """The map as it was at ``at`` (naive UTC; None: after its last recorded change).

    Stops at the map's deletion, so a deleted map comes back as it stood just
    before. ``existed`` is False before the map's creation and after its deletion.
    """
    c = s.changes
    base = select(c.c.id, c.c.snapshot).where(c.c.map_id == map_id, c.c.snapshot.is_not(None))
    if at is not None:
        base = base.where(c.c.at <= at)
    start = conn.execute(base.order_by(c.c.id.desc()).limit(1)).first()
    tables: dict[str, dict[Key, Record]] = {t: {} for t in RECORD_TYPES}
    versions: dict[tuple[str, Key], int] = {}
    positions: dict[tuple[str, Key], int] = {}
    if start is not None:
        for table, rows in unpack(start.snapshot).items():
            if table not in RECORD_TYPES:
                continue
            for i, (rec_json, version) in enumerate(rows):
                rec = from_json(table, rec_json)
                key = record_key(table, rec)
                tables[table][key] = rec
                versions[(table, key)] = version
                positions[(table, key)] = i
    end = {t: len(tables[t]) for t in RECORD_TYPES}  # next free place per table
    values: dict[str, Any] = {}
    first = select(c.c.after).where(c.c.map_id == map_id, c.c.table_name == "maps")
    created = conn.execute(first.order_by(c.c.id).limit(1)).scalar()
    name = (created or {}).get("name", "")  # also the name of a moment before the creation
    existed, map_version = False, 0
    changes = select(*_LIGHT).where(c.c.map_id == map_id)
    if at is not None:
        changes = changes.where(c.c.at <= at)
    for ch in conn.execute(changes.order_by(c.c.id)):
        table, key = ch.table_name, tuple(ch.key)
        map_version = ch.map_version
        if table == "maps":
            if ch.action == "delete":
                existed = False
                break
            name, existed = (ch.after or {}).get("name", name), True
        elif table == "settings":
            values[key[0]] = (ch.after or {}).get("value")
        elif table in RECORD_TYPES and (start is None or ch.id > start.id):
            _apply(ch, table, key, tables, versions, positions, end)
    for t, recs in tables.items():
        place = sorted((positions.get((t, k), 0), k) for k in recs)
        tables[t] = {k: recs[k] for _, k in place}
    try:
        settings = settings_from_values(values)
    except ValueError:
        settings = settings_from_values({})
    moment = at if at is not None else dt.datetime.now(dt.UTC).replace(tzinfo=None)
    return Snapshot(build_map(tables, name), versions, settings, map_version, moment, existed)


def _apply(
    ch: Any,
    table: str,
    key: Key,
    tables: dict[str, dict[Key, Record]],
    versions: dict[tuple[str, Key], int],
    positions: dict[tuple[str, Key], int],
    end: dict[str, int],
) -> None:
    """One recorded record change, applied forward."""
    if ch.action == "delete":
        tables[table].pop(key, None)
        versions.pop((table, key), None)
        positions.pop((table, key), None)
        return
    if ch.action in ("create", "move"):
        # Rows from before positions were recorded: at the end, as then.
        pos = (ch.after or {}).get("position", end[table])
        positions[(table, key)] = pos
        end[table] = max(end[table], pos + 1)
    if ch.action != "move":
        tables[table][key] = from_json(table, ch.after)
        versions[(table, key)] = ch.version
