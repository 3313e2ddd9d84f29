"""Benchmark: the interactive map against pyvis's defaults, at 100, 1,000 and 5,000 nodes.

Prints, per size: Python time to build the HTML, its size, and the time from
navigation to a drawn, interactive network in headless Debian chromium, for
Helhedskort's page (positions from Python, physics off, with its search box,
buttons, keyboard and highlighting; afterwards the bench clicks its zoom button
and searches a node, to show it answers; also the CPU time its main thread
spent until then, a steadier figure on a shared machine) and for pyvis's
defaults on the same graph (``from_nx``, physics on, default template, waited
on until ``stabilizationIterationsDone``, capped). pyvis's page asks for
Bootstrap from a CDN; those requests are aborted at once so the comparison
does not measure the network.

Run: ``python bench/bench_network.py [--sizes 100 1000 5000] [--cap 120]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

from synthetic import sized_map

from mapping.gaps import find_findings
from mapping.graph import build_graph
from mapping.visual.network import network_html

CHROMIUM = os.environ.get("HELHEDSKORT_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
HOOK = "network = new vis.Network(container, data, options);"
HOOKED = (
    HOOK + "\nwindow.__stab = null; network.once('stabilizationIterationsDone', function () {"
    " window.__stab = performance.now(); });"
    " network.once('afterDrawing', function () { window.__drawn = performance.now(); });"
)


def pyvis_default(m) -> tuple[str, float]:
    """pyvis with its defaults on the map's graph; returns (html, python seconds)."""
    from pyvis.network import Network

    t = time.perf_counter()
    net = Network(cdn_resources="in_line")  # "local" would fetch vis-network from a CDN too
    net.from_nx(build_graph(m))
    html = net.generate_html()
    return html.replace(HOOK, HOOKED), time.perf_counter() - t


def load_ms(page, url: str, ready_js: str, cap_s: float) -> tuple[float | None, float | None]:
    """Milliseconds from navigation start until ``ready_js`` gives a number (None at the
    cap), and the CPU milliseconds the page's main thread had spent by then.

    The CPU figure (Chromium's ThreadTime metric) moves much less than the wall
    time when other work shares the machine's cores.
    """
    cdp = page.context.new_cdp_session(page)
    cdp.send("Performance.enable")
    page.goto(url, wait_until="commit", timeout=cap_s * 1000)
    try:
        page.wait_for_function(f"() => typeof ({ready_js}) === 'number'", timeout=cap_s * 1000,
                               polling=100)  # fmt: skip
    except Exception:  # playwright's TimeoutError: report "> cap"
        return None, None
    value = page.evaluate(ready_js)
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    cpu = metrics["ThreadTime"] * 1000 if "ThreadTime" in metrics else None
    # prove it is interactive: ours answers its zoom button and its search box,
    # pyvis's page a zoom call
    if page.locator("#hk-zoom-in").count():
        before = page.evaluate("network.getScale()")
        page.click("#hk-zoom-in")
        assert page.evaluate("network.getScale()") > before
        page.fill("#hk-search", "enhed 1")
        page.press("#hk-search", "Enter")
        assert page.evaluate("network.getSelectedNodes().length") == 1
    else:
        page.evaluate("() => { network.moveTo({scale: 1.2}); network.redraw(); }")
    return float(value), cpu


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    ap.add_argument("--cap", type=float, default=120.0, help="seconds to wait for pyvis defaults")
    ap.add_argument("--skip-pyvis", action="store_true")
    args = ap.parse_args(argv)

    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for n in args.sizes:
            m = sized_map(n)
            t = time.perf_counter()
            gaps = find_findings(m, today=dt.date(2026, 11, 23))
            t_gaps = time.perf_counter() - t
            t = time.perf_counter()
            ours = network_html(m, gaps, title=m.name)
            t_ours = time.perf_counter() - t
            path = Path(tmp, f"ours-{n}.html")
            path.write_text(ours, encoding="utf-8")
            ctx = browser.new_context(viewport={"width": 1400, "height": 900})
            page = ctx.new_page()
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
                       else r.abort())  # fmt: skip
            ms_ours, cpu_ours = load_ms(page, path.as_uri(), "window.helhedskortDrawnAt", args.cap)
            ctx.close()
            row = {"n": n, "edges": sum(1 for _ in build_graph(m).edges), "gaps": len(gaps),
                   "t_gaps": t_gaps, "t_ours": t_ours, "kb_ours": len(ours.encode()) / 1024,
                   "ms_ours": ms_ours, "cpu_ours": cpu_ours}  # fmt: skip
            if not args.skip_pyvis:
                html, t_py = pyvis_default(m)
                ppath = Path(tmp, f"pyvis-{n}.html")
                ppath.write_text(html, encoding="utf-8")
                ctx = browser.new_context(viewport={"width": 1400, "height": 900})
                page = ctx.new_page()
                page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
                           else r.abort())  # fmt: skip
                ms_py, _ = load_ms(page, ppath.as_uri(), "window.__stab", args.cap)
                ctx.close()
                row |= {"t_py": t_py, "kb_py": len(html.encode()) / 1024, "ms_py": ms_py}
            rows.append(row)
            print(_line(row, args.cap), flush=True)
        browser.close()
    return 0


def _fmt_ms(ms: float | None, cap: float) -> str:
    return f"> {cap:.0f} s" if ms is None else f"{ms / 1000:.2f} s"


def _line(r: dict, cap: float) -> str:
    out = (f"{r['n']:>5} nodes {r['edges']:>6} edges {r['gaps']:>5} gaps"
           f" | find_findings {r['t_gaps']:.2f} s"
           f" | ours: build {r['t_ours']:.2f} s, {r['kb_ours']:.0f} KB,"
           f" interactive {_fmt_ms(r['ms_ours'], cap)}"
           f" (main thread CPU {_fmt_ms(r['cpu_ours'], cap)})")  # fmt: skip
    if "t_py" in r:
        ratio = ("n/a" if r["ms_ours"] is None else
                 f"> {cap * 1000 / r['ms_ours']:.0f}x" if r["ms_py"] is None
                 else f"{r['ms_py'] / r['ms_ours']:.0f}x")  # fmt: skip
        out += (f" | pyvis defaults: build {r['t_py']:.2f} s, {r['kb_py']:.0f} KB,"
                f" stabilised {_fmt_ms(r['ms_py'], cap)} | ratio {ratio}")  # fmt: skip
    return out


if __name__ == "__main__":
    sys.exit(main())
