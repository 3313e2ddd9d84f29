"""Deleted maps: list them, rebuild one from its history, and bring it back.

Deleting a map removes its rows but keeps its history, and the history holds
every record as created and as changed (with its place in the user's order).
So a deleted map is rebuilt by replaying its history forward from its
creation, up to any moment before the deletion. Brought back, it is a new map
(a new id) whose creation records which deleted map it came from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, select, text
from sqlalchemy.exc import IntegrityError

from mapping.formats import clock, day
from mapping.storage import schema as s
from mapping.storage.access import Actor, check_admin
from mapping.storage.engine import read_tx, write_tx
from mapping.storage.errors import MapNameTakenError, RecordValidationError, StorageError
from mapping.storage.maps import check_name, insert_map
from mapping.storage.replay import Snapshot
from mapping.storage.replay import replay as replay_history
from mapping.storage.settings_store import write_settings
from mapping.storage.store import as_utc
from mapping.validation import validate_map as problems


@dataclass(frozen=True, slots=True)
class DeletedMap:
    """A deleted map as its history tells it (times are naive UTC)."""

    id: int
    name: str  # its name when it was deleted
    deleted_at: dt.datetime
    deleted_by: str
    created_at: dt.datetime | None
    restored_as: int | None = None  # the id of the map it was brought back as

    def describe(self) -> str:
        """``'Navn' (id 3, slettet 30-11-2026 10.15 UTC af anna)`` for messages."""
        who = self.deleted_by or "ukendt"
        at = self.deleted_at
        return f"{self.name!r} (id {self.id}, slettet {day(at)} {clock(at)} UTC af {who})"


# Every map id the history knows, one index seek each (no scan of the whole history).
_MAP_IDS = text(
    "WITH RECURSIVE ids(id) AS ("
    " SELECT min(map_id) FROM changes"
    " UNION ALL"
    " SELECT (SELECT min(map_id) FROM changes WHERE map_id > ids.id) FROM ids"
    " WHERE ids.id IS NOT NULL"
    ") SELECT id FROM ids WHERE id IS NOT NULL"
)


def _edge(conn: Connection, map_id: int, last: bool) -> Any:
    """The map's first (its creation) or last history row, by the (map_id, at) index."""
    c = s.changes
    order = (c.c.at.desc(), c.c.id.desc()) if last else (c.c.at, c.c.id)
    return conn.execute(select(c).where(c.c.map_id == map_id).order_by(*order).limit(1)).first()


def deleted_maps(engine: Engine, include_restored: bool = False) -> list[DeletedMap]:
    """Every deleted map, newest deletion first (brought-back ones only when asked)."""
    with read_tx(engine) as conn:
        ids = [int(i) for i in conn.execute(_MAP_IDS).scalars()]
        live = set(conn.execute(select(s.maps.c.id)).scalars())
        first = {i: _edge(conn, i, last=False) for i in ids}
        gone = {i: _edge(conn, i, last=True) for i in ids if i not in live}
    restored = {}
    for i, row in first.items():
        source = (row.after or {}).get("restored_from") if row.table_name == "maps" else None
        if source is not None:
            restored[int(source)] = i
    out = [
        DeletedMap(
            i,
            str((row.before or {}).get("name", "")),
            row.at,
            row.author,
            first[i].at if first[i].table_name == "maps" else None,
            restored.get(i),
        )
        for i, row in gone.items()
        if row.table_name == "maps" and row.action == "delete"
    ]
    if not include_restored:
        out = [d for d in out if d.restored_as is None]
    return sorted(out, key=lambda d: d.deleted_at, reverse=True)


class AmbiguousMapError(StorageError):
    """Several deleted maps fit; ``candidates`` lists them."""

    def __init__(self, name: str, candidates: list[DeletedMap]) -> None:
        listing = "; ".join(d.describe() for d in candidates)
        super().__init__(
            f"Flere slettede kort hedder {name!r}: {listing}. Vælg et med --id.",
            f"Several deleted maps are called {name!r}: {listing}. Choose one with --id.",
        )
        self.candidates = candidates


def find_deleted(
    engine: Engine,
    name: str,
    at: dt.datetime | None = None,
    map_id: int | None = None,
    include_restored: bool = False,
) -> DeletedMap:
    """The deleted map called ``name`` (when deleted), existing at ``at`` when given.

    ``map_id`` picks one of several. Raises :class:`StorageError` when none
    fits and :class:`AmbiguousMapError` when several do.
    """
    found = [d for d in deleted_maps(engine, include_restored) if d.name == name]
    if map_id is not None:
        found = [d for d in found if d.id == map_id]
    if at is not None:
        moment = as_utc(at)
        found = [
            d
            for d in found
            if (d.created_at is None or d.created_at <= moment) and moment < d.deleted_at
        ]
    if len(found) > 1:
        raise AmbiguousMapError(name, found)
    if not found and not include_restored and at is None:
        back = [d for d in deleted_maps(engine, True) if d.name == name and d.restored_as]
        if map_id is not None:
            back = [d for d in back if d.id == map_id]
        if back:
            d = back[0]
            raise StorageError(
                f"Det slettede kort {d.describe()} er allerede gendannet som kort id "
                f"{d.restored_as}.",
                f"The deleted map {d.name!r} (id {d.id}) was already brought back as map id "
                f"{d.restored_as}.",
            )
    if not found:
        when = f" {as_utc(at):%Y-%m-%d %H:%M:%S} UTC" if at is not None else ""
        with_id = f" med id {map_id}" if map_id is not None else ""
        with_id_en = f" with id {map_id}" if map_id is not None else ""
        raise StorageError(
            f"Der er intet slettet kort{with_id} med navnet {name!r}, der fandtes{when}."
            if when
            else f"Der er intet slettet kort{with_id} med navnet {name!r} at gendanne.",
            f"There is no deleted map{with_id_en} named {name!r} that existed at{when}."
            if when
            else f"There is no deleted map{with_id_en} named {name!r} to bring back.",
        )
    return found[0]


def replay(engine: Engine, map_id: int, at: dt.datetime | None = None) -> Snapshot:
    """The deleted map as it was at ``at`` (None: just before its deletion).

    Replays its history forward from its latest snapshot (its creation or an
    import): records as created and changed, their order, its name and settings.
    """
    with read_tx(engine) as conn:
        return replay_history(conn, map_id, None if at is None else as_utc(at))


def undelete_map(
    engine: Engine, deleted_id: int, name: str | None = None, author: Actor = ""
) -> int:
    """Bring the deleted map back as it stood just before its deletion; returns the new id.

    Records, their order and the settings come back; the new map's history
    starts with a normal creation that names the deleted map's id. ``name``
    (default: its old name) must be free. The instance administrator's right: the
    map comes back without members, and the administrator appoints its owners.
    """
    author = check_admin(engine, author, "undelete").author
    candidates = [d for d in deleted_maps(engine, include_restored=True) if d.id == deleted_id]
    if not candidates:
        raise StorageError(
            f"Der er intet slettet kort med id {deleted_id}.",
            f"There is no deleted map with id {deleted_id}.",
        )
    gone = candidates[0]
    if gone.restored_as is not None:
        raise StorageError(
            f"Det slettede kort {gone.describe()} er allerede gendannet "
            f"(kort id {gone.restored_as}).",
            f"The deleted map {gone.name!r} (id {gone.id}) was already brought back "
            f"(map id {gone.restored_as}).",
        )
    new_name = check_name(name if name is not None else gone.name)
    snap = replay(engine, deleted_id)
    m = snap.map.replace(name=new_name)
    found = problems(m)
    if found:
        raise RecordValidationError(found)
    try:
        with write_tx(engine) as conn:
            lock = insert_map(conn, new_name, m, author, created={"restored_from": deleted_id})
            write_settings(conn, lock, snap.settings.to_dict(), author)
    except IntegrityError:  # someone took the name meanwhile
        raise MapNameTakenError(new_name) from None
    return lock.map_id
