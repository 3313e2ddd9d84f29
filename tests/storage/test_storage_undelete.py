"""A deleted map is rebuilt from its history: exported as it was, and brought back."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import Engine

from mapping.model import Map, Unit
from mapping.readwrite import read_map, write_map
from mapping.storage import (
    create_map,
    delete_map,
    delete_record,
    find_map,
    history,
    import_map,
    list_maps,
    load_map,
    load_settings,
    load_stored_settings,
    rename_map,
    save_record,
    save_settings,
)
from tests.storage.storage_samples import run, sample_map, tick


def _busy_life(engine: Engine) -> tuple[int, dt.datetime, object]:
    """A map with every kind of change; returns its id, a moment mid-life and the map then."""
    m0 = sample_map()
    mid = create_map(engine, "Kommune", m0, author="anna")
    save_record(engine, mid, "units", Unit("ny", "Ny enhed", parent_id="dir"), None, "bo")
    job = dataclasses.replace(m0.unit("job"), leader="Ib")
    save_record(engine, mid, "units", job, 1, "bo")
    seen = load_stored_settings(engine, mid)
    save_settings(engine, mid, _other_settings(seen.settings), "bo", base=seen)
    middle = tick()
    then = load_map(engine, mid, at=middle)
    delete_record(engine, mid, "units", ("fam",), None, "cy", cascade=True)
    # A replace import that reorders the units and adds one in the middle.
    now = load_map(engine, mid).map
    units = (now.units[2], Unit("midt", "Midt", parent_id="dir"), *now.units[:2], *now.units[3:])
    import_map(engine, mid, now.replace(units=units), "replace", "dan")
    rename_map(engine, mid, "Kommunen", "eva", base_name="Kommune")
    return mid, middle, then


def _other_settings(s: object) -> object:
    return dataclasses.replace(s, contact_points_threshold=3, sectors=("A", "B"))


def test_export_at_and_undelete_rebuild_a_deleted_map_exactly(
    db_url: str, engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mid, middle, then = _busy_life(engine)
    last = load_map(engine, mid)
    last_settings = load_settings(engine, mid)
    delete_map(engine, mid, "fie")
    out = tmp_path / "then.json"
    at = middle.isoformat(timespec="microseconds")
    assert run("db", "export", "Kommunen", str(out), "--at", at, "--database", db_url) == 0
    said = capsys.readouterr().out
    assert "slettede kort" in said and f"id {mid}" in said
    assert read_map(out) == then.map.replace(name=read_map(out).name)  # records and order
    assert run("db", "list", "--deleted", "--database", db_url) == 0
    listed = capsys.readouterr().out
    assert "Kommunen" in listed and "fie" in listed

    assert run("db", "undelete", "Kommunen", "--database", db_url, "--author", "gus") == 0
    assert "Gendannede" in capsys.readouterr().out
    new = find_map(engine, "Kommunen")
    assert new != mid
    back = load_map(engine, new)
    assert back.map == last.map  # every record, in the user's order
    assert [u.id for u in back.map.units] == [u.id for u in last.map.units]
    assert load_settings(engine, new) == last_settings
    first = history(engine, new)[-1]
    assert (first.table, first.action, first.author) == ("maps", "create", "gus")
    assert first.after == {"name": "Kommunen", "restored_from": mid}
    # Brought back once; it is no longer offered.
    assert run("db", "undelete", "Kommunen", "--database", db_url) == 1
    assert f"allerede gendannet som kort id {new}" in capsys.readouterr().err


def test_undelete_refuses_a_taken_name_and_takes_a_new_one(
    db_url: str, engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    mid = create_map(engine, "K", sample_map())
    delete_map(engine, mid, "x")
    create_map(engine, "K", Map(units=(Unit("a", "A"),)))
    assert run("db", "undelete", "K", "--database", db_url) == 1
    err = capsys.readouterr().err
    assert "'K'" in err and "--as" in err and "Traceback" not in err
    assert [i.name for i in list_maps(engine)] == ["K"]
    assert run("db", "undelete", "K", "--as", "K igen", "--database", db_url) == 0
    assert load_map(engine, find_map(engine, "K igen")).map == sample_map().replace(name="K igen")


def test_an_ambiguous_name_lists_the_candidates_and_id_chooses(
    db_url: str, engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = create_map(engine, "X", Map(units=(Unit("en", "En"),)))
    delete_map(engine, first, "a")
    second = create_map(engine, "X", Map(units=(Unit("to", "To"),)))
    delete_map(engine, second, "b")
    assert run("db", "undelete", "X", "--database", db_url) == 1
    err = capsys.readouterr().err
    assert f"id {first}" in err and f"id {second}" in err and "--id" in err
    assert list_maps(engine) == []
    assert run("db", "undelete", "X", "--id", str(first), "--database", db_url) == 0
    assert [u.id for u in load_map(engine, find_map(engine, "X")).map.units] == ["en"]


def test_export_of_a_deleted_map_without_at_explains_what_to_do(
    db_url: str, engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mid = create_map(engine, "Gammel", sample_map())
    before = tick()
    delete_map(engine, mid, "x")
    out = tmp_path / "x.json"
    assert run("db", "export", "Gammel", str(out), "--database", db_url) == 1
    err = capsys.readouterr().err
    assert "slettet" in err and "--at" in err and "undelete" in err
    after = dt.datetime.now(dt.UTC).isoformat()
    assert run("db", "export", "Gammel", str(out), "--at", after, "--database", db_url) == 1
    assert "fandtes" in capsys.readouterr().err
    at = before.isoformat()
    assert run("db", "export", "Gammel", str(out), "--at", at, "--database", db_url) == 0
    assert read_map(out).units == sample_map().units


def test_replay_of_history_written_before_positions_were_recorded(
    db_url: str, engine: Engine
) -> None:
    # Older history rows carry no position for created records: they go at the end, in order.
    from sqlalchemy import update

    from mapping.storage import schema as s
    from mapping.storage.deleted import replay

    mid = create_map(engine, "K", sample_map())
    save_record(engine, mid, "units", Unit("sidst", "Sidst", parent_id="dir"), None, "x")
    with engine.begin() as conn:
        rows = conn.execute(s.changes.select().where(s.changes.c.map_id == mid)).all()
        for r in rows:
            if r.action == "create" and r.after and "position" in r.after:
                after = {k: v for k, v in r.after.items() if k != "position"}
                conn.execute(update(s.changes).where(s.changes.c.id == r.id).values(after=after))
    expected = load_map(engine, mid).map
    delete_map(engine, mid, "x")
    assert replay(engine, mid).map == expected


def test_json_written_by_export_of_a_deleted_map_is_a_normal_map_file(
    db_url: str, engine: Engine, tmp_path: Path
) -> None:
    mid = create_map(engine, "K", sample_map())
    t = tick()
    delete_map(engine, mid, "x")
    out = tmp_path / "k.json"
    assert run("db", "export", "K", str(out), "--at", t.isoformat(), "--database", db_url) == 0
    data = json.loads(out.read_text("utf-8"))
    assert len(data["units"]) == len(sample_map().units)
    write_map(read_map(out), tmp_path / "again.json")  # it round-trips
