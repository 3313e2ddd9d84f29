"""All Danish in Danish mode, all English in English mode: every page in chromium.

One ``streamlit run`` on a fresh SQLite database (the example municipality).
A session visits every page of the sidebar in Danish, then switches to English
and visits them again. On each page the shown text, the controls' placeholders
and labels, the map's tooltips and the page's ``lang`` attribute are checked
against words that leaked from the other language before.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Any

import pytest

from mapping.model import Map
from mapping.ui.navigation import PAGES
from tests.browser_helpers import Clicker, fresh_app, settled
from tests.conftest import BROWSER_WAIT as WAIT

pytestmark = pytest.mark.browser

FRAME = "iframe[src*='/component/mapping.ui.diagram.kort/']"

# Words that once showed in the wrong language (matched as whole words). The
# example map's own names, notes and descriptions are Danish in both modes:
# they are taken out of the text before it is checked (its sectors are not,
# as the default sectors have English names).
ENGLISH_WORDS = (
    "agreed", "proposed", "informal", "rejected", "added", "update", "delete", "insert",
    "units", "services", "citizen_groups", "high", "medium", "low", "None",
    "Choose an option", "Choose options", "Choose or add an option", "Select all",
    "Upload", "Drag and drop", "Browse files", "Severity", "Gaps", "Health", "School",
)  # fmt: skip
DANISH_WORDS = (
    "Høj", "Middel", "Lav", "vedtaget", "foreslået", "Ændring", "tilføjet", "ændret",
    "slettet", "Enheder", "Huller", "Alvor", "Sektor", "Sundhed", "Skole og SFO",
    "Dagtilbud", "Beskæftigelse", "topledelse", "forvaltning", "afdeling", "Vælg",
    "Indstillinger", "Gem", "Dansk",
)  # fmt: skip
# The language switch names each language in its own tongue.
ALLOWED = {"da": {"English"}, "en": {"Dansk"}}

SHOWN = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    const side = document.querySelector('[data-testid="stSidebar"]');
    const attrs = [...document.querySelectorAll('[placeholder], [aria-label], [title]')]
        .flatMap(e => ['placeholder', 'aria-label', 'title'].map(a => e.getAttribute(a)))
        .filter(Boolean);
    return [main.innerText, side.innerText, ...attrs].join('\\n');
}"""
TOOLTIPS = """() => [...network.body.data.nodes.get(), ...network.body.data.edges.get()]
    .map(x => x.title || '').join('\\n')"""


def data_strings(m: Map) -> list[str]:
    """The map's own words (names, leaders, notes, …), longest first; not its sectors."""
    found = {
        value
        for f in dataclasses.fields(m)
        if isinstance(getattr(m, f.name), tuple)
        for rec in getattr(m, f.name)
        if dataclasses.is_dataclass(rec)
        for field in dataclasses.fields(rec)
        if field.name != "sector"
        and isinstance(value := getattr(rec, field.name), str)
        and not isinstance(value, Enum)
        and len(value) > 2
    }
    return sorted(found, key=len, reverse=True)


def without(text: str, strings: list[str]) -> str:
    for s in strings:
        text = text.replace(s, " ¤ ")
    return text


def leaks(text: str, words: tuple[str, ...], allowed: set[str]) -> list[str]:
    """The words of ``words`` that ``text`` holds as whole words."""
    return [
        w for w in words if w not in allowed and re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)
    ]


def _context(text: str, word: str) -> str:
    """``word`` with a little of the text around it, to find where it leaked."""
    m = re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text)
    return text[max(0, m.start() - 40) : m.end() + 40].replace("\n", " ⏎ ") if m else word


def test_leaks_finds_whole_words_only() -> None:
    assert leaks("Status: agreed", ENGLISH_WORDS, set()) == ["agreed"]
    assert leaks("Sundhedsplejen · lower · Statusmøde", ENGLISH_WORDS + DANISH_WORDS, set()) == []


def test_the_maps_own_words_are_left_out_but_not_its_sectors(example_map: Map) -> None:
    ours = data_strings(example_map)
    assert "Fjordby Skole og SFO" in ours and "Sundhed" not in ours
    shown = "Fjordby Skole og SFO\nSector: Sundhed"
    assert leaks(without(shown, ours), DANISH_WORDS, set()) == ["Sundhed"]


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, browser: Any, app_server: Any
) -> Iterator[str]:
    with fresh_app(tmp_path_factory, app_server, "language") as (base, _):
        yield base


def _visit_all(page: Any, code: str, ours: list[str], artifacts_dir: Path) -> dict[str, list[str]]:
    """Every page of the sidebar in turn: the leaks found on each, by page."""
    words = ENGLISH_WORDS if code == "da" else DANISH_WORDS
    found: dict[str, list[str]] = {}
    links = page.locator('[data-testid="stSidebarNav"] a')
    assert links.count() == len(PAGES)

    for i, (_, url, _, _) in enumerate(PAGES):
        links.nth(i).click()
        page.wait_for_url(re.compile(rf"/{url}(\?|$)" if i else r"/(\?|$)"), timeout=WAIT)
        settled(page)
        assert page.evaluate("document.documentElement.lang") == code, url
        text = page.evaluate(SHOWN)
        if i == 0:  # the map: its tooltips too, once it is drawn
            page.frame_locator(FRAME).locator("body[data-drawn='1']").wait_for(
                state="attached", timeout=WAIT
            )
            frame = next(f for f in page.frames if "/component/" in f.url)
            text += frame.evaluate(TOOLTIPS) + frame.evaluate("document.body.innerText")

        text = without(text, ours)
        if bad := leaks(text, words, ALLOWED[code]):
            found[url] = [_context(text, w) for w in bad]
            page.screenshot(path=artifacts_dir / f"language-{code}-{url}.png", full_page=True)
    return found


def test_every_page_speaks_one_language(
    browser: Any, server: str, artifacts_dir: Path, example_map: Map
) -> None:
    ours = data_strings(example_map)
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(WAIT)
    try:
        page.goto(server)
        page.get_by_role("heading", name="Helhedskortet", exact=True).wait_for(timeout=90_000)
        settled(page)
        danish = _visit_all(page, "da", ours, artifacts_dir)
        page.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
        settled(page)
        english = _visit_all(page, "en", ours, artifacts_dir)
    finally:
        context.close()
    assert not danish, f"English words on Danish pages: {danish}"
    assert not english, f"Danish words on English pages: {english}"


# Streamlit lays out numbers in tables and the parts of date and time fields by the
# browser's language; a Danish page in an English browser (and the other way round)
# must still show its own. Whole words that leaked before, and words that must show.
FIELD_WORDS = {
    "da": (
        ("hour", "minute", "day", "month", "year", "January", "May", "Monday", "Sunday",
         "Choose date", "Previous month", "Next month", "Use arrow keys", "AM", "PM"),
        ("dag, Fra dato", "måned, Fra dato", "minut, Fra klokkeslæt", "januar", "Vælg dato"),
    ),
    "en": (
        ("minut", "dag", "måned", "år", "januar", "maj", "mandag", "søndag", "Vælg dato",
         "Forrige måned", "Næste måned", "piletasterne"),
        ("day, From date", "month, From date", "minute, From time", "January", "Choose date"),
    ),
}  # fmt: skip
# Records the text the data grid draws on its canvas (the cells are no DOM text).
DRAWN = """(() => {
    const drawn = (window.__drawn = []);
    const fill = CanvasRenderingContext2D.prototype.fillText;
    CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
        drawn.push(String(text));
        return fill.call(this, text, ...rest);
    };
})()"""
FIELDS = """() => [...document.querySelectorAll(
        '[data-testid="stDateInput"], [data-testid="stTimeInput"], [role="dialog"]')]
    .flatMap(e => [e.innerText, ...[...e.querySelectorAll('*')].flatMap(x =>
        ['placeholder', 'aria-label', 'title'].map(a => x.getAttribute(a)))])
    .filter(Boolean).join('\\n')"""


@pytest.mark.parametrize(("code", "browser_locale"), [("da", "en-US"), ("en", "da-DK")])
def test_numbers_dates_and_times_follow_the_app_not_the_browser(
    browser: Any, server: str, artifacts_dir: Path, code: str, browser_locale: str
) -> None:
    from mapping.catalogue import say

    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale=browser_locale)
    context.add_init_script(DRAWN)
    page = context.new_page()
    page.set_default_timeout(WAIT)
    nav = page.locator('[data-testid="stSidebarNav"]')
    try:
        page.goto(f"{server}/registrer")
        heading = say("edit.title", code)
        page.get_by_role("heading", name="Registrér og redigér", exact=True).wait_for()
        settled(page)
        if code == "en":
            page.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
            settled(page)
        page.get_by_role("heading", name=heading, exact=True).wait_for()
        # The bulk table of relations: its coordination scores are decimals.
        relations = {"da": "Relationer", "en": "Relations"}[code]
        page.get_by_role("radio", name=relations, exact=True).click()
        settled(page)
        page.get_by_text(say("edit.bulk", code), exact=True).click()
        settled(page)
        page.locator('[data-testid="stDataFrame"]').last.scroll_into_view_if_needed()
        page.wait_for_function("() => window.__drawn.some(t => /^\\d[.,]\\d$/.test(t))")
        decimals = {t for t in page.evaluate("window.__drawn") if re.fullmatch(r"\d[.,]\d", t)}
        right, wrong = {"da": (",", "."), "en": (".", ",")}[code]
        page.screenshot(path=artifacts_dir / f"language-{code}-{browser_locale}-table.png")
        assert decimals and all(right in d for d in decimals), sorted(decimals)
        assert not any(wrong in d for d in decimals)
        # A score typed as the app's language writes it is the score stored (Streamlit's
        # number cell took the browser's decimal mark: 3,7 became 37, then the maximum 5).
        typed = {"da": "3,7", "en": "3.2"}[code]
        grid = page.locator('[data-testid="stDataFrame"]').last
        Clicker(page).type_in_cell(
            grid, 0, 2, typed, page.get_by_text(say("bulk.unsaved_one", code))
        )
        page.evaluate("window.__drawn.length = 0")
        page.get_by_role("button", name=say("bulk.save", code), exact=True).click()
        settled(page, rounds=2)
        page.wait_for_function("t => window.__drawn.includes(t)", arg=typed)
        # Udvikling: a date and a time field, and the date field's calendar.
        nav.locator('a[href$="/udvikling"]').click()
        settled(page)
        page.get_by_text(say("progress.from_custom", code), exact=True).click()
        settled(page)
        page.locator('[data-testid="stDateInput"] button').first.click()
        page.get_by_role("dialog").wait_for()
        page.screenshot(path=artifacts_dir / f"language-{code}-{browser_locale}-dates.png")
        shown = page.evaluate(FIELDS)
    finally:
        context.close()
    banned, expected = FIELD_WORDS[code]
    assert not leaks(shown, banned, set()), [
        _context(shown, w) for w in leaks(shown, banned, set())
    ]
    assert [w for w in expected if w not in shown] == [], shown


def test_a_switch_of_language_turns_the_chosen_values_too(
    browser: Any, server: str, artifacts_dir: Path
) -> None:
    """The browser keeps showing a select box's chosen label until the widget is made
    anew: after a switch on the page itself the choice must read in the new language,
    and stay the choice the user made."""
    from mapping.catalogue import say

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(WAIT)
    scope = page.get_by_role("combobox", name=say("gaps.scope", "da"))
    try:
        page.goto(f"{server}/huller")
        settled(page)
        assert scope.input_value() == say("gaps.scope_map", "da")
        page.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
        settled(page)
        scope = page.get_by_role("combobox", name=say("gaps.scope", "en"))
        assert scope.input_value() == say("gaps.scope_map", "en")
        # A level chosen in English is still the choice, in Danish, after switching back.
        scope.click()
        page.get_by_role("option", name=re.compile(r"^Level: ")).first.click()
        settled(page)
        chosen = scope.input_value()
        assert chosen.startswith("Level: ")
        page.locator('[data-testid="stSidebar"]').get_by_text("Dansk", exact=True).click()
        settled(page)
        shown = page.get_by_role("combobox", name=say("gaps.scope", "da")).input_value()
        page.screenshot(path=artifacts_dir / "language-switch-keeps-choice.png")
    finally:
        context.close()
    assert shown.startswith("Niveau: ") and shown != chosen, shown
