"""``helhedskort db`` commands: exit codes, output, backup and restore round trips."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine

from mapping.model import Unit
from mapping.readwrite import read_map, write_map
from mapping.settings import Settings
from mapping.storage import (
    create_map,
    find_map,
    list_maps,
    load_map,
    load_settings,
    load_stored_settings,
    save_record,
    save_settings,
)
from tests.storage.storage_samples import normal, run, sample_map


def test_import_list_export(
    db_url: str, engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "kommune.json"
    write_map(sample_map(), src)
    assert run("db", "import", str(src), "--map", "K", "--database", db_url) == 1
    err = capsys.readouterr().err
    assert "findes ikke" in err and "--create" in err and err.count("\n") == 1
    assert run("db", "import", str(src), "--map", "K", "--create", "--database", db_url) == 0
    assert load_map(engine, find_map(engine, "K")).map == normal(sample_map(), "K")
    changed = sample_map().replace(units=(*sample_map().units, Unit("ny", "Ny", parent_id="dir")))
    write_map(changed, src)
    assert run("db", "import", str(src), "--map", "K", "--mode", "merge", "--database", db_url) == 0
    assert "units: +1" in capsys.readouterr().out
    assert run("db", "list", "--database", db_url, "--format", "json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed[0]["name"] == "K" and listed[0]["counts"]["units"] == 7
    out = tmp_path / "out.json"
    assert run("db", "export", "K", str(out), "--database", db_url) == 0
    assert normal(read_map(out), "K") == normal(changed, "K")


def test_import_then_export_gives_back_the_example_exactly(db_url: str, tmp_path: Path) -> None:
    src = Path(__file__).resolve().parents[2] / "data" / "example.json"
    assert run("db", "import", str(src), "--map", "E", "--create", "--database", db_url) == 0
    out = tmp_path / "out.json"
    assert run("db", "export", "E", str(out), "--database", db_url) == 0
    assert read_map(out) == read_map(src).replace(name=read_map(out).name)  # order too


def test_errors_exit_1_with_one_line_per_problem(
    db_url: str, engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    create_map(engine, "K", sample_map())
    bad = tmp_path / "bad.json"
    units = [
        {"id": "a", "name": "A", "parent_id": "zz"},
        {"id": "b", "name": "B", "parent_id": "yy"},
    ]
    bad.write_text(json.dumps({"units": units}), "utf-8")
    assert run("db", "import", str(bad), "--map", "K", "--database", db_url) == 1
    lines = capsys.readouterr().err.splitlines()
    assert "Traceback" not in "\n".join(lines) and "bad.json" in lines[0]
    problems = [line for line in lines[1:] if line.startswith("  - ")]
    assert len(problems) == 2 == len(lines) - 1  # one problem per line
    assert "zz" in problems[0] + problems[1] and "yy" in problems[0] + problems[1]
    assert load_map(engine, find_map(engine, "K")).map == normal(sample_map(), "K")
    assert run("db", "export", "Ukendt", str(tmp_path / "x.json"), "--database", db_url) == 1
    assert "findes ikke" in capsys.readouterr().err
    assert run("db", "restore", str(tmp_path / "nowhere"), "--database", db_url) == 1


def test_export_at_a_past_time_and_changes(
    db_url: str, engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mid = create_map(engine, "K", sample_map())
    time.sleep(0.01)
    middle = dt.datetime.now(dt.UTC)
    time.sleep(0.01)
    save_record(
        engine, mid, "units", Unit("stor", "Stor", parent_id="dir", staff_count=400), None, "x"
    )
    out = tmp_path / "then.json"
    at = middle.isoformat(timespec="microseconds")
    assert run("db", "export", "K", str(out), "--at", at, "--database", db_url) == 0
    assert "stor" not in read_map(out).units_by_id
    capsys.readouterr()
    today = dt.date.today().isoformat()
    args = ["db", "changes", "K", "--from", at, "--to", today, "--database", db_url]
    assert run(*args, "--format", "json") == 0
    data = json.loads(capsys.readouterr().out)
    assert [g["code"] for g in data["findings_opened"]] == ["HK601"]
    assert data["changed"][0]["key"] == ["stor"]
    assert run(*args) == 0
    assert "HK601" in capsys.readouterr().out
    with pytest.raises(SystemExit) as bad:  # argparse: a usage error, exit code 2
        run("db", "changes", "K", "--from", "nonsense", "--to", today)
    assert bad.value.code == 2 and "YYYY-MM-DD" in capsys.readouterr().err


def test_export_at_and_changes_refuse_impossible_times(
    db_url: str, engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
    time.sleep(0.01)
    mid = create_map(engine, "K", sample_map())
    save_record(engine, mid, "units", Unit("stor", "Stor", parent_id="dir"), None, "x")
    out = tmp_path / "then.json"
    assert run("db", "export", "K", str(out), "--at", before, "--database", db_url) == 1
    err = capsys.readouterr().err
    assert "fandtes ikke" in err and "oprettet" in err and not out.exists()
    today = dt.date.today().isoformat()  # a bare date: the end of that day, as for --to
    assert run("db", "export", "K", str(out), "--at", today, "--database", db_url) == 0
    assert "stor" in read_map(out).units_by_id
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    args = ["db", "changes", "K", "--from", today, "--to", yesterday, "--database", db_url]
    assert run(*args) == 1
    err = capsys.readouterr().err
    assert "ligger efter --to" in err and "Traceback" not in err


def test_sqlite_backup_restore_round_trip(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    assert run("db", "list", "--database", url) == 0  # creates and migrates the file
    from mapping.storage import get_engine

    engine = get_engine(url)
    mid = create_map(engine, "K", sample_map())
    copy = tmp_path / "copy.sqlite3"
    assert run("db", "backup", str(copy), "--database", url) == 0
    before = load_map(engine, mid)
    save_record(engine, mid, "units", Unit("efter", "Efter backup", parent_id="dir"), None, "x")
    assert run("db", "restore", str(copy), "--database", url) == 0
    restored = load_map(engine, mid)
    assert restored.map == before.map and restored.versions == before.versions


def test_json_backup_restore_round_trip(db_url: str, engine: Engine, tmp_path: Path) -> None:
    a = create_map(engine, "A", sample_map())
    create_map(engine, "B æøå", sample_map().replace(relations=()))
    save_settings(
        engine, a, Settings(contact_points_threshold=3), "x", base=load_stored_settings(engine, a)
    )
    folder = tmp_path / "backup"
    assert run("db", "backup", str(folder), "--format", "json", "--database", db_url) == 0
    target = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    assert run("db", "restore", str(folder), "--database", target) == 0
    from mapping.storage import get_engine

    other = get_engine(target)
    assert [i.name for i in list_maps(other)] == [i.name for i in list_maps(engine)]
    for info in list_maps(engine):
        oid = find_map(other, info.name)
        assert load_map(other, oid).map == load_map(engine, info.id).map
        assert load_settings(other, oid) == load_settings(engine, info.id)
    assert run("db", "restore", str(folder), "--database", target) == 1  # names exist now


@pytest.mark.parametrize(
    "sql",
    [
        "create table foo(x)",
        "create table maps(id integer)",  # no version stamp
        "create table maps(id integer); create table alembic_version(version_num text);"
        "insert into alembic_version values ('9999')",  # a revision this program lacks
    ],
)
def test_restore_refuses_a_foreign_sqlite_file(
    sql: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    url = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    assert run("db", "list", "--database", url) == 0
    from mapping.storage import get_engine

    engine = get_engine(url)
    mid = create_map(engine, "K", sample_map())
    before = load_map(engine, mid)
    other = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(other)
    conn.executescript(sql)
    conn.close()
    assert run("db", "restore", str(other), "--database", url) == 1
    err = capsys.readouterr().err
    assert "other.sqlite3" in err and "uændret" in err and "Traceback" not in err
    after = load_map(engine, mid)
    assert after.map == before.map and after.versions == before.versions
    fresh = tmp_path / "never.sqlite3"  # a wrong source does not even create the target
    assert run("db", "restore", str(other), "--database", f"sqlite:///{fresh}") == 1
    assert not fresh.exists()


def test_sqlite_path_in_a_missing_folder_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from mapping.storage import StorageError, get_engine

    missing = tmp_path / "nonexistent" / "dir"
    url = f"sqlite:///{missing / 'x.sqlite3'}"
    with pytest.raises(StorageError, match="findes ikke"):
        get_engine(url)
    write_map(sample_map(), tmp_path / "x.json")
    for command in (["list"], ["import", str(tmp_path / "x.json"), "--create"]):
        assert run("db", *command, "--database", url) == 1
        err = capsys.readouterr().err
        assert str(missing) in err and "findes ikke" in err and "Traceback" not in err
    assert not missing.parent.exists()
    monkeypatch.chdir(tmp_path)  # the default file in the current folder is still made
    monkeypatch.delenv("HELHEDSKORT_DATABASE_URL", raising=False)
    assert run("db", "list") == 0 and (tmp_path / "helhedskort.sqlite3").is_file()
