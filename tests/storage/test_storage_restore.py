"""``db restore``: all or nothing, only files inside the backup folder, exact SQLite schema."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Engine

from mapping.model import Map, Unit
from mapping.readwrite import write_map
from mapping.storage import create_map, get_engine, list_maps, load_map
from tests.storage.storage_samples import run, sample_map


def _backup_folder(folder: Path, entries: list[tuple[str, str, Map | None]]) -> Path:
    """A JSON backup folder by hand: (name, file as the manifest names it, map or None)."""
    folder.mkdir(parents=True, exist_ok=True)
    maps = []
    for name, file, m in entries:
        if m is not None:
            write_map(m, folder / file)
        maps.append({"name": name, "file": file, "settings": {}})
    manifest = {"format": "helhedskort-backup", "version": 1, "maps": maps}
    (folder / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    return folder


def test_json_restore_whose_third_map_is_invalid_creates_nothing(
    db_url: str, engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _backup_folder(
        tmp_path / "backup",
        [("A", "1.json", sample_map()), ("B", "2.json", sample_map()), ("C", "3.json", None)],
    )
    bad = {"units": [{"id": "x", "name": "X", "parent_id": "nowhere"}]}
    (folder / "3.json").write_text(json.dumps(bad), "utf-8")
    assert run("db", "restore", str(folder), "--database", db_url) == 1
    err = capsys.readouterr().err
    assert "3.json" in err and "nowhere" in err and "intet er gemt" in err
    assert "Traceback" not in err
    assert list_maps(engine) == []


def test_json_restore_with_bad_settings_in_the_manifest_creates_nothing(
    db_url: str, engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _backup_folder(
        tmp_path / "backup", [("A", "1.json", sample_map()), ("B", "2.json", sample_map())]
    )
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    manifest["maps"][1]["settings"] = {"language": "klingon"}
    (folder / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    assert run("db", "restore", str(folder), "--database", db_url) == 1
    err = capsys.readouterr().err
    assert "'B'" in err and "klingon" in err and "Traceback" not in err
    assert list_maps(engine) == []


def test_json_restore_that_fails_while_writing_rolls_everything_back(
    db_url: str, engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _backup_folder(
        tmp_path / "backup",
        [("A", "1.json", sample_map()), ("B", "2.json", sample_map()), ("C", "3.json", Map())],
    )
    from mapping.storage import restore

    real = restore.insert_map
    calls = []

    def failing(*args: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) == 3:
            raise OSError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(restore, "insert_map", failing)
    assert run("db", "restore", str(folder), "--database", db_url) == 1
    assert len(calls) == 3 and list_maps(engine) == []


@pytest.mark.parametrize("where", ["dot-dot", "absolute", "symlink", "nested-dot-dot"])
def test_json_restore_reads_only_files_inside_the_backup_folder(
    where: str,
    db_url: str,
    engine: Engine,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    outside = tmp_path / "secret.json"
    write_map(Map(units=(Unit("hemmelig", "Hemmelig"),)), outside)
    folder = tmp_path / "backup"
    (folder / "sub").mkdir(parents=True)
    named = {
        "dot-dot": "../secret.json",
        "absolute": str(outside),
        "symlink": "link.json",
        "nested-dot-dot": "sub/../../secret.json",
    }[where]
    if where == "symlink":
        (folder / "link.json").symlink_to(outside)
    _backup_folder(folder, [("A", "a.json", sample_map()), ("X", named, None)])
    assert run("db", "restore", str(folder), "--database", db_url) == 1
    err = capsys.readouterr().err
    assert "uden for" in err and "Traceback" not in err
    assert list_maps(engine) == []


def test_json_restore_of_a_broken_manifest_says_so(
    db_url: str, engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "backup"
    folder.mkdir()
    for text in ("{not json", '{"maps": [{"name": 3}]}', '["a"]'):
        (folder / "manifest.json").write_text(text, "utf-8")
        assert run("db", "restore", str(folder), "--database", db_url) == 1
        err = capsys.readouterr().err
        assert "manifest.json" in err and "Traceback" not in err
    assert list_maps(engine) == []


# --- SQLite copies: the schema must be exactly what the migrations create --------------


def _genuine(tmp_path: Path) -> tuple[str, int, Path]:
    url = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    assert run("db", "list", "--database", url) == 0
    engine = get_engine(url)
    mid = create_map(engine, "K", sample_map())
    copy = tmp_path / "copy.sqlite3"
    assert run("db", "backup", str(copy), "--database", url) == 0
    return url, mid, copy


@pytest.mark.parametrize(
    "sql",
    [
        "CREATE TRIGGER rename_all AFTER INSERT ON changes BEGIN UPDATE units SET name = 'x'; END",
        "CREATE VIEW v AS SELECT * FROM units",
        "CREATE TABLE extra(x)",
        "CREATE INDEX ix_extra ON units(name)",
        "ALTER TABLE units ADD COLUMN extra TEXT",
    ],
    ids=["trigger", "view", "table", "index", "column"],
)
def test_sqlite_restore_refuses_a_copy_with_extra_schema_objects(
    sql: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, mid, copy = _genuine(tmp_path)
    conn = sqlite3.connect(copy)
    conn.execute(sql)
    conn.commit()
    conn.close()
    engine = get_engine(url)
    before = load_map(engine, mid)
    capsys.readouterr()
    assert run("db", "restore", str(copy), "--database", url) == 1
    err = capsys.readouterr().err
    assert "copy.sqlite3" in err and "skema" in err and "uændret" in err
    assert "Traceback" not in err
    after = load_map(engine, mid)
    assert after.map == before.map and after.versions == before.versions
    conn = sqlite3.connect(tmp_path / "live.sqlite3")
    try:
        kinds = {r[0] for r in conn.execute("SELECT type FROM sqlite_master")}
    finally:
        conn.close()
    assert kinds <= {"table", "index"}


def test_sqlite_restore_accepts_a_genuine_copy(tmp_path: Path) -> None:
    url, mid, copy = _genuine(tmp_path)
    engine = get_engine(url)
    before = load_map(engine, mid)
    create_map(engine, "Efter", Map())
    assert run("db", "restore", str(copy), "--database", url) == 0
    assert [i.name for i in list_maps(engine)] == ["K"]
    assert load_map(engine, mid).map == before.map
    # Nothing is left beside the user's file or the database (no -wal/-shm, no temporary).
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("live")) == [
        "copy.sqlite3"
    ]
    assert not [p for p in tmp_path.iterdir() if ".tmp" in p.name]
