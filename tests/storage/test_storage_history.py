"""History: every change recorded; a map rebuilt as it was; two dates compared."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import Engine

from mapping.model import (
    Adoption,
    Map,
    Principle,
    PrincipleKind,
    PrincipleStatus,
    Relation,
    Service,
    Unit,
)
from mapping.settings import Settings
from mapping.storage import (
    compare,
    create_map,
    delete_record,
    history,
    import_map,
    load_map,
    load_stored_settings,
    rename_map,
    save_record,
    save_settings,
)
from mapping.storage.history import reconstruct
from tests.storage.storage_samples import normal, sample_map, tick


def test_reconstruct_at_every_past_moment(engine: Engine) -> None:
    t_before = tick()
    m0 = sample_map()
    mid = create_map(engine, "M", m0, author="a")
    t0 = tick()
    save_record(engine, mid, "units", dataclasses.replace(m0.unit("job"), leader="Ib"), 1, "b")
    m1 = load_map(engine, mid)
    t1 = tick()
    delete_record(engine, mid, "units", ("fam",), None, "c", cascade=True)
    save_settings(
        engine,
        mid,
        Settings(leadership_span_threshold=12),
        "c",
        base=load_stored_settings(engine, mid),
    )
    m2 = load_map(engine, mid)
    t2 = tick()
    import_map(engine, mid, Map(units=(Unit("solo", "Solo"),)), "replace", "d")
    rename_map(engine, mid, "Nyt navn", "e", base_name="M")

    assert not reconstruct(engine, mid, t_before).existed
    assert load_map(engine, mid, at=t_before).map == Map(name="M")
    assert load_map(engine, mid, at=t0).map == normal(m0, "M")
    past1 = load_map(engine, mid, at=t1)
    assert past1.map == m1.map and past1.versions == m1.versions
    assert past1.map_version == m1.map_version
    past2 = load_map(engine, mid, at=t2)
    assert past2.map == m2.map and past2.versions == m2.versions
    assert reconstruct(engine, mid, t2).settings.leadership_span_threshold == 12
    assert reconstruct(engine, mid, t1).settings == Settings()
    now = load_map(engine, mid, at=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1))
    assert now.map == load_map(engine, mid).map and now.map.name == "Nyt navn"


def test_history_records_who_what_when(engine: Engine) -> None:
    start = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    mid = create_map(engine, "M", Map(units=(Unit("a", "A"), Unit("b", "B"))), author="anna")
    save_record(engine, mid, "units", Unit("a", "A2"), 1, "bo")
    changes = history(engine, mid)
    # the creation is one row holding the whole map; edits are one row per record
    assert [(c.author, c.table, c.action) for c in changes] == [
        ("bo", "units", "update"),
        ("anna", "maps", "create"),
    ]
    assert changes[0].before == {**changes[0].after, "name": "A"}
    assert all(c.at >= start - dt.timedelta(seconds=1) for c in changes)
    assert changes[0].at > changes[1].at  # microsecond stamps, never backwards
    assert len(history(engine, mid, limit=1)) == 1


def test_an_import_is_one_history_row_and_every_moment_still_rebuilds(engine: Engine) -> None:
    big = Map(units=tuple(Unit(f"u{i}", f"Enhed {i}") for i in range(500)))
    mid = create_map(engine, "M", big, author="anna")
    t1 = tick()
    smaller = Map(units=(Unit("u1", "Ny"), *big.units[2:300]))
    summary = import_map(engine, mid, smaller, "replace", "bo")
    t2 = tick()
    save_record(engine, mid, "units", Unit("u1", "Nyere"), 2, "cai")
    rows = [(c.author, c.table, c.action) for c in history(engine, mid)]
    assert rows == [
        ("cai", "units", "update"),
        ("bo", "maps", "import"),
        ("anna", "maps", "create"),
    ]
    assert summary.removed["units"] == 201 and summary.changed["units"] == 1  # u0, u300-u499
    assert load_map(engine, mid, at=t1).map.units == big.units
    at2 = load_map(engine, mid, at=t2)
    assert at2.map.units == smaller.units and at2.versions[("units", ("u1",))] == 2
    assert load_map(engine, mid).map.units[0] == Unit("u1", "Nyere")


def test_compare_shows_opened_and_closed_gaps(engine: Engine) -> None:
    base = Map(
        units=(
            Unit("top", "Top"),
            Unit("a", "A", parent_id="top"),
            Unit("b", "B", parent_id="top"),
        ),
        citizen_groups=sample_map().citizen_groups[:1],
        services=(Service("a", "ub"), Service("b", "ub")),
    )
    base = base.replace(
        citizen_groups=(dataclasses.replace(base.citizen_groups[0], lead_unit_id=None),)
    )
    mid = create_map(engine, "M", base)
    t1 = tick()
    save_record(
        engine, mid, "units", Unit("big", "Stor", parent_id="top", staff_count=500), None, "x"
    )
    p = Principle(
        "p",
        "P",
        PrincipleKind.PERSPECTIVE,
        owner_unit_id="top",
        status=PrincipleStatus.AGREED,
        group_ids=("ub",),
    )
    save_record(engine, mid, "principles", p, None, "x")
    save_record(engine, mid, "adoptions", Adoption("p", "a"), None, "x")
    save_record(engine, mid, "adoptions", Adoption("p", "b"), None, "x")
    save_record(engine, mid, "relations", Relation("a", "b", rc_score=4.5), None, "x")
    t2 = tick()
    result = compare(engine, mid, t1, t2)
    opened = {g.code for g in result.opened}
    closed = {g.code for g in result.closed}
    assert "HK601" in opened  # the wide leadership span is new
    assert {"HK101", "HK401"} <= closed  # a shared principle and a relation now exist
    changed = {(c.table, c.key, c.action) for c in result.changes}
    assert ("units", ("big",), "added") in changed and ("principles", ("p",), "added") in changed
    data = result.to_dict()
    assert {"findings_opened", "findings_closed", "changed"} <= set(data)
    assert data["findings_opened"][0].keys() >= {"id", "code", "severity", "escalate_to"}
    assert compare(engine, mid, t2, t2).changes == []


def test_naive_times_are_utc(engine: Engine) -> None:
    mid = create_map(engine, "M", Map(units=(Unit("a", "A"),)))
    later = dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(minutes=1)
    assert load_map(engine, mid, at=later).map.units == (Unit("a", "A"),)
    with pytest.raises(Exception, match="findes ikke"):
        load_map(engine, 12345, at=later)
