"""Low-level row I/O shared by the repository modules (not public API).

Every write transaction first locks the map row (:func:`lock_map`): writes to
one map are serialised, so checks made after the lock see the latest committed
state, and each change gets a timestamp that never goes backwards for the map.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat
from operator import itemgetter
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    ColumnElement,
    Connection,
    CursorResult,
    DateTime,
    Table,
    and_,
    bindparam,
    delete,
    func,
    select,
    update,
)

from mapping.schema import TABLES
from mapping.storage import schema as s
from mapping.storage.conflicts import conflict
from mapping.storage.errors import MapNotFoundError
from mapping.storage.records import (
    KEY_FIELDS,
    LIST_FIELDS,
    RECORD_TYPES,
    ROW_AT,
    ROW_FIELDS,
    Key,
    Record,
    from_columns,
    from_row,
    to_json,
    to_row,
)

Tables = dict[str, dict[Key, Record]]
Versions = dict[tuple[str, Key], int]
Positions = dict[tuple[str, Key], int]  # (table, key) -> place in the user's order


@dataclass(frozen=True, slots=True)
class Diff:
    """One record change: ``before`` None = created, ``after`` None = deleted."""

    table: str
    key: Key
    before: Record | None
    after: Record | None

    @property
    def action(self) -> str:
        if self.before is None:
            return "create"
        return "delete" if self.after is None else "update"

    @property
    def written(self) -> Record:
        """The record a create or an update writes."""
        if self.after is None:
            raise ValueError(f"a delete writes no record: {self.table} {self.key}")
        return self.after


def utcnow() -> dt.datetime:
    """Naive UTC with microseconds: stored the same way on SQLite and PostgreSQL."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def as_utc(value: dt.datetime) -> dt.datetime:
    """Naive UTC for comparing with stored times (naive input is taken as UTC)."""
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


@dataclass(frozen=True, slots=True)
class Lock:
    map_id: int
    map_version: int
    at: dt.datetime
    name: str


def lock_map(conn: Connection, map_id: int) -> Lock:
    """Lock the map for this transaction, bump its version and pick the change time."""
    row = conn.execute(
        select(s.maps.c.version, s.maps.c.updated_at, s.maps.c.name)
        .where(s.maps.c.id == map_id)
        .with_for_update()
    ).first()
    if row is None:
        raise MapNotFoundError(map_id)
    at = max(utcnow(), row.updated_at + dt.timedelta(microseconds=1))
    conn.execute(
        update(s.maps).where(s.maps.c.id == map_id).values(version=row.version + 1, updated_at=at)
    )
    return Lock(map_id, row.version + 1, at, row.name)


def _key_clause(table: str, key: Key) -> ColumnElement[bool]:
    t = s.ENTITY_TABLES[table]
    return and_(*(t.c[f] == v for f, v in zip(KEY_FIELDS[table], key, strict=True)))


def fetch_record(
    conn: Connection, map_id: int, table: str, key: Key
) -> tuple[Record | None, int | None]:
    """The stored record and its version, or (None, None)."""
    t = s.ENTITY_TABLES[table]
    row = conn.execute(select(t).where(t.c.map_id == map_id, _key_clause(table, key))).first()
    if row is None:
        return None, None
    lists: dict[str, tuple[str, ...]] = {}
    for field in LIST_FIELDS[table]:
        lt, owner, item = _list_table(table, field)
        lists[field] = tuple(
            conn.execute(
                select(item).where(lt.c.map_id == map_id, owner == key[0]).order_by(lt.c.position)
            ).scalars()
        )
    return from_row(table, row._mapping, lists), row.version


def _list_table(table: str, field: str) -> tuple[Table, Column[Any], Column[Any]]:
    """The table holding a list field's items, its owner column and its item column."""
    lt = s.LIST_TABLES[(table, field)]
    _, owner, item = s.list_table_names(TABLES[table], TABLES[table].column(field))
    return lt, lt.c[owner], lt.c[item]


def _load_lists(conn: Connection, map_id: int, table: str) -> dict[str, dict[str, list[str]]]:
    """List field -> owner id -> its items in order, for every list field of ``table``."""
    out: dict[str, dict[str, list[str]]] = {}
    for field in LIST_FIELDS[table]:
        lt, owner, item = _list_table(table, field)
        items: dict[str, list[str]] = {}
        for oid, value in conn.execute(
            select(owner, item).where(lt.c.map_id == map_id).order_by(owner, lt.c.position)
        ):
            items.setdefault(oid, []).append(value)
        out[field] = items
    return out


def load_tables(
    conn: Connection, map_id: int, positions: Positions | None = None
) -> tuple[Tables, Versions]:
    """Every record of the map, by table and key, in the user's order, with versions.

    ``positions``, when given, is filled with every record's stored position.
    """
    tables: Tables = {}
    versions: Versions = {}
    for name in RECORD_TYPES:
        t = s.ENTITY_TABLES[name]
        fields = ROW_FIELDS[name]
        key_at = [fields.index(f) for f in KEY_FIELDS[name]]
        n = len(fields)
        lists = _load_lists(conn, map_id, name)
        rows = conn.execute(
            select(*(t.c[f] for f in fields), t.c.version, t.c.position)
            .where(t.c.map_id == map_id)
            .order_by(t.c.position, *(t.c[f] for f in KEY_FIELDS[name]))
        ).all()
        # Column by column: a national map has ~190,000 rows to turn into records.
        columns = list(zip(*rows, strict=True)) if rows else [()] * (n + 2)
        keys = list(zip(*(columns[i] for i in key_at), strict=True))
        tables[name] = dict(zip(keys, from_columns(name, columns[:n], lists), strict=True))
        named = list(zip(repeat(name), keys))
        versions.update(zip(named, columns[n], strict=True))
        if positions is not None:
            positions.update(zip(named, columns[n + 1], strict=True))
    return tables, versions


def in_order(tables: Tables) -> Positions:
    """Positions 0, 1, 2… per table in the tables' own order (a whole map written as given)."""
    return {(t, k): i for t, recs in tables.items() for i, k in enumerate(recs)}


def diff_tables(old: Tables, new: Tables) -> list[Diff]:
    """Record changes that turn ``old`` into ``new``, tables in dependency order."""
    out: list[Diff] = []
    for table in RECORD_TYPES:
        a, b = old.get(table, {}), new.get(table, {})
        out += [Diff(table, k, a.get(k), b[k]) for k in b if a.get(k) != b[k]]
        out += [Diff(table, k, a[k], None) for k in a if k not in b]
    return out


def _params(table: str, key: Key, prefix: str = "k_") -> dict[str, Any]:
    return {f"{prefix}{f}": v for f, v in zip(KEY_FIELDS[table], key, strict=True)}


def _bound_key(table: str) -> ColumnElement[bool]:
    t = s.ENTITY_TABLES[table]
    return and_(*(t.c[f] == bindparam(f"k_{f}") for f in KEY_FIELDS[table]))


def next_position(conn: Connection, map_id: int, table: str) -> int:
    t = s.ENTITY_TABLES[table]
    top = conn.execute(select(func.max(t.c.position)).where(t.c.map_id == map_id)).scalar()
    return 0 if top is None else int(top) + 1


def apply_diff(
    conn: Connection,
    lock: Lock,
    diffs: Iterable[Diff],
    versions: Versions,
    author: str,
    positions: Positions | None = None,
    order: Positions | None = None,
    *,
    record: bool = True,
) -> Versions:
    """Write the changes in bulk plus their history rows; returns the new versions.

    Updates and deletes compare-and-set on the version read under the map lock.
    ``positions``: the stored positions (as :func:`load_tables` filled them);
    ``order``: wanted positions (a whole map written in its own order). Created
    records without a wanted position go at the end; existing records whose
    wanted position differs are moved (a "move" history row, no new version).
    ``record=False`` writes no per-record history: the caller records the whole
    map at once (a creation or an import, see :mod:`.snapshots`).
    """
    diffs = list(diffs)
    positions = positions or {}
    order = order or {}
    moves = _moves(diffs, positions, order)
    by_kind: dict[tuple[str, str], list[Diff]] = {}
    for d in diffs:  # one pass; a whole map is ~190,000 diffs
        by_kind.setdefault((d.table, d.action), []).append(d)
    new_versions: Versions = {}
    placed: Positions = {}  # created records' positions, kept in their history rows
    history: list[dict[str, Any]] = []
    mid = lock.map_id
    for table in reversed(RECORD_TYPES):  # dependents first
        t = s.ENTITY_TABLES[table]
        gone = by_kind.get((table, "delete"), [])
        if gone:
            params = [{**_params(table, d.key), "v": versions[(table, d.key)]} for d in gone]
            stmt = delete(t).where(
                t.c.map_id == mid, t.c.version == bindparam("v"), _bound_key(table)
            )
            _check_many(conn, mid, conn.execute(stmt, params), len(params), table, gone)
    for table in RECORD_TYPES:
        t = s.ENTITY_TABLES[table]
        made = by_kind.get((table, "create"), [])
        if made:
            nxt = None
            rows = []
            for d in made:
                pos = order.get((table, d.key))
                if pos is None:
                    nxt = next_position(conn, mid, table) if nxt is None else nxt
                    pos, nxt = nxt, nxt + 1
                placed[(table, d.key)] = pos
                rows.append(
                    {**to_row(table, d.written), "map_id": mid, "version": 1, "position": pos}
                )
            bulk_insert(conn, t, rows)
            new_versions.update({(table, d.key): 1 for d in made})
        changed = by_kind.get((table, "update"), [])
        if changed:
            cols = [c for c in to_row(table, changed[0].written) if c not in KEY_FIELDS[table]]
            set_stmt = (
                update(t)
                .where(t.c.map_id == mid, t.c.version == bindparam("v"), _bound_key(table))
                .values({**{c: bindparam(f"n_{c}") for c in cols}, "version": t.c.version + 1})
            )
            params = []
            for d in changed:
                row = to_row(table, d.written)
                params.append(
                    {**_params(table, d.key), "v": versions[(table, d.key)]}
                    | {f"n_{c}": row[c] for c in cols}
                )
                new_versions[(table, d.key)] = versions[(table, d.key)] + 1
            _check_many(conn, mid, conn.execute(set_stmt, params), len(params), table, changed)
        if LIST_FIELDS[table] and (made or changed):
            written = [d.written for d in made + changed]
            write_lists(conn, mid, table, written, replace=bool(changed))
    for d in diffs if record else ():
        v = new_versions.get((d.table, d.key), versions.get((d.table, d.key)))
        row = change_row(lock, author, d.table, list(d.key), d.action, d, v)
        if d.action == "delete" and (d.table, d.key) in positions:
            row["before"]["position"] = positions[(d.table, d.key)]  # to undo it in place
        elif d.action == "create":
            row["after"]["position"] = placed[(d.table, d.key)]  # to replay it in place
        history.append(row)
    for table in RECORD_TYPES:
        moved = [(k, on) for (tb, k), on in moves.items() if tb == table]
        if moved:
            t = s.ENTITY_TABLES[table]
            move_stmt = update(t).where(t.c.map_id == mid, _bound_key(table))
            conn.execute(
                move_stmt.values(position=bindparam("p")),
                [{**_params(table, k), "p": new} for k, (_, new) in moved],
            )
        for k, (old, new) in moved if record else ():
            v = new_versions.get((table, k), versions.get((table, k)))
            was_is = ({"position": old}, {"position": new})
            history.append(change_row(lock, author, table, list(k), "move", None, v, *was_is))
    bulk_insert(conn, s.changes, history)
    return new_versions


def insert_tables(
    conn: Connection,
    map_id: int,
    records: Mapping[str, Sequence[Record]],
    values: Mapping[str, Sequence[Sequence[Any]]],
) -> None:
    """Write every record of a new map, in its own order, at version 1 (no history rows:
    the creation's snapshot records them).

    ``values``: per table, every record's :func:`json_values` in the same order
    (made once for the snapshot; dates as ISO text, which is how SQLite stores
    them and PostgreSQL's COPY reads them).
    """
    for table in RECORD_TYPES:
        recs = records.get(table, ())
        if not recs:
            continue
        row_of = itemgetter(*ROW_AT[table])  # every table has several columns
        data = [(*row_of(v), map_id, 1, i) for i, v in enumerate(values[table])]
        cols = [*ROW_FIELDS[table], "map_id", "version", "position"]
        insert_rows(conn, s.ENTITY_TABLES[table], cols, data)
        if LIST_FIELDS[table]:
            write_lists(conn, map_id, table, list(recs), replace=False)


def _moves(
    diffs: list[Diff], positions: Positions, order: Positions
) -> dict[tuple[str, Key], tuple[int, int]]:
    """Existing, kept records whose wanted position differs: (old, new)."""
    gone_or_new = {(d.table, d.key) for d in diffs if d.action != "update"}
    return {
        k: (positions[k], pos)
        for k, pos in order.items()
        if k in positions and k not in gone_or_new and positions[k] != pos
    }


def write_lists(
    conn: Connection, map_id: int, table: str, records: list[Record], replace: bool
) -> None:
    """Store the list fields of ``records`` (replacing what is stored when ``replace``)."""
    for field in LIST_FIELDS[table]:
        lt, owner, item = _list_table(table, field)
        oid = KEY_FIELDS[table][0]
        if replace:
            conn.execute(
                delete(lt).where(lt.c.map_id == map_id, owner == bindparam("oid")),
                [{"oid": getattr(r, oid)} for r in records],
            )
        rows = [
            {"map_id": map_id, owner.name: getattr(r, oid), "position": i, item.name: v}
            for r in records
            for i, v in enumerate(getattr(r, field))
        ]
        bulk_insert(conn, lt, rows)


def _dumps(value: Any) -> str | None:
    # Plain json.dumps takes CPython's fast one-shot C path (ensure_ascii=False does not).
    return None if value is None else json.dumps(value)


@functools.lru_cache(maxsize=64)  # every row of one transaction shares its time
def _sqlite_time(value: dt.datetime | None) -> str | None:
    # The text form SQLAlchemy's DateTime uses on SQLite, so comparisons stay textual-correct.
    return None if value is None else value.strftime("%Y-%m-%d %H:%M:%S.%f")


def bulk_insert(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """:func:`insert_rows` of dicts that all have the first one's keys."""
    if rows:
        cols = list(rows[0])
        get = itemgetter(*cols)  # every table written here has several columns
        insert_rows(conn, table, cols, [get(r) for r in rows])


def insert_rows(
    conn: Connection, table: Table, cols: list[str], data: list[tuple[Any, ...]]
) -> None:
    """executemany straight on the driver: several times faster than SQLAlchemy's binding.

    ``data``: one tuple per row, its values in ``cols``' order. JSON columns are
    serialised here; every other value is a plain driver type.
    """
    if not data:
        return
    sqlite = conn.dialect.name == "sqlite"
    convert: list[Any] = []
    for c in cols:
        kind = table.c[c].type
        if isinstance(kind, JSON):
            convert.append(_dumps)
        elif sqlite and isinstance(kind, DateTime):
            convert.append(_sqlite_time)
        else:
            convert.append(None)
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    prep = conn.dialect.identifier_preparer
    sql = (
        f"INSERT INTO {prep.format_table(table)} ({', '.join(prep.quote(c) for c in cols)}) "
        f"VALUES ({', '.join([mark] * len(cols))})"
    )
    if any(convert):
        data = [tuple(f(v) if f else v for v, f in zip(row, convert, strict=True)) for row in data]
    if conn.dialect.name == "postgresql":
        # COPY streams rows in one round trip: the national map in seconds, not minutes.
        copy_sql = (
            f"COPY {prep.format_table(table)} ({', '.join(prep.quote(c) for c in cols)}) FROM STDIN"
        )
        driver = conn.connection.driver_connection
        assert driver is not None  # a connection in use holds its driver's connection
        cursor = driver.cursor()
        with cursor.copy(copy_sql) as copy:
            for row in data:
                copy.write_row(row)
        return
    conn.exec_driver_sql(sql, data)


def change_row(
    lock: Lock,
    author: str,
    table: str,
    key: list[str],
    action: str,
    d: Diff | None = None,
    version: int | None = None,
    before: Any = None,
    after: Any = None,
    snapshot: bytes | None = None,
) -> dict[str, Any]:
    """One history row (record changes via ``d``; map and settings via before/after;
    a whole map's records as a packed ``snapshot``)."""
    if d is not None:
        before = None if d.before is None else to_json(d.before)
        after = None if d.after is None else to_json(d.after)
    return {
        "map_id": lock.map_id,
        "map_version": lock.map_version,
        "at": lock.at,
        "author": author or "",
        "table_name": table,
        "key": key,
        "action": action,
        "before": before,
        "after": after,
        "version": version,
        "snapshot": snapshot,
    }


def _check_many(
    conn: Connection,
    map_id: int,
    result: CursorResult[Any],
    expected: int,
    table: str,
    diffs: list[Diff],
) -> None:
    # Under the map lock this cannot fail; checked anyway so a bug never loses an edit silently.
    if conn.dialect.supports_sane_multi_rowcount and result.rowcount != expected:
        current, version = fetch_record(conn, map_id, table, diffs[0].key)
        raise conflict(conn, map_id, table, diffs[0].key, current, version)
