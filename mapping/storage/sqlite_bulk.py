"""SQLite: a new map's records inserted from their JSON text, in SQL.

A new map's records are turned into JSON once anyway, for the history row
that holds the whole map (:mod:`.snapshots`). On SQLite the same text fills
the tables: ``INSERT … SELECT value ->> i … FROM json_each(?)`` runs in
SQLite's C code, so no Python tuple per row is built and bound (a national
map: ~190,000 rows, about a third of the write's time).

SQLite's JSON reader gives back exactly what Python wrote for text, integers,
booleans (1/0) and nulls. Two things it would not keep are sent the old way
(:func:`insert_json` returns False): text with a NUL character or any
UTF-16 surrogate escape (SQLite would cut or garble it; valid maps hold
neither, and the text is UTF-8, so emoji need no escape). Floats are read back
and compared, and any that SQLite parsed differently are written again from
Python's values.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from mapping.schema import KEY_FIELDS, TABLES
from mapping.storage.records import (
    FIELD_NAMES,
    LIST_FIELDS,
    RECORD_TYPES,
    ROW_AT,
    ROW_FIELDS,
    Record,
    json_rows,
    list_table_names,
)
from mapping.storage.snapshots import pack_texts, rows_text

if TYPE_CHECKING:
    from sqlalchemy import Connection

Rows = list[list[Any]]


def write_new_map(conn: Connection, map_id: int, records: Mapping[str, Sequence[Record]]) -> bytes:
    """Insert every record of a new map (version 1, in order); return its packed snapshot."""
    from mapping.storage.store import insert_tables

    raw = conn.connection.driver_connection  # in the same transaction
    assert isinstance(raw, sqlite3.Connection)
    snapshot, left = insert_new_map(raw, map_id, records)
    for table, rows in left.items():
        insert_tables(conn, map_id, {table: records[table]}, {table: rows})
    return snapshot


def insert_new_map(
    raw: sqlite3.Connection, map_id: int, records: Mapping[str, Sequence[Record]]
) -> tuple[bytes, dict[str, Rows]]:
    """Insert a new map's records (version 1, in order) where SQLite's JSON reader keeps
    them: its packed snapshot, and per table not written its :func:`json_rows`."""
    texts, left = {}, {}
    for table in RECORD_TYPES:
        rows = json_rows(table, records.get(table, ()), 1)
        texts[table] = rows_text(rows)
        if rows and not insert_json(raw, map_id, table, texts[table], rows):
            left[table] = rows
    return pack_texts(texts), left


def _safe(text: str) -> bool:
    # rows_text escapes NUL (and a surrogate, when the standard library wrote it) in lower case.
    return "\\u0000" not in text and "\\ud" not in text


def _q(name: str) -> str:
    return f'"{name}"'


def insert_json(
    raw: sqlite3.Connection, map_id: int, table: str, text: str, rows: Sequence[Sequence[Any]]
) -> bool:
    """Insert a new map's ``table`` (and its list tables) from ``text``: ``rows_text(rows)``.

    ``raw``: the SQLite connection, in a transaction. ``rows``: per record its
    :func:`.records.json_values` (and, after them, anything else, e.g. the
    snapshot's version), in the map's order, which becomes each row's
    position. False, with nothing written, when the text holds what SQLite's
    JSON reader would change.
    """
    if not _safe(text):
        return False
    fields = ROW_FIELDS[table]
    cols = ", ".join(_q(c) for c in (*fields, "map_id", "version", "position"))
    # New rows get rowids above every existing one, in the order they are inserted.
    after = int(raw.execute(f"SELECT coalesce(max(rowid), 0) FROM {_q(table)}").fetchone()[0])
    values = ", ".join(f"value ->> {i}" for i in ROW_AT[table])
    raw.execute(
        f"INSERT INTO {_q(table)} ({cols}) SELECT {values}, ?, 1, key FROM json_each(?)",
        (map_id, text),
    )
    _check_floats(raw, table, rows, after)
    owner_at = FIELD_NAMES[table].index(KEY_FIELDS[table][0])
    for field in LIST_FIELDS[table]:
        name, owner, item = list_table_names(TABLES[table], TABLES[table].column(field))
        at = FIELD_NAMES[table].index(field)
        raw.execute(
            f"INSERT INTO {_q(name)} (map_id, {_q(owner)}, position, {_q(item)}) "
            f"SELECT ?, r.value ->> {owner_at}, g.key, g.value "
            f"FROM json_each(?) AS r, json_each(r.value, '$[{at}]') AS g",
            (map_id, text),
        )
    return True


def _check_floats(
    raw: sqlite3.Connection, table: str, rows: Sequence[Sequence[Any]], after: int
) -> None:
    """Write again, from Python's values, any float SQLite's parser rounded otherwise.

    ``rows`` were inserted in their order as the rows with rowids above ``after``.
    """
    for col in TABLES[table].columns:
        if col.type != "float":
            continue
        at = FIELD_NAMES[table].index(col.name)
        stored = raw.execute(
            f"SELECT rowid, {_q(col.name)} FROM {_q(table)} WHERE rowid > ? ORDER BY rowid",
            (after,),
        ).fetchall()
        wrong = [
            (row[at], rowid)
            for row, (rowid, got) in zip(rows, stored, strict=True)
            if got != row[at]
        ]
        if wrong:
            raw.executemany(
                f"UPDATE {_q(table)} SET {_q(col.name)} = ? WHERE rowid = ?",
                wrong,
            )
