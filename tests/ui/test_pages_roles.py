"""The pages with login on, per role: what each person is offered follows their role on the map.

Login is Streamlit's own: ``[auth]`` secrets make the app require a signed-in
user, and ``AppTest.user`` is the ID token's claims of the signed-in person.
The storage checks every write again; these tests check both the pages and that
the storage refuses what a page leaves out. Two people editing the same record
at once: one conflict, nothing lost, every save signed by its identity.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from mapping import storage
from mapping.model import Unit
from tests.ui.test_pages import by_label, click, errors, page

APP = Path(__file__).resolve().parents[2] / "streamlit_app.py"
SECRETS = {
    "auth": {
        "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
        "cookie_secret": "a-test-cookie-secret-0123456789-abcdef",
        "client_id": "helhedskort-test",
        "client_secret": "test-secret",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
    },
    "helhedskort": {"admins": ["ada@kommune.dk"]},
}
PEOPLE = {
    "ada": ("Ada Admin", "ada@kommune.dk", []),
    "olga": ("Olga Ejer", "olga@kommune.dk", []),
    "erik": ("Erik Redaktør", "erik@kommune.dk", []),
    "gert": ("Gert Gruppe", "gert@kommune.dk", ["hk-redaktoerer"]),
    "rita": ("Rita Læser", "rita@kommune.dk", []),
    "nils": ("Nils Udenfor", "nils@kommune.dk", []),
}
ADMIN = storage.Identity("Ada Admin", "ada@kommune.dk", admin=True)


@pytest.fixture
def fjordby(db_url: str) -> tuple[Any, int]:
    """The example map with an owner, an editor, an editor group and a reader."""
    from mapping.readwrite import read_map
    from mapping.ui.state import EXAMPLE_JSON

    engine = storage.get_engine(db_url)
    storage.upgrade(engine)
    map_id = storage.create_map(engine, "Fjordby", read_map(EXAMPLE_JSON), "opsætning")
    members = {
        "olga@kommune.dk": "ejer",
        "erik@kommune.dk": "redaktør",
        "group:hk-redaktoerer": "redaktør",
        "rita@kommune.dk": "læser",
    }
    for principal, role in members.items():
        storage.set_member(engine, map_id, principal, role, "opsætning", base_role=None)
    return engine, map_id


def signed_in(who: str | None) -> Any:
    """The app with login on, ``who`` signed in (None: nobody), after its first run."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=120)
    at.secrets = {k: dict(v) for k, v in SECRETS.items()}
    if who is not None:
        name, email, groups = PEOPLE[who]
        at.user = {"is_logged_in": True, "name": name, "email": email, "groups": groups}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: Any) -> str:
    parts = [*at.markdown, *at.caption, *at.info, *at.warning, *at.success, *at.error]
    return "\n".join(str(p.value) for p in parts)


def test_nobody_signed_in_sees_only_the_sign_in_button(fjordby: tuple[Any, int]) -> None:
    at = signed_in(None)
    assert [b.label for b in at.button] == ["Log ind"]
    assert "Fjordby" not in texts(at)
    assert not [w for w in at.text_input if w.label == "Dit navn"]


def test_a_reader_is_offered_nothing_that_writes_and_the_storage_refuses(
    fjordby: tuple[Any, int],
) -> None:
    engine, map_id = fjordby
    at = signed_in("rita")
    shown = texts(at)
    assert "Logget ind som Rita Læser (rita@kommune.dk)" in shown
    assert "Din rolle på kortet: læser" in shown
    assert not [w for w in at.text_input if w.label == "Dit navn"]  # the login signs
    page(at, "edit.py")
    assert "Du kan se kortet, men ikke ændre det" in texts(at)
    assert not [b for b in at.button if b.label in ("Gem", "Opret")]
    page(at, "settings_page.py")
    assert "Kun kortets ejer kan ændre indstillingerne" in texts(at)
    assert not [b for b in at.button if b.label == "Gem indstillinger"]
    page(at, "transfer.py")
    assert not at.get("file_uploader")
    page(at, "maps.py")
    assert "Nye kort oprettes af instansens administrator." in texts(at)
    assert not [b for b in at.button if b.label in ("Omdøb", "Slet kortet")]

    before = storage.load_map(engine, map_id)
    rita = storage.Identity("Rita Læser", "rita@kommune.dk")
    with pytest.raises(storage.PermissionDeniedError, match="Intet er gemt"):
        storage.save_record(engine, map_id, "units", Unit("ny", "Ny"), None, rita)
    assert storage.load_map(engine, map_id).map_version == before.map_version


def test_someone_without_a_role_sees_no_map(fjordby: tuple[Any, int]) -> None:
    at = signed_in("nils")
    assert "Fjordby" not in texts(at)
    assert not at.exception


def test_an_editor_by_group_edits_but_may_not_change_settings(fjordby: tuple[Any, int]) -> None:
    engine, map_id = fjordby
    at = signed_in("gert")
    assert "Din rolle på kortet: redaktør" in texts(at)
    page(at, "edit.py")
    by_label(at.text_input, "Navn").input("Gerts enhed")
    by_label(at.selectbox, "Sektor").set_value("Sundhed")
    click(at, "Opret")
    assert not errors(at)
    last = storage.history(engine, map_id, limit=1)[0]
    assert last.author == "Gert Gruppe <gert@kommune.dk>"
    page(at, "settings_page.py")
    assert not [b for b in at.button if b.label == "Gem indstillinger"]


def test_the_owner_manages_members_and_the_administrator_creates_maps(
    fjordby: tuple[Any, int],
) -> None:
    engine, map_id = fjordby
    olga = signed_in("olga")
    page(olga, "maps.py")
    assert "Nye kort oprettes af instansens administrator." in texts(olga)
    roles = by_label(olga.selectbox, "Rolle")
    assert roles.options == ["læser", "redaktør"]  # owners are the administrator's to appoint
    by_label(olga.text_input, "E-mail eller group:<gruppe>").input("ny@kommune.dk")
    roles.set_value("editor")
    click(olga, "Tilføj eller skift rolle")
    assert not errors(olga)
    members = {m.principal: m.role for m in storage.list_members(engine, map_id)}
    assert members["ny@kommune.dk"] == "editor"

    ada = signed_in("ada")
    assert "administrator" in texts(ada)
    page(ada, "maps.py")
    assert by_label(ada.selectbox, "Rolle").options == ["læser", "redaktør", "ejer"]
    by_label(ada.text_input, "Navn").input("Ådalen")
    click(ada, "Opret kort")
    assert not errors(ada)
    assert "Ådalen" in {i.name for i in storage.list_maps(engine)}
    with pytest.raises(storage.PermissionDeniedError):
        storage.create_map(engine, "Olgas kort", None, storage.Identity("Olga", "olga@kommune.dk"))


def test_two_people_edit_the_same_unit_at_once_and_nothing_is_lost(
    fjordby: tuple[Any, int],
) -> None:
    engine, map_id = fjordby
    unit = storage.load_map(engine, map_id).map.units[3]
    erik, olga = signed_in("erik"), signed_in("olga")
    for at in (erik, olga):  # both open the unit
        page(at, "edit.py")
        at.selectbox(key="ed_pick:units").set_value((unit.id,)).run()
    by_label(erik.text_input, "Leder").input("Eriks leder")
    by_label(olga.text_input, "Leder").input("Olgas leder")
    click(erik, "Gem")
    assert not errors(erik)
    click(olga, "Gem")
    assert errors(olga), "Olga is shown the conflict"
    assert "Erik Redaktør" in texts(olga) + olga.dataframe[0].value.to_string()
    stored = storage.load_map(engine, map_id)
    assert stored.map.unit(unit.id).leader == "Eriks leder"  # not overwritten unseen
    click(olga, "Hent den nyeste udgave")
    assert by_label(olga.text_input, "Leder").value == "Eriks leder"
    by_label(olga.text_input, "Leder").input("Olgas leder")
    click(olga, "Gem")
    assert not errors(olga)
    authors = [c.author for c in storage.history(engine, map_id, limit=2)]
    assert authors == ["Olga Ejer <olga@kommune.dk>", "Erik Redaktør <erik@kommune.dk>"]
    # The reader's write at the same moment is refused and changes nothing.
    version = storage.load_map(engine, map_id).versions[("units", (unit.id,))]
    rita = storage.Identity("Rita Læser", "rita@kommune.dk")
    mine = dataclasses.replace(unit, leader="Ritas leder")
    with pytest.raises(storage.PermissionDeniedError):
        storage.save_record(engine, map_id, "units", mine, version, rita)
    assert storage.load_map(engine, map_id).map.unit(unit.id).leader == "Olgas leder"


def test_without_login_another_address_shows_only_the_refusal(
    fjordby: tuple[Any, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from streamlit import config
    from streamlit.testing.v1 import AppTest

    from mapping.ui import policy

    monkeypatch.delenv(policy.PROXY_ENV, raising=False)
    before = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")
    try:
        at = AppTest.from_file(str(APP), default_timeout=120)
        at.run()
    finally:
        config.set_option("server.address", before)
    assert not at.exception
    assert any("ikke sat login op" in e.value for e in at.error)
    assert "Fjordby" not in texts(at) and not at.button  # nothing of the app is served
