"""Single-record edits with compare-and-set versions, and reference-aware deletes."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, delete, insert, update
from sqlalchemy.exc import IntegrityError

from mapping.model import Map
from mapping.schema import Column, referring_columns
from mapping.storage import schema as s
from mapping.storage.access import Actor, check_map
from mapping.storage.checks import record_problems
from mapping.storage.conflicts import conflict
from mapping.storage.engine import write_tx
from mapping.storage.errors import ConflictError, DependencyError, RecordValidationError
from mapping.storage.records import (
    KEY_FIELDS,
    Key,
    Record,
    build_map,
    check_table,
    describe,
    record_key,
    to_row,
)
from mapping.storage.store import (
    Diff,
    Lock,
    Positions,
    Tables,
    apply_diff,
    change_row,
    diff_tables,
    fetch_record,
    load_tables,
    lock_map,
    next_position,
    write_lists,
)
from mapping.validation import validate_map as problems

if TYPE_CHECKING:
    from mapping.model import R

Dependent = tuple[str, Key, str]


def _new_problems(before: Tables, after: Tables) -> list[Any]:
    """Problems the change introduces (old ones, e.g. from stricter rules, don't block it)."""
    found = problems(build_map(after))
    if not found:
        return []
    old = {str(getattr(p, "message", p)) for p in problems(build_map(before))}
    return [p for p in found if str(getattr(p, "message", p)) not in old]


def _check_base(
    conn: Connection,
    map_id: int,
    table: str,
    key: Key,
    current: Record | None,
    version: int | None,
    base: int | None,
) -> None:
    if (base is None and current is not None) or (base is not None and version != base):
        raise conflict(conn, map_id, table, key, current, version)


@dataclasses.dataclass(frozen=True)
class Write:
    """One record change of :func:`save_records`: ``record`` None deletes ``key``.

    Deletes are for link records (services, adoptions, relations), which nothing
    refers to; a unit, group or principle is deleted with :func:`delete_record`.
    """

    table: str
    record: Record | None
    base_version: int | None = None
    key: Key = ()

    @property
    def record_key(self) -> Key:
        return self.key if self.record is None else record_key(self.table, self.record)


def save_record(
    engine: Engine,
    map_id: int,
    table: str,
    record: Record,
    base_version: int | None,
    author: Actor = "",
) -> int:
    """Create (``base_version`` None) or update one record; returns its new version.

    Raises :class:`ConflictError` when the stored version is not ``base_version``
    (or the record exists already / was deleted), :class:`RecordValidationError`
    when the map would become invalid. Nothing is written in either case.
    """
    check_table(table)
    key = record_key(table, record)
    with write_tx(engine) as conn:
        who = check_map(conn, author, map_id, "edit")  # before anything is written
        if conn.dialect.name == "postgresql":
            # Cheap early refusal before queueing on the map lock; re-checked under it.
            found = fetch_record(conn, map_id, table, key)
            _check_base(conn, map_id, table, key, *found, base_version)
        lock = lock_map(conn, map_id)
        return _write(conn, lock, table, record, base_version, who.author)


def save_records(
    engine: Engine, map_id: int, writes: list[Write], author: Actor = ""
) -> list[int | None]:
    """Several record changes in one transaction: all are written, or none.

    Each write is version-checked like :func:`save_record` and validated against
    the map as the earlier writes left it (a new group, then its services).
    Returns each record's new version (None for a delete).
    """
    for w in writes:
        check_table(w.table)
        if w.record is None and w.table not in ("services", "adoptions", "relations"):
            raise ValueError(f"save_records deletes link records only, not {w.table}")
    out: list[int | None] = []
    with write_tx(engine) as conn:
        signed = check_map(conn, author, map_id, "edit").author
        lock = lock_map(conn, map_id)
        for w in writes:
            if w.record is None:
                _remove(conn, lock, w.table, tuple(str(k) for k in w.key), w.base_version, signed)
                out.append(None)
            else:
                out.append(_write(conn, lock, w.table, w.record, w.base_version, signed))
    return out


def _write(
    conn: Connection, lock: Lock, table: str, record: Record, base_version: int | None, author: str
) -> int:
    map_id = lock.map_id
    key = record_key(table, record)
    current, version = fetch_record(conn, map_id, table, key)
    _check_base(conn, map_id, table, key, current, version, base_version)
    if current == record:
        return version or 1
    bad = record_problems(conn, map_id, table, record)
    if bad:
        raise RecordValidationError(bad)
    t = s.ENTITY_TABLES[table]
    row = to_row(table, record)
    if current is None:
        try:
            pos = next_position(conn, map_id, table)  # a new record goes at the end
            conn.execute(insert(t).values(**row, map_id=map_id, version=1, position=pos))
        except IntegrityError:
            raise ConflictError(table, key, None, None) from None  # a racing create
        new_version = 1
    else:
        cols = {c: v for c, v in row.items() if c not in KEY_FIELDS[table]}
        where = [t.c.map_id == map_id, t.c.version == base_version]
        where += [t.c[f] == v for f, v in zip(KEY_FIELDS[table], key, strict=True)]
        done = conn.execute(update(t).where(*where).values(**cols, version=t.c.version + 1))
        if done.rowcount != 1:
            now, now_version = fetch_record(conn, map_id, table, key)
            raise conflict(conn, map_id, table, key, now, now_version)
        new_version = (base_version or 0) + 1
    write_lists(conn, map_id, table, [record], replace=current is not None)
    diff = Diff(table, key, current, record)
    row = change_row(lock, author, table, list(key), diff.action, diff, new_version)
    if current is None:
        row["after"]["position"] = pos  # to replay it in place
    conn.execute(insert(s.changes), [row])
    return new_version


def _remove(
    conn: Connection, lock: Lock, table: str, key: Key, base_version: int | None, author: str
) -> None:
    """Delete one link record (nothing refers to it), version-checked."""
    map_id = lock.map_id
    current, version = fetch_record(conn, map_id, table, key)
    if current is None or (base_version is not None and version != base_version):
        raise conflict(conn, map_id, table, key, current, version)
    t = s.ENTITY_TABLES[table]
    where = [t.c[f] == v for f, v in zip(KEY_FIELDS[table], key, strict=True)]
    conn.execute(delete(t).where(t.c.map_id == map_id, t.c.version == version, *where))
    diff = Diff(table, key, current, None)
    conn.execute(
        insert(s.changes), [change_row(lock, author, table, list(key), "delete", diff, version)]
    )


def _refers_to(rec: Record, col: Column, rid: str) -> bool:
    value = getattr(rec, col.name)
    return rid in value if col.type == "reflist" else value == rid


def dependents(m: Map, table: str, key: Key, lang: str = "da") -> list[Dependent]:
    """Records that refer to the record ``key`` of ``table``, each described once.

    >>> from mapping.model import Map, Unit
    >>> m = Map(units=(Unit("a", "A"), Unit("b", "B", parent_id="a")))
    >>> dependents(m, "units", ("a",))
    [('units', ('b',), "enhed 'b' (B) ligger under den")]
    """
    rid = key[0]
    found: dict[tuple[str, Key], tuple[Record, list[str]]] = {}
    for spec, col in referring_columns(table):
        for rec in getattr(m, spec.name):
            if _refers_to(rec, col, rid):
                k = record_key(spec.name, rec)
                why = col.depends.get(lang) if col.depends else col.label.get(lang)
                entry = found.setdefault((spec.name, k), (rec, []))
                if why not in entry[1]:
                    entry[1].append(why)
    joiner = " og " if lang == "da" else " and "
    return [
        (t, k, f"{describe(t, rec, k, lang)} {joiner.join(whys)}")
        for (t, k), (rec, whys) in found.items()
    ]


def _with_field(rec: R, name: str, value: object) -> R:
    """``rec`` with its field ``name`` (a column named at run time) set to ``value``."""
    changes: dict[str, Any] = {name: value}  # the checker cannot follow a field by name
    return dataclasses.replace(rec, **changes)


def _cascade(tables: Tables, table: str, key: Key) -> Tables:
    """The tables after deleting ``key`` and resolving everything that refers to it.

    Each referring column says what happens (:data:`mapping.schema.types.OnDelete`):
    link records go with it, optional references are cleared, units below a
    deleted unit move up to its parent.
    """
    new = {t: dict(recs) for t, recs in tables.items()}
    gone = new[table].pop(key)
    rid = key[0]
    for spec, col in referring_columns(table):
        recs = new[spec.name]
        for k, rec in list(recs.items()):
            if not _refers_to(rec, col, rid):
                continue
            if col.on_delete == "cascade":
                del recs[k]
            elif col.type == "reflist":
                kept = tuple(v for v in getattr(rec, col.name) if v != rid)
                recs[k] = _with_field(rec, col.name, kept)
            else:
                up = getattr(gone, col.name) if col.on_delete == "reparent" else None
                recs[k] = _with_field(rec, col.name, up)
    return new


def delete_record(
    engine: Engine,
    map_id: int,
    table: str,
    key: Key,
    base_version: int | None,
    author: Actor = "",
    cascade: bool = False,
) -> list[Dependent]:
    """Delete one record; returns what a cascade changed (empty without one).

    ``base_version`` None skips the version check. Refused with
    :class:`DependencyError` (listing the dependents) when others refer to the
    record and ``cascade`` is False.
    """
    check_table(table)
    key = tuple(str(k) for k in key)
    with write_tx(engine) as conn:
        signed = check_map(conn, author, map_id, "edit").author
        lock = lock_map(conn, map_id)
        positions: Positions = {}
        tables, versions = load_tables(conn, map_id, positions)
        current = tables[table].get(key)
        version = versions.get((table, key))
        if current is None:
            raise conflict(conn, map_id, table, key, None, None)
        if base_version is not None and version != base_version:
            raise conflict(conn, map_id, table, key, current, version)
        deps = dependents(build_map(tables), table, key)
        if deps and not cascade:
            raise DependencyError(table, key, deps)
        after = _cascade(tables, table, key)
        bad = _new_problems(tables, after)
        if bad:
            raise RecordValidationError(bad)
        apply_diff(conn, lock, diff_tables(tables, after), versions, signed, positions)
    return deps
