"""Benchmark of the gap engine at municipal and national scale.

For 1, 10 and 98 synthetic municipalities (``--quick``: 1 and 10) it prints
the time to generate the map, the size of its JSON file, the time to load that
file with ``mapping.readwrite.read_map``, the time of ``find_findings``, the number
of gaps and the peak memory (RSS) of a fresh process doing load + analysis.
When the ``helhedskort`` command exists it also times
``helhedskort gaps FILE --format json > /dev/null`` end to end and its peak RSS,
side by side with a bare ``json.load`` of the same file in a fresh Python
(alternating, three runs each after one warm-up run of both, medians) and prints
the ratios of their wall and of their CPU times. The timed subprocesses run
without ``PYTHONDONTWRITEBYTECODE`` (which some development environments set),
so they start from compiled bytecode as an installed ``helhedskort`` does, and
the warm-up run writes that bytecode and fills the disk cache first. Last, one citizen
group served by 2,000 units with distinct goals and paradigms (the worst case
for the pairwise rules) is analysed, with its time and peak memory.

    python bench/bench_gaps.py            # 1, 10 and 98 municipalities
    python bench/bench_gaps.py --quick    # 1 and 10

Figures depend on the machine; nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from synthetic import generate_map  # noqa: E402

from mapping.readwrite import write_map  # noqa: E402


def worker(path: Path, municipalities: int) -> dict[str, Any]:
    """Load the file and analyse it; report this process's own peak RSS."""
    from mapping.gaps import find_findings
    from mapping.readwrite import read_map

    out: dict[str, Any] = {}
    t, c = time.perf_counter(), time.process_time()
    m = read_map(path)
    out["load_s"], out["load_cpu"] = time.perf_counter() - t, time.process_time() - c
    t, c = time.perf_counter(), time.process_time()
    gaps = find_findings(m)
    out["analysis_s"], out["analysis_cpu"] = time.perf_counter() - t, time.process_time() - c
    out["gaps"] = len(gaps)
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def cli_run(path: Path) -> dict[str, Any] | None:
    """Time ``helhedskort gaps FILE --format json`` in a grandchild; its peak RSS."""
    exe = shutil.which("helhedskort") or str(Path(sys.executable).with_name("helhedskort"))
    if not Path(exe).exists():
        return None
    return timed([exe, "gaps", str(path), "--format", "json"])


CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
"""The timed processes' environment: bytecode may be written and read, as in an install."""

JSON_LOAD = "import json, sys\nwith open(sys.argv[1], 'rb') as f:\n    json.load(f)\n"


def baseline_run(path: Path) -> dict[str, Any]:
    """A bare ``json.load`` of the file in a fresh Python: the yardstick."""
    return timed([sys.executable, "-c", JSON_LOAD, str(path)])


def side_by_side(path: Path, runs: int = 3) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """Median wall times of the CLI and of the bare load, run alternately after a warm-up."""
    cli, base = [], []
    if cli_run(path) is None:  # warm-up: bytecode written, file in the disk cache
        return None
    baseline_run(path)
    for _ in range(runs):
        one = cli_run(path)
        if one is None or one["rc"] != 0:
            return None
        cli.append(one)
        base.append(baseline_run(path))
    mid = runs // 2
    return sorted(cli, key=lambda r: r["wall_s"])[mid], sorted(base, key=lambda r: r["wall_s"])[mid]


def timed(cmd: list[str]) -> dict[str, Any]:
    """Run ``cmd`` in a grandchild: wall and CPU seconds and its peak RSS."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
        "w = time.perf_counter() - t\n"
        "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "cpu, rss = u.ru_utime + u.ru_stime, u.ru_maxrss / 1024\n"
        "print(r.returncode, w, cpu, rss, r.stderr.decode()[-300:].replace('\\n', ' '), sep='|')\n"
    )
    res = subprocess.run(
        [sys.executable, "-c", probe, *cmd],
        capture_output=True,
        text=True,
        check=False,
        env=CHILD_ENV,
    )
    rc, wall, cpu, rss, err = res.stdout.strip().split("|", 4)
    return {
        "rc": int(rc),
        "wall_s": float(wall),
        "cpu_s": float(cpu),
        "peak_rss_mb": float(rss),
        "stderr": err,
    }


def _fmt(value: float | None, spec: str = ".2f") -> str:
    return "n/a" if value is None else format(value, spec)


def _pair(wall: float | None, cpu: float | None) -> str:
    """``wall/cpu`` seconds: CPU time stays meaningful on a busy machine."""
    return "n/a" if wall is None or cpu is None else f"{wall:.2f}/{cpu:.2f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--quick", action="store_true", help="only 1 and 10 municipalities")
    ap.add_argument("--sizes", type=int, nargs="*", help="municipality counts to run")
    ap.add_argument("--no-cli", action="store_true", help="skip the helhedskort command")
    ap.add_argument("--worker", nargs=2, metavar=("FILE", "N"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(Path(args.worker[0]), int(args.worker[1]))))
        return 0
    sizes = args.sizes or ([1, 10] if args.quick else [1, 10, 98])
    now = f"{dt.datetime.now():%Y-%m-%d %H:%M}"
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, {now}")
    header = (
        f"{'munic':>5} {'units':>6} {'groups':>6} {'princ':>6} {'links':>7} {'gen s':>6} "
        f"{'json MB':>7} {'load s':>11} {'find s':>11} {'finds':>7} {'RSS MB':>7} "
        f"{'cli s':>11} {'cli MB':>7} {'load s':>11} {'ratio':>6} {'cpu r':>6}"
    )
    rows = []
    with tempfile.TemporaryDirectory(prefix="hk-bench-") as tmp:
        for n in sizes:
            t = time.perf_counter()
            m = generate_map(n)
            gen_s = time.perf_counter() - t
            path = Path(tmp) / f"synthetic-{n}.json"
            write_map(m, path)
            links = len(m.services) + len(m.adoptions) + len(m.relations)
            counts = (len(m.units), len(m.citizen_groups), len(m.principles), links)
            del m
            res = subprocess.run(
                [sys.executable, __file__, "--worker", str(path), str(n)],
                capture_output=True,
                text=True,
                check=False,
                env=CHILD_ENV,
            )
            if res.returncode != 0:
                print(res.stderr[-2000:], file=sys.stderr)
                return 1
            w = json.loads(res.stdout.strip().splitlines()[-1])
            pair = None if args.no_cli else side_by_side(path)
            if pair is None and not args.no_cli:
                print("helhedskort gaps failed or is missing", file=sys.stderr)
            ok, base = pair if pair else (None, None)
            ratio = ok["wall_s"] / base["wall_s"] if ok and base else None
            cpu_ratio = ok["cpu_s"] / base["cpu_s"] if ok and base else None
            rows.append(
                f"{n:>5} {counts[0]:>6} {counts[1]:>6} {counts[2]:>6} {counts[3]:>7} {gen_s:>6.2f} "
                f"{path.stat().st_size / 1e6:>7.1f} {_pair(w['load_s'], w['load_cpu']):>11} "
                f"{_pair(w['analysis_s'], w['analysis_cpu']):>11} "
                f"{w['gaps']:>7} {w['peak_rss_mb']:>7.0f} "
                f"{_pair(ok['wall_s'], ok['cpu_s']) if ok else 'n/a':>11} "
                f"{_fmt(ok['peak_rss_mb'] if ok else None, '.0f'):>7} "
                f"{_pair(base['wall_s'], base['cpu_s']) if base else 'n/a':>11} "
                f"{_fmt(ratio, '.1f'):>6} {_fmt(cpu_ratio, '.1f'):>6}"
            )
            print(rows[-1] if len(rows) > 1 else f"{header}\n{rows[-1]}", flush=True)
        print(big_group(Path(tmp)))
    print("Times are wall/CPU seconds. RSS: peak of a fresh")
    print("process loading and analysing. cli: `helhedskort gaps FILE --format json`")
    print("with stdout to /dev/null, end to end (start-up, load, analysis, output),")
    print("median of 3 after a warm-up, with bytecode; load: a bare json.load of the same")
    print("file in a fresh Python, median of 3, run alternately with the cli; ratio = cli / load")
    print("wall seconds, cpu r = the same for CPU seconds (steadier on a busy machine).")
    return 0


def big_group(tmp: Path, units: int = 2000) -> str:
    """One group served by ``units`` units, every goal and paradigm different."""
    from mapping.model import CitizenGroup, Map, Service, Unit

    chain = [Unit("dir", "Direktion")]
    chain += [Unit(f"u{i}", f"Enhed {i}", parent_id="dir") for i in range(units)]
    m = Map(
        units=tuple(chain),
        citizen_groups=(CitizenGroup("g", "Gruppe", est_size=100),),
        services=tuple(
            Service(f"u{i}", "g", goal=f"Mål {i}", paradigm=f"Paradigme {i}") for i in range(units)
        ),
    )
    path = tmp / "big-group.json"
    write_map(m, path)
    run = cli_run(path)
    if run is None or run["rc"] != 0:
        return "one group of 2,000 units: helhedskort gaps failed or is missing"
    return (
        f"one group served by {units:,} units (distinct goals and paradigms): "
        f"helhedskort gaps {run['wall_s']:.1f} s wall, {run['peak_rss_mb']:.0f} MB peak"
    )


if __name__ == "__main__":
    raise SystemExit(main())
