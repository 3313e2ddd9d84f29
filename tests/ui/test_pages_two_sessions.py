"""Settings and map names edited by two people at once: nothing is lost, conflicts are shown.

The other person is a second session writing through the storage API while the
AppTest session has its form open.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from mapping import storage
from tests.ui.test_pages import by_label, click, errors, page, the_map

CONTACTS = "Mange kontaktpunkter fra (HK602)"
LANGUAGE = "Sprog for kortet"


def _other_saves(engine: Any, map_id: int, **changes: Any) -> None:
    seen = storage.load_stored_settings(engine, map_id)
    wanted = dataclasses.replace(seen.settings, **changes)
    storage.save_settings(engine, map_id, wanted, "Bo Berg", base=seen)


def test_a_setting_saved_by_someone_else_survives_my_save_of_another(app: Any, engine: Any) -> None:
    map_id, _ = the_map(engine)
    page(app, "settings_page.py")  # I open the form
    _other_saves(engine, map_id, contact_points_threshold=3)
    by_label(app.selectbox, LANGUAGE).set_value("en")
    click(app, "Gem indstillinger")
    assert not errors(app)
    saved = storage.load_settings(engine, map_id)
    assert (saved.contact_points_threshold, saved.language) == (3, "en")


def test_the_same_setting_saved_by_both_shows_a_conflict_and_loses_nothing(
    app: Any, engine: Any
) -> None:
    map_id, _ = the_map(engine)
    page(app, "settings_page.py")
    _other_saves(engine, map_id, contact_points_threshold=3)
    by_label(app.number_input, CONTACTS).set_value(7)
    by_label(app.selectbox, LANGUAGE).set_value("en")
    click(app, "Gem indstillinger")
    assert not app.exception
    (message,) = errors(app)
    assert "Mange kontaktpunkter fra" in message and "Bo Berg" in message
    assert "Intet er gemt" in message and "Traceback" not in message
    shown = app.dataframe[0].value.to_string()
    assert "3" in shown and "7" in shown and "Bo Berg" in shown
    saved = storage.load_settings(engine, map_id)
    assert (saved.contact_points_threshold, saved.language) == (3, "da")  # Bo's kept, mine not
    assert by_label(app.number_input, CONTACTS).value == 7  # my input is still there
    click(app, "Hent de nyeste indstillinger")
    assert not errors(app)
    assert by_label(app.number_input, CONTACTS).value == 3
    by_label(app.number_input, CONTACTS).set_value(7)
    click(app, "Gem indstillinger")
    assert not errors(app)
    assert storage.load_settings(engine, map_id).contact_points_threshold == 7


def test_coming_back_to_the_settings_page_shows_what_others_saved(app: Any, engine: Any) -> None:
    map_id, _ = the_map(engine)
    page(app, "settings_page.py")
    page(app, "gaps.py")
    _other_saves(engine, map_id, contact_points_threshold=4)
    page(app, "settings_page.py")
    assert by_label(app.number_input, CONTACTS).value == 4


def test_a_rename_by_someone_else_is_not_overwritten_unseen(app: Any, engine: Any) -> None:
    map_id, stored = the_map(engine)
    page(app, "maps.py")
    storage.rename_map(engine, map_id, "Bos navn", "Bo", base_name=stored.map.name)
    app.text_input(key=f"mp_ren_{map_id}").input("Mit navn")
    click(app, "Omdøb")
    (message,) = errors(app)
    assert "Bos navn" in message and "Traceback" not in message
    assert storage.load_map(engine, map_id).map.name == "Bos navn"
    click(app, "Omdøb")  # now I have seen it: a second click is a deliberate rename
    assert not errors(app)
    assert storage.load_map(engine, map_id).map.name == "Mit navn"
