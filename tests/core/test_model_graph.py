"""The domain model's look-ups and the graph built from a map."""

from __future__ import annotations

import datetime as dt

import pytest

from mapping.graph import EDGE_KINDS, build_graph, group_node, principle_node, unit_node
from mapping.model import (
    Adoption,
    CitizenGroup,
    Map,
    Principle,
    PrincipleKind,
    PrincipleStatus,
    Relation,
    Service,
    Unit,
)


@pytest.fixture
def small() -> Map:
    return Map(
        name="Lilleby",
        units=(
            Unit("dir", "Direktion"),
            Unit("skole", "Skole", sector="Skole og SFO", parent_id="dir"),
            Unit("fam", "Familie", sector="Børn og familie", parent_id="dir"),
            Unit("hosp", "Hospital", sector="Ekstern", external=True),
        ),
        citizen_groups=(CitizenGroup("g", "Børn med fravær", lead_unit_id="fam"),),
        services=(
            Service("skole", "g", goal="Trivsel", paradigm="Forebyggende"),
            Service("fam", "g"),
            Service("fam", "g"),  # a repeated link must not double the unit
        ),
        principles=(
            Principle(
                "p",
                "Fraværsprocedure",
                PrincipleKind.METHOD,
                owner_unit_id="fam",
                funding_unit_id="dir",
                status=PrincipleStatus.AGREED,
                agreed_on=dt.date(2025, 1, 1),
                group_ids=("g", "g"),
            ),
        ),
        adoptions=(Adoption("p", "skole"), Adoption("p", "fam")),
        relations=(Relation("skole", "fam", rc_score=4.2),),
    )


def test_lookups(small: Map) -> None:
    assert small.serving_units["g"] == ("skole", "fam")
    assert small.adopters["p"] == frozenset({"skole", "fam"})
    assert small.adopted_by_unit["skole"] == frozenset({"p"})
    assert [p.id for p in small.principles_by_group["g"]] == ["p"]
    assert frozenset({"fam", "skole"}) in small.related_pairs
    assert PrincipleStatus.AGREED.is_binding and not PrincipleStatus.DRAFT.is_binding


def test_unknown_ids_are_named(small: Map) -> None:
    with pytest.raises(KeyError, match="'nope'"):
        small.unit("nope")
    with pytest.raises(KeyError, match="'nope'"):
        small.group("nope")
    with pytest.raises(KeyError, match="'nope'"):
        small.principle("nope")


def test_replace_gives_a_changed_copy(small: Map) -> None:
    bigger = small.replace(units=(*small.units, Unit("x", "X", parent_id="dir")))
    assert len(bigger.units) == 5 and len(small.units) == 4
    assert "x" in bigger.units_by_id and "x" not in small.units_by_id


def test_graph_has_every_kind(small: Map) -> None:
    g = build_graph(small)
    kinds = {d["kind"] for _, _, d in g.edges(data=True)}
    assert kinds == set(EDGE_KINDS)
    assert g.nodes[unit_node("hosp")]["external"] is True
    assert g.nodes[group_node("g")]["kind"] == "group"
    assert g.nodes[principle_node("p")]["status"] == "agreed"
    # one "covers" edge although the principle lists its group twice
    covers = [e for e in g.edges(data=True) if e[2]["kind"] == "covers"]
    assert len(covers) == 1


def test_graph_skips_dangling_references() -> None:
    m = Map(
        units=(Unit("a", "A", parent_id="ghost"),),
        services=(Service("a", "missing-group"),),
        relations=(Relation("a", "ghost"),),
    )
    g = build_graph(m)
    assert list(g.nodes) == [unit_node("a")]
    assert g.number_of_edges() == 0


def test_unit_and_group_may_share_an_id() -> None:
    m = Map(units=(Unit("x", "Enhed"),), citizen_groups=(CitizenGroup("x", "Gruppe"),))
    g = build_graph(m)
    assert {unit_node("x"), group_node("x")} == set(g.nodes)
