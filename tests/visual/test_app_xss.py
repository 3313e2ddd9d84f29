"""Inside the running app, a map full of script payloads runs no script.

``tests/visual/test_visual_browser.py`` proves this for the exported HTML file;
here the same kind of map is stored in a fresh SQLite database, the app is
started on it with ``streamlit run``, the map is chosen in the sidebar, every
page is visited, and in the map page's diagram iframe every node is hovered and
some are clicked. Afterwards no frame has ``__pwned`` set, no dialog opened and
no payload became markup.

Run: ``CI=true /work/venv/bin/pytest tests/visual/test_app_xss.py -q -p no:cacheprovider``.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from mapping import storage
from mapping.gaps import find_findings
from mapping.model import (
    Adoption,
    CitizenGroup,
    Decision,
    DecisionStatus,
    Map,
    Principle,
    PrincipleKind,
    PrincipleStatus,
    Relation,
    Service,
    Unit,
)
from mapping.settings import Settings
from tests.browser_helpers import settled as _settled
from tests.conftest import BROWSER_WAIT as WAIT

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
HIT = "window.top.__pwned=1"
# Each one runs HIT (or opens a dialog) if it ever reaches a page as markup or a link.
PAYLOADS: tuple[str, ...] = (
    f'<img src=x onerror="{HIT}">',
    f"</script><script>{HIT}</script>",
    f'" onmouseover="{HIT}" x="',
    f"javascript:{HIT}",
    f"<svg onload={HIT}>",
    f"'><a href=javascript:{HIT}>klik</a>",
    f"[klik](javascript:{HIT})",
    f"<details open ontoggle={HIT}>",
    f'<iframe srcdoc="<script>{HIT}</script>"></iframe>',
    "<img src=x onerror=alert(1)>",
)
MAP_NAME = f"Kort {PAYLOADS[0]} {PAYLOADS[1]}"
OTHER_NAME = "Andet kort"  # sorts first, so the payload map must be chosen in the sidebar
# (url path, Danish page title); the map page is the root.
PAGES: tuple[tuple[str, str], ...] = (
    ("", "Helhedskortet"),
    ("huller", "Huller i helheden"),
    ("borgerens-perspektiv", "Borgerens perspektiv"),
    ("mit-ledelsesrum", "Mit ledelsesrum"),
    ("handlingsplan", "Handlingsplan"),
    ("workshop", "Workshop"),
    ("ledelseskaeden", "Ledelseskæden"),
    ("matricer", "Matricer"),
    ("registrer", "Registrér og redigér"),
    ("import-eksport", "Import og eksport"),
    ("udvikling", "Udvikling over tid"),
    ("indstillinger", "Indstillinger for kortet"),
    ("kort", "Kort"),
)

# Markup that only a payload creates: elements, handler attributes, script links.
FIND_MARKUP = """(bodies) => {
    const found = [];
    const say = (el, why) => found.push(why + ': ' + el.outerHTML.slice(0, 120));
    for (const el of document.querySelectorAll('*')) {
        const tag = el.tagName.toLowerCase();
        if (tag === 'img' && (el.getAttribute('src') || '') === 'x') say(el, 'img src=x');
        if (tag === 'svg' && el.hasAttribute('onload')) say(el, 'svg onload');
        if (tag === 'script' && bodies.includes((el.textContent || '').trim())) say(el, 'script');
        for (const a of el.attributes) {
            const v = a.value || '';
            if (a.name.startsWith('on') && /__pwned|alert\\(/.test(v)) say(el, 'handler ' + a.name);
            if (/^(href|src|action|formaction|xlink:href|data)$/.test(a.name)
                && /^\\s*javascript:/i.test(v)) say(el, 'link ' + a.name);
            if (a.name === 'srcdoc' && v.includes('<script>' + 'window.top.__pwned'))
                say(el, 'srcdoc');
        }
    }
    return found;
}"""
SCRIPT_BODIES = [HIT]


def p(i: int) -> str:
    return PAYLOADS[i % len(PAYLOADS)]


def payload_map() -> Map:
    """A valid map whose every user field holds a payload, with gaps of many rules."""
    uid = [f"u{i}{p(i)}" for i in range(6)]
    units = (
        Unit(uid[0], f"Top {p(0)}", sector=p(1), leader=p(2), staff_count=9, description=p(3)),
        Unit(uid[1], f"A {p(1)}", sector=p(2), parent_id=uid[0], leader=p(3), description=p(4)),
        Unit(uid[2], f"B {p(2)}", sector=p(3), parent_id=uid[0], leader=p(4), description=p(5)),
        Unit(uid[3], f"C {p(3)}", sector=p(4), parent_id=uid[1], leader=p(5), description=p(6)),
        Unit(uid[4], f"D {p(4)}", sector=p(7), parent_id=uid[2], leader=p(6), description=p(7)),
        Unit(uid[5], f"Ekstern {p(5)}", sector=p(8), external=True, leader=p(9), description=p(8)),
    )
    gid = [f"g{i}{p(i + 2)}" for i in range(3)]
    groups = (
        CitizenGroup(gid[0], f"Gruppe {p(0)}", description=p(1), est_size=12),
        CitizenGroup(gid[1], f"Gruppe {p(1)}", description=p(2), lead_unit_id=uid[1]),
        CitizenGroup(gid[2], f"Gruppe {p(6)}", description=p(9)),
    )
    pairs = [
        (uid[1], gid[0]), (uid[2], gid[0]), (uid[3], gid[0]), (uid[4], gid[0]),
        (uid[5], gid[1]), (uid[2], gid[1]), (uid[3], gid[2]), (uid[4], gid[2]),
    ]  # fmt: skip
    # Different goals and paradigms per unit: HK301/HK302 gap texts carry payloads.
    services = tuple(
        Service(u, g, goal=f"{p(k)} mål {k}", paradigm=f"{p(k + 1)} {k}")
        for k, (u, g) in enumerate(pairs)
    )
    pid = [f"p{i}{p(i + 3)}" for i in range(3)]
    principles = (
        Principle(pid[0], f"Princip {p(5)}", PrincipleKind.METHOD, description=p(0),
                  owner_unit_id=uid[1], status=PrincipleStatus.AGREED, group_ids=(gid[0],),
                  agreed_on=dt.date(2020, 1, 1), review_by=dt.date(2021, 1, 1)),
        Principle(pid[1], f"Princip {p(2)}", PrincipleKind.PERSPECTIVE, description=p(3),
                  status=PrincipleStatus.PRACTISED, group_ids=(gid[1],)),
        Principle(pid[2], f"Princip {p(7)}", PrincipleKind.KNOWLEDGE, description=p(8),
                  owner_unit_id=uid[3], funding_unit_id=uid[4], group_ids=(gid[2],)),
    )  # fmt: skip
    adoptions = (Adoption(pid[0], uid[1]), Adoption(pid[1], uid[5]), Adoption(pid[2], uid[3]))
    relations = (
        Relation(uid[1], uid[3], rc_score=2.0, note=p(4)),
        Relation(uid[2], uid[4], note=p(9)),
    )
    # Decisions with payloads: one on an open finding, one on a finding that does not fire.
    decisions = (
        Decision(f"HK101:{gid[0]}", DecisionStatus.DECIDED, uid[1], note=p(3), decided_by=p(4)),
        Decision(f"HK202:{gid[2]}", DecisionStatus.DONE, uid[2], note=p(5), decided_by=p(6)),
    )
    return Map(units, groups, services, principles, adoptions, relations, decisions, name=MAP_NAME)


def _store(url: str) -> int:
    """The payload map (plus a harmless one that is shown first) in a fresh database."""
    engine = storage.get_engine(url)
    storage.upgrade(engine)
    storage.create_map(engine, OTHER_NAME, Map(units=(Unit("a", "Alfa"),)))
    map_id = storage.create_map(engine, MAP_NAME, payload_map(), author=p(0))
    sectors = (*Settings().sectors, p(4), p(6))
    seen = storage.load_stored_settings(engine, map_id)
    storage.save_settings(engine, map_id, Settings(sectors=sectors), author=p(1), base=seen)
    assert storage.list_maps(engine)[0].name == OTHER_NAME
    return map_id


@pytest.fixture(scope="module")
def app(
    tmp_path_factory: pytest.TempPathFactory, browser: Any, app_server: Any
) -> Iterator[dict[str, Any]]:
    """``streamlit run streamlit_app.py`` on a free port, on the payload database."""
    tmp = tmp_path_factory.mktemp("xss-app")
    url = f"sqlite:///{(tmp / 'xss.sqlite3').as_posix()}"
    map_id = _store(url)
    try:
        with app_server(url, tmp) as base:
            yield {"base": base, "url": url, "map_id": map_id, "log": tmp / "server.log"}
    finally:
        storage.dispose_engines()


def _heading(page: Any, title: str) -> None:
    page.get_by_role("heading", name=title, exact=True).first.wait_for()
    _settled(page)


def _open_page(page: Any, path: str, title: str) -> None:
    """Follow the sidebar link (a reload would start a new session and lose the choice)."""
    links = page.locator('[data-testid="stSidebarNav"] a')
    link = (
        links.first
        if not path
        else page.locator(f'[data-testid="stSidebarNav"] a[href$="/{path}"]')
    )
    link.click()
    _heading(page, title)


def _choose(page: Any, label: str, option_text: str) -> None:
    """Open the select box labelled ``label`` and click the option holding ``option_text``."""
    box = page.get_by_role("combobox", name=label, exact=True).first
    box.click()
    page.get_by_role("option").filter(has_text=option_text).first.click()
    page.keyboard.press("Escape")
    _settled(page)


def _open_every_option(page: Any, label: str) -> int:
    """Walk through a select box's options (user text); returns how many it has.

    The list is virtual, so the walk goes by keyboard and each option is drawn in turn.
    """
    box = page.get_by_role("combobox", name=label, exact=True).first
    options = page.get_by_role("listbox", name=label).get_by_role("option")
    box.click()
    try:
        options.first.wait_for(timeout=3_000)
    except Exception:  # the click landed while the widget was redrawn
        box.press("ArrowDown")
        options.first.wait_for()
    total = int(options.first.get_attribute("aria-setsize") or options.count())
    for _ in range(total):
        page.keyboard.press("ArrowDown")
    page.wait_for_timeout(100)
    page.keyboard.press("Escape")
    return total


def _unfold(page: Any) -> None:
    """Open every expander and show every tab, so their user text is drawn."""
    for tab in page.get_by_role("tab").all():
        tab.click()
        page.wait_for_timeout(100)
    for summary in page.locator('[data-testid="stExpander"] summary').all():
        if summary.is_visible():
            summary.click()
    _settled(page)


def _diagram(page: Any) -> tuple[Any, dict[str, float]]:
    """The frame holding the drawn vis network, and its iframe's box on the page."""
    page.locator("iframe").first.wait_for()
    for el in page.query_selector_all("iframe"):
        frame = el.content_frame()
        if frame is None:
            continue
        try:
            frame.wait_for_selector("body[data-drawn='1']", state="attached", timeout=WAIT)
        except Exception:
            continue
        el.scroll_into_view_if_needed()
        box = el.bounding_box()
        assert box is not None
        return frame, box
    raise AssertionError("no drawn diagram in any iframe")


def _points(frame: Any, box: dict[str, float]) -> tuple[dict[str, list[float]], list[list[float]]]:
    """Page coordinates of every node's centre and of every titled edge's midpoint."""
    found = frame.evaluate(
        """() => {
        const r = document.getElementById('mynetwork').getBoundingClientRect();
        const pos = network.getPositions();
        const at = (p) => { const d = network.canvasToDOM(p); return [r.left + d.x, r.top + d.y]; };
        const nodes = {};
        for (const id in pos) nodes[id] = at(pos[id]);
        const edges = network.body.data.edges.get().filter(e => e.title).map(e => {
            const a = pos[e.from], b = pos[e.to];
            return at({x: (a.x + b.x) / 2, y: (a.y + b.y) / 2});
        });
        return {nodes: nodes, edges: edges};
    }"""
    )

    def shift(xy: list[float]) -> list[float]:
        return [box["x"] + xy[0], box["y"] + xy[1]]

    return {k: shift(v) for k, v in found["nodes"].items()}, [shift(e) for e in found["edges"]]


def _inside(xy: list[float], box: dict[str, float]) -> bool:
    x, y = xy
    return box["x"] + 2 < x < box["x"] + box["width"] - 2 and (
        box["y"] + 2 < y < box["y"] + box["height"] - 2
    )


def _markup(page: Any) -> list[str]:
    """Payload-made markup in the top document and in every frame."""
    out: list[str] = []
    for frame in page.frames:
        if frame.is_detached():
            continue
        out += [f"{frame.url[:40]} {hit}" for hit in frame.evaluate(FIND_MARKUP, SCRIPT_BODIES)]
    return out


def _pwned(page: Any) -> dict[str, str]:
    """``typeof window.__pwned`` in the top page and in every frame."""
    return {
        f"{i}:{f.url[:40]}": f.evaluate("typeof window.__pwned")
        for i, f in enumerate(page.frames)
        if not f.is_detached()
    }


def _hover_diagram(
    page: Any, shots: Path | None = None, with_edges: bool = True
) -> tuple[int, int]:
    """Hover every node and titled edge, click some nodes; (nodes, tooltips shown)."""
    frame, box = _diagram(page)
    nodes, edges = _points(frame, box)
    assert nodes, "the diagram has no nodes"
    tips = 0
    for i, xy in enumerate(nodes.values()):
        if not _inside(xy, box):
            continue
        page.mouse.move(*xy)
        page.wait_for_timeout(200)
        tip = frame.locator("div.vis-tooltip")
        if tip.count() and tip.first.is_visible():
            tips += 1
            # Tooltips show text only: no element beyond line breaks.
            assert frame.locator("div.vis-tooltip *:not(br)").count() == 0
            if shots is not None and i == 0:
                page.screenshot(path=shots)
        if i % 2 == 0:
            page.mouse.click(*xy)
        if i % 5 == 0:
            page.mouse.dblclick(*xy)
    for xy in edges if with_edges else ():
        if _inside(xy, box):
            page.mouse.move(*xy)
            page.wait_for_timeout(120)
            page.mouse.click(*xy)
    return len(nodes), tips


def test_the_walk_covers_every_page_of_the_app() -> None:
    from mapping.ui.navigation import PAGES as NAV

    assert [path for path, _ in PAGES[1:]] == [url for _, url, _, _ in NAV[1:]]


def test_payload_map_runs_no_script_anywhere_in_the_app(
    browser: Any, app: dict[str, Any], artifacts_dir: Path
) -> None:
    m = payload_map()
    assert {g.code for g in find_findings(m)} >= {"HK101", "HK301", "HK302", "HK401"}
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="da-DK")
    asked: list[str] = []  # every request of every frame: none may leave the machine
    context.on("request", lambda r: asked.append(r.url))
    page = context.new_page()
    page.set_default_timeout(WAIT)
    dialogs: list[str] = []

    def on_dialog(d: Any) -> None:
        dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    markup: dict[str, list[str]] = {}
    try:
        page.goto(app["base"])
        _heading(page, "Helhedskortet")
        chosen = page.get_by_role("combobox", name="Kort", exact=True).first
        assert chosen.input_value() == OTHER_NAME  # the payload map is not the current one
        assert _open_every_option(page, "Kort") == 2
        _choose(page, "Kort", PAYLOADS[0])
        assert chosen.input_value() == MAP_NAME  # shown as text

        # The map page: filters whose options are user text, then the diagram.
        for label in ("Sektor", "Borgergruppe", "Fokus på"):
            assert _open_every_option(page, label) >= 3
        n, tips = _hover_diagram(page, artifacts_dir / "app-xss-tooltip.png")
        assert n == len(m.units) + len(m.citizen_groups) + len(m.principles)
        assert tips >= n // 2, f"only {tips} of {n} tooltips showed"
        # The diagram's search and the side panel show a payload name as text.
        frame, _ = _diagram(page)
        target = f"A {p(1)}"
        frame.locator("#hk-search").fill(target)
        frame.locator("#hk-search").press("Enter")
        page.get_by_role("button", name="Luk").wait_for()
        _settled(page)
        assert target in frame.locator("#hk-status").inner_text()
        assert frame.locator("#hk-status *").count() == 0
        main = page.locator('[data-testid="stMain"]')
        assert target in main.inner_text()
        assert page.get_by_role("heading", name=target).count() == 1
        markup["kortet/panel"] = _markup(page)
        page.get_by_role("button", name="Luk").click()
        _settled(page)
        page.screenshot(path=artifacts_dir / "app-xss-kortet.png")
        markup["kortet"] = _markup(page)
        # The same in the management-chain layout.
        page.get_by_role("radiogroup", name="Visning").get_by_text("Ledelseskæde").click()
        _settled(page)
        _hover_diagram(page, with_edges=False)
        markup["kortet/kaede"] = _markup(page)

        for path, title in PAGES[1:]:
            _open_page(page, path, title)
            if path == "borgerens-perspektiv":
                assert _open_every_option(page, "Borgergruppe") == len(m.citizen_groups)
                _choose(page, "Borgergruppe", f"Gruppe {p(1)}")
            elif path == "mit-ledelsesrum":
                assert _open_every_option(page, "Enhed") == len(m.units)
                _choose(page, "Enhed", f"B {p(2)}")
            elif path == "registrer":
                for table, name in (("Enheder", f"A {p(1)}"), ("Fælles principper", "Princip")):
                    page.get_by_role("radio", name=table, exact=True).click()
                    _settled(page)
                    _choose(page, "Vælg post", name)
            _unfold(page)
            if path == "huller":
                assert PAYLOADS[0] in page.locator('[data-testid="stMain"]').inner_text()  # as text
            page.screenshot(path=artifacts_dir / f"app-xss-{path}.png", full_page=True)
            markup[path] = _markup(page)

        _open_page(page, "", "Helhedskortet")
        _hover_diagram(page, with_edges=False)
        markup["kortet/igen"] = _markup(page)
        assert {k: v for k, v in markup.items() if v} == {}
        pwned = _pwned(page)
        assert len(pwned) >= 2  # the app and the diagram frame
        assert set(pwned.values()) == {"undefined"}, pwned
        assert dialogs == []
        # Every page and the diagram's frame asked only this machine (the tab icon
        # and the page icons included, which were once fetched from a font service).
        outside = [u for u in asked if urlsplit(u).hostname not in ("127.0.0.1", "localhost")]
        assert [u for u in outside if not u.startswith(("data:", "blob:", "about:"))] == []
        assert any("/component/" in u for u in asked) and any("/media/" in u for u in asked)
    except Exception:
        page.screenshot(path=artifacts_dir / "app-xss-failure.png", full_page=True)
        raise
    finally:
        context.close()


def test_the_checks_catch_a_payload_that_became_markup(browser: Any) -> None:
    """The detectors above fire on a page where payloads were left unescaped."""
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    inner = html.escape('<img src=x onerror="window.__pwned=1">', quote=True)
    try:
        page.set_content(
            f'<p>{PAYLOADS[1]}</p><p title="{PAYLOADS[2]}">hover</p>'
            f'<p>{PAYLOADS[4]}</p><a href="{PAYLOADS[3]}">link</a>{PAYLOADS[9]}'
            f'<iframe srcdoc="{inner}"></iframe>'
        )
        page.wait_for_function("() => window.__pwned === 1 && window.frames[0].__pwned === 1")
        page.wait_for_function("() => true")  # let the alert's dialog event arrive
        assert dialogs == ["1"]
        assert set(_pwned(page).values()) == {"number"}
        page.evaluate("delete window.__pwned")
        page.hover("p[title]")  # the attribute-breaking payload made a handler
        assert page.evaluate("window.__pwned") == 1
        found = " | ".join(_markup(page))
        for why in ("script:", "handler onmouseover", "svg onload", "link href", "img src=x"):
            assert why in found, (why, found)
    finally:
        context.close()
