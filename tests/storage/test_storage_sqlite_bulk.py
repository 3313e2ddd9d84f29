"""SQLite: a new map's rows inserted from their JSON text keep every value exactly."""

from __future__ import annotations

import json
import sqlite3
import zlib
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine

from mapping.model import Relation, Unit
from mapping.storage import create_map, create_storage_engine, load_map, upgrade
from mapping.storage.engine import write_tx
from mapping.storage.records import FIELD_NAMES, RECORD_TYPES, json_rows
from mapping.storage.snapshots import FORMAT, pack_rows, pack_texts, rows_text, unpack
from mapping.storage.sqlite_bulk import _check_floats, insert_json
from mapping.storage.store import insert_tables
from tests.storage.storage_samples import normal, sample_map


def _engine(tmp_path: Path) -> Engine:
    engine = create_storage_engine(f"sqlite:///{tmp_path / 'bulk.sqlite3'}")
    upgrade(engine)
    return engine


def _raw(conn: Connection) -> sqlite3.Connection:
    raw = conn.connection.driver_connection  # the same transaction
    assert isinstance(raw, sqlite3.Connection)
    return raw


def _typed_rows(path: Path, table: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as conn:
        cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
        typed = ", ".join(f'"{c}", typeof("{c}")' for c in cols)
        rows = conn.execute(f"SELECT {typed} FROM {table} ORDER BY map_id, rowid").fetchall()
    conn.close()
    return rows


def test_rows_from_json_equal_rows_bound_from_python(tmp_path: Path) -> None:
    # The same map into two files: one through json_each, one the old way (no texts).
    m = sample_map().replace(
        units=(
            *sample_map().units,
            Unit("q", 'Citat "x" \\ y, æøå\ttab', staff_count=9_999_999, leader_count=1),
        ),
        relations=(
            *sample_map().relations,
            Relation("dir", "job", rc_score=1 + 0.1 + 0.2),
            Relation("job", "region", rc_score=4 + 1 / 3),
            Relation("dir", "region"),
        ),
    )
    engine = _engine(tmp_path)
    mid = create_map(engine, "A", m)
    assert load_map(engine, mid).map == normal(m, "A")
    old_way = create_storage_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    upgrade(old_way)
    old_id = create_map(old_way, "A")  # empty; then its rows as tuples bound from Python
    records = {t: getattr(m, t) for t in RECORD_TYPES}
    with write_tx(old_way) as conn:
        rows = {t: json_rows(t, recs, 1) for t, recs in records.items()}
        insert_tables(conn, old_id, records, rows)
    for table in ("units", "relations", "principles", "principle_groups", "services"):
        assert _typed_rows(tmp_path / "bulk.sqlite3", table) == _typed_rows(
            tmp_path / "old.sqlite3", table
        ), table
    engine.dispose()
    old_way.dispose()


def test_text_sqlite_would_change_goes_the_old_way(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    emoji = sample_map().replace(units=(*sample_map().units, Unit("smil", "Glad 😀 enhed")))
    mid = create_map(engine, "E", emoji)
    assert load_map(engine, mid).map == normal(emoji, "E")
    with write_tx(engine) as conn:
        rows = json_rows("units", [Unit("nul", "a\x00b")], 1)
        assert not insert_json(_raw(conn), mid, "units", rows_text(rows), rows)
        # orjson refuses a lone surrogate; the standard library escapes it, and it goes the old way.
        lone = json_rows("units", [Unit("sur", "a\ud800b")], 1)
        assert '"a\\ud800b"' in rows_text(lone)
        assert not insert_json(_raw(conn), mid, "units", rows_text(lone), lone)
        found = conn.exec_driver_sql("SELECT count(*) FROM units WHERE id = 'nul'").scalar()
        assert found == 0
    engine.dispose()


def test_a_float_sqlite_parsed_otherwise_is_written_again(tmp_path: Path) -> None:
    engine = _engine(tmp_path)
    m = sample_map().replace(relations=(Relation("skole", "fam", rc_score=2.1),))
    mid = create_map(engine, "F", m)
    rows = json_rows("relations", m.relations, 1)
    with write_tx(engine) as conn:
        # As if SQLite's reader had rounded the text to the neighbouring double.
        conn.exec_driver_sql("UPDATE relations SET rc_score = 2.1000000000000005")
        _check_floats(_raw(conn), "relations", rows, 0)
    assert load_map(engine, mid).map.relations[0].rc_score == 2.1
    engine.dispose()


def test_snapshot_from_texts_is_the_same_bytes() -> None:
    m = sample_map()
    rows = {t: json_rows(t, getattr(m, t), 1) for t in RECORD_TYPES}
    assert pack_texts({t: rows_text(r) for t, r in rows.items()}) == pack_rows(rows)
    # The whole snapshot document, as it always was; the standard library's ASCII
    # escapes (older rows) and orjson's UTF-8 read the same.
    doc = {
        "format": FORMAT,
        "fields": {t: list(FIELD_NAMES[t]) for t in RECORD_TYPES},
        "tables": {t: rows[t] for t in RECORD_TYPES},
    }
    assert json.loads(zlib.decompress(pack_rows(rows))) == doc
    old = zlib.compress(json.dumps(doc, separators=(",", ":")).encode("utf-8"), 1)
    assert unpack(old) == unpack(pack_rows(rows))
    assert unpack(old)["units"][0][0]["name"] == m.units[0].name


def _journal(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    conn.close()
    return str(mode)


def test_first_map_loads_with_a_rollback_journal_and_wal_comes_back(tmp_path: Path) -> None:
    from mapping.storage.engine import load_tx

    engine = _engine(tmp_path)
    path = tmp_path / "bulk.sqlite3"
    # A failed first load leaves no map, no journal file, and WAL on.
    with pytest.raises(ZeroDivisionError), load_tx(engine) as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "delete"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        create = "INSERT INTO maps (name, created_at, updated_at) VALUES ('x', '', '')"
        conn.exec_driver_sql(create)
        _ = 1 / 0
    assert _journal(path) == "wal"
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL again
        assert conn.exec_driver_sql("SELECT count(*) FROM maps").scalar() == 0
    mid = create_map(engine, "A", sample_map())
    assert _journal(path) == "wal"
    assert not Path(f"{path}-journal").exists()
    assert load_map(engine, mid).map == normal(sample_map(), "A")
    # A database with maps, or one another connection holds open, stays in WAL.
    with load_tx(engine) as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    engine.dispose()
    other = create_storage_engine(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    upgrade(other)
    reader = sqlite3.connect(tmp_path / "other.sqlite3")
    reader.execute("SELECT count(*) FROM maps").fetchone()
    with load_tx(other) as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    mid = create_map(other, "B", sample_map())
    assert reader.execute("SELECT name FROM maps").fetchall() == [("B",)]
    reader.close()
    other.dispose()
