"""``db import --create`` into an SQLite file that does not exist yet, without SQLAlchemy.

Importing SQLAlchemy costs a national map's import ~0.5 s, a fifth of what the
import adds to reading the file. A brand-new SQLite file needs none of it: the
schema is a list of stored statements (:mod:`.sqlite_head`) and the records
go in through SQLite's JSON reader (:mod:`.sqlite_bulk`). This module writes
such a file with Python's own ``sqlite3``, and the result is the same file the
usual path writes (a test compares the two): the same schema, rows, history
row and WAL mode.

It is only an optimisation: whenever it is not sure to write what the usual
path would, it writes nothing and returns False, and the caller takes the
usual path, which then reports any error in its own words. That covers a URL
other than a plain ``sqlite:///`` file, a file (or its journal) that exists, a
missing folder, a name or map that fails its checks, text SQLite's JSON reader
would change, and another process that created the file meanwhile.

Safety as on the usual path: everything (schema, map, history row) is one
transaction under ``BEGIN IMMEDIATE`` with a rollback journal and full syncs,
so a second process waits and then finds the tables, and a crash leaves a
file SQLite rolls back to empty, which counts as new again. The command line
is the local operator, who may create maps.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sqlite3
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from mapping.model import Map
from mapping.storage.access import Identity
from mapping.storage.config import normalise_url, resolve_url
from mapping.storage.records import RECORD_TABLE_NAMES, RECORD_TYPES
from mapping.storage.sqlite_bulk import insert_new_map
from mapping.storage.sqlite_head import HEAD, STATEMENTS
from mapping.validation import map_name_problems
from mapping.validation import validate_map as problems

BUSY_TIMEOUT_S = 30.0  # as the engine's
BULK_CACHE_KIB = 64 * 1024  # as the engine's bulk_write
_PLAIN = "sqlite:///"
_INDEX = re.compile(r"CREATE INDEX \w+ ON (\w+) ")


def create_if_new(
    url: str | None, name: str, m: Map, author: str, step: Callable[[str], None]
) -> bool:
    """``db import --create``: when ``url`` names an SQLite file that does not exist
    yet, create it holding ``m`` (``step`` tells the user it writes); False when
    nothing was written and the usual path is to be taken."""
    path = new_file(url)
    if path is None:
        return False
    step("writing to the database")
    return create_map_file(path, name, m, author)


def new_file(url: str | None) -> Path | None:
    """The SQLite file ``url`` (resolved as the engine resolves it) names, when it is a
    plain file that does not exist yet, nor its journal, in a folder that does."""
    resolved = normalise_url(resolve_url(url))
    if not resolved.startswith(_PLAIN):
        return None
    rest = resolved.removeprefix(_PLAIN)
    # Query options, escapes and in-memory databases: the usual path reads those.
    if not rest or rest == ":memory:" or any(c in rest for c in "?#%"):
        return None
    path = Path(rest)
    if not path.parent.is_dir():
        return None
    if any(os.path.lexists(f"{path}{end}") for end in ("", "-journal", "-wal", "-shm")):
        return None
    return path


def create_map_file(path: Path, name: str, m: Map, author: str = "") -> bool:
    """Create the database ``path`` holding the map ``m`` called ``name``, as the
    usual path would (:func:`.maps.create_map` on a new database); False when it
    wrote nothing and the usual path is to be taken."""
    name = name.strip()
    if not name or map_name_problems(name) or (not m.validated and problems(m)):
        return False  # refused by the usual path, in its own words
    who = Identity.local_operator(author)  # the command line: may create maps
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    except sqlite3.Error:
        return False
    try:
        return _write(conn, name, m, who.author)
    except sqlite3.Error:
        return False  # rolled back; the usual path tries again and reports what fails
    finally:
        conn.close()


def _write(conn: sqlite3.Connection, name: str, m: Map, author: str) -> bool:
    # No foreign-key lookups while loading (~0.13 s of a national map): every row's
    # parent is the map row or a principle written just before from the same text,
    # in this transaction (the test compares the file with the usual path's).
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
    # A rollback journal copies only the pages that existed (none): each page is
    # written once, where WAL would write it twice. Crash-safe with full syncs.
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("BEGIN IMMEDIATE")
    try:
        if conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone() is not None:
            conn.execute("ROLLBACK")
            return False  # another process made the database first
        later = []  # the record tables' indexes, built after their rows (as engine.indexes_after)
        for sql in STATEMENTS:
            found = _INDEX.match(sql)
            if found is not None and found.group(1) in RECORD_TABLE_NAMES:
                later.append(sql)
            else:
                conn.execute(sql)
        conn.execute("INSERT INTO alembic_version (version_num) VALUES (?)", (HEAD,))
        # Stored as SQLAlchemy stores a naive UTC DateTime on SQLite.
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
        cur = conn.execute(
            "INSERT INTO maps (name, version, created_at, updated_at) VALUES (?, 1, ?, ?)",
            (name, now, now),
        )
        map_id = int(cur.lastrowid or 0)
        snapshot, left = insert_new_map(conn, map_id, {t: getattr(m, t) for t in RECORD_TYPES})
        if left:
            conn.execute("ROLLBACK")
            return False  # text SQLite's JSON reader would change: the usual path binds it
        for sql in later:
            conn.execute(sql)
        # The creation's history row, its JSON as SQLAlchemy's JSON type writes it.
        conn.execute(
            'INSERT INTO changes (map_id, map_version, at, author, table_name, "key", '
            'action, "before", "after", version, snapshot) '
            "VALUES (?, 1, ?, ?, 'maps', ?, 'create', ?, ?, NULL, ?)",
            (
                map_id,
                now,
                author,
                json.dumps([]),
                json.dumps(None),
                json.dumps({"name": name}),
                snapshot,
            ),
        )
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    with suppress(sqlite3.Error):  # written; another connection switches to WAL anyway
        conn.execute("PRAGMA journal_mode=WAL")  # as the usual path leaves it
    return True
