"""The app in Debian's chromium: every page, a new gap, language, upload, conflicts.

One ``streamlit run`` server on a fresh SQLite database serves the module.
Run: ``/work/venv/bin/pytest tests/ui/test_browser.py -q -p no:cacheprovider``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from mapping import storage
from tests.browser_helpers import settled as _settled
from tests.conftest import BROWSER_WAIT as WAIT

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
PAGES = {
    "": "Helhedskortet",  # the default page lives at the root
    "huller": "Huller i helheden",
    "borgerens-perspektiv": "Borgerens perspektiv",
    "mit-ledelsesrum": "Mit ledelsesrum",
    "handlingsplan": "Handlingsplan",
    "workshop": "Workshop",
    "ledelseskaeden": "Ledelseskæden",
    "matricer": "Matricer",
    "registrer": "Registrér og redigér",
    "import-eksport": "Import og eksport",
    "udvikling": "Udvikling over tid",
    "indstillinger": "Indstillinger for kortet",
    "kort": "Kort",
}
BAD = '[data-testid="stException"], [data-testid="stAlertContentError"], [role="dialog"]'


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, browser: Any, app_server: Any
) -> Iterator[dict[str, Any]]:
    """``streamlit run streamlit_app.py`` on a free port and a fresh database.

    The first visit creates the database and loads the example municipality.
    """
    tmp = tmp_path_factory.mktemp("app")
    url = f"sqlite:///{(tmp / 'browser.sqlite3').as_posix()}"
    try:
        with app_server(url, tmp) as base:
            first = browser.new_page()
            first.goto(base)
            first.get_by_role("heading", name="Helhedskortet", exact=True).wait_for(timeout=90_000)
            first.close()
            yield {"base": base, "url": url, "log": tmp / "server.log"}
    finally:
        storage.dispose_engines()


@pytest.fixture
def page(browser: Any, server: dict[str, Any]) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="da-DK")
    p = context.new_page()
    p.set_default_timeout(WAIT)
    yield p
    context.close()


def goto(p: Any, base: str, path: str, title: str) -> None:
    p.goto(f"{base}/{path}")
    p.get_by_role("heading", name=title, exact=True).first.wait_for()
    _settled(p)


def pick(p: Any, label: str, text: str) -> None:
    """Choose the option containing ``text`` in the select box labelled ``label``."""
    box = p.get_by_role("combobox", name=label, exact=True).first
    box.click()
    box.fill(text)
    p.get_by_role("option", name=re.compile(f"^{re.escape(text)}")).first.click()
    p.keyboard.press("Escape")
    _settled(p)


def the_map(server: dict[str, Any]) -> tuple[Any, int, Any]:
    engine = storage.get_engine(server["url"])
    info = storage.list_maps(engine)[0]
    return engine, info.id, storage.load_map(engine, info.id)


def test_every_page_shows_without_errors(page: Any, server: dict, artifacts_dir: Path) -> None:
    for path, title in PAGES.items():
        goto(page, server["base"], path, title)
        assert page.locator(BAD).count() == 0, f"error on {path}"
        page.screenshot(path=artifacts_dir / f"ui-{path or 'kortet'}.png", full_page=False)
    goto(page, server["base"], "", "Helhedskortet")
    frame = page.frame_locator('iframe[title="st.iframe"], iframe').first
    frame.locator("canvas").first.wait_for()


def test_new_group_served_by_two_units_gives_an_hk101_gap(
    page: Any, server: dict, artifacts_dir: Path
) -> None:
    _, _, stored = the_map(server)
    units = [u for u in stored.map.units if not u.external][5:7]
    base = server["base"]
    goto(page, base, "registrer", "Registrér og redigér")
    page.get_by_role("radio", name="Borgergrupper", exact=True).click()
    page.get_by_label("Anslået antal borgere").wait_for()
    expect(page.get_by_label("Navn", exact=True)).to_have_count(1)
    page.get_by_label("Navn", exact=True).fill("Browsergruppen")
    page.get_by_role("button", name="Opret").click()
    page.get_by_text("er gemt").first.wait_for()
    page.get_by_role("radio", name="Hvem betjener hvem", exact=True).click()
    page.get_by_role("combobox", name="Enhedens mål for gruppen").wait_for()
    expect(page.get_by_label("Anslået antal borgere")).to_have_count(0)
    for unit in units:
        pick(page, "Enhed", unit.name)  # pickers show names, not ids
        pick(page, "Borgergruppe", "Browsergruppen")
        page.get_by_role("button", name="Opret").click()
        page.get_by_text("er gemt").first.wait_for()
        _settled(page)
    _, _, after = the_map(server)
    assert set(after.map.serving_units["browsergruppen"]) == {u.id for u in units}

    goto(page, base, "huller", "Huller i helheden")
    pick(page, "Borgergruppe", "Browsergruppen")
    _settled(page)
    page.get_by_text("HK101", exact=False).first.wait_for()
    _settled(page)
    assert page.get_by_text(re.compile(r"Viser [1-9]\d* af")).count() == 1
    page.screenshot(path=artifacts_dir / "ui-new-hk101.png", full_page=True)
    assert page.locator(BAD).count() == 0
    # The gap card links to the records involved: open the group on the edit page.
    page.get_by_role("link", name="Browsergruppen (browsergruppen)").first.click()
    page.get_by_role("heading", name="Registrér og redigér", exact=True).wait_for()
    _settled(page)
    picked = page.get_by_role("combobox", name="Vælg post", exact=True)
    expect(picked).to_have_value("Browsergruppen")


def test_language_switch(page: Any, server: dict, artifacts_dir: Path) -> None:
    goto(page, server["base"], "huller", "Huller i helheden")
    page.locator('[data-testid="stRadioGroup"][aria-label="Sprog"]').get_by_text(
        "English", exact=True
    ).click()
    page.get_by_role("heading", name="Gaps in the whole", exact=True).wait_for()
    _settled(page)
    assert page.get_by_label("Your name", exact=True).count() >= 1
    assert page.get_by_label("Dit navn", exact=True).count() == 0
    page.screenshot(path=artifacts_dir / "ui-english.png")
    assert page.locator(BAD).count() == 0


def test_import_the_example_workbook_through_the_upload_widget(
    page: Any, server: dict, tmp_path: Path, artifacts_dir: Path
) -> None:
    from mapping.readwrite import map_to_bytes

    engine, map_id, stored = the_map(server)
    extra = stored.map.units[1].__class__(id="fra-excel", name="Fra Excel", sector="Stab")
    workbook = tmp_path / "eksempel.xlsx"
    workbook.write_bytes(map_to_bytes(stored.map.replace(units=(*stored.map.units, extra)), "xlsx"))
    goto(page, server["base"], "import-eksport", "Import og eksport")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(workbook)
    page.get_by_text("Forhåndsvisning af eksempel.xlsx").wait_for()
    _settled(page)
    assert "fra-excel" not in storage.load_map(engine, map_id).map.units_by_id
    page.screenshot(path=artifacts_dir / "ui-import-preview.png", full_page=True)
    page.get_by_role("button", name="Gem importen").click()
    page.get_by_text("eksempel.xlsx er indlæst").wait_for()
    assert "fra-excel" in storage.load_map(engine, map_id).map.units_by_id
    assert page.locator(BAD).count() == 0


def test_two_sessions_editing_one_unit_conflict_and_nothing_is_lost(
    browser: Any, server: dict, artifacts_dir: Path
) -> None:
    engine, map_id, stored = the_map(server)
    unit = stored.map.units[4]
    url = f"{server['base']}/registrer?table=units&id={unit.id}"
    pages = []
    for _ in range(2):
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        p = ctx.new_page()
        p.set_default_timeout(WAIT)
        p.goto(url)
        p.get_by_label("Leder", exact=True).wait_for()
        _settled(p)
        pages.append(p)
    first, second = pages
    first.get_by_label("Leder", exact=True).fill("Leder fra session 1")
    first.get_by_role("button", name="Gem", exact=True).click()
    first.get_by_text("er gemt").first.wait_for()
    second.get_by_label("Leder", exact=True).fill("Leder fra session 2")
    second.get_by_role("button", name="Gem", exact=True).click()
    second.locator('[data-testid="stAlertContentError"]').first.wait_for()
    second.get_by_role("button", name="Hent den nyeste udgave").wait_for()
    second.screenshot(path=artifacts_dir / "ui-conflict.png", full_page=True)
    assert storage.load_map(engine, map_id).map.unit(unit.id).leader == "Leder fra session 1"
    # The refused edit is still on screen, next to the stored one.
    grid = second.locator('[data-testid="stDataFrame"]').first
    grid.wait_for()
    assert second.get_by_text("Din udgave").count() >= 1
    for p in pages:
        p.context.close()
