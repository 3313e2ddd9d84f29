"""Maps as a whole: list, create, rename, delete, load (now or at a past time)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from mapping.model import Map
from mapping.storage import schema as s
from mapping.storage.access import Actor, check_admin, check_map
from mapping.storage.engine import bulk_write, indexes_after, load_tx, read_tx, write_tx
from mapping.storage.errors import (
    MapNameTakenError,
    MapNotFoundError,
    MapRenamedError,
    RecordValidationError,
)
from mapping.storage.records import (
    RECORD_TABLE_NAMES,
    RECORD_TYPES,
    Key,
    Record,
    build_map,
    check_table,
    json_rows,
)
from mapping.storage.snapshots import pack_rows
from mapping.storage.sqlite_bulk import write_new_map
from mapping.storage.store import (
    Lock,
    change_row,
    fetch_record,
    insert_tables,
    load_tables,
    lock_map,
    utcnow,
)
from mapping.validation import map_name_problems
from mapping.validation import validate_map as problems


@dataclass(frozen=True, slots=True)
class MapInfo:
    """A stored map's summary for a list: counts per table."""

    id: int
    name: str
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class StoredMap:
    """A map as loaded, with the version of every record (for compare-and-set edits).

    ``versions`` maps (table name, record key) to the record's version;
    ``map_version`` grows with every change to the map (a cache key).
    """

    id: int
    map: Map
    versions: dict[tuple[str, Key], int]
    map_version: int
    at: dt.datetime | None = None

    def version_of(self, table: str, key: Key) -> int | None:
        return self.versions.get((table, key))


def list_maps(engine: Engine, counts: bool = True) -> list[MapInfo]:
    """Every stored map, by name, with record counts (``counts=False``: zeros, faster)."""
    with read_tx(engine) as conn:
        found: dict[int, dict[str, int]] = {}
        for table in RECORD_TYPES if counts else ():
            t = s.ENTITY_TABLES[table]
            for mid, n in conn.execute(select(t.c.map_id, func.count()).group_by(t.c.map_id)):
                found.setdefault(mid, {})[table] = n
        rows = conn.execute(select(s.maps).order_by(s.maps.c.name)).all()
    return [
        MapInfo(
            r.id,
            r.name,
            r.version,
            r.created_at,
            r.updated_at,
            {t: found.get(r.id, {}).get(t, 0) for t in RECORD_TYPES},
        )
        for r in rows
    ]


def map_version(engine: Engine, map_id: int) -> int:
    """The map's current version (one indexed read; compare with a cached StoredMap)."""
    with read_tx(engine) as conn:
        v = conn.execute(select(s.maps.c.version).where(s.maps.c.id == map_id)).scalar()
    if v is None:
        raise MapNotFoundError(map_id)
    return int(v)


def find_map(engine: Engine, name: str) -> int:
    """The id of the map called ``name``; :class:`MapNotFoundError` when none is."""
    with read_tx(engine) as conn:
        mid = conn.execute(select(s.maps.c.id).where(s.maps.c.name == name)).scalar()
    if mid is None:
        raise MapNotFoundError(name)
    return mid


def check_name(name: str) -> str:
    """The name without surrounding spaces; refused when empty, too long or not storable."""
    name = name.strip()
    if not name:
        raise RecordValidationError(["kortet skal have et navn"])
    bad = map_name_problems(name)
    if bad:
        raise RecordValidationError(bad)
    return name


def insert_map(
    conn: Connection,
    name: str,
    m: Map,
    author: str = "",
    created: dict[str, Any] | None = None,
) -> Lock:
    """Create the map row, its creation history row and every record in ``conn``'s transaction.

    The caller has validated ``name`` and ``m`` (so no record key repeats).
    ``created``: extra facts for the creation's history row (e.g. the deleted
    map it was restored from).
    """
    if conn.execute(select(s.maps.c.id).where(s.maps.c.name == name)).first():
        raise MapNameTakenError(name)
    now = utcnow()
    pk = conn.execute(
        insert(s.maps).values(name=name, version=1, created_at=now, updated_at=now)
    ).inserted_primary_key
    assert pk is not None  # an INSERT of one row always returns its key
    mid = pk[0]
    lock = Lock(int(mid), 1, now, name)
    # Valid, so no key repeats: every table is written as it is, in its order.
    records = {t: getattr(m, t) for t in RECORD_TYPES}
    # One history row holds the whole map.
    after = {"name": name, **(created or {})}
    with bulk_write(conn), indexes_after(conn, RECORD_TABLE_NAMES):
        if conn.dialect.name == "sqlite":
            snapshot = write_new_map(conn, lock.map_id, records)
        else:
            # Each record is converted once: its JSON values and version (1) are its
            # entry in the snapshot, and give its row (a national map: ~190,000 records).
            rows = {t: json_rows(t, recs, 1) for t, recs in records.items()}
            snapshot = pack_rows(rows)
            insert_tables(conn, lock.map_id, records, rows)
    conn.execute(
        insert(s.changes),
        [change_row(lock, author, "maps", [], "create", after=after, snapshot=snapshot)],
    )
    return lock


def create_map(engine: Engine, name: str, m: Map | None = None, author: Actor = "") -> int:
    """Create a map (empty, or holding ``m``) in one transaction; returns its id.

    Only the instance administrator (or the local operator) creates maps.
    """
    who = check_admin(engine, author, "create")
    name = check_name(name)
    m = m or Map()
    found = [] if m.validated else problems(m)  # a file's map was checked when it was read
    if found:
        raise RecordValidationError(found)
    try:
        with load_tx(engine) as conn:
            lock = insert_map(conn, name, m, who.author)
    except IntegrityError:  # a concurrent create_map took the name first
        raise MapNameTakenError(name) from None
    return lock.map_id


def rename_map(
    engine: Engine, map_id: int, name: str, author: Actor = "", *, base_name: str
) -> None:
    """Give the map a new (unique) name.

    ``base_name`` is the name the user saw: when someone else renamed the map
    since, :class:`MapRenamedError` is raised and nothing is changed.
    """

    name = check_name(name)
    with write_tx(engine) as conn:
        signed = check_map(conn, author, map_id, "rename").author
        lock = lock_map(conn, map_id)
        if name == lock.name:
            return
        if lock.name != base_name:
            raise MapRenamedError(base_name, lock.name)
        if conn.execute(select(s.maps.c.id).where(s.maps.c.name == name)).first():
            raise MapNameTakenError(name)
        conn.execute(update(s.maps).where(s.maps.c.id == map_id).values(name=name))
        conn.execute(
            insert(s.changes),
            [
                change_row(
                    lock,
                    signed,
                    "maps",
                    [],
                    "update",
                    before={"name": lock.name},
                    after={"name": name},
                )
            ],
        )


def delete_map(engine: Engine, map_id: int, author: Actor = "") -> None:
    """Delete the map, all its records and members (an owner's right); its history is kept."""

    with write_tx(engine) as conn:
        signed = check_map(conn, author, map_id, "delete").author
        lock = lock_map(conn, map_id)
        conn.execute(
            insert(s.changes),
            [change_row(lock, signed, "maps", [], "delete", before={"name": lock.name})],
        )
        conn.execute(delete(s.maps).where(s.maps.c.id == map_id))


def load_map(engine: Engine, map_id: int, at: dt.datetime | None = None) -> StoredMap:
    """The map as stored now, or as it was at ``at`` (naive datetimes are UTC)."""
    if at is not None:
        from mapping.storage.history import reconstruct

        snap = reconstruct(engine, map_id, at)
        return StoredMap(map_id, snap.map, snap.versions, snap.map_version, snap.at)
    with read_tx(engine) as conn:
        row = conn.execute(
            select(s.maps.c.name, s.maps.c.version).where(s.maps.c.id == map_id)
        ).first()
        if row is None:
            raise MapNotFoundError(map_id)
        tables, versions = load_tables(conn, map_id)
    return StoredMap(map_id, build_map(tables, row.name), versions, row.version)


def load_record(
    engine: Engine, map_id: int, table: str, key: Key
) -> tuple[Record | None, int | None]:
    """One record and its version, or (None, None) when it does not exist."""
    check_table(table)
    with read_tx(engine) as conn:
        return fetch_record(conn, map_id, table, tuple(str(k) for k in key))
