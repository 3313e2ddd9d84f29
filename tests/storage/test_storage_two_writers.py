"""Two writers: a conflict names who made the other change; several records save atomically."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import Engine

from mapping.model import Adoption, CitizenGroup, Service
from mapping.storage import (
    ConflictError,
    RecordValidationError,
    Write,
    create_map,
    delete_record,
    load_map,
    save_record,
    save_records,
)
from tests.storage.storage_samples import sample_map


def test_a_conflict_names_who_changed_the_record_and_when(engine: Engine) -> None:
    mid = create_map(engine, "M", sample_map(), author="system")
    seen = load_map(engine, mid)
    base = seen.versions[("units", ("skole",))]
    unit = seen.map.unit("skole")
    save_record(engine, mid, "units", dataclasses.replace(unit, leader="A"), base, "Anna")
    with pytest.raises(ConflictError) as err:
        save_record(engine, mid, "units", dataclasses.replace(unit, leader="B"), base, "Bo")
    assert err.value.changed_by == "Anna" and err.value.changed_at is not None
    assert "Anna" in str(err.value) and err.value.current.leader == "A"


def test_a_conflict_on_a_deleted_record_names_who_deleted_it(engine: Engine) -> None:
    mid = create_map(engine, "M", sample_map(), author="system")
    seen = load_map(engine, mid)
    key = ("skole", "ub")
    v = seen.versions[("services", key)]
    delete_record(engine, mid, "services", key, v, "Anna")
    with pytest.raises(ConflictError) as err:
        save_record(engine, mid, "services", Service("skole", "ub", goal="X"), v, "Bo")
    assert err.value.current is None and err.value.changed_by == "Anna"


def test_a_group_and_its_services_save_together_or_not_at_all(engine: Engine) -> None:
    mid = create_map(engine, "M", sample_map(), author="system")
    group = CitizenGroup("nye", "Nye borgere")
    writes = [
        Write("citizen_groups", group, None),
        Write("services", Service("skole", "nye", goal="Trivsel"), None),
        Write("services", Service("job", "nye", paradigm="Rehabiliterende"), None),
    ]
    assert save_records(engine, mid, writes, "Anna") == [1, 1, 1]
    m = load_map(engine, mid).map
    assert set(m.serving_units["nye"]) == {"skole", "job"}
    # A bad second record (unknown unit) leaves nothing of the first behind.
    bad = [
        Write("citizen_groups", CitizenGroup("andre", "Andre")),
        Write("services", Service("findes-ikke", "andre"), None),
    ]
    with pytest.raises(RecordValidationError) as err:
        save_records(engine, mid, bad, "Anna")
    problem = err.value.problems[0]
    assert (problem.table, problem.column) == ("services", "unit_id")
    assert "findes-ikke" in problem.message and "felt unit_id" in str(err.value)
    assert "andre" not in load_map(engine, mid).map.groups_by_id


def test_adopters_change_in_one_transaction_checked_against_the_seen_versions(
    engine: Engine,
) -> None:
    mid = create_map(engine, "M", sample_map(), author="system")
    seen = load_map(engine, mid)
    pid = seen.map.principles[0].id
    old = next(a for a in seen.map.adoptions if a.principle_id == pid)
    key = (old.principle_id, old.unit_id)
    v = seen.versions[("adoptions", key)]
    joined = seen.map.adopters.get(pid, ())
    new_unit = next(u.id for u in seen.map.units if u.id not in joined and not u.external)
    # Someone else removes the adoption meanwhile: the whole change is refused.
    delete_record(engine, mid, "adoptions", key, v, "Anna")
    writes = [
        Write("adoptions", Adoption(pid, new_unit), None),
        Write("adoptions", None, v, key),
    ]
    with pytest.raises(ConflictError) as err:
        save_records(engine, mid, writes, "Bo")
    assert err.value.changed_by == "Anna"
    assert new_unit not in load_map(engine, mid).map.adopters.get(pid, ())
    with pytest.raises(ValueError):
        save_records(engine, mid, [Write("units", None, 1, ("skole",))], "Bo")
