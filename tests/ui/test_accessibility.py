"""Accessibility of the app's pages, checked by axe-core in Debian's chromium.

One ``streamlit run`` on a fresh SQLite database (the example municipality).
A reader goes through every page from the sidebar in Danish, then switches to
English and goes through every page again. axe-core is vendored in
tests/vendor/axe-core (MPL-2.0, nothing is fetched) and checks each page as it
stands, the diagram's frame included. Every violation is printed per page;
serious and critical ones fail the test. docs/accessibility.md says what this
covers and what it does not.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mapping.ui.navigation import PAGES
from tests.browser_helpers import fresh_app, settled
from tests.conftest import BROWSER_WAIT as WAIT

pytestmark = pytest.mark.browser

FRAME = "iframe[src*='/component/mapping.ui.diagram.kort/']"
AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe-core" / "axe.min.js"
FAILING = ("serious", "critical")
# axe's own rules for WCAG 2.0/2.1 A and AA plus its best practices (headings,
# landmarks); a frame answers only once axe is in it too.
SIDEBAR = '[data-testid="stSidebar"]'
RUN = """async (exclude) => {
    const r = await axe.run({exclude: exclude},
                            {resultTypes: ['violations'], frameWaitTime: 5000});
    return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => n.target.flat().join(' >> '))}));
}"""


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, browser: Any, app_server: Any
) -> Iterator[str]:
    with fresh_app(tmp_path_factory, app_server, "a11y-app") as (base, _):
        yield base


def audit(page: Any, source: str, sidebar: bool) -> list[dict[str, Any]]:
    """axe-core's violations on the page as it stands, its frames included
    (the sidebar, the same on every page, only when ``sidebar``)."""
    for frame in page.frames:
        if not frame.evaluate("typeof window.axe !== 'undefined'"):
            frame.evaluate(source)
    return list(page.evaluate(RUN, [] if sidebar else [[SIDEBAR]]))


def test_every_page_has_no_serious_or_critical_violation_in_either_language(
    browser: Any, server: str
) -> None:
    source = AXE.read_text(encoding="utf-8")
    assert source.startswith("/*! axe v4.")
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(WAIT)
    found: dict[str, list[dict[str, Any]]] = {}
    try:
        page.goto(server)
        page.locator('[data-testid="stSidebarNav"] a').first.wait_for(timeout=90_000)
        for code in ("da", "en"):
            if code == "en":
                page.get_by_text("English", exact=True).click()
                settled(page)
            links = page.locator('[data-testid="stSidebarNav"] a')
            if code == "en":
                assert links.first.inner_text().strip().endswith("The map")
            assert links.count() == len(PAGES)
            for i, (_, url, _, _) in enumerate(PAGES):
                links.nth(i).click()
                path = f"/{url if i else ''}"
                page.wait_for_function("(p) => location.pathname === p", arg=path)
                if i == 0:  # the diagram is drawn, so axe checks inside its frame too
                    page.frame_locator(FRAME).locator("body[data-drawn='1']").wait_for(
                        state="attached"
                    )
                    assert any("/component/" in f.url for f in page.frames)
                settled(page)
                found[f"{code} /{url}"] = audit(page, source, sidebar=i == 0)
    finally:
        context.close()
    bad = []
    for where, violations in found.items():
        for v in violations:
            print(f"{where}: {v['impact']} {v['id']} ({v['help']}): {v['nodes'][:4]}")
            if v["impact"] in FAILING:
                bad.append(f"{where}: {v['id']} {v['nodes'][:4]}")
    assert len(found) == 2 * len(PAGES)
    assert not bad, "\n".join(bad)
