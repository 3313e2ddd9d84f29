"""Leaders' rooms, Start her and the action plan on the example municipality."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter

import pytest

from mapping.actionplan import (
    NO_DECISION,
    Closing,
    PlanFilter,
    filter_rows,
    plan_rows,
    summary,
)
from mapping.chain import chain_of
from mapping.gaps import find_findings
from mapping.model import Decision, DecisionStatus, Map
from mapping.rooms import concerns, for_level, levels_in, room_for, start_here

TODAY = dt.date(2026, 11, 30)


@pytest.fixture(scope="module")
def found(example_map: Map) -> list:
    return find_findings(example_map, today=TODAY)


def test_every_units_room_is_a_partition_of_what_concerns_it(example_map: Map, found) -> None:
    for u in example_map.units:
        room = room_for(example_map, found, u.id)
        parts = [*room.own, *room.desk_findings, *room.raise_findings]
        ids = [f.id for f in parts]
        assert len(ids) == len(set(ids)), u.id
        assert set(ids) == {f.id for f in found if concerns(example_map, f, u.id)}, u.id
        assert [f.id for f in room.all] == [f.id for f in found if f.id in set(ids)]
        assert all(f.acts == "local" and u.id in f.involved for f in room.own)
        assert all(f.acts == "chain" and f.escalate_to != u.id for f in room.raise_findings)


def test_a_chiefs_desk_holds_what_the_chain_escalates_to_it(example_map: Map, found) -> None:
    here = Counter(f.escalate_to for f in found)
    for chief in ("dir", "bu", "sso"):
        room = room_for(example_map, found, chief)
        assert len(room.desk_findings) == here[chief] > 0
        chain = chain_of(example_map)
        for group in room.desk:
            # Each group names the units right below the chief that its findings concern.
            assert all(chain.parent(b) == chief or b == chief for b in group.below)
            for f in group.findings:
                tops = {
                    chain.ancestors(x)[max(chain.ancestors(x).index(chief) - 1, 0)] for x in f.units
                }
                assert set(group.below) == tops


def test_a_team_leader_acts_on_local_findings_and_raises_the_rest(example_map: Map, found) -> None:
    room = room_for(example_map, found, "jc-aktivitetsparate")
    assert room.own and room.to_raise
    assert {up for up, _ in room.to_raise} <= {f.escalate_to for f in found}
    # Every finding to raise names the unit above that decides it.
    for up, fs in room.to_raise:
        assert all(f.escalate_to == up for f in fs)


def test_start_here_takes_the_first_open_findings_in_the_fixed_order(
    example_map: Map, found
) -> None:
    first = start_here(found, {})
    assert [f.id for f in first] == [f.id for f in found[:5]]
    accepted = {found[0].id: Decision(found[0].id, DecisionStatus.ACCEPTED)}
    assert [f.id for f in start_here(found, accepted)] == [f.id for f in found[1:6]]
    assert all(f.escalation_level == "forvaltning" for f in for_level(found, "forvaltning"))
    assert levels_in(example_map) == ["topledelse", "forvaltning", "afdeling", "enhed"]


def test_the_action_plan_of_the_example(example_map: Map, found) -> None:
    decisions = example_map.decisions_by_finding
    closing = Closing(dt.datetime(2026, 6, 1, 12), None)
    rows = plan_rows(found, decisions, {"HK202:skolefravaer": closing})
    by_id = {r.finding_id: r for r in rows}
    assert len(rows) == len(found) + 1  # one decision names a finding that closed
    assert by_id["HK202:skolefravaer"].state == "closed"
    assert by_id["HK202:skolefravaer"].closed_at == closing.at
    assert by_id["HK202:skolefravaer"].decision.status == DecisionStatus.DONE
    assert by_id["HK601:vej-park"].state == "accepted"
    assert [r.state for r in rows] == sorted(
        (r.state for r in rows), key=("open", "accepted", "closed").index
    )
    counts = summary(rows, TODAY)
    assert counts == {
        "open": len(found) - 1,
        "undecided": len(found) - 4,
        "overdue": 0,
        "accepted": 1,
        "closed": 1,
    }
    # Past the due date of the decided HK301, it is overdue; done and accepted never are.
    later = summary(rows, dt.date(2027, 4, 1))["overdue"]
    assert later == 3


def test_plan_filters(example_map: Map, found) -> None:
    rows = plan_rows(found, example_map.decisions_by_finding)
    undecided = filter_rows(example_map, rows, PlanFilter(statuses=(NO_DECISION,)), TODAY)
    assert all(r.decision is None for r in undecided) and undecided
    top = filter_rows(example_map, rows, PlanFilter(levels=("topledelse",)), TODAY)
    assert {r.finding.escalation_level for r in top} == {"topledelse"}
    bu = filter_rows(example_map, rows, PlanFilter(leader="bu"), TODAY)
    assert {r.finding_id for r in bu} == {f.id for f in found if concerns(example_map, f, "bu")} | {
        r.finding_id for r in rows if r.decision and r.decision.owner_unit_id == "bu"
    }
    overdue = filter_rows(example_map, rows, PlanFilter(overdue_only=True), dt.date(2027, 4, 1))
    assert {r.finding_id for r in overdue} >= {"HK301:kontanthjaelp"}
    d = dataclasses.replace(example_map.decisions_by_finding["HK301:kontanthjaelp"], due=None)
    rows2 = plan_rows(found, {**example_map.decisions_by_finding, d.finding_id: d})
    later = filter_rows(example_map, rows2, PlanFilter(overdue_only=True), dt.date(2027, 4, 1))
    assert "HK301:kontanthjaelp" not in {r.finding_id for r in later}
