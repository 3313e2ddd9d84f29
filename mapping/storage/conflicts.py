"""Conflicts that name who made the other change, looked up in the history."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import Connection, Text, cast, select

from mapping.storage import schema as s
from mapping.storage.errors import ConflictError
from mapping.storage.records import Key, Record


def last_change(
    conn: Connection, map_id: int, table: str, key: Key, version: int | None
) -> tuple[str | None, dt.datetime | None]:
    """Who made the record's latest change, and when (None, None when unknown).

    ``version`` None: the latest change of the key (e.g. its delete); otherwise
    the change that produced that version. Only asked after a conflict, so a scan
    of the map's history is affordable.
    """
    c = s.changes
    query = select(c.c.author, c.c.at).where(
        c.c.map_id == map_id,
        c.c.table_name == table,
        cast(c.c.key, Text) == json.dumps(list(key)),
    )
    if version is not None:
        query = query.where(c.c.version == version, c.c.action != "move")
    row = conn.execute(query.order_by(c.c.id.desc()).limit(1)).first()
    if row is None:
        return None, None
    return (row.author or None), row.at


def conflict(
    conn: Connection, map_id: int, table: str, key: Key, current: Record | None, version: int | None
) -> ConflictError:
    """A :class:`ConflictError` naming who made the stored state and when."""
    who, at = last_change(conn, map_id, table, key, version)
    return ConflictError(table, key, current, version, who, at)
