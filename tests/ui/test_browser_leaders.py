"""The leaders' pages in Debian's chromium on a fresh database.

A workshop closes findings; a decision is found in Handlingsplan and in its
PDF; two sessions editing one decision conflict and nothing is lost.
Run: ``pytest tests/ui/test_browser_leaders.py -q -p no:cacheprovider``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from mapping import storage
from mapping.gaps import find_findings
from tests.browser_helpers import fresh_app
from tests.browser_helpers import settled as _settled
from tests.conftest import BROWSER_WAIT as WAIT

pytestmark = pytest.mark.browser

BAD = '[data-testid="stException"], [role="dialog"]'


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, browser: Any, app_server: Any
) -> Iterator[dict[str, Any]]:
    with fresh_app(tmp_path_factory, app_server, "leaders", warm=browser) as (base, url):
        yield {"base": base, "url": url}


def _session(browser: Any, base: str, path: str, title: str, author: str) -> Any:
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    p = ctx.new_page()
    p.set_default_timeout(WAIT)
    p.goto(f"{base}/{path}")
    p.get_by_role("heading", name=title, exact=True).first.wait_for()
    _settled(p)
    name = p.get_by_label("Dit navn", exact=True)
    name.fill(author)
    name.press("Enter")
    _settled(p)
    return p


def _choose(p: Any, label: str, option: str) -> None:
    box = p.get_by_role("combobox", name=label, exact=True).first
    box.click()
    box.fill(option)
    p.get_by_role("option", name=re.compile(re.escape(option))).first.click()
    p.keyboard.press("Escape")
    _settled(p)


def _state(server: dict[str, Any]) -> tuple[Any, int, Any]:
    engine = storage.get_engine(server["url"])
    info = storage.list_maps(engine)[0]
    return engine, info.id, storage.load_map(engine, info.id)


def test_a_workshop_principle_closes_hk101_and_hk401(
    browser: Any, server: dict, artifacts_dir: Path
) -> None:
    gid = "overgang-skole"
    engine, map_id, stored = _state(server)
    ids = {f.id for f in find_findings(stored.map)}
    assert {f"HK101:{gid}", f"HK401:{gid}"} <= ids
    p = _session(browser, server["base"], f"workshop?gruppe={gid}", "Workshop", "Workshopleder")
    p.screenshot(path=artifacts_dir / "ui-workshop.png", full_page=True)
    p.get_by_label("Princippets navn").fill("Fælles syn på skolestart")
    for unit in ("Børnehuset Solsikken", "Havnevejens Skole"):
        _choose(p, "Enheder, der tilslutter sig", unit)
    p.get_by_role("button", name="Gem princippet").click()
    p.get_by_text("Lukket af aftalen").first.wait_for()
    _settled(p)
    closed = p.get_by_text("Lukket af aftalen").first.inner_text()
    assert f"HK101:{gid}" in closed and f"HK401:{gid}" in closed
    _, _, after = _state(server)
    left = {f.id for f in find_findings(after.map)}
    assert f"HK101:{gid}" not in left and f"HK401:{gid}" not in left
    assert storage.history(engine, map_id, limit=1)[0].author == "Workshopleder"
    assert p.locator(BAD).count() == 0
    p.context.close()


def test_a_decision_is_in_the_plan_and_its_pdf(
    browser: Any, server: dict, tmp_path: Path, artifacts_dir: Path
) -> None:
    import pypdf

    fid = "HK301:overgang-skole"
    p = _session(browser, server["base"], f"handlingsplan?fund={fid}", "Handlingsplan", "Mette")
    _choose(p, "Status", "Besluttet")
    p.get_by_label("Note", exact=True).fill("Fælles pædagogisk dag i marts")
    p.get_by_role("button", name="Gem beslutningen").click()
    p.get_by_text("er gemt").first.wait_for()
    _settled(p)
    _, _, stored = _state(server)
    d = stored.map.decisions_by_finding[fid]
    assert (d.status, d.note) == ("decided", "Fælles pædagogisk dag i marts")
    p.get_by_text("Beslutning: Besluttet").first.wait_for()
    p.screenshot(path=artifacts_dir / "ui-handlingsplan.png", full_page=True)
    with p.expect_download() as dl:
        p.get_by_role("button", name="Hent som PDF (A4)").click()
    download = dl.value
    assert re.fullmatch(r".+-handlingsplan-\d{4}-\d\d-\d\d\.pdf", download.suggested_filename)
    data = Path(download.path()).read_bytes()
    text = " ".join(
        " ".join(pg.extract_text() for pg in pypdf.PdfReader(io.BytesIO(data)).pages).split()
    )
    assert "Handlingsplan for hele kortet" in text and stored.map.name in text
    assert "Fælles pædagogisk dag i marts" in text and "Spørgsmål til refleksion" in text
    p.context.close()


def test_two_sessions_on_one_decision_conflict_and_nothing_is_lost(
    browser: Any, server: dict, artifacts_dir: Path
) -> None:
    fid = "HK302:kontanthjaelp"
    path = f"handlingsplan?fund={fid}"
    first = _session(browser, server["base"], path, "Handlingsplan", "Anna")
    second = _session(browser, server["base"], path, "Handlingsplan", "Bo")
    first.get_by_label("Note", exact=True).fill("Annas note")
    first.get_by_role("button", name="Gem beslutningen").click()
    first.get_by_text("er gemt").first.wait_for()
    second.get_by_label("Note", exact=True).fill("Bos note")
    second.get_by_role("button", name="Gem beslutningen").click()
    alert = second.locator('[data-testid="stAlertContentError"]').first
    alert.wait_for()
    assert "Anna" in alert.inner_text()
    second.screenshot(path=artifacts_dir / "ui-decision-conflict.png", full_page=True)
    assert _state(server)[2].map.decisions_by_finding[fid].note == "Annas note"
    # Bo takes his own version back and saves it knowingly.
    second.get_by_role("button", name="Start fra min udgave").click()
    expect(second.get_by_role("button", name="Start fra min udgave")).to_have_count(0)
    _settled(second)
    expect(second.get_by_label("Note", exact=True)).to_have_value("Bos note")
    second.get_by_role("button", name="Gem beslutningen").click()
    second.get_by_text("er gemt").first.wait_for()
    engine, map_id, stored = _state(server)
    assert stored.map.decisions_by_finding[fid].note == "Bos note"
    notes = [c.after.get("note") for c in storage.history(engine, map_id) if c.key == (fid,)]
    assert "Annas note" in notes and "Bos note" in notes  # both are in the history
    for p in (first, second):
        p.context.close()
