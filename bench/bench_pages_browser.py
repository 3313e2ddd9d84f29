"""Every app page in a real browser, example map and a ~3,000-unit map side by side.

Starts ``streamlit run streamlit_app.py`` on a temporary SQLite database that
holds the example municipality and a synthetic map of ten municipalities
(about 3,000 units, a decision on every tenth finding), then opens every page
of both maps in headless Chromium (Playwright) and measures the time until
the page has *settled*: its title is shown, Streamlit's status widget is
hidden and no element is stale or a skeleton. The two maps are visited page
by page, one after the other, so both see the same machine load; the table
gives the ratio synthetic / example (target: at most 3×).

Each visit is a fresh load of the page's URL (``/huller?kort=2``): a new
session, so the server's caches are the only thing carried over. With
``--rounds 2`` every page is loaded twice per map and the second (warm) time
is shown too.

The server's resident memory (RSS, from /proc) is read after the first page
and after every page of both maps has been visited (target: at most 1.5×).

Usage::

    python bench/bench_pages_browser.py              # both maps, one round
    python bench/bench_pages_browser.py --rounds 2   # also the warm time
    python bench/bench_pages_browser.py --units 1000 # a smaller synthetic map
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from bench_pages import _with_decisions  # noqa: E402
from synthetic import generate_map  # noqa: E402

from mapping.ui.navigation import PAGES  # noqa: E402
from tests.conftest import streamlit_server  # noqa: E402

CHROMIUM = os.environ.get("HELHEDSKORT_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
WAIT_MS = 240_000  # a bound against a hung page, not a target


@contextmanager
def server(db_url: str, log_path: Path, app: Path = REPO) -> Iterator[tuple[str, int]]:
    """``streamlit run`` of ``app``'s streamlit_app.py on a free port; yields (base url, pid)."""
    procs: list[subprocess.Popen] = []
    with streamlit_server(
        db_url, log_path.parent, log_name=log_path.name, app=app, seconds=90, procs=procs
    ) as base:
        yield base, procs[0].pid


def rss_mib(pid: int) -> float:
    """Resident memory of ``pid`` in MiB (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of ``pid`` so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_idle(pid: int, bound: float = 180.0) -> None:
    """Wait until the server has finished the previous page's work (CPU quiet for 0.5 s).

    A page left while its script still runs keeps the server busy; without this
    the next page would be measured against it.
    """
    deadline = time.monotonic() + bound
    last = cpu_seconds(pid)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = cpu_seconds(pid)
        if now - last < 0.05:
            return
        last = now


SETTLED = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return app && app.dataset.testScriptState === 'notRunning'
    && app.dataset.testConnectionState === 'CONNECTED'
    && document.querySelector('h1')
    && !document.querySelector('[data-testid="stSkeleton"], [data-stale="true"]');
}"""


def settle(p: Any) -> None:
    """Wait until the page's script run has finished and its elements are drawn.

    The same signals as Streamlit's own browser tests: the app says its script is
    not running, the page has its title, and no element is stale or a skeleton.
    """
    p.wait_for_function(SETTLED, timeout=WAIT_MS, polling=100)
    p.wait_for_timeout(200)  # a rerun the page asks for itself starts within this
    p.wait_for_function(SETTLED, timeout=WAIT_MS, polling=100)


def visit(p: Any, url: str, pid: int) -> tuple[float, int, int]:
    """(seconds to settle, DOM elements, errors shown) for one page load."""
    p.goto("about:blank")
    wait_idle(pid)
    t0 = time.perf_counter()
    p.goto(url, wait_until="commit")
    settle(p)
    took = time.perf_counter() - t0
    elements = int(p.evaluate("document.getElementsByTagName('*').length"))
    errors = p.locator('[data-testid="stException"], [data-testid="stAlertContentError"]').count()
    return took, elements, errors


def build_db(path: Path, units: int) -> tuple[str, dict[str, int]]:
    """A SQLite database with the example map and a synthetic map of about ``units`` units."""
    from mapping import storage
    from mapping.readwrite import read_map

    url = f"sqlite:///{path}"
    engine = storage.get_engine(url)
    storage.upgrade(engine)
    example = read_map(REPO / "data" / "example.json")
    n = max(1, round(units / 306))
    synth = _with_decisions(generate_map(n, seed=1))
    ids = {
        "example": storage.create_map(engine, example.name or "Eksempel", example, author="bench"),
        f"synthetic-{len(synth.units)}": storage.create_map(
            engine, synth.name or "Syntetisk", synth, author="bench"
        ),
    }
    storage.dispose_engines()
    return url, ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=3000, help="size of the synthetic map")
    parser.add_argument("--rounds", type=int, default=1, help="loads of each page per map")
    parser.add_argument("--pages", default="", help="comma-separated url paths (default: all)")
    parser.add_argument(
        "--app", type=Path, default=REPO, help="checkout whose app to run (e.g. an older commit)"
    )
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    wanted = [x for x in args.pages.split(",") if x]
    pages = [url for _, url, _, _ in PAGES if not wanted or url in wanted]
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        db_url, ids = build_db(Path(tmp) / "bench.sqlite3", args.units)
        print(f"database with {', '.join(ids)} built in {time.perf_counter() - t0:.1f} s")
        labels = list(ids)
        times: dict[tuple[str, str], list[float]] = {}
        dom: dict[tuple[str, str], int] = {}
        bad: dict[tuple[str, str], int] = {}
        with (
            server(db_url, Path(tmp) / "server.log", args.app) as (base, pid),
            sync_playwright() as pw,
        ):
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
            p = ctx.new_page()
            rss_start = rss_mib(pid)
            # Warm-up, not timed: the server's first run imports the app's modules.
            visit(p, f"{base}/indstillinger?kort={ids[labels[0]]}", pid)
            first_done = False
            rss_first = rss_start
            for page in pages:
                for _ in range(args.rounds):
                    for label in labels:
                        took, elements, errors = visit(p, f"{base}/{page}?kort={ids[label]}", pid)
                        times.setdefault((label, page), []).append(took)
                        dom[(label, page)] = elements
                        bad[(label, page)] = bad.get((label, page), 0) + errors
                        if not first_done:
                            rss_first, first_done = rss_mib(pid), True
                        print(
                            f"  {label:16s} {page:22s} {took:7.2f} s  {elements:7d} elements"
                            + (f"  ERRORS {errors}" if errors else ""),
                            flush=True,
                        )
            rss_end = rss_mib(pid)
            browser.close()
    print()
    a, b = labels
    warm = args.rounds > 1
    head = f"{'page':22s} {a + ' (s)':>14s} {b + ' (s)':>22s} {'ratio':>6s}"
    if warm:
        head += f" {'warm ' + a:>14s} {'warm ' + b:>22s} {'ratio':>6s}"
    print(head + f" {'DOM ' + b:>24s}")
    worst = 0.0
    for page in pages:
        ta, tb = times[(a, page)], times[(b, page)]
        ratio = tb[0] / ta[0]
        worst = max(worst, ratio)
        line = f"{page:22s} {ta[0]:14.2f} {tb[0]:22.2f} {ratio:5.1f}×"
        if warm:
            line += f" {min(ta[1:]):14.2f} {min(tb[1:]):22.2f} {min(tb[1:]) / min(ta[1:]):5.1f}×"
        flag = "  ERRORS" if bad[(a, page)] or bad[(b, page)] else ""
        print(line + f" {dom[(b, page)]:24d}{flag}")
    print(f"\nworst ratio {worst:.1f}× (target ≤ 3×)")
    print(
        f"server RSS: {rss_start:.0f} MiB at start, {rss_first:.0f} MiB after the first page, "
        f"{rss_end:.0f} MiB after every page of both maps "
        f"({rss_end / rss_first:.2f}× the first page; target ≤ 1.5×)"
    )
    load = os.getloadavg()
    print(f"load average during the run: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")


if __name__ == "__main__":
    main()
