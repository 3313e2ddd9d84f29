"""The map page lists deleted maps and brings one back, as it was before the deletion."""

from __future__ import annotations

from typing import Any

from mapping import storage
from tests.ui.test_pages import by_label, click, errors, page, the_map


def _delete_in_the_app(app: Any, map_id: int, name: str) -> None:
    app.text_input(key=f"mp_del_{map_id}").input(name).run()
    click(app, "Slet kortet for altid")


def test_a_deleted_map_is_listed_and_brought_back_whole(app: Any, engine: Any) -> None:
    map_id, stored = the_map(engine)
    name = stored.map.name
    settings = storage.load_settings(engine, map_id)
    app.sidebar.text_input(key="author_name").input("Anna").run()
    page(app, "maps.py")
    assert "Ingen slettede kort." in [c.value for c in app.caption]
    _delete_in_the_app(app, map_id, name)
    assert storage.list_maps(engine) == []
    text = " ".join(m.value for m in app.markdown)
    assert name in text and "slettet" in text and "Anna" in text
    assert not [w for w in app.text_input if w.key == f"mp_undel_name_{map_id}"]  # name free
    app.button(key=f"mp_undel_{map_id}").click().run()
    assert not app.exception and not errors(app)
    assert [s.value for s in app.success] == [f"Kortet {name} er gendannet."]
    (info,) = storage.list_maps(engine)
    back = storage.load_map(engine, info.id)
    assert info.name == name and back.map == stored.map  # records and their order
    assert storage.load_settings(engine, info.id) == settings
    assert app.session_state["current_map_id"] == info.id
    assert storage.deleted_maps(engine) == []  # no longer offered
    assert "Ingen slettede kort." in [c.value for c in app.caption]


def test_a_taken_name_asks_for_a_new_one(app: Any, engine: Any) -> None:
    map_id, stored = the_map(engine)
    name = stored.map.name
    page(app, "maps.py")
    _delete_in_the_app(app, map_id, name)
    storage.create_map(engine, name)  # someone makes a new map with the old name
    page(app, "maps.py")
    field = by_label(app.text_input, f"Navnet {name} er optaget; gendan som")
    assert field.value == f"{name} (gendannet)"
    field.set_value(name)  # still taken: a clear message, nothing written
    app.button(key=f"mp_undel_{map_id}").click().run()
    assert any("findes allerede" in e for e in errors(app)) and not app.exception
    assert len(storage.list_maps(engine)) == 1
    by_label(app.text_input, f"Navnet {name} er optaget; gendan som").set_value("Gammelt kort")
    app.button(key=f"mp_undel_{map_id}").click().run()
    assert not errors(app)
    back = storage.load_map(engine, storage.find_map(engine, "Gammelt kort"))
    assert back.map == stored.map.replace(name="Gammelt kort")
