"""Maps and records: round trip, edits, validation, deletes, settings."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import Engine

from mapping.model import Map, Service, Unit
from mapping.settings import Settings
from mapping.storage import (
    ConflictError,
    DependencyError,
    MapNameTakenError,
    MapNotFoundError,
    RecordValidationError,
    create_map,
    delete_map,
    delete_record,
    history,
    import_map,
    list_maps,
    load_map,
    load_record,
    load_settings,
    load_stored_settings,
    map_version,
    record_key,
    rename_map,
    save_record,
    save_settings,
)
from tests.storage.storage_samples import normal, sample_map


def test_round_trip_create_and_load(engine: Engine) -> None:
    m = sample_map()
    mid = create_map(engine, "Testkommune", m, author="anna")
    stored = load_map(engine, mid)
    assert stored.map == normal(m)
    assert stored.map.principle("boernesyn").group_ids == ("ub", "ledige")
    assert stored.map.unit("region").external is True
    assert set(stored.versions.values()) == {1}
    assert len(stored.versions) == sum(
        len(getattr(m, t))
        for t in ("units", "citizen_groups", "services", "principles", "adoptions", "relations")
    )


def test_list_rename_delete(engine: Engine) -> None:
    a = create_map(engine, "A", sample_map())
    b = create_map(engine, "B")
    infos = {i.name: i for i in list_maps(engine)}
    assert infos["A"].counts["units"] == 6 and infos["B"].counts["units"] == 0
    with pytest.raises(MapNameTakenError):
        create_map(engine, "A")
    with pytest.raises(MapNameTakenError):
        rename_map(engine, b, "A", "x", base_name="B")
    rename_map(engine, b, "C", "x", base_name="B")
    assert load_map(engine, b).map.name == "C"
    delete_map(engine, a, "x")
    assert [i.name for i in list_maps(engine)] == ["C"]
    with pytest.raises(MapNotFoundError) as err:
        load_map(engine, a)
    assert "findes ikke" in str(err.value) and "no map" in err.value.message_en
    assert history(engine, a)[0].action == "delete"  # history survives the map


def test_record_key_per_table() -> None:
    assert record_key("units", Unit("u", "U")) == ("u",)
    assert record_key("services", Service("u", "g")) == ("u", "g")
    assert record_key("relations", {"unit_a": "a", "unit_b": "b"}) == ("a", "b")


def test_update_bumps_version_and_map_version(engine: Engine) -> None:
    mid = create_map(engine, "M", sample_map())
    before = load_map(engine, mid)
    unit = before.map.unit("skole")
    v = save_record(engine, mid, "units", dataclasses.replace(unit, staff_count=60), 1, "bo")
    assert v == 2
    after = load_map(engine, mid)
    assert after.map.unit("skole").staff_count == 60
    assert after.versions[("units", ("skole",))] == 2
    assert after.map_version > before.map_version == 1
    assert map_version(engine, mid) == after.map_version
    assert list_maps(engine, counts=False)[0].version == after.map_version
    change = history(engine, mid, limit=1)[0]
    assert (change.author, change.table, change.key, change.action) == (
        "bo",
        "units",
        ("skole",),
        "update",
    )
    assert change.before["staff_count"] == 55 and change.after["staff_count"] == 60


def test_create_record_and_create_conflict(engine: Engine) -> None:
    mid = create_map(engine, "M", sample_map())
    assert save_record(engine, mid, "services", Service("job", "ub"), None, "a") == 1
    with pytest.raises(ConflictError) as err:
        save_record(engine, mid, "services", Service("job", "ub", goal="x"), None, "b")
    assert err.value.current == Service("job", "ub") and err.value.current_version == 1
    assert load_record(engine, mid, "services", ("job", "ub")) == (Service("job", "ub"), 1)


def test_edit_of_deleted_record_conflicts(engine: Engine) -> None:
    mid = create_map(engine, "M", sample_map())
    delete_record(engine, mid, "services", ("job", "ledige"), 1, "a")
    with pytest.raises(ConflictError) as err:
        save_record(engine, mid, "services", Service("job", "ledige", goal="ny"), 1, "b")
    assert err.value.current is None and err.value.current_version is None
    assert "slettet" in str(err.value)


def test_invalid_record_is_refused_and_nothing_written(engine: Engine) -> None:
    mid = create_map(engine, "M", sample_map())
    before = load_map(engine, mid)
    with pytest.raises(RecordValidationError) as err:
        save_record(engine, mid, "services", Service("ukendt", "ub"), None, "a")
    assert "ukendt" in str(err.value)
    cycle = dataclasses.replace(before.map.unit("boern"), parent_id="skole")
    with pytest.raises(RecordValidationError):
        save_record(engine, mid, "units", cycle, 1, "a")
    under_external = dataclasses.replace(before.map.unit("job"), parent_id="region")
    with pytest.raises(RecordValidationError):
        save_record(engine, mid, "units", under_external, 1, "a")
    after = load_map(engine, mid)
    assert after.map == before.map and after.map_version == before.map_version
    assert len(history(engine, mid)) == len(history(engine, mid))


def test_delete_with_dependents_is_refused_with_the_list(engine: Engine) -> None:
    mid = create_map(engine, "M", sample_map())
    before = load_map(engine, mid)
    with pytest.raises(DependencyError) as err:
        delete_record(engine, mid, "units", ("fam",), 1, "a")
    deps = {(t, k) for t, k, _ in err.value.dependents}
    assert deps == {
        ("citizen_groups", ("ub",)),
        ("services", ("fam", "ub")),
        ("adoptions", ("boernesyn", "fam")),
        ("relations", ("skole", "fam")),
    }
    assert "Udsatte børn" in str(err.value) and "depend on it" in err.value.message_en
    assert load_map(engine, mid).map == before.map


def test_cascade_delete_unit(engine: Engine) -> None:
    mid = create_map(engine, "M", sample_map())
    delete_record(engine, mid, "units", ("boern",), 1, "a", cascade=True)
    m = load_map(engine, mid).map
    assert "boern" not in m.units_by_id
    assert m.unit("skole").parent_id == "dir" and m.unit("fam").parent_id == "dir"
    assert m.principle("boernesyn").owner_unit_id is None
    delete_record(engine, mid, "units", ("fam",), None, "a", cascade=True)
    m = load_map(engine, mid).map
    assert m.group("ub").lead_unit_id is None
    assert all("fam" not in (s.unit_id,) for s in m.services)
    assert all(a.unit_id != "fam" for a in m.adoptions) and m.relations == ()


def test_cascade_delete_group_and_principle(engine: Engine) -> None:
    mid = create_map(engine, "M", sample_map())
    delete_record(engine, mid, "citizen_groups", ("ub",), 1, "a", cascade=True)
    m = load_map(engine, mid).map
    assert m.principle("boernesyn").group_ids == ("ledige",)
    assert all(s.group_id != "ub" for s in m.services)
    delete_record(engine, mid, "principles", ("boernesyn",), None, "a", cascade=True)
    assert load_map(engine, mid).map.adoptions == ()


def test_delete_with_stale_version_conflicts(engine: Engine) -> None:
    mid = create_map(engine, "M", sample_map())
    save_record(engine, mid, "units", Unit("job", "Jobcenter", parent_id="dir"), 1, "a")
    with pytest.raises(ConflictError) as err:
        delete_record(engine, mid, "units", ("job",), 1, "b", cascade=True)
    assert err.value.current_version == 2
    assert "job" in load_map(engine, mid).map.units_by_id


def test_settings_round_trip_with_history(engine: Engine) -> None:
    mid = create_map(engine, "M", Map())
    assert load_settings(engine, mid) == Settings()
    wanted = Settings(leadership_span_threshold=25, sectors=("A", "B"), language="en")
    save_settings(engine, mid, wanted, "a", base=load_stored_settings(engine, mid))
    assert load_settings(engine, mid) == wanted
    changed = {c.key for c in history(engine, mid) if c.table == "settings"}
    assert changed == {("leadership_span_threshold",), ("sectors",), ("language",)}


def test_unknown_map_and_table(engine: Engine) -> None:
    with pytest.raises(MapNotFoundError):
        save_record(engine, 999, "units", Unit("a", "A"), None, "x")
    mid = create_map(engine, "M")
    with pytest.raises(ValueError, match="Ukendt tabel"):
        save_record(engine, mid, "nope", Unit("a", "A"), None, "x")


def test_example_municipality_round_trip(engine: Engine, example_map: Map) -> None:
    mid = create_map(engine, "Eksempel", example_map, author="system")
    assert load_map(engine, mid).map == normal(example_map, "Eksempel")


def test_example_map_keeps_the_users_order_now_and_in_the_past(
    engine: Engine, example_map: Map
) -> None:
    import datetime as dt
    import time

    def rename(m: Map) -> Map:
        return m.replace(name="Eksempel")

    mid = create_map(engine, "Eksempel", example_map, author="system")
    assert load_map(engine, mid).map == rename(example_map)  # exactly, order included
    time.sleep(0.002)
    t0 = dt.datetime.now(dt.UTC)
    time.sleep(0.002)
    # A replace import of the same records in reverse order plus a new unit in the middle.
    units = list(reversed(example_map.units))
    units.insert(3, Unit("ny-midt", "Ny i midten", parent_id=units[0].parent_id))
    reordered = example_map.replace(units=tuple(units))
    import_map(engine, mid, reordered, "replace", "imp")
    assert load_map(engine, mid).map == rename(reordered)
    save_record(engine, mid, "units", Unit("til-sidst", "Til sidst"), None, "x")
    assert load_map(engine, mid).map.units[-1].id == "til-sidst"  # a new record goes last
    delete_record(engine, mid, "units", (example_map.units[5].id,), None, "x", cascade=True)
    past = load_map(engine, mid, at=t0).map
    assert past == rename(example_map)  # the order as it was then, exactly


def test_storage_has_no_misleading_map_validation_error() -> None:
    import mapping.storage
    from mapping.readwrite import MapValidationError

    # The name belongs to readwrite; storage's record errors are RecordValidationError.
    assert getattr(mapping.storage, "MapValidationError", MapValidationError) is MapValidationError
    assert "MapValidationError" not in mapping.storage.__all__


def test_a_map_name_that_a_database_cannot_store_is_refused(engine: Engine) -> None:
    from mapping.storage import RecordValidationError

    for bad in ("Fjordby\x00", "Fjord\ud800by", "x" * 201):
        with pytest.raises(RecordValidationError, match="kortets navn"):
            create_map(engine, bad, Map(units=(Unit("a", "A"),)))
    assert list_maps(engine) == []
