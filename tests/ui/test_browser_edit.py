"""The edit surfaces in Debian's chromium: two people in the bulk table, fast entry, the name.

One ``streamlit run`` server on a fresh SQLite database serves the module.
Clicks are counted where the test does what a leader would (mouse clicks on
fields, buttons and options; typing and Enter are not clicks) and printed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from mapping import storage
from tests.browser_helpers import Clicker, fresh_app
from tests.conftest import BROWSER_WAIT as WAIT

pytestmark = pytest.mark.browser

BAD = '[data-testid="stException"]'


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, browser: Any, app_server: Any
) -> Iterator[dict[str, Any]]:
    with fresh_app(tmp_path_factory, app_server, "edit", warm=browser) as (base, url):
        yield {"base": base, "url": url}


class Person(Clicker):
    """One browser context: a person at their own screen, counting their clicks."""

    def __init__(self, browser: Any, base: str, name: str | None = None) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        super().__init__(self.context.new_page())
        self.page.set_default_timeout(WAIT)
        self.base = base
        if name:
            self.goto("registrer", "Registrér og redigér")
            self.type_name(name)

    def goto(self, path: str, title: str) -> None:
        self.page.goto(f"{self.base}/{path}")
        self.page.get_by_role("heading", name=title, exact=True).first.wait_for()
        self.settle()

    def type_name(self, name: str) -> None:
        box = self.page.get_by_label("Dit navn", exact=True)
        self.click(box)
        box.fill(name)
        box.press("Enter")
        self.settle()

    def open_bulk(self) -> Any:
        self.click(self.page.get_by_text("Redigér mange på én gang", exact=True))
        self.settle()
        return self.page.locator('[data-testid="stDataFrame"]').last

    def edit_cell(self, grid: Any, row: int, column: int, text: str, pending: int = 1) -> None:
        """:meth:`Clicker.type_in_cell`, confirmed by "``pending`` ændring(er) i tabellen
        er ikke gemt endnu"."""
        word = "ændring" if pending == 1 else "ændringer"
        confirmed = self.page.get_by_text(f"{pending} {word} i tabellen er ikke gemt endnu.")
        self.type_in_cell(grid, row, column, text, confirmed)

    def close(self) -> None:
        self.context.close()


def the_map(server: dict[str, Any]) -> tuple[Any, int, Any]:
    engine = storage.get_engine(server["url"])
    info = storage.list_maps(engine)[0]
    return engine, info.id, storage.load_map(engine, info.id)


LEADER = 3  # Navn, Sektor, Enheden ovenover, Leder: the id column is hidden


def test_two_people_in_the_bulk_table_lose_nothing(
    browser: Any, server: dict, artifacts_dir: Path
) -> None:
    engine, map_id, stored = the_map(server)
    units = stored.map.units
    anna = Person(browser, server["base"], "Anna")
    bo = Person(browser, server["base"], "Bo")
    grid_a, grid_b = anna.open_bulk(), bo.open_bulk()

    # Bo edits a row and waits; Anna edits another row and saves; then Bo saves.
    bo.edit_cell(grid_b, 1, LEADER, "Leder fra Bo")
    anna.edit_cell(grid_a, 2, LEADER, "Leder fra Anna")
    anna.button("Gem tabellen")
    anna.page.get_by_text("1 ændring er gemt.").wait_for()
    bo.button("Gem tabellen")
    bo.page.get_by_text("1 ændring er gemt.").wait_for()
    now = storage.load_map(engine, map_id).map
    assert now.unit(units[1].id).leader == "Leder fra Bo"
    assert now.unit(units[2].id).leader == "Leder fra Anna"

    # Both edit the same row: the second to save gets a conflict, and loses nothing.
    anna.edit_cell(grid_a, 3, LEADER, "Anna igen")
    bo.edit_cell(grid_b, 3, LEADER, "Bo igen")
    anna.button("Gem tabellen")
    anna.page.get_by_text("1 ændring er gemt.").wait_for()
    bo.button("Gem tabellen")
    bo.page.get_by_text("1 række er ikke gemt", exact=False).wait_for()
    headline = bo.page.get_by_text(re.compile(r"er ændret af Anna i dag kl\. \d\d\.\d\d"))
    expect(headline.first).to_be_visible()
    both = bo.page.locator('[data-testid="stDataFrame"]').last
    expect(both).to_be_visible()
    bo.page.screenshot(path=artifacts_dir / "ui-bulk-conflict.png", full_page=True)
    assert storage.load_map(engine, map_id).map.unit(units[3].id).leader == "Anna igen"
    # Bo keeps his value for that field (the default for a field he changed) and saves.
    expect(bo.page.get_by_role("radio", name="Behold min").first).to_be_checked()
    bo.button("Gem med mine valg")
    bo.page.get_by_text("1 ændring er gemt.").wait_for()
    assert storage.load_map(engine, map_id).map.unit(units[3].id).leader == "Bo igen"
    last = storage.history(engine, map_id, limit=1)[0]
    assert (last.author, last.key) == ("Bo", (units[3].id,))

    # Unsaved table edits survive leaving the page through the app's navigation.
    bo.edit_cell(grid_b, 5, LEADER, "Ikke glemt")
    bo.click(bo.page.get_by_role("link", name="Huller"))
    bo.page.get_by_role("heading", name="Huller i helheden", exact=True).wait_for()
    bo.settle()
    bo.click(bo.page.get_by_role("link", name="Registrér og redigér"))
    bo.page.get_by_role("heading", name="Registrér og redigér", exact=True).wait_for()
    bo.settle()
    bo.open_bulk()
    bo.page.get_by_text("1 ændring i tabellen er ikke gemt endnu.").wait_for()
    bo.button("Gem tabellen")
    bo.page.get_by_text("1 ændring er gemt.").wait_for()
    assert storage.load_map(engine, map_id).map.unit(units[5].id).leader == "Ikke glemt"
    assert anna.page.locator(BAD).count() == 0 and bo.page.locator(BAD).count() == 0
    anna.close()
    bo.close()


def test_a_group_with_three_serving_units_takes_one_form_by_a_remembered_name(
    browser: Any, server: dict, artifacts_dir: Path
) -> None:
    engine, map_id, stored = the_map(server)
    chosen = [u for u in stored.map.units if not u.external][8:11]
    kim = Person(browser, server["base"], "Kim Holm")
    # The name is kept in this browser: a reload brings it back.
    kim.page.reload()
    kim.page.get_by_role("heading", name="Registrér og redigér", exact=True).wait_for()
    expect(kim.page.get_by_label("Dit navn", exact=True)).to_have_value("Kim Holm", timeout=WAIT)
    kim.settle()
    kim.clicks = 0
    kim.table("Borgergrupper")
    kim.fill("Navn", "Unge i job")
    kim.pick_many("Enheder, der arbejder med gruppen", [u.name for u in chosen])
    for u in chosen:
        kim.type_option(f"Mål for {u.name}", "Fast job")
        kim.type_option(f"Faglig tilgang for {u.name}", "Rehabiliterende")
    kim.page.screenshot(path=artifacts_dir / "ui-group-form.png", full_page=True)
    kim.button("Opret")
    kim.page.get_by_text("Borgergruppen »Unge i job« er gemt.").wait_for()
    print(f"\nclicks to register a group with three serving units: {kim.clicks}")
    m = storage.load_map(engine, map_id).map
    group = next(g for g in m.citizen_groups if g.name == "Unge i job")
    services = [s for s in m.services if s.group_id == group.id]
    assert {s.unit_id for s in services} == {u.id for u in chosen}
    assert {(s.goal, s.paradigm) for s in services} == {("Fast job", "Rehabiliterende")}
    # Every change of that one save is recorded under the remembered name.
    saved = [c for c in storage.history(engine, map_id, limit=4)]
    assert {c.author for c in saved} == {"Kim Holm"}
    assert kim.page.locator(BAD).count() == 0
    # Another browser (another person) does not get Kim's name.
    other = Person(browser, server["base"])
    other.goto("registrer", "Registrér og redigér")
    expect(other.page.get_by_label("Dit navn", exact=True)).to_have_value("")
    kim.close()
    other.close()
