"""Bring a database's schema to the newest migration (Alembic, run in-process).

The migrations ship inside the package, so no ``alembic.ini`` is needed. Two
processes starting at once are serialised: SQLite by its write lock
(``BEGIN IMMEDIATE``), PostgreSQL by a transaction-level advisory lock.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from mapping.storage.engine import write_tx
from mapping.storage.sqlite_head import HEAD

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_ADVISORY_KEY = 0x48454C48  # "HELH"

# HEAD, the newest migration's revision, is defined with the schema it builds
# (:mod:`.sqlite_head`). A database already at it is recognised by one read of
# Alembic's own table, without importing Alembic: that import costs every
# command about 0.2 s.


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def known_revisions() -> set[str]:
    """Every revision id this program's migrations contain."""
    from alembic.script import ScriptDirectory

    return {r.revision for r in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(conn: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def _at_head(engine: Engine) -> bool:
    """True when the database is exactly at :data:`HEAD` (read as Alembic stores it)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return False
        found = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return found == [HEAD]


def _create_sqlite_head(engine: Engine) -> bool:
    """Give a brand-new SQLite database the newest schema in one transaction.

    False (nothing done) when the database holds anything: migrations then
    bring it up to date. Under ``BEGIN IMMEDIATE``, so of two processes
    starting on one new file, the second finds the first's tables.
    """
    from mapping.storage.sqlite_head import STATEMENTS

    with write_tx(engine) as conn:
        if conn.exec_driver_sql("SELECT 1 FROM sqlite_master LIMIT 1").first():
            return False
        for sql in STATEMENTS:
            conn.exec_driver_sql(sql)
        conn.exec_driver_sql("INSERT INTO alembic_version (version_num) VALUES (?)", (HEAD,))
    return True


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate ``engine``'s database to ``revision`` (default head); a no-op when there.

    A new SQLite database asked for ``"head"`` gets the same schema without
    running the migrations (see :mod:`.sqlite_head`); an explicit revision,
    even the newest, always runs them.
    """
    if revision in ("head", HEAD) and _at_head(engine):
        return
    if revision == "head" and engine.dialect.name == "sqlite" and _create_sqlite_head(engine):
        return
    from alembic import command

    wanted = head_revision() if revision == "head" else revision
    with engine.connect() as conn:
        if current_revision(conn) == wanted:
            return
    cfg = alembic_config()
    with write_tx(engine) as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _ADVISORY_KEY})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
