"""Settings and map names are checked against what the user saw, like records.

Two sessions load the same settings; each writes only what it changed, and a
setting someone else changed in between is refused, naming it, with nothing
written. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import dataclasses
import threading

import pytest
from sqlalchemy import Engine

from mapping.storage import (
    ConflictError,
    create_map,
    history,
    load_map,
    load_settings,
    load_stored_settings,
    rename_map,
    save_settings,
)
from mapping.storage.errors import MapRenamedError, SettingsConflictError
from tests.storage.storage_samples import sample_map


def test_two_sessions_changing_different_settings_lose_nothing(engine: Engine) -> None:
    mid = create_map(engine, "K", sample_map())
    seen_by_a = load_stored_settings(engine, mid)  # A opens the settings form
    seen_by_b = load_stored_settings(engine, mid)
    b = dataclasses.replace(seen_by_b.settings, contact_points_threshold=3)
    save_settings(engine, mid, b, "bo", base=seen_by_b)
    a = dataclasses.replace(seen_by_a.settings, language="en")  # from the form opened earlier
    save_settings(engine, mid, a, "anna", base=seen_by_a)
    now = load_settings(engine, mid)
    assert (now.contact_points_threshold, now.language) == (3, "en")
    written = [(c.author, c.key) for c in history(engine, mid) if c.table == "settings"]
    assert written == [("anna", ("language",)), ("bo", ("contact_points_threshold",))]


def test_the_same_setting_changed_by_both_is_refused_and_nothing_is_written(
    engine: Engine,
) -> None:
    mid = create_map(engine, "K", sample_map())
    seen_by_a = load_stored_settings(engine, mid)
    seen_by_b = load_stored_settings(engine, mid)
    b = dataclasses.replace(seen_by_b.settings, contact_points_threshold=3)
    after_b = save_settings(engine, mid, b, "bo", base=seen_by_b)
    assert after_b.versions["contact_points_threshold"] == 1
    a = dataclasses.replace(seen_by_a.settings, contact_points_threshold=7, language="en")
    with pytest.raises(SettingsConflictError) as err:
        save_settings(engine, mid, a, "anna", base=seen_by_a)
    assert isinstance(err.value, ConflictError)
    (clash,) = err.value.clashes
    assert (clash.key, clash.theirs, clash.yours, clash.author) == (
        "contact_points_threshold",
        3,
        7,
        "bo",
    )
    text = str(err.value)
    assert "contact_points_threshold" in text and "bo" in text and "Intet er gemt" in text
    assert "contact_points_threshold" in err.value.message_en
    now = load_settings(engine, mid)
    assert (now.contact_points_threshold, now.language) == (3, "da")  # language not written
    assert [c.author for c in history(engine, mid) if c.table == "settings"] == ["bo"]
    # Reloaded, A's change goes through.
    fresh = load_stored_settings(engine, mid)
    save_settings(
        engine, mid, dataclasses.replace(fresh.settings, language="en"), "anna", base=fresh
    )
    assert load_settings(engine, mid).language == "en"


def test_a_setting_both_set_to_the_same_value_is_no_conflict(engine: Engine) -> None:
    mid = create_map(engine, "K")
    seen = load_stored_settings(engine, mid)
    wanted = dataclasses.replace(seen.settings, sectors=("A", "B"))
    save_settings(engine, mid, wanted, "bo", base=seen)
    save_settings(engine, mid, wanted, "anna", base=seen)  # nothing to lose
    assert load_settings(engine, mid).sectors == ("A", "B")
    assert len([c for c in history(engine, mid) if c.table == "settings"]) == 1


def test_concurrent_settings_saves_from_one_base_exactly_one_wins(engine: Engine) -> None:
    mid = create_map(engine, "K")
    seen = load_stored_settings(engine, mid)
    results: list[str] = []

    def save(n: int) -> None:
        mine = dataclasses.replace(seen.settings, leadership_span_threshold=10 + n)
        try:
            save_settings(engine, mid, mine, f"w{n}", base=seen)
            results.append("ok")
        except SettingsConflictError:
            results.append("conflict")

    threads = [threading.Thread(target=save, args=(n,)) for n in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=120)
    assert sorted(results) == ["conflict", "conflict", "conflict", "ok"]
    (winner,) = [c for c in history(engine, mid) if c.table == "settings"]
    assert load_settings(engine, mid).leadership_span_threshold == winner.after["value"]


def test_rename_refuses_to_overwrite_a_rename_by_someone_else(engine: Engine) -> None:
    mid = create_map(engine, "K")
    rename_map(engine, mid, "Bos navn", "bo", base_name="K")
    with pytest.raises(MapRenamedError) as err:
        rename_map(engine, mid, "Annas navn", "anna", base_name="K")  # A still saw "K"
    assert isinstance(err.value, ConflictError)
    assert "Bos navn" in str(err.value) and "Bos navn" in err.value.message_en
    assert load_map(engine, mid).map.name == "Bos navn"
    rename_map(engine, mid, "Bos navn", "anna", base_name="K")  # the same wish: nothing lost
    rename_map(engine, mid, "Annas navn", "anna", base_name="Bos navn")
    assert load_map(engine, mid).map.name == "Annas navn"
    renames = [c.after["name"] for c in history(engine, mid) if c.action == "update"]
    assert renames == ["Annas navn", "Bos navn"]
