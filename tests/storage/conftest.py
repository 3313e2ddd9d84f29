"""Storage fixtures: every storage test runs on SQLite and on a real PostgreSQL.

PostgreSQL: ``HELHEDSKORT_TEST_POSTGRES_URL`` (a server where the user may
CREATE DATABASE) when set, otherwise a throwaway cluster started from Debian's
binaries for the session. Each test gets a fresh database.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from mapping.storage import create_storage_engine, dispose_engines, get_engine, upgrade
from tests.conftest import require
from tests.storage.pg_cluster import Cluster, start_cluster

# The PostgreSQL runs carry the ``postgres`` marker, so ``-m "not postgres"`` skips them.
BACKENDS = ("sqlite", pytest.param("postgresql", marks=pytest.mark.postgres))


@pytest.fixture(scope="session")
def pg_admin_url() -> Iterator[str | None]:
    """A libpq URL of a PostgreSQL server for the session, or None when there is none."""
    url = os.environ.get("HELHEDSKORT_TEST_POSTGRES_URL", "").strip()
    if url:
        yield url
        return
    cluster: Cluster | None = None
    try:
        cluster = start_cluster()
    except (RuntimeError, OSError, KeyError, subprocess.SubprocessError) as exc:
        print(f"could not start PostgreSQL: {exc}", file=sys.stderr)
    if cluster is None:
        yield None
        return
    try:
        yield cluster.url()
    finally:
        dispose_engines()
        cluster.stop()


def _admin(url: str, sql: str) -> None:
    import psycopg

    u = make_url(url).set(drivername="postgresql")
    dsn = u.render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(sql)


def fresh_database(pg_admin_url: str | None, template: str | None = None) -> Iterator[str]:
    require(pg_admin_url is not None, "PostgreSQL")
    assert pg_admin_url is not None
    name = f"hk_test_{uuid.uuid4().hex[:12]}"
    suffix = f' TEMPLATE "{template}"' if template else ""
    _admin(pg_admin_url, f'CREATE DATABASE "{name}"{suffix}')
    url = make_url(pg_admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        dispose_engines()
        _admin(pg_admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def pg_template(pg_admin_url: str | None) -> Iterator[str | None]:
    """A database migrated to head once per session; tests get copies of it (fast)."""
    if pg_admin_url is None:
        yield None
        return
    gen = fresh_database(pg_admin_url)
    url = next(gen)
    engine = create_storage_engine(url)
    upgrade(engine)
    engine.dispose()
    yield make_url(url).database
    for _ in gen:  # drop it
        pass


@pytest.fixture(params=BACKENDS)
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty database: an SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{(tmp_path / 'storage.sqlite3').as_posix()}"
        dispose_engines()
        return
    yield from fresh_database(request.getfixturevalue("pg_admin_url"))


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of a database at the newest schema holding no maps (SQLite or PostgreSQL)."""
    if request.param == "sqlite":
        url = f"sqlite:///{(tmp_path / 'storage.sqlite3').as_posix()}"
        upgrade(get_engine(url))
        yield url
        dispose_engines()
        return
    pg = request.getfixturevalue("pg_admin_url")
    yield from fresh_database(pg, request.getfixturevalue("pg_template"))


@pytest.fixture
def engine(db_url: str) -> Engine:
    """The process-wide engine for ``db_url`` (migrated, as the app does on start)."""
    e = get_engine(db_url)
    upgrade(e)
    return e
