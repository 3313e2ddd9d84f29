"""Benchmark of ``helhedskort db import`` and ``db export`` as whole processes.

Writes the synthetic national map (``bench/synthetic.py``, 98 municipalities,
about 30,000 units and 22 MB of JSON; ``--quick``: 10) to a JSON file, then
runs side by side, alternating, after one warm-up run each:

* ``helhedskort db import F --map X --create`` into a fresh SQLite file
  against ``helhedskort validate F`` (reading and checking the same file);
* ``helhedskort db export X out.json`` of that map against
  ``helhedskort export F out.json`` (JSON to JSON).

It prints the median wall and CPU seconds and peak memory of each command and
the median of the pair-by-pair ratios. The subprocesses run without
``PYTHONDONTWRITEBYTECODE``, as a user's install has bytecode. With
``--postgres-url URL`` (or ``--postgres``: a throwaway cluster from Debian's
binaries, normal durability) the same is measured on PostgreSQL, each import
into a new map of one database. Figures depend on the machine and its load
(printed); nothing here asserts a time.

    python bench/bench_db_cli.py --quick          # 10 municipalities
    python bench/bench_db_cli.py --runs 5         # national map, 5 pairs each
    python bench/bench_db_cli.py --postgres       # and on a throwaway PostgreSQL

The aim is an import within 2x ``validate`` and an export within 1.5x the JSON
export. On 2026-11-30 (2 cores, load average 5-9; median ratios wall / CPU),
SQLite: import 2.15x / 2.02x (before these changes 3.44x / 3.10x), export
0.85x / 0.78x (before 1.11x / 1.21x); at load 4-8 the import was 1.78x / 1.79x.
PostgreSQL: import 2.48x / 1.69x (CPU of the client only), export 1.07x / 0.77x.
Later that day (15:29, load 1.3-2.9, a slower machine: ``validate`` 2.43 s),
after the second round on the import (schema of a new file in one step,
indexes after the rows, rows inserted by SQLite from JSON, a rollback journal
for a new file's first map): import 2.35x / 2.31x, export 1.07x / 1.07x; the
import 0.92x wall / 0.94x CPU of the code before that round, side by side.
The import's time beyond ``validate`` then: importing SQLAlchemy (~0.45 s of
CPU), SQLite inserting ~190,000 rows and building their indexes (~1.1-1.3 s),
turning the records into JSON and compressing the history entry (~0.7 s).
Third round (17:00-17:45, load 3.5-6): a new SQLite file is written without
SQLAlchemy (plain sqlite3, no foreign-key lookups while loading), the history
rows by orjson, and the process ends at once after closing the file: this
script gave import 2.36x wall / 1.97x CPU and export 1.16x / 1.13x at load
4.3-5.8; paired runs of the two commands alone gave 1.79x / 1.86x (11 pairs,
load 4.7-5.0) and 1.65x / 1.78x (9 pairs); against main's import 0.69x /
0.78x.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "bench")]

CLI = [sys.executable, "-m", "mapping"]


@dataclass(frozen=True, slots=True)
class Run:
    wall: float
    cpu: float
    peak_mib: float


def run(args: list[str], env: dict[str, str]) -> Run:
    """One whole process: wall time, its CPU (user + system) and peak resident memory."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=REPO
    )
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}):\n{err.decode()}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def side_by_side(
    label_a: str,
    a: Callable[[], list[str]],
    label_b: str,
    b: Callable[[], list[str]],
    runs: int,
    env: dict[str, str],
) -> None:
    """A and B in turn (one warm-up each), medians and the median of pairwise ratios."""
    run(a(), env)
    run(b(), env)
    pairs = [(run(a(), env), run(b(), env)) for _ in range(runs)]
    for label, got in ((label_a, [p[0] for p in pairs]), (label_b, [p[1] for p in pairs])):
        print(
            f"  {label:<44} wall {statistics.median(r.wall for r in got):6.2f} s"
            f"  cpu {statistics.median(r.cpu for r in got):6.2f} s"
            f"  peak {statistics.median(r.peak_mib for r in got):5.0f} MiB",
            flush=True,
        )
    wall = statistics.median(x.wall / y.wall for x, y in pairs)
    cpu = statistics.median(x.cpu / y.cpu for x, y in pairs)
    print(f"  {'ratio A/B (median of pairs)':<44} wall {wall:6.2f}x    cpu {cpu:6.2f}x", flush=True)


def bench_database(label: str, make_url: Callable[[], str], src: Path, tmp: Path, runs: int,
                   env: dict[str, str]) -> None:  # fmt: skip
    print(f"\n== {label}", flush=True)

    def db_import() -> list[str]:
        # a new database (SQLite) or a new map (PostgreSQL) every time: a first import
        url = make_url()
        name = f"X{uuid.uuid4().hex[:8]}"
        return [*CLI, "db", "import", str(src), "--map", name, "--create", "--database", url]

    side_by_side(
        "A: helhedskort db import F --create",
        db_import,
        "B: helhedskort validate F",
        lambda: [*CLI, "validate", str(src)],
        runs,
        env,
    )
    url = make_url()
    done = run([*CLI, "db", "import", str(src), "--map", "X", "--create", "--database", url], env)
    print(f"  (the map to export was imported in {done.wall:.2f} s)")
    side_by_side(
        "A: helhedskort db export X out.json",
        lambda: [*CLI, "db", "export", "X", str(tmp / "db-out.json"), "--database", url],
        "B: helhedskort export F out.json",
        lambda: [*CLI, "export", str(src), str(tmp / "file-out.json")],
        runs,
        env,
    )


def _postgres(args: argparse.Namespace, src: Path, tmp: Path, env: dict[str, str]) -> None:
    import psycopg

    from tests.storage.pg_cluster import start_cluster

    cluster = None
    url = args.postgres_url
    if url is None:
        cluster = start_cluster(fast=False)
        if cluster is None:
            print("\nPostgreSQL: no server binaries found (apt-get install postgresql)")
            return
        url = cluster.url()
    try:
        name = f"bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(url, autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{name}"')
        base = url.rsplit("/", 1)[0]
        bench_database("PostgreSQL", lambda: f"{base}/{name}", src, tmp, args.runs, env)
    finally:
        if cluster is not None:
            cluster.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="10 municipalities")
    parser.add_argument("--runs", type=int, default=3, help="pairs per comparison (default 3)")
    parser.add_argument("--postgres-url", help="also on this server (it may CREATE DATABASE)")
    parser.add_argument("--postgres", action="store_true", help="also on a throwaway cluster")
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()
    from synthetic import generate_map

    from mapping.readwrite import write_map

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    municipalities = 10 if args.quick else 98
    print(f"load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        src = tmp / "map.json"
        m = generate_map(municipalities)
        write_map(m, src)
        print(
            f"{municipalities} municipalities: {len(m.units)} units, "
            f"{src.stat().st_size / 1e6:.1f} MB of JSON; {args.runs} pairs per comparison"
        )
        del m
        if not args.skip_sqlite:
            bench_database(
                "SQLite (a new file per import)",
                lambda: f"sqlite:///{tmp}/{uuid.uuid4().hex[:8]}.sqlite3",
                src,
                tmp,
                args.runs,
                env,
            )
        if args.postgres or args.postgres_url:
            _postgres(args, src, tmp, env)
    print(f"\nload average at end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
