"""Signing in through a real OpenID Connect provider, in Debian's chromium, as each role.

Two app processes with login on (``[auth]`` secrets pointing at the loopback
provider) against one PostgreSQL database serve the module. Each person signs
in through the provider's own form; what the app offers follows their role on
the map, and what the storage accepts follows it too.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from mapping import storage
from mapping.model import Unit
from tests.login.auth_helpers import ERIK, OLGA, RITA, Browser, write_secrets

pytestmark = [pytest.mark.browser, pytest.mark.postgres]

BAD = '[data-testid="stException"]'


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory,
    browser: Any,
    app_server: Any,
    oidc_provider: str,
    login_pg_url: str,
) -> Iterator[dict[str, Any]]:
    """Two app processes with login on against one PostgreSQL database (as behind a
    load balancer with sticky sessions): ``base`` and ``base2``."""
    from mapping.readwrite import read_map
    from mapping.ui.state import EXAMPLE_JSON

    tmp = tmp_path_factory.mktemp("login")
    url = login_pg_url
    try:
        engine = storage.get_engine(url)
        storage.upgrade(engine)
        example = read_map(EXAMPLE_JSON)
        map_id = storage.create_map(engine, "Fjordby", example, "opsætning")  # local operator
        for person, role in ((OLGA, "ejer"), (ERIK, "redaktør"), (RITA, "læser")):
            storage.set_member(engine, map_id, person.email, role, "opsætning", base_role=None)
        args = ("--secrets.files", str(write_secrets(tmp, oidc_provider)))
        with contextlib.ExitStack() as stack:
            base = stack.enter_context(app_server(url, tmp, args=args, log_name="one.log"))
            base2 = stack.enter_context(app_server(url, tmp, args=args, log_name="two.log"))
            yield {"base": base, "base2": base2, "map_id": map_id, "engine": engine}
    finally:
        storage.dispose_engines()


def test_nothing_but_the_sign_in_screen_before_signing_in(browser: Any, server: dict) -> None:
    anon = Browser(browser, server["base"])
    anon.page.goto(f"{server['base']}/huller")
    anon.page.get_by_role("button", name="Log ind", exact=True).wait_for(timeout=90_000)
    anon.settle()
    assert anon.page.get_by_text("Fjordby").count() == 0  # no map name, no page content
    assert anon.page.get_by_label("Dit navn", exact=True).count() == 0
    anon.close()


def test_a_reader_sees_the_map_but_no_edit_controls_and_storage_refuses(
    browser: Any, server: dict, artifacts_dir: Path
) -> None:
    rita = Browser(browser, server["base"])
    rita.sign_in(RITA)
    page = rita.page
    expect(page.get_by_text("Din rolle på kortet: læser")).to_be_visible()
    assert page.get_by_label("Dit navn", exact=True).count() == 0  # the login signs changes
    nav = page.locator('[data-testid="stSidebarNav"]')
    expect(nav.get_by_role("link", name="Huller")).to_be_visible()
    assert nav.get_by_role("link", name="Registrér og redigér").count() == 0
    # Each page's controls per role are checked by tests/ui/test_pages_roles.py; here
    # one page in the real browser session.
    rita.goto("indstillinger", "Indstillinger for kortet")
    expect(page.get_by_text("Kun kortets ejer kan ændre indstillingerne")).to_be_visible()
    assert page.get_by_role("button", name="Gem indstillinger").count() == 0
    page.screenshot(path=artifacts_dir / "auth-reader.png", full_page=True)
    assert page.locator(BAD).count() == 0

    # The same identity, straight at the storage: refused, nothing written.
    engine, map_id = server["engine"], server["map_id"]
    before = storage.load_map(engine, map_id)
    with pytest.raises(storage.PermissionDeniedError):
        storage.save_record(engine, map_id, "units", Unit("ny", "Ny"), None, RITA.identity)
    assert storage.load_map(engine, map_id).map_version == before.map_version
    rita.close()


def test_two_editors_on_two_processes_one_conflict_nothing_lost(browser: Any, server: dict) -> None:
    engine, map_id = server["engine"], server["map_id"]
    unit = storage.load_map(engine, map_id).map.units[3]
    erik, olga = Browser(browser, server["base"]), Browser(browser, server["base2"])
    erik.sign_in(ERIK)
    expect(erik.page.get_by_text("Din rolle på kortet: redaktør")).to_be_visible()
    olga.sign_in(OLGA)
    for who in (erik, olga):  # both open the same unit, on different processes
        who.goto(f"registrer?table=units&id={unit.id}", "Registrér og redigér")
    erik.page.get_by_label("Leder", exact=True).first.fill("Eriks leder")
    olga.page.get_by_label("Leder", exact=True).first.fill("Olgas leder")
    erik.button("Gem")
    erik.page.get_by_text("er gemt", exact=False).first.wait_for()
    olga.button("Gem")  # based on the version she opened: a conflict naming Erik
    expect(olga.page.get_by_text("Intet er overskrevet", exact=False).first).to_be_visible()
    expect(olga.page.get_by_text("Erik Redaktør", exact=False).first).to_be_visible()
    assert storage.load_map(engine, map_id).map.unit(unit.id).leader == "Eriks leder"
    last = storage.history(engine, map_id, limit=1)[0]
    assert (last.author, last.key) == ("Erik Redaktør <erik@kommune.dk>", (unit.id,))
    for who in (erik, olga):
        assert who.page.locator(BAD).count() == 0
        who.close()


def test_an_owner_changes_settings_adds_a_member_and_signs_out(
    browser: Any, server: dict, artifacts_dir: Path
) -> None:
    engine, map_id = server["engine"], server["map_id"]
    olga = Browser(browser, server["base2"])
    olga.sign_in(OLGA)
    page = olga.page
    olga.goto("indstillinger", "Indstillinger for kortet")
    box = page.get_by_label("Mange kontaktpunkter fra (HK602)", exact=True)
    box.fill("7")
    box.press("Tab")
    olga.button("Gem indstillinger")
    page.get_by_text("gemt", exact=False).first.wait_for()
    assert storage.load_settings(engine, map_id).contact_points_threshold == 7

    olga.goto("kort", "Kort")
    assert page.get_by_text("Opret et nyt kort").count() == 0  # the administrator's
    page.get_by_label("E-mail eller group:<gruppe>", exact=True).fill("ny.laeser@kommune.dk")
    olga.button("Tilføj eller skift rolle")
    expect(page.get_by_text("ny.laeser@kommune.dk er nu læser på kortet.")).to_be_visible()
    members = {m.principal: m.role for m in storage.list_members(engine, map_id)}
    assert members["ny.laeser@kommune.dk"] == "reader"
    signed = [c.author for c in storage.history(engine, map_id, limit=2)]
    assert signed == ["Olga Ejer <olga@kommune.dk>"] * 2  # the member, then the setting
    page.screenshot(path=artifacts_dir / "auth-owner.png", full_page=True)
    assert page.locator(BAD).count() == 0

    # Signing out ends the session at the provider too, then the app asks to sign in.
    olga.button("Log ud")
    page.get_by_role("button", name="End session").click()  # the provider's own form
    expect(page.get_by_role("button", name="Log ind", exact=True)).to_be_visible()
    page.goto(f"{server['base']}/indstillinger")
    expect(page.get_by_role("button", name="Log ind", exact=True)).to_be_visible()
    assert page.get_by_text("Logget ind som").count() == 0
    olga.close()
