"""Server time of every app page, first run and rerun, on two map sizes.

Each page is run through Streamlit's ``AppTest`` (the same script a browser
session runs, minus the network): once after switching to it with the app's
caches emptied (first run, as after an edit gives the map a new version), then
three more times with nothing changed (rerun: everything derived should come
from the cache; the median is shown). Sizes: the example municipality and the
smallest synthetic municipality with at least 1,000 units.

The leaders' views are also timed the way a leader uses them: *Start her*
for one leader on the gap page, the room of the top unit, the action plan
filtered to one leader, the workshop on the group with most findings, and
the action plan as a workbook and a PDF for the whole map. The synthetic map
gets a decision on every tenth finding so the plan has something to show.

Usage::

    python bench/bench_pages.py            # example + synthetic
    python bench/bench_pages.py --quick    # example only
    python bench/bench_pages.py --leaders  # only the leaders' views
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from synthetic import generate_map  # noqa: E402

from mapping.model import Map  # noqa: E402
from mapping.ui.navigation import PAGES  # noqa: E402

RERUNS = 3


def _synthetic(target_units: int = 1000) -> Map:
    """The smallest synthetic map with at least ``target_units`` units."""
    n = 1
    while True:
        m = generate_map(n, seed=1)
        if len(m.units) >= target_units:
            return m.replace(name=f"Syntetisk ({len(m.units)} enheder)")
        n += 1


def _with_decisions(m: Map) -> Map:
    """Decisions of every status on every tenth finding, as after a few meetings."""
    from mapping.gaps import find_findings
    from mapping.model import Decision, DecisionStatus

    statuses = list(DecisionStatus)
    found = find_findings(m)[::10]
    ds = tuple(
        Decision(f.id, statuses[i % len(statuses)], f.escalate_to, note="Aftalt på mødet")
        for i, f in enumerate(found)
    )
    return m.replace(decisions=ds)


def _timed(at: object, runs: int = RERUNS) -> tuple[float, float, int]:
    """First run with empty caches, then the median of reruns; errors counted."""
    import streamlit as st

    st.cache_resource.clear()
    t0 = time.perf_counter()
    at.run()  # type: ignore[attr-defined]
    first = time.perf_counter() - t0
    again = []
    for _ in range(runs):
        t0 = time.perf_counter()
        at.run()  # type: ignore[attr-defined]
        again.append(time.perf_counter() - t0)
    bad = len(at.exception) + len(at.error)  # type: ignore[attr-defined]
    return first, statistics.median(again), bad


def bench_leaders(label: str, m: Map | None) -> list[tuple[str, str, float, float, int]]:
    """The leaders' views as a leader uses them (see the module)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from mapping import storage
    from mapping.gaps import find_findings

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        os.environ["HELHEDSKORT_DATABASE_URL"] = url
        st.cache_resource.clear()
        if m is not None:
            engine = storage.get_engine(url)
            storage.upgrade(engine)
            storage.create_map(engine, m.name or label, m, author="bench")
        at = AppTest.from_file(str(REPO / "streamlit_app.py"), default_timeout=600)
        at.run()
        engine = storage.get_engine(url)
        map_id = storage.list_maps(engine)[0].id
        stored = storage.load_map(engine, map_id).map
        found = find_findings(stored)
        root = next(u.id for u in stored.units if not u.parent_id and not u.external)
        chief = max(
            (u.id for u in stored.units if u.parent_id == root),
            key=lambda u: sum(f.escalate_to == u for f in found),
        )
        group = max(stored.citizen_groups, key=lambda g: sum(g.id in f.groups for f in found)).id

        def view(name: str, page: str, setup: object = None) -> None:
            at.switch_page(f"mapping/ui/pages/{page}")
            at.run()
            if setup is not None:
                setup()  # type: ignore[operator]
            first, rerun, bad = _timed(at)
            rows.append((label, name, first, rerun, bad))
            print(f"  {name:34s} first {first:6.3f} s   rerun {rerun:6.3f} s"
                  + (f"   ERRORS {bad}" if bad else ""), flush=True)  # fmt: skip

        print(f"{label}: {len(stored.units)} units, {len(found)} findings", flush=True)
        view("start-her (whole map)", "gaps.py")
        view(
            "start-her (one leader)",
            "gaps.py",
            lambda: at.selectbox(key="gp_scope").set_value(f"unit:{chief}"),
        )
        view("mit-ledelsesrum (top unit)", "unit_room.py",
             lambda: at.selectbox(key="rm_unit").set_value(root))  # fmt: skip
        view("mit-ledelsesrum (a chief)", "unit_room.py",
             lambda: at.selectbox(key="rm_unit").set_value(chief))  # fmt: skip
        view("handlingsplan (all)", "plan.py")
        # The registered leader with most findings to decide (the plan's leader filter).
        named = [u.id for u in stored.units if u.leader.strip() and not u.external]
        boss = max(named, key=lambda u: sum(f.escalate_to == u for f in found))

        def one_leader() -> None:
            at.selectbox(key="pl_leader").set_value(boss)

        view("handlingsplan (one leader)", "plan.py", one_leader)
        view("workshop (busiest group)", "workshop.py",
             lambda: at.selectbox(key="ws_group").set_value(group))  # fmt: skip

        from mapping.actionplan import plan_rows
        from mapping.visual.plan_export import plan_pdf, plan_workbook

        plan = plan_rows(found, stored.decisions_by_finding)
        for name, make in (
            ("export workbook (whole map)", lambda: plan_workbook(stored, plan)),
            ("export PDF (whole map)", lambda: plan_pdf(stored, plan, "Kort", time_today())),
        ):
            t0 = time.perf_counter()
            data = make()
            took = time.perf_counter() - t0
            rows.append((label, name, took, float("nan"), 0))
            print(f"  {name:34s} {took:6.3f} s ({len(data) // 1024} KB)", flush=True)
        storage.dispose_engines()
    return rows


def time_today() -> object:
    import datetime as dt

    return dt.date.today()


def bench(label: str, m: Map | None) -> list[tuple[str, str, float, float, int]]:
    """Rows of (dataset, page, first run s, median rerun s, errors)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from mapping import storage

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        os.environ["HELHEDSKORT_DATABASE_URL"] = url
        st.cache_resource.clear()
        st.cache_data.clear()
        if m is not None:  # load it before the app starts, so the app shows it
            engine = storage.get_engine(url)
            storage.upgrade(engine)
            storage.create_map(engine, m.name or label, m, author="bench")
        at = AppTest.from_file(str(REPO / "streamlit_app.py"), default_timeout=600)
        t0 = time.perf_counter()
        at.run()
        start = time.perf_counter() - t0
        print(f"{label}: app start (database, example, first page) {start:.2f} s", flush=True)
        for name, url_path, _, _ in PAGES:
            at.switch_page(f"mapping/ui/pages/{name}")
            st.cache_resource.clear()  # as after an edit: nothing derived is cached
            t0 = time.perf_counter()
            at.run()
            first = time.perf_counter() - t0
            reruns = []
            for _ in range(RERUNS):
                t0 = time.perf_counter()
                at.run()
                reruns.append(time.perf_counter() - t0)
            bad = len(at.exception) + len(at.error)
            rows.append((label, url_path, first, statistics.median(reruns), bad))
            print(
                f"  {url_path:22s} first {first:6.3f} s   rerun {rows[-1][3]:6.3f} s"
                + (f"   ERRORS {bad}" if bad else ""),
                flush=True,
            )
        storage.dispose_engines()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="example municipality only")
    parser.add_argument("--leaders", action="store_true", help="only the leaders' views")
    args = parser.parse_args()
    rows = [] if args.leaders else bench("example", None)
    rows += bench_leaders("example", None)
    if not args.quick:
        synth = _with_decisions(_synthetic())
        label = f"synthetic-{len(synth.units)}"
        if not args.leaders:
            rows += bench(label, synth)
        rows += bench_leaders(label, synth)
    print()
    print(f"{'dataset':18s} {'page':34s} {'first run (s)':>14s} {'rerun (s)':>10s} {'errors':>7s}")
    for label, page, first, rerun, bad in rows:
        print(f"{label:18s} {page:34s} {first:14.3f} {rerun:10.3f} {bad:7d}")


if __name__ == "__main__":
    main()
