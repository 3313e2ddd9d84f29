"""When a decided finding closed, read from the history; who saved a record last."""

from __future__ import annotations

import dataclasses

from sqlalchemy import Engine

from mapping.model import (
    Adoption,
    CitizenGroup,
    Decision,
    DecisionStatus,
    Map,
    Principle,
    PrincipleKind,
    PrincipleStatus,
    Service,
    Unit,
)
from mapping.storage import create_map, delete_record, history, load_map, save_record
from mapping.storage.closings import change_times, closings, last_change


def _map() -> Map:
    return Map(
        units=(
            Unit("dir", "Direktion"),
            Unit("a", "A", parent_id="dir"),
            Unit("b", "B", parent_id="dir"),
        ),
        citizen_groups=(CitizenGroup("g", "Gruppen"),),
        services=(Service("a", "g"), Service("b", "g")),
        decisions=(
            Decision("HK101:g", DecisionStatus.DECIDED, "dir"),
            Decision("HK202:g", DecisionStatus.DONE, "a"),  # never fired: two contact points
        ),
    )


def test_the_change_that_closed_a_finding_is_found(engine: Engine) -> None:
    mid = create_map(engine, "M", _map(), author="anna")
    p = Principle("p", "Fælles syn", PrincipleKind.PERSPECTIVE, status=PrincipleStatus.AGREED)
    save_record(engine, mid, "principles", p, None, "b")
    save_record(engine, mid, "principles", dataclasses.replace(p, group_ids=("g",)), 1, "b")
    save_record(engine, mid, "adoptions", Adoption("p", "a"), None, "carl")
    still_open = history(engine, mid, limit=1)[0].at
    save_record(engine, mid, "adoptions", Adoption("p", "b"), None, "dora")
    closing_change = history(engine, mid, limit=1)[0].at
    # Later unrelated edits do not move the closing time.
    save_record(engine, mid, "units", Unit("c", "C", parent_id="dir"), None, "erik")

    found = closings(engine, mid, ["HK101:g", "HK202:g"])
    assert found["HK101:g"].at == closing_change > still_open
    last = found["HK101:g"].finding
    assert last is not None and last.id == "HK101:g" and last.units == ("a", "b")
    assert found["HK202:g"].at is None and found["HK202:g"].finding is None

    # Reopened (an adopter leaves) and closed again: the latest closing counts.
    delete_record(engine, mid, "adoptions", ("p", "b"), None, "fie")
    save_record(engine, mid, "adoptions", Adoption("p", "b"), None, "gorm")
    again = history(engine, mid, limit=1)[0].at
    assert closings(engine, mid, ["HK101:g"])["HK101:g"].at == again
    assert len(change_times(engine, mid)) == 8


def test_last_change_names_who_saved_a_record(engine: Engine) -> None:
    mid = create_map(engine, "M", _map(), author="anna")
    stored = load_map(engine, mid)
    v = stored.versions[("decisions", ("HK101:g",))]
    d = Decision("HK101:g", DecisionStatus.IN_PROGRESS, "dir")
    save_record(engine, mid, "decisions", d, v, "Birgit")
    save_record(engine, mid, "decisions", Decision("HK202:g"), 1, "Carl")
    change = last_change(engine, mid, "decisions", ("HK101:g",))
    assert change is not None and change.author == "Birgit" and change.version == v + 1
    assert last_change(engine, mid, "decisions", ("HK999:x",)) is None
