"""Benchmark of the storage layer on SQLite and PostgreSQL.

For a synthetic national-scale map (98 municipalities; ``--quick``: 10) it
prints, per database: the time to save it (``create_map``, bulk inserts), to
load it (``load_map``), to import it again with 1 % of the units changed
(``import_map`` replace), to rebuild it as it was before that import
(``load_map(at=...)``) and to save one edited record. Then the concurrency
figures: 8 writers x 200 edits on one hot row and on distinct rows, retrying
on conflict (edits, conflicts, lost, p95 commit latency).

PostgreSQL: ``--postgres-url`` (a server where the user may CREATE DATABASE),
else a throwaway cluster from Debian's binaries with normal durability
settings. Figures depend on the machine; nothing here asserts a time.

    python bench/bench_storage.py            # national map, both databases
    python bench/bench_storage.py --quick    # 10 municipalities
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "bench"), str(REPO / "tests" / "storage")]

from pg_cluster import start_cluster  # noqa: E402
from test_storage_conflicts import run_writers  # noqa: E402

from mapping.model import Map, Unit  # noqa: E402
from mapping.storage import (  # noqa: E402
    create_map,
    create_storage_engine,
    import_map,
    load_map,
    save_record,
    upgrade,
)


def national_map(municipalities: int) -> Map:
    try:
        from synthetic import generate_map
    except ImportError:  # the gap helper's generator is not there: a plain chain
        units = [Unit("top", "Top")]
        units += [Unit(f"u{i}", f"U{i}", parent_id="top") for i in range(300 * municipalities)]
        return Map(units=tuple(units))
    return generate_map(municipalities)


def timed(label: str, fn: Callable[[], Any]) -> Any:
    t0 = time.perf_counter()
    result = fn()
    print(f"  {label:<38} {time.perf_counter() - t0:8.2f} s", flush=True)
    return result


def bench_database(label: str, url: str, m: Map, writers: int, edits: int) -> None:
    print(f"\n== {label}", flush=True)
    engine = create_storage_engine(url)
    upgrade(engine)
    mid = timed(f"save national map ({len(m.units)} units)", lambda: create_map(engine, "N", m))
    stored = timed("load map", lambda: load_map(engine, mid))
    assert len(stored.map.units) == len(m.units)
    before = dt.datetime.now(dt.UTC)
    changed = m.replace(
        units=tuple(
            dataclasses.replace(u, leader="Ny leder") if i % 100 == 0 else u
            for i, u in enumerate(m.units)
        )
    )
    summary = timed("import replace, 1 % units changed", lambda: import_map(engine, mid, changed))
    print(f"  ({summary.describe()})")
    past = timed("load map as it was before the import", lambda: load_map(engine, mid, at=before))
    assert past.map == stored.map
    unit = stored.map.units[5]
    v = load_map(engine, mid).versions[("units", (unit.id,))]
    timed(
        "save one edited record",
        lambda: save_record(engine, mid, "units", dataclasses.replace(unit, leader="X"), v, "b"),
    )
    for shape in ("hot", "distinct"):
        keys = ["hot"] if shape == "hot" else [f"w{i}" for i in range(writers)]
        small = create_map(
            engine, f"C-{shape}", Map(units=tuple(Unit(k, k, staff_count=0) for k in keys))
        )
        f = run_writers(engine, small, keys, writers, edits)
        print(
            f"  {writers} writers x {edits} edits, {shape:<8} rows: edits={f['edits']} "
            f"conflicts={f['conflicts']} lost={f['lost']} p95 commit={f['p95_ms']:.1f} ms "
            f"({f['seconds']:.1f} s)",
            flush=True,
        )
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="10 municipalities, fewer edits")
    parser.add_argument("--postgres-url", help="server to use instead of a throwaway cluster")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    municipalities, edits = (10, 50) if args.quick else (98, 200)
    m = timed(
        f"generate map ({municipalities} municipalities)", lambda: national_map(municipalities)
    )
    links = sum(len(getattr(m, t)) for t in ("services", "adoptions", "relations"))
    print(
        f"  {len(m.units)} units, {len(m.citizen_groups)} groups, "
        f"{len(m.principles)} principles, {links} links"
    )
    with tempfile.TemporaryDirectory() as tmp:
        bench_database("SQLite (WAL, file)", f"sqlite:///{tmp}/bench.sqlite3", m, 8, edits)
    if args.skip_postgres:
        return
    if args.postgres_url:
        bench_database("PostgreSQL", args.postgres_url, m, 8, edits)
        return
    cluster = start_cluster(fast=False)
    if cluster is None:
        print("\nPostgreSQL: no server binaries found (apt-get install postgresql)")
        return
    try:
        import psycopg

        name = f"bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(
            cluster.url().replace("postgresql://", "postgresql://", 1), autocommit=True
        ) as c:
            c.execute(f'CREATE DATABASE "{name}"')
        bench_database(
            "PostgreSQL 15 (throwaway cluster, fsync on)", cluster.url(name), m, 8, edits
        )
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
