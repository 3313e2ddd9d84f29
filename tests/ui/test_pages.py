"""AppTest per page: each test runs the real app on a fresh database and checks state.

Run: ``/work/venv/bin/pytest tests/ui/test_pages.py -q -p no:cacheprovider``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from mapping import storage

APP = Path(__file__).resolve().parents[2] / "streamlit_app.py"

EDIT = "mapping/ui/pages/edit.py"


def page(at: Any, name: str) -> Any:
    at.switch_page(f"mapping/ui/pages/{name}").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def by_label(widgets: Any, label: str) -> Any:
    found = [w for w in widgets if w.label == label]
    assert found, f"no widget labelled {label!r}: {[w.label for w in widgets]}"
    return found[0]


def click(at: Any, label: str) -> Any:
    by_label(at.button, label).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def errors(at: Any) -> list[str]:
    return [e.value for e in at.error]


def bulk_key(map_id: int, table: str = "units", gen: int = 0) -> str:
    """The data editor's key of a bulk table (generation ``gen``, Danish, ids hidden)."""
    return f"bulk:{table}:{map_id}.{gen}:da:0"


def diagram(at: Any) -> dict[str, Any]:
    """The map page's component arguments, its data parsed from the JSON bytes."""
    (el,) = at.get("component_instance")
    args = json.loads(el.proto.json_args)
    raw = next(a.bytes for a in el.proto.special_args if a.key == "data")
    return args | {"data": json.loads(raw)}


def the_map(engine: Any) -> tuple[int, Any]:
    info = storage.list_maps(engine)[0]
    return info.id, storage.load_map(engine, info.id)


def test_first_start_loads_the_example_map(app: Any, engine: Any) -> None:
    infos = storage.list_maps(engine)
    assert len(infos) == 1
    assert infos[0].counts["units"] >= 40
    assert "enheder" in app.caption[0].value
    assert app.get("component_instance"), "the map page embeds the diagram"


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("overview.py", "Helhedskortet"),
        ("gaps.py", "Huller i helheden"),
        ("citizen.py", "Borgerens perspektiv"),
        ("unit_room.py", "Mit ledelsesrum"),
        ("plan.py", "Handlingsplan"),
        ("workshop.py", "Workshop"),
        ("chain.py", "Ledelseskæden"),
        ("matrices.py", "Matricer"),
        ("edit.py", "Registrér og redigér"),
        ("transfer.py", "Import og eksport"),
        ("progress.py", "Udvikling over tid"),
        ("settings_page.py", "Indstillinger for kortet"),
        ("maps.py", "Kort"),
    ],
)
def test_every_page_renders_in_danish_without_errors(app: Any, name: str, title: str) -> None:
    page(app, name)
    assert app.title[0].value == title
    assert not errors(app)


def test_map_filters_change_the_diagram(app: Any, engine: Any) -> None:
    _, stored = the_map(engine)
    full = diagram(app)
    group = stored.map.citizen_groups[0]
    app.multiselect(key="ov_groups").set_value([group.id]).run()
    focused = diagram(app)
    assert focused["data_key"] != full["data_key"]
    assert len(focused["data"]["nodes"]) < len(full["data"]["nodes"])
    app.radio(key="ov_layout").set_value("chain").run()
    assert diagram(app)["data_key"] != focused["data_key"]
    from mapping.ui import downloads

    offered = {b.proto.label for b in app.download_button}
    assert offered == {downloads.label(d) for d in downloads.DIAGRAMS + downloads.REPORTS}


def test_gap_filter_changes_the_count_shown(app: Any, engine: Any) -> None:
    from mapping.gaps import find_findings

    _, stored = the_map(engine)
    gaps = find_findings(stored.map, storage.load_settings(engine, stored.id))
    page(app, "gaps.py")
    total = len(gaps)
    assert app.metric[0].value == str(total)
    assert any(f"Viser {total} af {total}" in m.value for m in app.markdown)
    n101 = sum(1 for g in gaps if g.code == "HK101")
    app.multiselect(key="gp_rules").set_value(["HK101"]).run()
    assert any(f"Viser {n101} af {total}" in m.value for m in app.markdown)
    assert n101 < total
    # Each gap card carries the explanation, action and reflection question.
    text = " ".join(m.value for m in app.markdown)
    assert "Forslag til handling:" in text and "Spørgsmål til refleksion:" in text


def test_gap_list_has_a_section_for_everyone_who_must_act(app: Any, engine: Any) -> None:
    from mapping.gaps import find_findings

    _, stored = the_map(engine)
    gaps = find_findings(stored.map, storage.load_settings(engine, stored.id))
    page(app, "gaps.py")
    points = {(g.escalate_to, g.escalation_level) for g in gaps}
    sections = [e for e in app.expander if " — " in e.label]
    assert len(sections) == len(points) > 3
    # The biggest section is cut at the page size, and says so.
    assert any("skjult" in i.value for i in app.info)


def test_add_a_unit_through_the_form(app: Any, engine: Any) -> None:
    page(app, "edit.py")
    app.text_input(key="author_name").input("Testperson").run()
    by_label(app.text_input, "Navn").input("Ny Sundhedsenhed")
    by_label(app.selectbox, "Sektor").set_value("Sundhed")
    click(app, "Opret")
    assert not errors(app)
    _, stored = the_map(engine)
    unit = stored.map.units_by_id["ny-sundhedsenhed"]
    assert (unit.name, unit.sector) == ("Ny Sundhedsenhed", "Sundhed")
    assert storage.history(engine, stored.id, limit=1)[0].author == "Testperson"
    assert any("gemt" in s.value for s in app.success)


def test_missing_name_is_refused_with_a_message(app: Any, engine: Any) -> None:
    _, before = the_map(engine)
    page(app, "edit.py")
    click(app, "Opret")
    assert any("Udfyld" in e for e in errors(app))
    assert the_map(engine)[1].map_version == before.map_version


def test_edit_a_principle(app: Any, engine: Any) -> None:
    _, stored = the_map(engine)
    p = next(p for p in stored.map.principles if p.status.value != "practised")
    page(app, "edit.py")
    app.button_group(key="ed_table").set_value("principles").run()
    app.selectbox(key="ed_pick:principles").set_value((p.id,)).run()
    adopters = by_label(app.multiselect, "Enheder, der har tilsluttet sig princippet")
    assert set(adopters.value) == set(stored.map.adopters.get(p.id, ()))
    by_label(app.selectbox, "Status").set_value("practised")
    by_label(app.text_input, "Navn").input(p.name + " (revideret)")
    click(app, "Gem")
    assert not errors(app)
    after = the_map(engine)[1].map.principle(p.id)
    assert after.status.value == "practised"
    assert after.name == p.name + " (revideret)"
    assert after.group_ids == p.group_ids


def test_conflicting_edit_shows_both_versions_and_overwrites_nothing(app: Any, engine: Any) -> None:
    map_id, stored = the_map(engine)
    unit = stored.map.units[3]
    page(app, "edit.py")
    app.selectbox(key="ed_pick:units").set_value((unit.id,)).run()
    # Someone else saves the same unit after this user opened it.
    v = stored.versions[("units", (unit.id,))]
    theirs = dataclasses.replace(unit, leader="Anden Leder")
    storage.save_record(engine, map_id, "units", theirs, base_version=v, author="anden")
    by_label(app.text_input, "Leder").input("Min Leder")
    click(app, "Gem")
    assert errors(app), "the conflict is shown"
    assert the_map(engine)[1].map.unit(unit.id).leader == "Anden Leder"
    shown = app.dataframe[0].value.to_string()
    assert "Anden Leder" in shown and "Min Leder" in shown
    click(app, "Hent den nyeste udgave")
    assert by_label(app.text_input, "Leder").value == "Anden Leder"
    by_label(app.text_input, "Leder").input("Min Leder")
    click(app, "Gem")
    assert not errors(app)
    assert the_map(engine)[1].map.unit(unit.id).leader == "Min Leder"


def test_delete_asks_lists_dependents_and_cascades_only_when_confirmed(
    app: Any, engine: Any
) -> None:
    _, stored = the_map(engine)
    uid = stored.map.services[0].unit_id
    page(app, "edit.py")
    app.selectbox(key="ed_pick:units").set_value((uid,)).run()
    click(app, "Slet…")
    assert app.warning, "a confirmation is asked"
    deps = app.dataframe[0].value
    assert len(deps) == len(storage.dependents(stored.map, "units", (uid,))) > 0
    click(app, "Fortryd")
    assert uid in the_map(engine)[1].map.units_by_id
    click(app, "Slet…")
    click(app, "Ja, slet også de afhængige")
    after = the_map(engine)[1].map
    assert uid not in after.units_by_id
    assert not [s for s in after.services if s.unit_id == uid]


def test_bulk_edit_through_the_data_editor(app: Any, engine: Any) -> None:
    map_id, stored = the_map(engine)
    page(app, "edit.py")
    app.session_state[bulk_key(map_id)] = {
        "edited_rows": {0: {"leader": "Bulk Leder"}},
        "added_rows": [{"id": "bulk-ny", "name": "Bulk ny enhed", "sector": "Stab"}],
        "deleted_rows": [],
    }
    app.run()
    click(app, "Gem tabellen")
    assert not errors(app)
    after = the_map(engine)[1].map
    assert after.unit(stored.map.units[0].id).leader == "Bulk Leder"
    assert after.unit("bulk-ny").sector == "Stab"


def test_service_goal_offers_values_already_used(app: Any, engine: Any) -> None:
    _, stored = the_map(engine)
    page(app, "edit.py")
    app.button_group(key="ed_table").set_value("services").run()
    goal = by_label(app.selectbox, "Enhedens mål for gruppen")

    def norm(text: str) -> str:
        return " ".join(text.lower().split())

    used = {norm(s.goal) for s in stored.map.services if s.goal.strip()}
    offered = [o for o in goal.options if o]
    # Every goal in use is offered once, whatever its spelling variants.
    assert used == {norm(o) for o in offered}
    assert len(offered) == len(used)


def test_language_switch_gives_english_labels(app: Any) -> None:
    app.radio(key="lang").set_value("en").run()
    assert app.title[0].value == "The whole-picture map"
    assert app.text_input(key="author_name").label == "Your name"
    page(app, "gaps.py")
    assert app.title[0].value == "Gaps in the whole"
    assert any("Suggested action:" in m.value for m in app.markdown)


def test_import_of_a_bad_file_lists_every_error_and_changes_nothing(app: Any, engine: Any) -> None:
    _, before = the_map(engine)
    bad = {
        "units": [
            {"id": "a", "name": "A", "parent_id": "ukendt"},
            {"id": "a", "name": "A igen"},
            {"id": "b", "name": "B", "staff_count": "mange"},
        ]
    }
    page(app, "transfer.py")
    app.file_uploader(key="imp_file").upload("daarlig.json", json.dumps(bad).encode())
    app.run()
    assert any("daarlig.json" in e for e in errors(app))
    problems = app.dataframe[0].value
    assert len(problems) >= 3
    assert not [b for b in app.button if b.label == "Gem importen"]
    assert the_map(engine)[1].map_version == before.map_version


def test_import_previews_then_applies(app: Any, engine: Any) -> None:
    from mapping.readwrite import map_to_bytes

    _, before = the_map(engine)
    extra = dataclasses.replace(before.map.units[0], id="import-ny", name="Importeret enhed")
    incoming = before.map.replace(units=(*before.map.units, extra))
    page(app, "transfer.py")
    app.file_uploader(key="imp_file").upload("kort.json", map_to_bytes(incoming, "json"))
    app.run()
    assert not errors(app)
    preview = app.dataframe[0].value
    assert int(preview.iloc[:, 1].sum()) == 1  # one record added
    # ... and which one, by name
    added = [e for e in app.expander if e.label == "Tilføjes (1)"]
    assert added and "Enheden: Importeret enhed" in added[0].markdown[0].value
    assert "import-ny" not in the_map(engine)[1].map.units_by_id  # nothing written yet
    click(app, "Gem importen")
    assert "import-ny" in the_map(engine)[1].map.units_by_id


def test_import_after_someone_else_edited_is_refused_until_previewed_again(
    app: Any, engine: Any
) -> None:
    from mapping.readwrite import map_to_bytes

    map_id, before = the_map(engine)
    extra = dataclasses.replace(before.map.units[0], id="import-ny", name="Importeret enhed")
    page(app, "transfer.py")
    incoming = before.map.replace(units=(*before.map.units, extra))
    app.file_uploader(key="imp_file").upload("kort.json", map_to_bytes(incoming, "json"))
    app.run()
    other = dataclasses.replace(before.map.units[1], leader="Anden redaktør")
    key = ("units", (other.id,))
    storage.save_record(engine, map_id, "units", other, before.versions[key], "b")
    click(app, "Gem importen")
    assert any("ændret af en anden" in e for e in errors(app))
    after = the_map(engine)[1].map
    assert "import-ny" not in after.units_by_id and after.unit(other.id).leader == "Anden redaktør"
    click(app, "Vis forhåndsvisningen igen")
    click(app, "Gem importen")
    assert "import-ny" in the_map(engine)[1].map.units_by_id


def test_settings_change_the_gap_analysis(app: Any, engine: Any) -> None:
    map_id, _ = the_map(engine)
    page(app, "settings_page.py")
    by_label(app.number_input, "Mange kontaktpunkter fra (HK602)").set_value(2)
    click(app, "Gem indstillinger")
    assert storage.load_settings(engine, map_id).contact_points_threshold == 2
    page(app, "gaps.py")
    app.multiselect(key="gp_rules").set_value(["HK602"]).run()
    from mapping.gaps import find_findings

    m = the_map(engine)[1].map
    n = sum(1 for g in find_findings(m, storage.load_settings(engine, map_id)) if g.code == "HK602")
    assert any(f"Viser {n} af" in md.value for md in app.markdown)
    assert n > sum(1 for g in find_findings(m) if g.code == "HK602")


def test_a_decimal_setting_is_typed_the_danish_way(app: Any, engine: Any) -> None:
    map_id, _ = the_map(engine)
    page(app, "settings_page.py")
    field = by_label(app.text_input, "Svag relationel koordinering under (HK402)")
    assert field.value == "3,5"  # not Streamlit's "3.50"
    field.input("tre")
    click(app, "Gem indstillinger")
    assert any("»tre« er ikke et tal" in e for e in errors(app)), errors(app)
    assert "Ret tallene ovenfor; intet er gemt." in errors(app)
    assert storage.load_settings(engine, map_id).weak_rc_threshold == 3.5  # nothing saved
    by_label(app.text_input, "Svag relationel koordinering under (HK402)").input("2,75")
    click(app, "Gem indstillinger")
    assert storage.load_settings(engine, map_id).weak_rc_threshold == 2.75


def test_create_rename_and_delete_a_map(app: Any, engine: Any) -> None:
    page(app, "maps.py")
    app.text_input(key="mp_new_name").input("Projekt Overgange")
    click(app, "Opret kort")
    names = {i.name: i.id for i in storage.list_maps(engine)}
    assert "Projekt Overgange" in names
    new_id = names["Projekt Overgange"]
    assert app.session_state["current_map_id"] == new_id
    by_label(app.text_input, "Navn").set_value("Projekt Overgange").run()
    app.text_input(key=f"mp_ren_{new_id}").input("Projekt Skolestart")
    click(app, "Omdøb")
    assert "Projekt Skolestart" in {i.name for i in storage.list_maps(engine)}
    delete = by_label(app.button, "Slet kortet for altid")
    assert delete.disabled
    app.text_input(key=f"mp_del_{new_id}").input("Projekt Skolestart").run()
    click(app, "Slet kortet for altid")
    assert new_id not in {i.id for i in storage.list_maps(engine)}


def test_citizen_view_counts_contact_points(app: Any, engine: Any) -> None:
    _, stored = the_map(engine)
    m = stored.map
    gid = max(m.serving_units, key=lambda g: len(m.serving_units[g]))
    page(app, "citizen.py")
    app.selectbox(key="cz_group").set_value(gid).run()
    assert app.metric[0].value == str(len(m.serving_units[gid]))
    assert len(app.dataframe[0].value) == len(m.serving_units[gid])


def test_chain_lists_every_unit_and_top_level_gaps(app: Any, engine: Any) -> None:
    from mapping.gaps import find_findings

    _, stored = the_map(engine)
    gaps = find_findings(stored.map, storage.load_settings(engine, stored.id))
    page(app, "chain.py")
    assert len(app.dataframe[0].value) == len(stored.map.units)
    assert app.metric[0].value == str(sum(g.escalate_to is None for g in gaps))


def test_matrices_have_a_row_per_pair_and_a_cross_table_per_principle(
    app: Any, engine: Any
) -> None:
    _, stored = the_map(engine)
    page(app, "matrices.py")
    ug, pu, grid = app.dataframe[0].value, app.dataframe[2].value, app.dataframe[3].value
    assert len(ug) == len(stored.map.services)
    assert len(pu) == len(stored.map.adoptions)
    assert len(grid) == len({a.principle_id for a in stored.map.adoptions})


def test_progress_compares_two_dates(app: Any, engine: Any) -> None:
    from mapping.gaps import find_findings

    _, stored = the_map(engine)
    page(app, "progress.py")
    app.radio(key="pr_mode").set_value("custom").run()
    app.date_input(key="pr_from").set_value(dt.date.today() - dt.timedelta(days=30)).run()
    total = len(find_findings(stored.map, storage.load_settings(engine, stored.id)))
    # The map did not exist 30 days ago: every gap opened, every record and decision changed.
    assert app.metric[0].value == str(total)
    assert app.metric[2].value == str(len(stored.map.decisions))
    assert int(app.metric[3].value) > len(stored.map.units)


def test_user_text_cannot_inject_markdown_links_or_html(app: Any, engine: Any) -> None:
    map_id, stored = the_map(engine)
    gaps_unit = stored.map.services[0].unit_id
    unit = stored.map.unit(gaps_unit)
    payload = "[klik](javascript:alert(1)) <img src=x onerror=alert(2)> :red[x]"
    v = stored.versions[("units", (unit.id,))]
    storage.save_record(
        engine, map_id, "units", dataclasses.replace(unit, name=payload), v, author="t"
    )
    for name in ("gaps.py", "citizen.py", "unit_room.py"):
        page(app, name)
        if name == "unit_room.py":
            app.selectbox(key="rm_unit").set_value(unit.id).run()
        texts = [e.value for e in (*app.markdown, *app.caption, *app.error, *app.success)]
        unescaped = re.compile(r"(?<!\\)(\[klik|<img)")
        assert not [x for x in texts if unescaped.search(x)], name
    assert any(r"\[klik\]" in x for x in texts)


def test_bulk_edit_refuses_a_bad_row_keeps_the_good_one_and_lists_it(app: Any, engine: Any) -> None:
    map_id, stored = the_map(engine)
    page(app, "edit.py")
    app.session_state[bulk_key(map_id)] = {
        "edited_rows": {
            0: {"leader": "God Leder"},
            1: {"parent_id": "findes-ikke"},
        },
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    click(app, "Gem tabellen")
    after = the_map(engine)[1].map
    assert after.unit(stored.map.units[0].id).leader == "God Leder"
    assert after.unit(stored.map.units[1].id).parent_id == stored.map.units[1].parent_id
    assert any("1 række er ikke gemt" in w.value for w in app.warning)
    assert any("1 ændring er gemt" in w.value for w in app.warning)
    # The refused row keeps what was typed, with the problem beside it in words.
    table = app.dataframe[0].value
    assert table.loc[1, "parent_id"] == "findes-ikke"
    assert table.loc[1, "_problem"] == (
        "Enheden ovenover i ledelseskæden: ukendt enhed »findes-ikke«"
    )


def test_an_unreachable_database_gives_a_danish_message_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("HELHEDSKORT_DATABASE_URL", "postgresql://x:y@127.0.0.1:1/none")
    st.cache_resource.clear()
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    st.cache_resource.clear()
    assert not at.exception
    assert errors(at) == ["Databasen kunne ikke nås lige nu. Prøv igen om lidt."]


def test_saving_settings_shows_success_and_applies_the_language(app: Any, engine: Any) -> None:
    map_id, _ = the_map(engine)
    page(app, "settings_page.py")
    by_label(app.number_input, "Mange kontaktpunkter fra (HK602)").set_value(3)
    by_label(app.selectbox, "Sprog for kortet").set_value("en")
    click(app, "Gem indstillinger")
    assert not errors(app)
    assert [s.value for s in app.success] == ["The settings were saved."]
    assert app.session_state["lang"] == "en"
    assert app.title[0].value == "Settings of the map"
    saved = storage.load_settings(engine, map_id)
    assert (saved.contact_points_threshold, saved.language) == (3, "en")


def test_the_map_page_is_served_at_kortet_as_well_as_the_root(app: Any) -> None:
    pages = app._registered_pages.values()  # AppTest's record of st.navigation's pages
    kortet = [p for p in pages if p["url_pathname"] == "kortet"]
    assert len(kortet) == 1 and kortet[0]["script_path"].endswith("overview.py")
    root = [p for p in pages if p["url_pathname"] == ""]
    assert root[0]["script_path"].endswith("overview.py")
    app._page_hash = kortet[0]["page_script_hash"]
    app.run()
    assert not app.exception and not errors(app)
    assert app.title[0].value == "Helhedskortet"
    assert app.get("component_instance")


def test_delete_confirmation_names_records_and_splits_deleted_from_kept(
    app: Any, engine: Any
) -> None:
    page(app, "edit.py")
    app.selectbox(key="ed_pick:units").set_value(("familiehuset",)).run()
    click(app, "Slet…")
    assert any("Vil du slette enheden »Familiehuset«?" in w.value for w in app.warning)
    deps = app.dataframe[0].value
    rows = dict(zip(deps["Post"], deps["Hvad sker der"], strict=True))
    assert rows["Borgergruppe: Sårbare småbørnsfamilier (0-2 år)"].startswith("Beholdes")
    assert any(k.startswith("Ydelse: Familiehuset → ") and v == "Slettes" for k, v in rows.items())
    assert "smaaborn" not in deps.to_string()
    assert any("beholdes, men mister henvisningen" in md.value for md in app.markdown)
    click(app, "Ja, slet også de afhængige")
    assert any(s.value.startswith("Enheden »Familiehuset« er slettet") for s in app.success)
    after = the_map(engine)[1].map
    assert after.group("smaaborn").lead_unit_id is None


def test_save_message_uses_the_name_and_says_anonymous_changes_are_ukendt(
    app: Any, engine: Any
) -> None:
    page(app, "edit.py")
    app.button_group(key="ed_table").set_value("citizen_groups").run()
    by_label(app.text_input, "Navn").input("Unge uden bolig")
    click(app, "Opret")
    done = " ".join(s.value for s in app.success)
    assert "Borgergruppen »Unge uden bolig« er gemt." in done
    assert "»ukendt«" in done
    _, stored = the_map(engine)
    assert "unge-uden-bolig" in stored.map.groups_by_id
    assert storage.history(engine, stored.id, limit=1)[0].author == "ukendt"


def test_conflict_view_shows_labels_names_and_ja_nej(app: Any, engine: Any) -> None:
    map_id, stored = the_map(engine)
    unit = stored.map.unit("sundhedspleje")
    page(app, "edit.py")
    app.selectbox(key="ed_pick:units").set_value((unit.id,)).run()
    v = stored.versions[("units", (unit.id,))]
    theirs = dataclasses.replace(unit, leader="Anden Leder")
    storage.save_record(engine, map_id, "units", theirs, base_version=v, author="anden")
    by_label(app.text_input, "Leder").input("Min Leder")
    click(app, "Gem")
    headline = "Enheden »Sundhedsplejen« er ændret af anden i dag kl."
    assert any(e.startswith(headline) for e in errors(app))
    shown = app.dataframe[0].value.to_string()
    parent = stored.map.unit(unit.parent_id).name
    assert parent in shown and "Nej" in shown and "Ekstern samarbejdspartner" in shown
    assert "False" not in shown and "version" not in " ".join(errors(app))


def test_table_choice_survives_a_second_click_and_new_is_a_plain_plus(app: Any) -> None:
    page(app, "edit.py")
    app.button_group(key="ed_table").set_value("principles").run()
    app.button_group(key="ed_table").set_value(None).run()
    assert not app.exception
    assert app.button_group(key="ed_table").value == "principles"
    assert app.selectbox(key="ed_pick:principles").value == "__new__"
    labels = app.selectbox(key="ed_pick:principles").options
    assert labels[0] == "+ Ny post" and "＋" not in labels[0]
    assert not [w for w in app.warning if "default value" in w.value]


def test_principle_form_has_danish_placeholder_and_danish_dates(app: Any) -> None:
    page(app, "edit.py")
    app.button_group(key="ed_table").set_value("principles").run()
    groups = by_label(app.multiselect, "Borgergrupper, princippet dækker")
    assert groups.placeholder == "Vælg en eller flere"
    agreed = by_label(app.date_input, "Aftalt den")
    assert agreed.proto.format == "DD-MM-YYYY"
    assert agreed.min.year <= 1990 and agreed.max.year >= 2100


def test_the_chosen_map_is_kept_in_the_url(app: Any, engine: Any, db_url: str) -> None:
    from streamlit.testing.v1 import AppTest

    first_id, stored = the_map(engine)
    second_id = storage.create_map(engine, "Andet kort", stored.map, author="test")
    app.run()
    assert app.query_params["kort"] == str(first_id)
    app.selectbox(key="current_map_id").set_value(second_id).run()
    assert app.query_params["kort"] == str(second_id)
    # A reload (a new session) with the link opens the same map.
    again = AppTest.from_file(str(APP), default_timeout=120)
    again.query_params["kort"] = str(second_id)
    again.run()
    assert not again.exception
    assert again.selectbox(key="current_map_id").value == second_id
    # An unknown or garbled id falls back to the first listed map without an error.
    first_id = storage.list_maps(engine)[0].id
    for bad in ("999999", "abc"):
        other = AppTest.from_file(str(APP), default_timeout=120)
        other.query_params["kort"] = bad
        other.run()
        assert not other.exception and not errors(other)
        assert other.selectbox(key="current_map_id").value == first_id
        assert other.query_params["kort"] == str(first_id)


def test_unit_room_opens_on_the_busiest_unit_and_explains_empty_sections(
    app: Any, engine: Any
) -> None:
    from mapping.gaps import find_findings

    _, stored = the_map(engine)
    m = stored.map
    gaps = find_findings(m, storage.load_settings(engine, stored.id))
    from mapping.rooms import concerns

    page(app, "unit_room.py")
    uid = app.selectbox(key="rm_unit").value
    assert sum(concerns(m, g, uid) for g in gaps) == max(
        sum(concerns(m, g, u.id) for g in gaps) for u in m.units
    )
    names = [o for o in app.selectbox(key="rm_unit").options]
    assert names == sorted(names, key=str.lower) or len(names) == len(m.units)
    for df in app.dataframe:
        assert "None" not in df.value.astype(str).to_string()
    idle = next(u.id for u in m.units if not any(s.unit_id == u.id for s in m.services))
    app.selectbox(key="rm_unit").set_value(idle).run()
    infos = " ".join(i.value for i in app.info)
    assert "arbejder ikke med nogen borgergrupper" in infos
    assert "Ingen andre enheder" in infos
    assert not app.dataframe, "no empty tables"


def test_citizen_view_shows_the_whole_lead_unit_name_as_text(app: Any, engine: Any) -> None:
    _, stored = the_map(engine)
    g = next(g for g in stored.map.citizen_groups if g.lead_unit_id)
    lead = stored.map.unit(g.lead_unit_id).name
    page(app, "citizen.py")
    app.selectbox(key="cz_group").set_value(g.id).run()
    assert len(app.metric) == 2
    assert any(lead in md.value for md in app.markdown)


def test_matrices_show_principle_names_not_ids_and_offer_a_download(app: Any, engine: Any) -> None:
    _, stored = the_map(engine)
    page(app, "matrices.py")
    cells = " ".join(str(v) for v in app.dataframe[1].value.to_numpy().ravel())
    adopted = {a.principle_id for a in stored.map.adoptions}
    assert "●" in cells
    assert not any(f"● {pid}" in cells or f", {pid}" in cells for pid in adopted)
    dl = app.get("download_button")
    assert dl and dl[0].proto.label == "Hent matricerne (Excel)"


def test_rule_and_who_filters_show_names_and_headers_count_properly(app: Any, engine: Any) -> None:
    from mapping.gaps import rule_by_code

    title = rule_by_code("HK101").title.da
    assert f"HK101 · {title}" in app.multiselect(key="ov_rules").options
    page(app, "gaps.py")
    assert f"HK101 · {title}" in app.multiselect(key="gp_rules").options
    who = app.multiselect(key="gp_points").options
    named = who[1:] if who[0] == "Topledelsen" else who  # top management (no unit) first
    assert "Topledelsen" not in named and named == sorted(named)
    assert not [o for o in who if o.rstrip().endswith("·")]
    labels = [e.label for e in app.expander if " — " in e.label]
    assert all(re.search(r" — (1 hul|([2-9]|\d\d+) huller)$", x) for x in labels)
    assert any(x.endswith(" — 1 hul") for x in labels)  # the example has single-gap points


def test_the_embedded_diagram_starts_with_the_legend_folded(app: Any, engine: Any) -> None:
    from mapping.gaps import find_findings
    from mapping.visual.network import network_html

    assert diagram(app)["data"]["legend_open"] is False
    app.radio(key="ov_layout").set_value("chain").run()
    assert diagram(app)["data"]["legend_open"] is False
    # The downloadable page keeps it open.
    m = the_map(engine)[1].map
    assert '"legend_open": true' in network_html(m, find_findings(m))


def test_the_map_page_downloads_are_the_cli_export_of_the_same_view(
    app: Any, engine: Any, tmp_path: Path
) -> None:
    import zipfile

    from mapping.cli import main
    from mapping.readwrite import write_map
    from mapping.ui import downloads, state
    from mapping.visual import ViewFilter

    labels = [b.label for b in app.download_button]
    assert {"Rapport (Excel)", "Huller (CSV til Excel)", "Netværk (JSON)", "SVG"} <= set(labels)
    map_id, stored = the_map(engine)
    m = stored.map
    settings = storage.load_settings(engine, map_id)
    cur = state.Current(map_id=map_id, stored=stored, settings=settings)
    group = next(g.id for g in m.citizen_groups if len(m.serving_units.get(g.id, ())) >= 3)
    view = ViewFilter.of(groups=[group], severities=["high", "medium"], depth=2)
    src = tmp_path / "kort.json"
    write_map(m, src)
    for d in (*downloads.DIAGRAMS, *downloads.REPORTS):
        app_bytes = downloads.producer(cur, d, view, "chain", m.name)()
        dst = tmp_path / f"cli{d.suffix}"
        argv = ["export", str(src), str(dst), "--group", group, "--severity", "high"]
        argv += ["--severity", "medium", "--layout", "chain"]
        assert main([*argv, *(["--report"] if d.suffix == ".xlsx" else [])]) == 0
        cli_bytes = dst.read_bytes()
        if d.suffix == ".xlsx":  # the workbook's properties carry the time it was saved
            a, b = (zipfile.ZipFile(io.BytesIO(x)) for x in (app_bytes, cli_bytes))
            names = [n for n in a.namelist() if n != "docProps/core.xml"]
            assert names == [n for n in b.namelist() if n != "docProps/core.xml"]
            assert all(a.read(n) == b.read(n) for n in names), d.suffix
        else:
            assert app_bytes == cli_bytes, d.suffix
    # The view narrows what the files hold: fewer findings than the whole map's.
    whole = downloads.producer(cur, downloads.REPORTS[1])()
    shown = downloads.producer(cur, downloads.REPORTS[1], view)().count(b"\r\n")
    assert 1 < shown < whole.count(b"\r\n")
    assert downloads.REPORT.mime == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    # Named after the map and the day, a word only where two files share a type.
    day = dt.date(2026, 11, 30)
    names = [downloads.file_name("Fjordby Kommune", d, day) for d in downloads.REPORTS]
    assert names == [
        "Fjordby-Kommune-rapport-2026-11-30.xlsx",
        "Fjordby-Kommune-huller-2026-11-30.csv",
        "Fjordby-Kommune-2026-11-30.nodelink.json",
    ]
    assert downloads.file_name("", downloads.DIAGRAMS[3], day) == "kort-2026-11-30.pdf"


def test_progress_by_default_shows_todays_edits_since_the_map_was_made(
    app: Any, engine: Any
) -> None:
    from mapping.model import Unit

    map_id, stored = the_map(engine)
    page(app, "progress.py")
    # Right after the map was made nothing has changed, so no gap counts as new.
    assert [m.value for m in app.metric] == ["0", "0", "0", "0"]
    unit = stored.map.units[1]
    version = stored.version_of("units", (unit.id,))
    renamed = dataclasses.replace(unit, name=unit.name + " (ny)")
    storage.save_record(engine, map_id, "units", renamed, version, "Workshop")
    storage.save_record(engine, map_id, "units", Unit("ws-ny", "Ny enhed", parent_id=unit.id), None)
    app.run()
    assert not app.exception and not errors(app)
    assert app.metric[3].value == "2"
    changed = app.tabs[3].dataframe[0].value
    # Records by name, with the time and the author of their latest change.
    assert {"Ny enhed", renamed.name} <= set(changed["Post"])
    who = dict(zip(changed["Post"], changed["Hvem"], strict=True))
    assert who[renamed.name] == "Workshop" and who["Ny enhed"] == ""
    assert all(changed["Tidspunkt"].str.match(r"\d\d-\d\d-\d{4} \d\d\.\d\d$"))  # Danish: 14.05
    # A picked date and time works too; an end before the start is refused.
    app.radio(key="pr_mode").set_value("custom").run()
    app.checkbox(key="pr_to_now").uncheck().run()
    assert not errors(app) and int(app.metric[3].value) >= 2
    app.date_input(key="pr_to").set_value(dt.date.today() - dt.timedelta(days=1)).run()
    assert errors(app) == ["Fra-datoen skal ligge før til-datoen."]


def test_bulk_save_without_a_name_says_it_is_recorded_as_ukendt(app: Any, engine: Any) -> None:
    map_id, stored = the_map(engine)
    page(app, "edit.py")
    app.session_state[bulk_key(map_id)] = {
        "edited_rows": {0: {"leader": "Uden Navn"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    click(app, "Gem tabellen")
    assert any("1 ændring er gemt. " in s.value and "»ukendt«" in s.value for s in app.success)
    assert storage.history(engine, stored.id, limit=1)[0].author == "ukendt"


def test_principle_dates_use_day_month_year_and_a_wide_range(app: Any, engine: Any) -> None:
    _, stored = the_map(engine)
    p = next(p for p in stored.map.principles if p.agreed_on)
    page(app, "edit.py")
    app.button_group(key="ed_table").set_value("principles").run()
    app.selectbox(key="ed_pick:principles").set_value((p.id,)).run()
    agreed = by_label(app.date_input, "Aftalt den")
    assert agreed.proto.format == "DD-MM-YYYY"
    assert agreed.value == p.agreed_on
    assert (agreed.min.year, agreed.max.year) == (1990, 2100)


def test_the_chain_layout_starts_at_a_readable_zoom(app: Any) -> None:
    assert diagram(app)["data"]["readable_start"] == 0  # the network opens fitted
    app.radio(key="ov_layout").set_value("chain").run()
    data = diagram(app)["data"]
    assert data["readable_start"] * data["font_px"] >= 11


def test_bulk_edits_are_kept_when_the_page_is_left_and_saved_by_record_key(
    app: Any, engine: Any
) -> None:
    map_id, stored = the_map(engine)
    page(app, "edit.py")
    app.button_group(key="ed_table").set_value("services").run()
    target = stored.map.services[3]
    app.session_state[bulk_key(map_id, "services")] = {
        "edited_rows": {3: {"goal": "Bevaret mål"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    # Someone else removes the first service: every later row moves up one place.
    first = stored.map.services[0]
    key = (first.unit_id, first.group_id)
    storage.delete_record(engine, map_id, "services", key, stored.versions[("services", key)])
    page(app, "gaps.py")  # leave the page: the editor's own state is dropped
    page(app, "edit.py")
    assert any("1 ændring i tabellen er ikke gemt endnu." in c.value for c in app.caption)
    click(app, "Gem tabellen")
    after = the_map(engine)[1].map
    goals = {(s.unit_id, s.group_id): s.goal for s in after.services}
    assert goals[(target.unit_id, target.group_id)] == "Bevaret mål"
    assert sum(g == "Bevaret mål" for g in goals.values()) == 1
    assert any("1 ændring er gemt." in s.value for s in app.success)
    app.session_state["author_name"] = "Bo"


def test_bulk_conflict_names_who_and_keeps_mine_per_field(app: Any, engine: Any) -> None:
    map_id, stored = the_map(engine)
    unit = stored.map.units[2]
    page(app, "edit.py")
    app.session_state[bulk_key(map_id)] = {
        "edited_rows": {2: {"leader": "Min leder"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    v = stored.versions[("units", (unit.id,))]
    theirs = dataclasses.replace(unit, leader="Deres leder", staff_count=99)
    storage.save_record(engine, map_id, "units", theirs, v, author="Anna")
    click(app, "Gem tabellen")
    assert any("1 række er ikke gemt" in w.value for w in app.warning)
    assert any("er ændret af Anna i dag kl." in e for e in errors(app))
    assert app.dataframe[0].value.loc[2, "leader"] == "Min leder"  # the input is kept
    # Leader: keep mine (the user changed it); staff count: theirs (only they changed it).
    picks = {r.key.rsplit(":", 1)[-1]: r.value for r in app.radio if "bulk_conflict" in r.key}
    assert picks == {"leader": "mine", "staff_count": "theirs"}
    click(app, "Gem med mine valg")
    now = the_map(engine)[1].map.unit(unit.id)
    assert (now.leader, now.staff_count) == ("Min leder", 99)


def test_a_duplicate_name_asks_before_creating_a_second_record(app: Any, engine: Any) -> None:
    _, stored = the_map(engine)
    existing = stored.map.units[3]
    page(app, "edit.py")
    by_label(app.text_input, "Navn").input(existing.name.upper())
    click(app, "Opret")
    assert any(existing.name in w.value for w in app.warning)
    assert len(the_map(engine)[1].map.units) == len(stored.map.units)
    click(app, "Ja, opret en til")
    after = the_map(engine)[1].map
    assert len(after.units) == len(stored.map.units) + 1
    assert any(s.value.endswith("er gemt.") or "er gemt." in s.value for s in app.success)


def test_a_group_named_like_another_asks_before_it_is_created_with_its_units(
    app: Any, engine: Any
) -> None:
    _, stored = the_map(engine)
    existing = stored.map.citizen_groups[0]
    unit = next(u for u in stored.map.units if not u.external)
    page(app, "edit.py")
    app.button_group(key="ed_table").set_value("citizen_groups").run()
    by_label(app.text_input, "Navn").input(f" {existing.name.lower()} ").run()
    by_label(app.multiselect, "Enheder, der arbejder med gruppen").set_value([unit.id]).run()
    click(app, "Opret")
    assert any(existing.name in w.value for w in app.warning)
    assert the_map(engine)[1].map == stored.map  # nothing written yet
    click(app, "Ja, opret en til")
    after = the_map(engine)[1].map
    assert len(after.citizen_groups) == len(stored.map.citizen_groups) + 1
    twin = next(g for g in after.citizen_groups if g not in stored.map.citizen_groups)
    assert [s.unit_id for s in after.services if s.group_id == twin.id] == [unit.id]


def test_a_group_with_its_serving_units_and_a_principle_with_adopters_in_one_form_each(
    app: Any, engine: Any
) -> None:
    _, stored = the_map(engine)
    units = [u for u in stored.map.units if not u.external][3:6]
    page(app, "edit.py")
    app.button_group(key="ed_table").set_value("citizen_groups").run()
    by_label(app.text_input, "Navn").input("Ældre ensomme").run()
    serving = by_label(app.multiselect, "Enheder, der arbejder med gruppen")
    assert all("(" not in o for o in serving.options[:5])  # names, no ids
    serving.set_value([u.id for u in units]).run()
    goal = by_label(app.selectbox, f"Mål for {units[0].name}")

    def norm(text: str) -> str:
        return " ".join(text.lower().split())

    used = {norm(s.goal) for s in stored.map.services if s.goal.strip()}
    assert used == {norm(o) for o in goal.options if o not in ("", "–")}
    from mapping.ui.fields import suggestions

    chosen_goal = suggestions(stored.map, "goal")[0]
    goal.set_value(chosen_goal).run()
    by_label(app.button, "Opret").click().run()
    m = the_map(engine)[1].map
    group = next(g for g in m.citizen_groups if g.name == "Ældre ensomme")
    got = {s.unit_id: s.goal for s in m.services if s.group_id == group.id}
    assert set(got) == {u.id for u in units} and got[units[0].id] == chosen_goal
    # A principle and all its adopters at once.
    app.button_group(key="ed_table").set_value("principles").run()
    by_label(app.text_input, "Navn").input("Fælles plan")
    by_label(app.multiselect, "Enheder, der har tilsluttet sig princippet").set_value(
        [u.id for u in units]
    )
    click(app, "Opret")
    assert not errors(app)
    m = the_map(engine)[1].map
    p = next(p for p in m.principles if p.name == "Fælles plan")
    assert set(m.adopters.get(p.id, ())) == {u.id for u in units}
    assert not errors(app)


def test_import_merges_by_default_and_the_preview_lists_each_changed_field(
    app: Any, engine: Any
) -> None:
    from mapping.readwrite import map_to_bytes

    _, before = the_map(engine)
    unit = before.map.units[2]
    changed = dataclasses.replace(unit, leader="Ny leder fra fil", staff_count=77)
    units = tuple(changed if u.id == unit.id else u for u in before.map.units)
    only = before.map.replace(units=units, citizen_groups=(), services=(), principles=())
    only = only.replace(adoptions=(), relations=())
    page(app, "transfer.py")
    assert app.radio(key="imp_mode").value == "merge"
    app.file_uploader(key="imp_file").upload("en.json", map_to_bytes(only, "json"))
    app.run()
    lines = next(e for e in app.expander if e.label == "Ændres (1)").markdown[0].value
    assert f"Leder: {unit.leader} → Ny leder fra fil" in lines
    assert f"Antal medarbejdere: {unit.staff_count or '–'} → 77" in lines
    assert not [e for e in app.expander if e.label.startswith("Fjernes")]  # merge deletes nothing
    click(app, "Gem importen")
    after = the_map(engine)[1].map
    assert after.unit(unit.id).leader == "Ny leder fra fil"
    assert len(after.units) == len(before.map.units)


def test_form_conflict_keeps_mine_where_i_typed_and_takes_theirs_elsewhere(
    app: Any, engine: Any
) -> None:
    map_id, stored = the_map(engine)
    unit = stored.map.units[4]
    page(app, "edit.py")
    app.selectbox(key="ed_pick:units").set_value((unit.id,)).run()
    v = stored.versions[("units", (unit.id,))]
    theirs = dataclasses.replace(unit, leader="Deres", staff_count=42)
    storage.save_record(engine, map_id, "units", theirs, v, author="Anna")
    by_label(app.text_input, "Leder").input("Min")
    click(app, "Gem")
    picks = {r.key.rsplit(":", 1)[-1]: r.value for r in app.radio if r.key.startswith("cf:")}
    assert picks == {"leader": "mine", "staff_count": "theirs"}
    click(app, "Gem med mine valg")
    now = the_map(engine)[1].map.unit(unit.id)
    assert (now.leader, now.staff_count) == ("Min", 42)
    assert storage.history(engine, map_id, limit=1)[0].action == "update"


def test_bulk_decimals_are_read_the_danish_way_and_bad_ones_refused(app: Any, engine: Any) -> None:
    map_id, stored = the_map(engine)
    page(app, "edit.py")
    app.button_group(key="ed_table").set_value("relations").run()
    app.session_state[bulk_key(map_id, "relations")] = {
        "edited_rows": {0: {"rc_score": "3,7"}, 1: {"rc_score": "tre"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    click(app, "Gem tabellen")
    after = the_map(engine)[1].map.relations
    assert after[0].rc_score == 3.7
    assert after[1].rc_score == stored.map.relations[1].rc_score
    # The refused row keeps "tre" with the problem beside it, in plain Danish.
    problems = [str(v) for v in app.dataframe[-1].value.iloc[:, 0] if isinstance(v, str) and v]
    assert any("»tre« under Relationel koordinering (1-5) er ikke et tal" in p for p in problems)
