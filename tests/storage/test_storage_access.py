"""Roles enforced where the data is written: every write API, every role, both databases.

For each write API, every identity tries it in turn. The allowed ones succeed
(and the change is signed with their name and e-mail); for the others the
call raises :class:`PermissionDeniedError` and the whole database, history
included, is byte for byte what it was.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from mapping.model import Decision, DecisionStatus, Map, Unit
from mapping.settings import Settings
from mapping.storage import (
    Identity,
    LoginRequiredError,
    MemberConflictError,
    PermissionDeniedError,
    Write,
    create_map,
    delete_map,
    delete_record,
    deleted_maps,
    history,
    import_map,
    list_members,
    load_map,
    load_stored_settings,
    my_role,
    remove_member,
    rename_map,
    require_identities,
    save_record,
    save_records,
    save_settings,
    set_member,
    undelete_map,
    visible_maps,
)
from mapping.storage import schema as s
from mapping.storage.backup import backup_json, backup_sqlite
from mapping.storage.restore import restore_json, restore_sqlite
from tests.storage.storage_samples import sample_map

ADMIN = Identity("Ada Admin", "ada@kommune.dk", admin=True)
OWNER = Identity("Olga Ejer", "olga@kommune.dk")
EDITOR = Identity("Erik Redaktør", "erik@kommune.dk")
GROUP_EDITOR = Identity("Gert Gruppe", "gert@kommune.dk", groups=("hk-redaktoerer",))
READER = Identity("Rita Læser", "rita@kommune.dk")
OUTSIDER = Identity("Ulla Udenfor", "ulla@kommune.dk")
EVERYONE = {
    "admin": ADMIN,
    "owner": OWNER,
    "editor": EDITOR,
    "group_editor": GROUP_EDITOR,
    "reader": READER,
    "outsider": OUTSIDER,
}
EDITORS = {"admin", "owner", "editor", "group_editor"}
OWNERS = {"admin", "owner"}
ADMINS = {"admin"}


def dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted: equal dumps mean nothing was written."""
    out = {}
    with engine.connect() as conn:
        for table in s.metadata.sorted_tables:
            rows = conn.execute(select(table)).all()
            out[table.name] = sorted((tuple(map(repr, r)) for r in rows), key=repr)
    return out


def new_map(engine: Engine, name: str) -> int:
    """A map with an owner, an editor, a reader and an editor group."""
    mid = create_map(engine, name, sample_map(name), ADMIN)
    for who, role in (
        (OWNER.email, "owner"),
        (EDITOR.email, "editor"),
        (READER.email, "reader"),
        ("group:hk-redaktoerer", "editor"),
    ):
        set_member(engine, mid, who, role, ADMIN, base_role=None)
    return mid


Attempt = Callable[[Engine, int, Identity, int], object]


def _unit(engine: Engine, mid: int, who: Identity, i: int) -> object:
    return save_record(
        engine, mid, "units", Unit(f"u{i}", f"Enhed {i}", parent_id="dir"), None, who
    )


def _units(engine: Engine, mid: int, who: Identity, i: int) -> object:
    writes = [Write("units", Unit(f"a{i}", "A")), Write("units", Unit(f"b{i}", "B"))]
    return save_records(engine, mid, writes, who)


def _decision(engine: Engine, mid: int, who: Identity, i: int) -> object:
    d = Decision(f"HK101:g{i}", DecisionStatus.DECIDED, decided_by=who.name, note="aftalt")
    return save_record(engine, mid, "decisions", d, None, who)


def _delete_record(engine: Engine, mid: int, who: Identity, i: int) -> object:
    return delete_record(engine, mid, "units", ("victim",), None, who)


def _merge(engine: Engine, mid: int, who: Identity, i: int) -> object:
    m = Map(units=(Unit(f"m{i}", f"Importeret {i}"),))
    return import_map(engine, mid, m, "merge", who)


def _replace(engine: Engine, mid: int, who: Identity, i: int) -> object:
    m = sample_map()
    m = dataclasses.replace(m, units=(*m.units, Unit(f"r{i}", f"Ny {i}")))
    return import_map(engine, mid, m, "replace", who)


def _settings(engine: Engine, mid: int, who: Identity, i: int) -> object:
    seen = load_stored_settings(engine, mid)
    wanted = Settings(contact_points_threshold=seen.settings.contact_points_threshold + 1)
    return save_settings(engine, mid, wanted, who, base=seen)


def _rename(engine: Engine, mid: int, who: Identity, i: int) -> object:
    current = load_map(engine, mid).map.name
    return rename_map(engine, mid, f"Omdøbt {i}", who, base_name=current)


def _delete_map(engine: Engine, mid: int, who: Identity, i: int) -> object:
    return delete_map(engine, mid, who)


def _create_map(engine: Engine, mid: int, who: Identity, i: int) -> object:
    return create_map(engine, f"Nyt kort {i}", None, who)


def _undelete(engine: Engine, mid: int, who: Identity, i: int) -> object:
    gone = deleted_maps(engine)[0]
    return undelete_map(engine, gone.id, f"Tilbage {i}", who)


def _add_reader(engine: Engine, mid: int, who: Identity, i: int) -> object:
    return set_member(engine, mid, f"ny{i}@kommune.dk", "læser", who, base_role=None)


def _add_owner(engine: Engine, mid: int, who: Identity, i: int) -> object:
    return set_member(engine, mid, f"ejer{i}@kommune.dk", "ejer", who, base_role=None)


def _remove_reader(engine: Engine, mid: int, who: Identity, i: int) -> object:
    return remove_member(engine, mid, READER.email, who, base_role="reader")


def _remove_owner(engine: Engine, mid: int, who: Identity, i: int) -> object:
    return remove_member(engine, mid, OWNER.email, who, base_role="owner")


def _backup_json(engine: Engine, mid: int, who: Identity, i: int) -> object:
    return backup_json(engine, TMP[0] / f"json-{i}", who)


def _restore_json(engine: Engine, mid: int, who: Identity, i: int) -> object:
    return restore_json(engine, TMP[0] / "source", who)


TMP: list[Path] = []

# name -> (attempt, who may, needs a fresh map per identity)
CASES: dict[str, tuple[Attempt, set[str], bool]] = {
    "save_record": (_unit, EDITORS, False),
    "save_records": (_units, EDITORS, False),
    "decision": (_decision, EDITORS, False),
    "delete_record": (_delete_record, EDITORS, True),
    "import_merge": (_merge, EDITORS, False),
    "import_replace": (_replace, OWNERS, False),
    "save_settings": (_settings, OWNERS, False),
    "rename_map": (_rename, OWNERS, False),
    "delete_map": (_delete_map, OWNERS, True),
    "create_map": (_create_map, ADMINS, False),
    "undelete_map": (_undelete, ADMINS, True),
    "add_reader": (_add_reader, OWNERS, False),
    "add_owner": (_add_owner, ADMINS, False),
    "remove_reader": (_remove_reader, OWNERS, True),
    "remove_owner": (_remove_owner, ADMINS, True),
    "backup_json": (_backup_json, ADMINS, False),
    "restore_json": (_restore_json, ADMINS, False),
}


def _fresh(engine: Engine, case: str, i: int) -> int:
    mid = new_map(engine, f"Kort {case} {i}")
    if case == "delete_record":
        save_record(engine, mid, "units", Unit("victim", "Offer"), None, ADMIN)
    if case == "undelete_map":
        doomed = new_map(engine, f"Slettet {i}")
        delete_map(engine, doomed, ADMIN)
    return mid


@pytest.mark.parametrize("case", list(CASES))
def test_only_the_allowed_roles_write(
    case: str, engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempt, allowed, fresh = CASES[case]
    TMP[:] = [tmp_path]
    if case == "restore_json":
        source = create_map(engine, "Kopi", sample_map("Kopi"), ADMIN)
        backup_json(engine, tmp_path / "source", ADMIN)
        delete_map(engine, source, ADMIN)
    mid = new_map(engine, "Kort")
    # The refused go first, so each runs against the same untouched state.
    order = sorted(EVERYONE, key=lambda r: r in allowed)
    for i, role in enumerate(order):
        who = EVERYONE[role]
        if fresh:
            mid = _fresh(engine, case, i)
        before = dump(engine)
        if role in allowed:
            attempt(engine, mid, who, i)
            if case == "backup_json":
                assert (tmp_path / f"json-{i}" / "manifest.json").is_file()
                continue
            after = dump(engine)
            assert after != before, f"{case} by {role} wrote nothing"
            signed = [
                len([r for r in d["changes"] if repr(who.author) in r]) for d in (before, after)
            ]
            assert signed[1] > signed[0], f"{case} by {role} is not signed {who.author!r}"
        else:
            with pytest.raises(PermissionDeniedError) as refused:
                attempt(engine, mid, who, i)
            assert dump(engine) == before, f"{case} by {role} was refused but changed data"
            assert not (tmp_path / f"json-{i}").exists()
            assert "Intet er gemt" in str(refused.value)
            assert "Nothing was saved" in refused.value.message("en")


def test_sqlite_backup_and_restore_are_the_administrators(tmp_path: Path) -> None:
    from mapping.storage import get_engine, upgrade

    url = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    engine = get_engine(url)
    upgrade(engine)
    mid = new_map(engine, "Kort")
    backup_sqlite(engine, tmp_path / "copy.sqlite3", ADMIN)
    for who in (OWNER, EDITOR, READER, OUTSIDER):
        before = dump(engine)
        with pytest.raises(PermissionDeniedError):
            backup_sqlite(engine, tmp_path / f"{who.email}.sqlite3", who)
        with pytest.raises(PermissionDeniedError):
            restore_sqlite(engine, tmp_path / "copy.sqlite3", who)
        assert not (tmp_path / f"{who.email}.sqlite3").exists()
        assert dump(engine) == before
    delete_map(engine, mid, ADMIN)
    restore_sqlite(engine, tmp_path / "copy.sqlite3", ADMIN)
    assert [m.name for m in visible_maps(engine, OWNER)] == ["Kort"]  # members came back


def test_a_change_is_signed_with_name_and_email(engine: Engine) -> None:
    mid = new_map(engine, "Kort")
    _unit(engine, mid, EDITOR, 1)
    _decision(engine, mid, GROUP_EDITOR, 2)
    authors = [c.author for c in history(engine, mid, limit=2)]
    assert authors == ["Gert Gruppe <gert@kommune.dk>", "Erik Redaktør <erik@kommune.dk>"]
    members = {m.principal: m.role for m in list_members(engine, mid)}
    assert members == {
        "olga@kommune.dk": "owner",
        "erik@kommune.dk": "editor",
        "rita@kommune.dk": "reader",
        "group:hk-redaktoerer": "editor",
    }


def test_roles_are_per_map_and_reading_follows_membership(engine: Engine) -> None:
    mine = new_map(engine, "Mit kort")
    other = create_map(engine, "Andet kort", sample_map("Andet kort"), ADMIN)
    assert [m.name for m in visible_maps(engine, READER)] == ["Mit kort"]
    assert [m.name for m in visible_maps(engine, OUTSIDER)] == []
    assert {m.name for m in visible_maps(engine, ADMIN)} == {"Mit kort", "Andet kort"}
    assert my_role(engine, GROUP_EDITOR, mine) == "editor"
    assert my_role(engine, OWNER, other) is None
    before = dump(engine)
    with pytest.raises(PermissionDeniedError):
        _unit(engine, other, OWNER, 1)  # owner of one map, nothing on the other
    assert dump(engine) == before


def test_an_engine_that_requires_login_refuses_the_local_operator(engine: Engine) -> None:
    mid = new_map(engine, "Kort")
    require_identities(engine)
    before = dump(engine)
    with pytest.raises(LoginRequiredError):
        _unit(engine, mid, "anna", 1)  # type: ignore[arg-type]
    with pytest.raises(LoginRequiredError):
        create_map(engine, "Nyt", None, Identity.local_operator("anna"))
    assert dump(engine) == before
    _unit(engine, mid, EDITOR, 2)  # a signed-in editor still writes


def test_two_owners_changing_one_member_one_conflict_nothing_lost(engine: Engine) -> None:
    mid = new_map(engine, "Kort")
    second_owner = Identity("Ole Ejer", "ole@kommune.dk")
    set_member(engine, mid, second_owner.email, "owner", ADMIN, base_role=None)
    # Both saw Rita as a reader; Olga makes her an editor first.
    set_member(engine, mid, READER.email, "editor", OWNER, base_role="reader")
    before = dump(engine)
    with pytest.raises(MemberConflictError) as clash:
        remove_member(engine, mid, READER.email, second_owner, base_role="reader")
    assert dump(engine) == before
    assert "Olga Ejer <olga@kommune.dk>" in str(clash.value)
    assert my_role(engine, READER, mid) == "editor"
