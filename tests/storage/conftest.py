"""Storage fixtures: every storage test runs on SQLite and on a real PostgreSQL.

PostgreSQL: ``HELHEDSKORT_TEST_POSTGRES_URL`` (a server where the user may
CREATE DATABASE) when set, otherwise a throwaway cluster started from Debian's
binaries for the session. Each test gets a fresh database.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from mapping.storage import create_storage_engine, dispose_engines, get_engine, upgrade
from tests.conftest import fresh_database

# The PostgreSQL runs carry the ``postgres`` marker, so ``-m "not postgres"`` skips them.
BACKENDS = ("sqlite", pytest.param("postgresql", marks=pytest.mark.postgres))


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
