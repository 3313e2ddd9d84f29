"""Import into a stored map: replace, merge, preview, all or nothing (even when killed)."""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import textwrap

import pytest
from sqlalchemy import Engine

from mapping.model import CitizenGroup, Map, Service, Unit
from mapping.storage import (
    ConflictError,
    RecordValidationError,
    create_map,
    history,
    import_map,
    load_map,
    preview_import,
    save_record,
)
from tests.storage.storage_samples import normal, sample_map


def edited(m: Map) -> Map:
    units = tuple(dataclasses.replace(u, leader="Ny") if u.id == "job" else u for u in m.units)
    return m.replace(
        units=(*units, Unit("sund", "Sundhed", parent_id="dir")),
        services=tuple(s for s in m.services if s.unit_id != "region"),
    )


def test_replace_import(engine: Engine) -> None:
    mid = create_map(engine, "M", sample_map())
    new = edited(sample_map())
    preview = preview_import(engine, mid, new, "replace")
    assert (preview.added["units"], preview.changed["units"], preview.removed["services"]) == (
        1,
        1,
        1,
    )
    assert {(a, t, k) for a, t, k in preview.details if t == "units"} == {
        ("added", "units", ("sund",)),
        ("changed", "units", ("job",)),
    }
    assert load_map(engine, mid).map == normal(sample_map(), "M")  # preview wrote nothing
    summary = import_map(engine, mid, new, "replace", "imp")
    assert summary == preview
    stored = load_map(engine, mid)
    assert stored.map == normal(new, "M")
    assert stored.versions[("units", ("job",))] == 2 and stored.versions[("units", ("sund",))] == 1
    (newest,) = history(engine, mid, limit=1)  # the whole import is one history row
    assert (newest.author, newest.table, newest.action) == ("imp", "maps", "import")
    assert newest.after["added"]["units"] == 1 and newest.after["changed"]["units"] == 1


@pytest.mark.parametrize("mode", ["replace", "merge"])
def test_import_based_on_a_stale_preview_is_refused(engine: Engine, mode: str) -> None:
    mid = create_map(engine, "M", sample_map())
    preview = preview_import(engine, mid, edited(sample_map()), mode)
    assert preview.map_version == load_map(engine, mid).map_version
    stored = load_map(engine, mid)
    other = dataclasses.replace(stored.map.unit("skole"), leader="Anden")
    save_record(engine, mid, "units", other, stored.version_of("units", ("skole",)), "b")
    after_edit = load_map(engine, mid)
    with pytest.raises(ConflictError, match=r"ændret af en anden.*forhåndsvisningen igen"):
        import_map(engine, mid, edited(sample_map()), mode, "a", preview.map_version)
    assert load_map(engine, mid).map == after_edit.map  # the other edit survives
    fresh = preview_import(engine, mid, edited(sample_map()), mode)
    done = import_map(engine, mid, edited(sample_map()), mode, "a", fresh.map_version)
    assert done == fresh and done.map_version == load_map(engine, mid).map_version


def test_merge_import_keeps_what_the_file_lacks(engine: Engine) -> None:
    mid = create_map(engine, "M", sample_map())
    part = Map(
        units=(Unit("sund", "Sundhed", parent_id="dir"),),
        citizen_groups=(CitizenGroup("aeldre", "Ældre"),),
        services=(Service("sund", "aeldre"), Service("skole", "ub", goal="Læring")),
    )
    summary = import_map(engine, mid, part, "merge", "imp")
    assert summary.added == {**summary.added, "units": 1, "citizen_groups": 1, "services": 1}
    assert summary.changed["services"] == 1 and sum(summary.removed.values()) == 0
    m = load_map(engine, mid).map
    assert len(m.units) == 7 and m.unit("region").external
    assert next(s for s in m.services if s.unit_id == "skole").goal == "Læring"
    assert import_map(engine, mid, part, "merge", "imp").total == 0  # idempotent


def test_invalid_import_writes_nothing(engine: Engine) -> None:
    mid = create_map(engine, "M", sample_map())
    before = load_map(engine, mid)
    n_changes = len(history(engine, mid))
    broken = sample_map().replace(services=(*sample_map().services, Service("ghost", "ub")))
    for mode in ("replace", "merge"):
        with pytest.raises(RecordValidationError) as err:
            import_map(engine, mid, broken, mode, "imp")
        assert "ghost" in str(err.value)
    dup = sample_map().replace(units=(*sample_map().units, Unit("dir", "Igen")))
    with pytest.raises(RecordValidationError):
        import_map(engine, mid, dup, "merge", "imp")
    after = load_map(engine, mid)
    assert after.map == before.map and after.map_version == before.map_version
    assert len(history(engine, mid)) == n_changes


KILLED_IMPORT = textwrap.dedent(
    """
    import sys, time
    from mapping.storage import store
    from mapping.model import Map, Unit, CitizenGroup, Service
    from mapping.storage import get_engine, import_map
    engine = get_engine(sys.argv[1])
    n = 3000
    kids = tuple(Unit(f"u{i}", f"U{i}", parent_id="root") for i in range(n))
    units = (Unit("root", "Top"), *kids)
    groups = tuple(CitizenGroup(f"g{i}", f"G{i}") for i in range(n // 10))
    services = tuple(Service(f"u{i}", f"g{i % (n // 10)}") for i in range(n))
    m = Map(units=units, citizen_groups=groups, services=services)
    real_bulk_insert = store.bulk_insert

    def pausing_bulk_insert(conn, table, rows):
        # Stop in the middle: services written (COPY or executemany), nothing committed.
        real_bulk_insert(conn, table, rows)
        if table.name == "services":
            print("WRITING", flush=True)
            time.sleep(60)

    store.bulk_insert = pausing_bulk_insert

    import_map(engine, int(sys.argv[2]), m, "replace", "killed")
    print("DONE", flush=True)
    """
)


def test_killed_import_leaves_whole_old_map(db_url: str, engine: Engine) -> None:
    mid = create_map(engine, "M", sample_map())
    before = load_map(engine, mid)
    n_changes = len(history(engine, mid))
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED_IMPORT, db_url, str(mid)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline()
        assert line.strip() == "WRITING", proc.stderr.read()
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    after = load_map(engine, mid)
    assert after.map == before.map and after.map_version == before.map_version
    assert len(history(engine, mid)) == n_changes
    # The database is not left locked: a new write goes through at once.
    assert import_map(engine, mid, edited(sample_map()), "replace", "next").total > 0
