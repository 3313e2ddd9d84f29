"""Server time of every app page, first run and rerun, on two map sizes.

Each page is run through Streamlit's ``AppTest`` (the same script a browser
session runs, minus the network): once after switching to it with the app's
caches emptied (first run, as after an edit gives the map a new version), then
three more times with nothing changed (rerun: everything derived should come
from the cache; the median is shown). Sizes: the example municipality and the
smallest synthetic municipality with at least 1,000 units.

Usage::

    python bench/bench_pages.py            # example + synthetic
    python bench/bench_pages.py --quick    # example only
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
    args = parser.parse_args()
    rows = bench("example", None)
    if not args.quick:
        synth = _synthetic()
        label = f"synthetic-{len(synth.units)}"
        rows += bench(label, synth)
    print()
    print(f"{'dataset':18s} {'page':22s} {'first run (s)':>14s} {'rerun (s)':>10s} {'errors':>7s}")
    for label, page, first, rerun, bad in rows:
        print(f"{label:18s} {page:22s} {first:14.3f} {rerun:10.3f} {bad:7d}")


if __name__ == "__main__":
    main()
