"""``db backup`` of an SQLite database: never onto the live file, always all or nothing."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from mapping.storage import create_map, create_storage_engine, get_engine, list_maps, load_map
from tests.storage.storage_samples import run, sample_map


def _live(tmp_path: Path) -> tuple[Path, str, int]:
    live = tmp_path / "live.sqlite3"
    url = f"sqlite:///{live}"
    assert run("db", "list", "--database", url) == 0  # creates and migrates the file
    mid = create_map(get_engine(url), "K", sample_map())
    return live, url, mid


@pytest.mark.parametrize(
    "how", ["absolute", "relative", "dot-dot", "symlink", "hardlink", "wal", "shm"]
)
def test_backup_onto_the_live_database_is_refused(
    how: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    live, url, mid = _live(tmp_path)
    engine = get_engine(url)
    before = load_map(engine, mid)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    if how == "absolute":
        dst = str(live)
    elif how == "relative":
        dst = "live.sqlite3"
    elif how == "dot-dot":
        dst = "sub/../live.sqlite3"
    elif how == "symlink":
        (tmp_path / "sub" / "link.sqlite3").symlink_to(live)
        dst = "sub/link.sqlite3"
    elif how == "hardlink":
        os.link(live, tmp_path / "sub" / "hard.sqlite3")
        dst = str(tmp_path / "sub" / "hard.sqlite3")
    else:  # the WAL companions hold committed data too
        dst = f"live.sqlite3-{how}"
    size = live.stat().st_size
    capsys.readouterr()
    assert run("db", "backup", dst, "--database", url) == 1
    err = capsys.readouterr().err
    assert (
        "live.sqlite3" in err
        and "selve den database, der er i brug" in err
        and "Traceback" not in err
    )
    assert live.stat().st_size == size
    after = load_map(engine, mid)
    assert after.map == before.map and after.versions == before.versions
    assert sorted(p.name for p in tmp_path.iterdir() if ".tmp" in p.name) == []
    if how == "symlink":
        assert (tmp_path / "sub" / "link.sqlite3").resolve() == live.resolve()


def test_backup_replaces_an_old_copy_atomically_and_the_copy_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    live, url, mid = _live(tmp_path)
    folder = tmp_path / "copies"
    folder.mkdir()
    old = folder / "copy.sqlite3"
    old.write_bytes(b"an older backup")
    monkeypatch.chdir(tmp_path)
    assert run("db", "backup", "copies/copy.sqlite3", "--database", url) == 0
    assert "copies/copy.sqlite3" in capsys.readouterr().out
    assert [p.name for p in folder.iterdir()] == ["copy.sqlite3"]  # no temporary file left
    conn = sqlite3.connect(old)
    try:
        assert conn.execute("select name from maps").fetchall() == [("K",)]
    finally:
        conn.close()
    assert old.stat().st_mode == live.stat().st_mode
    copy_engine = create_storage_engine(f"sqlite:///{old}")
    try:
        copied = load_map(copy_engine, list_maps(copy_engine)[0].id).map
    finally:
        copy_engine.dispose()
    assert copied == load_map(get_engine(url), mid).map

    # A backup that fails half-way leaves the previous copy exactly as it was.
    from mapping.storage import backup

    def broken(source: str, target: str) -> None:
        Path(target).write_bytes(b"half")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(backup, "_copy", broken)
    good = old.read_bytes()
    assert run("db", "backup", str(old), "--database", url) == 1
    assert "disk I/O error" in capsys.readouterr().err
    assert old.read_bytes() == good
    assert [p.name for p in folder.iterdir()] == ["copy.sqlite3"]


def test_backup_into_a_missing_folder_or_onto_a_folder_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, url, _ = _live(tmp_path)
    assert run("db", "backup", str(tmp_path / "nowhere" / "c.sqlite3"), "--database", url) == 1
    err = capsys.readouterr().err
    assert "nowhere" in err and "findes ikke" in err and "Traceback" not in err
    assert run("db", "backup", str(tmp_path), "--format", "sqlite", "--database", url) == 1
    err = capsys.readouterr().err
    assert "mappe" in err and "Traceback" not in err
    assert not (tmp_path / "nowhere").exists()


def test_restore_from_the_live_file_itself_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    live, url, mid = _live(tmp_path)
    before = load_map(get_engine(url), mid)
    assert run("db", "restore", str(live), "--database", url) == 1
    err = capsys.readouterr().err
    assert "selve den database, der er i brug" in err and "Traceback" not in err
    assert load_map(get_engine(url), mid).map == before.map
