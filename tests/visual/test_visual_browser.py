"""The exported interactive map in a real browser: offline, and no script from user text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mapping.gaps import find_findings
from mapping.visual import ViewFilter, export_view, network_html
from tests.visual.visual_maps import PAYLOADS, payload_map

pytestmark = pytest.mark.browser
TODAY = dt.date(2026, 11, 23)


class Recorder:
    """Opens a page that may load only its own file; records everything else."""

    def __init__(self, browser, path: Path) -> None:
        self.url = path.resolve().as_uri()
        self.blocked: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(viewport={"width": 1400, "height": 900})
        self.page = self.context.new_page()
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.route("**/*", self._route)

    def _dialog(self, d) -> None:
        self.dialogs.append(d.message)
        d.dismiss()

    def _route(self, route) -> None:
        if route.request.url == self.url:
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def open(self) -> None:
        self.page.goto(self.url)
        self.page.wait_for_selector("body[data-drawn='1']", state="attached", timeout=30_000)

    def node_points(self) -> dict[str, tuple[float, float]]:
        """Page coordinates of every node's centre."""
        return self.page.evaluate(
            """() => {
            const box = document.getElementById('mynetwork').getBoundingClientRect();
            const pos = network.getPositions();
            const out = {};
            for (const id in pos) {
                const d = network.canvasToDOM(pos[id]);
                out[id] = [box.left + d.x, box.top + d.y];
            }
            return out;
        }"""
        )

    def edge_points(self) -> list[tuple[float, float]]:
        """Page coordinates of the midpoint of every edge."""
        return self.page.evaluate(
            """() => {
            const box = document.getElementById('mynetwork').getBoundingClientRect();
            const pos = network.getPositions();
            return network.body.data.edges.get().map(e => {
                const a = pos[e.from], b = pos[e.to];
                const d = network.canvasToDOM({x: (a.x + b.x) / 2, y: (a.y + b.y) / 2});
                return [box.left + d.x, box.top + d.y];
            });
        }"""
        )

    def close(self) -> None:
        self.context.close()


def test_example_renders_offline_and_requests_nothing(
    browser, example_map, tmp_path, artifacts_dir
):
    gaps = find_findings(example_map, today=TODAY)
    dst = export_view(example_map, gaps, tmp_path / "kort.html", title="Fjordby Kommune")
    html = dst.read_text(encoding="utf-8")
    assert "<script src" not in html and "<link" not in html
    rec = Recorder(browser, dst)
    try:
        rec.open()
        n_model = (
            len(example_map.units) + len(example_map.citizen_groups) + len(example_map.principles)
        )
        assert rec.page.evaluate("network.body.data.nodes.length") == n_model
        assert rec.page.evaluate("Object.keys(network.getPositions()).length") == n_model
        assert rec.page.locator("#mynetwork canvas").count() == 1
        assert rec.page.locator("#legend").is_visible()
        assert "Fjordby Kommune" in rec.page.locator("header h1").inner_text()
        # interactive: hovering a node shows its tooltip
        pts = rec.node_points()
        x, y = pts["unit:dir"]
        rec.page.mouse.move(x, y)
        rec.page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
        assert "Direktionen" in rec.page.locator("div.vis-tooltip").inner_text()
        rec.page.screenshot(path=str(artifacts_dir / "visual-example-network.png"))
        assert rec.blocked == []
        assert rec.requests == [rec.url]
        assert not [u for u in rec.requests if u.startswith(("http:", "https:"))]
        assert rec.errors == []
    finally:
        rec.close()


def test_chain_layout_and_filtered_view_render(browser, example_map, tmp_path, artifacts_dir):
    gaps = find_findings(example_map, today=TODAY)
    dst = export_view(example_map, gaps, tmp_path / "kaede.html", layout="chain", lang="en")
    rec = Recorder(browser, dst)
    try:
        rec.open()
        assert rec.page.evaluate("network.body.data.nodes.length") > 0
        assert "Legend" in rec.page.locator("#legend summary").inner_text()
        rec.page.screenshot(path=str(artifacts_dir / "visual-example-chain.png"))
        assert rec.blocked == [] and rec.errors == []
    finally:
        rec.close()
    nobody = tmp_path / "tom.html"
    nobody.write_text(
        network_html(example_map, gaps, view=ViewFilter(sectors=frozenset({"ingen"}))),
        encoding="utf-8",
    )
    rec = Recorder(browser, nobody)
    try:
        rec.open()
        assert rec.page.evaluate("network.body.data.nodes.length") == 0
        assert rec.page.locator("#empty").is_visible()
    finally:
        rec.close()


def test_payloads_run_no_script_on_load_hover_or_click(browser, tmp_path, artifacts_dir):
    m = payload_map()
    gaps = find_findings(m, today=TODAY)
    assert any(g.code == "HK401" for g in gaps)  # so gap edges with payload titles are drawn
    dst = export_view(m, gaps, tmp_path / "payload.html", title=PAYLOADS[1])
    html = dst.read_text(encoding="utf-8")
    for bad in ("<img src=x", "</script><script>window", "<svg onload", "<a href=javascript"):
        assert bad not in html
    rec = Recorder(browser, dst)
    try:
        rec.open()
        page = rec.page
        n = len(m.units) + len(m.citizen_groups) + len(m.principles)
        assert page.evaluate("network.body.data.nodes.length") == n
        # vis-network, ours and the data block (JSON, never executed)
        assert page.evaluate("document.scripts.length") == 3
        assert page.evaluate("document.querySelectorAll('script:not([type])').length") == 2
        assert page.evaluate("document.querySelectorAll('img, svg, iframe, a').length") == 0
        # the heading shows the payload as text
        assert PAYLOADS[1] in page.locator("header h1").inner_text()
        shown_tooltips = 0
        for x, y in rec.node_points().values():
            page.mouse.move(x, y)
            page.wait_for_timeout(250)
            tip = page.locator("div.vis-tooltip")
            if tip.count() and tip.first.is_visible():
                shown_tooltips += 1
            page.mouse.click(x, y)
            page.mouse.dblclick(x, y)
        for x, y in rec.edge_points():
            page.mouse.move(x, y)
            page.wait_for_timeout(200)
            page.mouse.click(x, y)
        assert shown_tooltips >= n // 2
        # a tooltip holds the payload as plain text, not as markup
        x, y = rec.node_points()[next(k for k in rec.node_points() if k.startswith("unit:u0"))]
        page.mouse.move(x + 1, y + 1)
        page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
        assert "<img src=x" in page.locator("div.vis-tooltip").inner_text()
        assert (
            page.locator("div.vis-tooltip *").count() <= page.locator("div.vis-tooltip br").count()
        )
        page.screenshot(path=str(artifacts_dir / "visual-payload.png"))
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert rec.dialogs == []
        assert rec.blocked == [] and rec.errors == []
        assert page.evaluate("document.querySelectorAll('img, svg, iframe, a').length") == 0
    finally:
        rec.close()


# What a reader sees: every node on screen, labels of at least this many pixels.
READABLE_PX = 11
VIOLATIONS = (
    "document.addEventListener('securitypolicyviolation', e => {"
    " (window.__violations = window.__violations || []).push(e.violatedDirective); });"
)


FILL = """(key) => {
    const b = network.getBoundingBox(key);
    const at = network.canvasToDOM({x: b.left + 8, y: (b.top + b.bottom) / 2});
    const canvas = document.querySelector('#mynetwork canvas');
    const r = canvas.width / canvas.clientWidth;
    const x = Math.round(at.x * r), y = Math.round(at.y * r);
    const d = canvas.getContext('2d').getImageData(x, y, 1, 1).data;
    return [d[0], d[1], d[2]];
}"""


def fill(page, key: str) -> list[int]:
    """The colour drawn just inside a box node's left edge."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    return page.evaluate(FILL, key)


def label_px(page) -> float:
    """The on-screen size of a label: the view's scale times the font size."""
    first = "network.body.nodes[Object.keys(network.body.nodes)[0]]"
    return page.evaluate(f"network.getScale() * {first}.options.font.size")


def test_example_opens_fitted_and_readable_and_answers_buttons_keys_and_search(
    browser, example_map, tmp_path, artifacts_dir
):
    gaps = find_findings(example_map, today=TODAY)
    dst = export_view(example_map, gaps, tmp_path / "kort.html", title="Fjordby Kommune")
    rec = Recorder(browser, dst)
    rec.page.add_init_script(VIOLATIONS)
    page = rec.page
    try:
        rec.open()
        start = page.evaluate("network.getScale()")
        assert label_px(page) >= READABLE_PX
        # fitted: every node's centre is inside the drawing area
        box = page.locator("#mynetwork").bounding_box()
        for key, (x, y) in rec.node_points().items():
            assert box["x"] < x < box["x"] + box["width"], key
            assert box["y"] < y < box["y"] + box["height"], key
        page.screenshot(path=str(artifacts_dir / "visual-example-start.png"))
        # keyboard: Tab reaches the map, + zooms, an arrow key moves the view
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.classList.contains('vis-network')")
        page.keyboard.press("+")
        assert page.evaluate("network.getScale()") > start * 1.2
        x0 = page.evaluate("network.getViewPosition().x")
        # held until the view moved: vis-network moves the view while the key is down
        page.keyboard.down("ArrowRight")
        page.wait_for_function(f"() => network.getViewPosition().x !== {x0}")
        page.keyboard.up("ArrowRight")
        page.click("#hk-fit")
        fitted = page.evaluate("network.getScale()")
        assert fitted == pytest.approx(start, rel=0.02)
        page.click("#hk-zoom-in")
        assert page.evaluate("network.getScale()") == pytest.approx(fitted * 1.3)
        page.click("#hk-zoom-out")
        page.click("#hk-zoom-out")
        assert page.evaluate("network.getScale()") == pytest.approx(fitted / 1.3)
        page.click("#hk-fit")
        assert page.evaluate("network.getScale()") == pytest.approx(fitted)
        # search by part of a name: the node is chosen, its neighbours stay, the rest dims
        before = {"unit:dir": fill(page, "unit:dir")}
        page.fill("#hk-search", "sundhedspl")
        page.press("#hk-search", "Enter")
        assert page.evaluate("network.getSelectedNodes()") == ["unit:sundhedspleje"]
        assert "Sundhedsplejen" in page.locator("#hk-status").inner_text()
        near = set(page.evaluate("network.getConnectedNodes('unit:sundhedspleje')"))
        shown = set(page.evaluate("helhedskort.highlighted()"))
        assert shown == near | {"unit:sundhedspleje"} and len(near) >= 2
        # the rest is veiled: a far unit's fill turns almost white, the chosen one's stays
        assert min(fill(page, "unit:sundhedspleje")) < 200
        assert max(before["unit:dir"]) < 200 <= min(fill(page, "unit:dir"))
        centre = page.evaluate("network.canvasToDOM(network.getPosition('unit:sundhedspleje'))")
        assert abs(centre["x"] - box["width"] / 2) < 5  # brought into the middle
        assert label_px(page) >= READABLE_PX
        page.screenshot(path=str(artifacts_dir / "visual-example-search.png"))
        page.fill("#hk-search", "findes ikke")
        page.press("#hk-search", "Enter")
        assert "findes ikke" in page.locator("#hk-status").inner_text()
        # Esc on the map clears the choice and the dimming
        page.focus("#mynetwork .vis-network")
        page.keyboard.press("Escape")
        assert page.evaluate("network.getSelectedNodes()") == []
        assert page.evaluate("helhedskort.highlighted()") == []
        assert fill(page, "unit:dir") == before["unit:dir"]
        assert page.evaluate("window.__violations || []") == []
        assert rec.blocked == [] and rec.errors == []
    finally:
        rec.close()


FONTS = """(id) => {
    // every font option the node's label reads, own or shared through a prototype
    const f = network.body.nodes[id].labelModule.fontOptions, out = {};
    for (const k in f) { out[k] = typeof f[k] === 'object' ? Object.assign({}, f[k]) : f[k]; }
    delete out.chooser;
    return out;
}"""


def test_the_quick_data_load_leaves_vis_network_as_its_own_load_would(
    browser, example_map, tmp_path
):
    """diagram.js hands vis-network the data with the initial fit set aside and each
    kind's label fonts worked out once and shared; afterwards all is vis-network's own."""
    gaps = find_findings(example_map, today=TODAY)
    dst = export_view(example_map, gaps, tmp_path / "kort.html", title="Fjordby Kommune")
    rec = Recorder(browser, dst)
    page = rec.page
    try:
        rec.open()
        shared = page.evaluate(FONTS, "unit:dir")
        assert shared["size"] == 18 and shared["bold"]["size"] == 18
        # vis-network's own update gives the node the same font options
        page.evaluate("network.body.nodes['unit:dir'].setOptions({})")
        assert page.evaluate(FONTS, "unit:dir") == shared
        # one node's own font changes that node only
        page.evaluate("network.body.data.nodes.update({id: 'unit:dir', font: {color: '#ff0000'}})")
        assert page.evaluate(FONTS, "unit:dir")["color"] == "#ff0000"
        assert page.evaluate(FONTS, "unit:sundhedspleje") == shared
        # the widths a label measures at the start are vis-network's own
        key = "unit:sundhedspleje"
        width = page.evaluate(
            f"network.getBoundingBox('{key}').right - network.getBoundingBox('{key}').left"
        )
        page.evaluate(f"network.body.nodes['{key}'].setOptions({{}}); network.redraw()")
        again = page.evaluate(
            f"network.getBoundingBox('{key}').right - network.getBoundingBox('{key}').left"
        )
        assert width == pytest.approx(again)
        # vis-network's own fit is back
        page.evaluate("network.moveTo({scale: 5})")
        page.evaluate("network.fit()")
        assert page.evaluate("network.getScale()") < 5
        assert rec.errors == []
    finally:
        rec.close()


PROBE = """() => {
    const tried = [];
    const attempt = (what, f) => { try { f(); tried.push(what + ': allowed'); }
                                   catch (e) { tried.push(what + ': ' + e.name); } };
    attempt('html', () => document.body.insertAdjacentHTML(
        'beforeend', '<img src=x onerror="window.__pwned=1">'));
    attempt('handler', () => { const i = document.createElement('img');
        i.setAttribute('onerror', 'window.__pwned=2'); i.src = 'data:,x';
        document.body.appendChild(i); });
    attempt('script', () => { const s = document.createElement('script');
        s.textContent = 'window.__pwned=3'; document.body.appendChild(s); });
    attempt('link', () => { const a = document.createElement('a');
        a.href = 'javascript:window.__pwned=4'; document.body.appendChild(a); a.click(); });
    return tried;
}"""


def probe(frame) -> list[str]:
    """Act out an escaping bug in ``frame``; returns what ran (nothing, we hope)."""
    tried = frame.evaluate(PROBE)
    frame.wait_for_timeout(300)
    return [*tried, f"pwned={frame.evaluate('window.__pwned')}"]


def test_the_policy_stops_markup_that_slipped_through(browser, example_map, tmp_path):
    """Even if user text reached the page as markup, no script from it would run."""
    gaps = find_findings(example_map, today=TODAY)
    dst = export_view(example_map, gaps, tmp_path / "kort.html")
    rec = Recorder(browser, dst)
    try:
        rec.open()
        tried = probe(rec.page)
        assert tried[-1] == "pwned=None", tried
        assert "html: TypeError" in tried  # trusted types: no markup from strings
        assert rec.dialogs == []
    finally:
        rec.close()
    # The probe does run where no policy guards the page.
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content("<p>unguarded</p>")
        tried = probe(page)
        assert tried[-1] != "pwned=None" and "html: allowed" in tried, tried
    finally:
        context.close()
