"""Migrations, configuration and engine setup on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from mapping.storage import create_storage_engine, get_engine, upgrade
from mapping.storage.config import ENV_VAR, normalise_url, resolve_url
from mapping.storage.engine import BULK_CACHE_KIB, bulk_write, write_tx
from mapping.storage.migrate import HEAD, _create_sqlite_head, current_revision, head_revision
from mapping.storage.schema import metadata


def test_migrations_from_empty_to_head(empty_db_url: str) -> None:
    engine = get_engine(empty_db_url)
    assert inspect(engine).get_table_names() == []
    upgrade(engine)
    tables = set(inspect(engine).get_table_names())
    assert set(metadata.tables) | {"alembic_version"} == tables
    with engine.connect() as conn:
        assert current_revision(conn) == head_revision()
        # The migrated schema is exactly what schema.py declares.
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []
    upgrade(engine)  # second start: a no-op
    with engine.connect() as conn:
        assert current_revision(conn) == head_revision()


def test_head_constant_names_the_newest_migration() -> None:
    # upgrade() recognises a migrated database by HEAD, without importing Alembic.
    assert head_revision() == HEAD


def _sqlite_schema(path: Path) -> list[tuple[str, ...]]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master ORDER BY rowid"
        ).fetchall()
        rows += conn.execute(
            "SELECT 'version', version_num, '', '' FROM alembic_version"
        ).fetchall()
    conn.close()
    return rows


def test_new_sqlite_database_gets_exactly_the_migrated_schema(tmp_path: Path) -> None:
    # A new file is built from sqlite_head's statements; an explicit revision runs Alembic.
    migrated, direct, stepwise = (tmp_path / f"{n}.sqlite3" for n in ("m", "d", "s"))
    engines = [create_storage_engine(f"sqlite:///{p}") for p in (migrated, direct, stepwise)]
    upgrade(engines[0], HEAD)
    upgrade(engines[1])
    assert not _create_sqlite_head(engines[1])  # only ever on an empty database
    upgrade(engines[2], "0003")
    upgrade(engines[2])  # not empty: the remaining migration runs
    for e in engines:
        e.dispose()
    want = _sqlite_schema(migrated)
    assert ("version", HEAD, "", "") in want
    found = [r[3] for r in want if r[3] and r[1] != "sqlite_sequence" and r[0] != "version"]
    assert _sqlite_schema(direct) == want, (
        "mapping/storage/sqlite_head.py is out of date; its STATEMENTS should be:\n"
        + "\n".join(repr(sql) for sql in found)
    )
    assert _sqlite_schema(stepwise) == want


def test_sqlite_pragmas(tmp_path: Path) -> None:
    engine = get_engine(f"sqlite:///{tmp_path / 'p.sqlite3'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 1000


def test_bulk_write_enlarges_the_page_cache_for_one_load_only(tmp_path: Path) -> None:
    engine = get_engine(f"sqlite:///{tmp_path / 'b.sqlite3'}")
    with engine.connect() as conn:
        before = conn.execute(text("PRAGMA cache_size")).scalar()
        with bulk_write(conn):
            assert conn.execute(text("PRAGMA cache_size")).scalar() == -BULK_CACHE_KIB
        assert conn.execute(text("PRAGMA cache_size")).scalar() == before
        with pytest.raises(ZeroDivisionError), bulk_write(conn):
            _ = 1 / 0
        assert conn.execute(text("PRAGMA cache_size")).scalar() == before


def test_engine_is_cached_per_url(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    assert get_engine(url) is get_engine(url)
    assert get_engine(url) is not get_engine(f"sqlite:///{tmp_path / 'd.sqlite3'}")


def test_url_resolution_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert resolve_url(cwd=tmp_path) == f"sqlite:///{(tmp_path / 'helhedskort.sqlite3').as_posix()}"
    secrets = tmp_path / ".streamlit" / "secrets.toml"
    secrets.parent.mkdir()
    secrets.write_text('[connections.helhedskort]\nurl = "postgresql://s@h/db"\n', encoding="utf-8")
    assert resolve_url(cwd=tmp_path) == "postgresql://s@h/db"
    monkeypatch.setenv(ENV_VAR, "sqlite:///env.sqlite3")
    assert resolve_url(cwd=tmp_path) == "sqlite:///env.sqlite3"
    assert resolve_url("sqlite:///arg.sqlite3", cwd=tmp_path) == "sqlite:///arg.sqlite3"


def test_broken_secrets_file_falls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text("not = [toml", encoding="utf-8")
    assert resolve_url(cwd=tmp_path).endswith("/helhedskort.sqlite3")


def test_postgres_urls_use_psycopg3() -> None:
    assert normalise_url("postgres://u:p@h:5432/d") == "postgresql+psycopg://u:p@h:5432/d"
    assert normalise_url("postgresql+psycopg://h/d") == "postgresql+psycopg://h/d"
    assert normalise_url("sqlite:///x") == "sqlite:///x"


def test_importing_storage_creates_no_engine() -> None:
    import mapping.storage.engine as eng

    eng.dispose_engines()
    import mapping.storage  # noqa: F401

    assert eng._engines == {}


def _indexes(path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            "ORDER BY name"
        ).fetchall()
    conn.close()
    return rows


def test_indexes_built_after_a_bulk_load_end_as_they_were(tmp_path: Path) -> None:
    from mapping.storage import create_map, load_map
    from mapping.storage.engine import indexes_after
    from tests.storage.storage_samples import normal, sample_map

    path = tmp_path / "i.sqlite3"
    engine = create_storage_engine(f"sqlite:///{path}")
    upgrade(engine)
    want = _indexes(path)
    assert any(name == "ix_relations_b" for name, _ in want)
    # A failed load rolls the dropped indexes back with everything else.
    tables = ["relations", "units"]
    with (
        pytest.raises(ZeroDivisionError),
        write_tx(engine) as conn,
        indexes_after(conn, tables),
    ):
        assert not conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE name = 'ix_relations_b'"
        ).first()
        _ = 1 / 0
    assert _indexes(path) == want
    first = create_map(engine, "A", sample_map())  # empty tables: indexes built afterwards
    assert _indexes(path) == want
    with write_tx(engine) as conn, indexes_after(conn, tables):
        # rows present: the indexes stay while loading
        assert conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE name = 'ix_relations_b'"
        ).first()
    create_map(engine, "B", sample_map())
    assert _indexes(path) == want
    assert load_map(engine, first).map == normal(sample_map(), "A")
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
    engine.dispose()
