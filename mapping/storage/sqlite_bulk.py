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

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection

from mapping.schema import KEY_FIELDS, TABLES
from mapping.storage import schema as s
from mapping.storage.records import (
    FIELD_NAMES,
    LIST_FIELDS,
    RECORD_TYPES,
    ROW_AT,
    ROW_FIELDS,
    Record,
    json_rows,
)
from mapping.storage.snapshots import pack_texts, rows_text
from mapping.storage.store import insert_tables


def write_new_map(conn: Connection, map_id: int, records: Mapping[str, Sequence[Record]]) -> bytes:
    """Insert every record of a new map (version 1, in order); return its packed snapshot."""
    texts = {}
    for table in RECORD_TYPES:
        rows = json_rows(table, records.get(table, ()), 1)
        texts[table] = rows_text(rows)
        if rows and not insert_json(conn, map_id, table, texts[table], rows):
            insert_tables(conn, map_id, {table: records[table]}, {table: rows})
    return pack_texts(texts)


def _safe(text: str) -> bool:
    # rows_text escapes NUL (and a surrogate, when the standard library wrote it) in lower case.
    return "\\u0000" not in text and "\\ud" not in text


def insert_json(
    conn: Connection, map_id: int, table: str, text: str, rows: Sequence[Sequence[Any]]
) -> bool:
    """Insert a new map's ``table`` (and its list tables) from ``text``: ``rows_text(rows)``.

    ``rows``: per record its :func:`.records.json_values` (and, after them,
    anything else, e.g. the snapshot's version), in the map's order, which
    becomes each row's position. False, with nothing written, when the text
    holds what SQLite's JSON reader would change.
    """
    if not _safe(text):
        return False
    prep = conn.dialect.identifier_preparer
    fields = ROW_FIELDS[table]
    cols = ", ".join(prep.quote(c) for c in (*fields, "map_id", "version", "position"))
    # New rows get rowids above every existing one, in the order they are inserted.
    last = conn.exec_driver_sql(f"SELECT coalesce(max(rowid), 0) FROM {prep.quote(table)}")
    after = int(last.scalar() or 0)
    values = ", ".join(f"value ->> {i}" for i in ROW_AT[table])
    conn.exec_driver_sql(
        f"INSERT INTO {prep.quote(table)} ({cols}) SELECT {values}, ?, 1, key FROM json_each(?)",
        (map_id, text),
    )
    _check_floats(conn, table, rows, after)
    owner_at = FIELD_NAMES[table].index(KEY_FIELDS[table][0])
    for field in LIST_FIELDS[table]:
        name, owner, item = s.list_table_names(TABLES[table], TABLES[table].column(field))
        at = FIELD_NAMES[table].index(field)
        conn.exec_driver_sql(
            f"INSERT INTO {prep.quote(name)} (map_id, {prep.quote(owner)}, position, "
            f"{prep.quote(item)}) SELECT ?, r.value ->> {owner_at}, g.key, g.value "
            f"FROM json_each(?) AS r, json_each(r.value, '$[{at}]') AS g",
            (map_id, text),
        )
    return True


def _check_floats(conn: Connection, table: str, rows: Sequence[Sequence[Any]], after: int) -> None:
    """Write again, from Python's values, any float SQLite's parser rounded otherwise.

    ``rows`` were inserted in their order as the rows with rowids above ``after``.
    """
    prep = conn.dialect.identifier_preparer
    for col in TABLES[table].columns:
        if col.type != "float":
            continue
        at = FIELD_NAMES[table].index(col.name)
        driver = conn.connection.driver_connection  # fetchall: ~10x SQLAlchemy's rows here
        assert driver is not None  # a connection in use holds its driver's connection
        stored = driver.execute(
            f"SELECT rowid, {prep.quote(col.name)} FROM {prep.quote(table)} "
            "WHERE rowid > ? ORDER BY rowid",
            (after,),
        ).fetchall()
        wrong = [
            (row[at], rowid)
            for row, (rowid, got) in zip(rows, stored, strict=True)
            if got != row[at]
        ]
        if wrong:
            conn.exec_driver_sql(
                f"UPDATE {prep.quote(table)} SET {prep.quote(col.name)} = ? WHERE rowid = ?",
                wrong,
            )
