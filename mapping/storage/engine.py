"""One SQLAlchemy engine per database URL per process, created on first use.

SQLite gets WAL (readers never block the writer), a busy timeout and foreign
keys. Write transactions on SQLite start with ``BEGIN IMMEDIATE`` so that two
writers queue on the busy timeout instead of failing when one upgrades a read
lock; PostgreSQL readers use REPEATABLE READ so one load sees one snapshot.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from mapping.storage.config import normalise_url, resolve_url
from mapping.storage.errors import StorageError

BUSY_TIMEOUT_MS = 30_000
BULK_CACHE_KIB = 64 * 1024  # a national map's pages, with room to spare
_WRITE = "helhedskort_write"
_engines: dict[str, Engine] = {}
_lock = threading.Lock()


def get_engine(url: str | None = None) -> Engine:
    """Return the process-wide engine for ``url`` (resolved as in :mod:`.config`)."""
    resolved = normalise_url(resolve_url(url))
    with _lock:
        engine = _engines.get(resolved)
        if engine is None:
            engine = _create(resolved)
            _engines[resolved] = engine
    return engine


def dispose_engines() -> None:
    """Close every cached engine (tests, or a process that is shutting down)."""
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()


def create_storage_engine(url: str) -> Engine:
    """A new, uncached engine set up like :func:`get_engine`'s (tests, tools)."""
    return _create(normalise_url(url))


def _create(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            _check_folder(Path(parsed.database))
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _check_folder(path: Path) -> None:
    # A typo in the path must not quietly start a new, empty database somewhere else.
    folder = path.parent
    if not folder.is_dir():
        raise StorageError(
            f"SQLite-databasen {path} kan ikke oprettes: mappen {folder} findes ikke. "
            "Ret stien, eller opret mappen først.",
            f"Cannot create the SQLite database {path}: the folder {folder} does not exist. "
            "Correct the path or create the folder first.",
        )


def _sqlite_on_connect(dbapi_conn: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own is deferred only).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_on_begin(conn: Connection) -> None:
    write = conn.get_execution_options().get(_WRITE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


@contextmanager
def write_tx(engine: Engine) -> Iterator[Connection]:
    """A transaction that will write: committed on success, rolled back on error."""
    with engine.connect() as conn:
        conn.execution_options(**{_WRITE: True})
        with conn.begin():
            yield conn


@contextmanager
def load_tx(engine: Engine) -> Iterator[Connection]:
    """:func:`write_tx` for writing a whole map; on a new SQLite database, written once.

    In WAL mode SQLite writes every page twice: into the WAL at the commit and
    into the database at the checkpoint (a national map: 2 x 21 MB). When the
    database holds no map yet and no other connection has it open, the load
    runs with a rollback journal instead, which copies only the few pages that
    existed before (new pages need no undo) and syncs fully at the commit, so
    a crash still leaves the database as it was. WAL is switched back on after.
    """
    with engine.connect() as conn:
        raw: Any = conn.connection.driver_connection if conn.dialect.name == "sqlite" else None
        switched = raw is not None and _rollback_journal(raw)
        try:
            conn.execution_options(**{_WRITE: True})
            with conn.begin():
                yield conn
        finally:
            if switched:
                with suppress(Exception):  # others switch to WAL on connecting anyway
                    raw.execute("PRAGMA journal_mode=WAL")
                raw.execute("PRAGMA synchronous=NORMAL")


def _rollback_journal(raw: Any) -> bool:
    """Switch a new SQLite database (no maps) to a rollback journal; True when done."""
    if raw.execute("SELECT 1 FROM maps LIMIT 1").fetchone() is not None:
        return False
    # Leaving WAL needs the only connection to the file: otherwise "locked" (or "wal").
    try:
        if raw.execute("PRAGMA journal_mode=DELETE").fetchone()[0] != "delete":
            return False
    except sqlite3.OperationalError:
        return False
    raw.execute("PRAGMA synchronous=FULL")  # rollback mode is crash-safe only with full syncs
    return True


@contextmanager
def bulk_write(conn: Connection) -> Iterator[None]:
    """A larger SQLite page cache while one transaction writes a whole map.

    SQLite's default cache (2 MB) is smaller than a national map's tables and
    indexes (~25 MB), so pages would spill to the WAL and be written again
    before the commit. Only memory changes: durability and locking stay as
    they are. The connection's own setting is put back afterwards.
    """
    if conn.dialect.name != "sqlite":
        yield
        return
    old = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
    try:
        yield
    finally:  # after a failure, its own error is the one to report
        with suppress(SQLAlchemyError):
            conn.exec_driver_sql(f"PRAGMA cache_size={int(old or 0) or -2000}")


@contextmanager
def indexes_after(conn: Connection, tables: Iterable[str]) -> Iterator[None]:
    """On SQLite, build ``tables``' secondary indexes after a bulk load, when they are empty.

    Filling an index row by row costs SQLite more than sorting the finished
    table once (a national map into a new database: ~0.15 s of ~1 s). Only
    when the tables hold no rows at all (a new database), so rebuilding never
    costs more than it saves. The same statements are run again, inside
    the caller's transaction: after an error the rollback restores the
    indexes, so the schema never changes.
    """
    names = list(tables)
    if conn.dialect.name != "sqlite" or any(
        conn.exec_driver_sql(f'SELECT 1 FROM "{t}" LIMIT 1').first() for t in names
    ):
        yield
        return
    marks = ", ".join("?" * len(names))
    found = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({marks}) ORDER BY rowid",
        tuple(names),
    ).all()
    for name, _ in found:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    for _, sql in found:
        conn.exec_driver_sql(sql)


@contextmanager
def read_tx(engine: Engine) -> Iterator[Connection]:
    """A read-only transaction that sees one consistent snapshot."""
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            yield conn
