"""The map page in the running app, in Debian's chromium: readable, usable, offline.

One ``streamlit run`` on a fresh SQLite database (the example municipality)
serves the module. The diagram is the app's component frame
(``mapping/visual/web/index.html``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from mapping.gaps import find_findings
from tests.browser_helpers import fresh_app, settled
from tests.conftest import BROWSER_WAIT as WAIT

pytestmark = pytest.mark.browser

READABLE_PX = 11
FRAME = "iframe[src*='/component/mapping.ui.diagram.kort/']"
PROBE = """() => {
    const tried = [];
    const attempt = (what, f) => { try { f(); tried.push(what + ': allowed'); }
                                   catch (e) { tried.push(what + ': ' + e.name); } };
    attempt('html', () => document.body.insertAdjacentHTML(
        'beforeend', '<img src=x onerror="window.top.__pwned=1">'));
    attempt('handler', () => { const i = document.createElement('img');
        i.setAttribute('onerror', 'window.top.__pwned=2'); i.src = 'data:,x';
        document.body.appendChild(i); });
    attempt('script', () => { const s = document.createElement('script');
        s.textContent = 'window.top.__pwned=3'; document.body.appendChild(s); });
    return tried;
}"""


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, browser: Any, app_server: Any
) -> Iterator[str]:
    with fresh_app(tmp_path_factory, app_server, "map-app") as (base, _):
        yield base


def diagram(page: Any) -> Any:
    """The component's frame once the network is drawn."""
    page.locator(FRAME).wait_for(timeout=WAIT)
    frame = page.frame_locator(FRAME)
    frame.locator("body[data-drawn='1']").wait_for(state="attached", timeout=WAIT)
    return next(f for f in page.frames if "/component/" in f.url)


def on_page(page: Any, frame: Any, key: str) -> tuple[float, float]:
    """Page coordinates of node ``key`` in the component frame."""
    box = page.locator(FRAME).bounding_box()
    x, y = frame.evaluate(
        """(key) => { const r = document.getElementById('mynetwork').getBoundingClientRect();
        const d = network.canvasToDOM(network.getPosition(key));
        return [r.left + d.x, r.top + d.y]; }""",
        key,
    )
    return box["x"] + x, box["y"] + y


def empty_point(page: Any, frame: Any) -> tuple[float, float]:
    """Page coordinates of a visible spot of the map with no node or link under it."""
    box = page.locator(FRAME).bounding_box()
    height = min(box["height"], page.viewport_size["height"] - box["y"]) - 10
    x, y = frame.evaluate(
        """(h) => { const c = document.getElementById('mynetwork');
        for (let y = 80; y < h; y += 15) for (let x = 15; x < c.clientWidth - 15; x += 15) {
            if (network.getNodeAt({x, y}) === undefined && network.getEdgeAt({x, y}) === undefined
                && document.elementFromPoint(x, y).tagName === 'CANVAS') return [x, y]; }
        return null; }""",
        height,
    )
    return box["x"] + x, box["y"] + y


def label_px(frame: Any) -> float:
    return frame.evaluate("network.getScale() * network.body.nodes['unit:dir'].options.font.size")


def panel_heading(page: Any, name: str | re.Pattern[str]) -> None:
    page.get_by_role("heading", name=name, exact=True).wait_for(timeout=WAIT)
    settled(page)


def test_the_map_opens_readable_and_a_chosen_node_opens_its_panel(
    browser: Any, server: str, artifacts_dir: Path, example_map: Any
) -> None:
    # A laptop's width, tall enough to show the whole frame below the filters.
    context = browser.new_context(viewport={"width": 1400, "height": 1200}, locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(WAIT)
    try:
        page.goto(server)
        page.get_by_role("heading", name="Helhedskortet", exact=True).wait_for(timeout=90_000)
        frame = diagram(page)
        settled(page)
        assert label_px(frame) >= READABLE_PX
        title = page.locator(FRAME).get_attribute("title")
        found = len(find_findings(example_map))  # HK501 depends on today's date
        assert title == f"Interaktivt netværkskort med 74 knuder og {found} huller."
        box = page.locator(FRAME).bounding_box()
        points = frame.evaluate("Object.keys(network.getPositions())")
        assert len(points) == 74  # 50 units, 11 groups, 13 principles
        for key in points:  # opens fitted: every node inside the frame
            x, y = on_page(page, frame, key)
            assert box["x"] < x < box["x"] + box["width"], key
            assert box["y"] < y < box["y"] + box["height"], key
        caption = page.get_by_text(re.compile(r"^Viser 74 knuder: 50 enheder")).first
        assert f"{found} huller" in caption.inner_text()
        page.screenshot(path=artifacts_dir / "map-app-start.png")

        # The wheel scrolls the page until the map is clicked; then it zooms.
        scale = frame.evaluate("network.getScale()")
        main = page.locator('[data-testid="stMain"]')
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.wheel(0, 200)
        page.wait_for_function(
            "() => document.querySelector('[data-testid=\"stMain\"]').scrollTop > 0"
        )
        assert frame.evaluate("network.getScale()") == scale
        assert frame.locator("#hk-hint").is_visible()
        main.evaluate("e => e.scrollTo(0, 0)")
        box = page.locator(FRAME).bounding_box()
        page.mouse.click(*empty_point(page, frame))
        page.mouse.wheel(0, -200)
        frame.wait_for_function(f"() => network.getScale() > {scale}")
        assert main.evaluate("e => e.scrollTop") == 0
        frame.locator("#hk-fit").click()
        assert frame.evaluate("network.getScale()") == pytest.approx(scale, rel=0.02)
        frame.locator("#hk-zoom-in").click()
        assert frame.evaluate("network.getScale()") == pytest.approx(scale * 1.3, rel=0.02)
        frame.locator("#hk-zoom-out").click()

        # A click on a node opens its panel in the app.
        page.mouse.click(*on_page(page, frame, "unit:sundhedspleje"))
        panel_heading(page, "Sundhedsplejen")
        edit = page.get_by_role("link", name=re.compile("^Redigér: Sundhedsplejen"))
        assert re.search(r"table=units.*id=sundhedspleje", edit.get_attribute("href") or "")
        assert frame.evaluate("network.getSelectedNodes()") == ["unit:sundhedspleje"]
        # the frame narrowed for the panel; the chosen node's labels stay readable
        frame.wait_for_function(
            f"() => network.getScale() * network.body.nodes['unit:dir'].options.font.size"
            f" >= {READABLE_PX}"
        )
        page.screenshot(path=artifacts_dir / "map-app-panel.png")

        # Search in the map: the unit is chosen, centred and opened in the panel.
        frame.locator("#hk-search").fill("jobcenter fj")
        frame.locator("#hk-search").press("Enter")
        panel_heading(page, "Jobcenter Fjordby")
        assert frame.evaluate("network.getSelectedNodes()") == ["unit:jobcenter"]
        assert "Jobcenter Fjordby" in frame.locator("#hk-status").inner_text()

        # An escaping bug in the component would not run: its policy refuses it.
        tried = frame.evaluate(PROBE)
        page.wait_for_timeout(300)
        assert "html: TypeError" in tried, tried
        assert page.evaluate("typeof window.__pwned") == "undefined", tried

        # The panel's link opens the unit's own page.
        page.get_by_role("button", name="Åbn i Mit ledelsesrum").click()
        page.get_by_role("heading", name="Mit ledelsesrum", exact=True).wait_for()
        settled(page)
        room = page.get_by_role("combobox", name="Enhed", exact=True).first
        assert room.input_value().startswith("Jobcenter Fjordby")

        # Back on the map, the table under it opens a node's panel by keyboard.
        page.locator('[data-testid="stSidebarNav"] a').first.click()
        frame = diagram(page)
        settled(page)
        page.get_by_text(re.compile(r"^Kortet som tabel \(74 knuder\)")).click()
        pick = page.get_by_role("combobox", name="Åbn detaljer for", exact=True)
        group = re.compile(r"^Sårbare småbørnsfamilier \(0-2 år\)$")
        option = page.get_by_role("option", name=group)
        heading = page.get_by_role("heading", name=group, exact=True)
        for _ in range(5):  # a late rerun of the returning page may redraw the list: again
            pick.click()
            pick.fill("Sårbare små")
            try:
                option.click(timeout=5_000)
                heading.wait_for(timeout=10_000)
                break
            except PlaywrightTimeout:
                settled(page)
        panel_heading(page, group)
        assert frame.evaluate("network.getSelectedNodes()") == ["group:smaaborn"]
        page.get_by_role("button", name="Luk").click()
        settled(page)
        assert page.get_by_role("heading", name=group).count() == 0
        frame.wait_for_function("() => network.getSelectedNodes().length === 0")

        # In English the diagram speaks English too.
        page.get_by_text("English", exact=True).click()
        page.get_by_role("heading", name="The whole-picture map", exact=True).wait_for()
        frame = diagram(page)
        settled(page)
        assert frame.locator("#hk-search").get_attribute("placeholder") == "Search by name …"
        assert frame.evaluate("document.documentElement.lang") == "en"
        page.screenshot(path=artifacts_dir / "map-app-english.png")
    except Exception:
        page.screenshot(path=artifacts_dir / "map-app-failure.png", full_page=True)
        raise
    finally:
        context.close()
