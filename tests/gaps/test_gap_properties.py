"""Properties of the findings on random small maps, checked against plain definitions.

The engine avoids enumerating pairs where it can; here every pair is enumerated
the slow, obvious way and the results must agree. Ids must be unique, and
stable when a record unrelated to a finding changes.
"""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mapping.gaps import Context, find_findings, norm
from mapping.gaps.case_maps import A, P, R, S, U, mini
from mapping.gaps.rules_practice import conflict_camps, unknown_pairs
from mapping.model import Map
from mapping.settings import Settings

IDS = [f"u{i}" for i in range(6)]
VALUES = ["", "x", "X ", "y", "z"]


@st.composite
def small_maps(draw: st.DrawFn) -> Map:
    units = [U("dir")]
    for uid in IDS:
        external = draw(st.booleans()) and draw(st.booleans())
        parallel = "" if external else draw(st.sampled_from(["", "", "set", "Set "]))
        units.append(U(uid, None if external else "dir", external=external, parallel=parallel))
    chosen = draw(st.lists(st.sampled_from(IDS), min_size=2, max_size=6, unique=True))
    services = [
        S(u, "g", goal=draw(st.sampled_from(VALUES)), paradigm=draw(st.sampled_from(VALUES)))
        for u in chosen
    ]
    principles, adoptions = [], []
    for i in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["perspective", "method", "knowledge"]))
        status = draw(st.sampled_from(["idea", "draft", "agreed", "practised"]))
        pid = f"p{i}"
        principles.append(P(pid, ["g"], kind=kind, status=status))
        adoptions += A(pid, *draw(st.lists(st.sampled_from(IDS), max_size=4, unique=True)))
    pairs = list(itertools.combinations(IDS, 2))
    relations = [
        R(a, b) for a, b in draw(st.lists(st.sampled_from(pairs), max_size=4, unique=True))
    ]
    return mini(
        units=units, services=services, principles=principles, adoptions=adoptions,
        relations=relations,
    )  # fmt: skip


def _ctx(m: Map) -> Context:
    return Context(m, Settings(), dt.date(2026, 1, 1))


def _slow_camps(m: Map, attr: str) -> list[tuple[str, tuple[str, ...]]]:
    units = m.units_by_id
    value = {s.unit_id: norm(getattr(s, attr)) for s in m.services if norm(getattr(s, attr))}
    text = {}
    for s in m.services:
        text.setdefault((norm(getattr(s, attr)), s.unit_id), getattr(s, attr).strip())
    persp = [
        m.adopters.get(p.id, frozenset())
        for p in m.principles
        if p.kind.value == "perspective" and p.status.is_binding and "g" in p.group_ids
    ]
    in_pairs: set[str] = set()
    for a, b in itertools.combinations(sorted(value), 2):
        if units[a].external and units[b].external:
            continue
        if value[a] == value[b] or any(a in ps and b in ps for ps in persp):
            continue
        in_pairs |= {a, b}
    camps: dict[str, list[str]] = {}
    for s in m.services:  # services order: the first spelling of a camp wins
        if s.unit_id in in_pairs:
            camps.setdefault(value[s.unit_id], []).append(s.unit_id)
    return [(text[(v, camps[v][0])], tuple(sorted(camps[v]))) for v in sorted(camps)]


def _slow_pairs(m: Map) -> list[tuple[str, str]]:
    units, adopted = m.units_by_id, m.adopted_by_unit
    serving = sorted(m.serving_units.get("g", ()))
    out = []
    for a, b in itertools.combinations(serving, 2):
        ua, ub = units[a], units[b]
        if ua.external and ub.external:
            continue
        if ua.parallel_set and norm(ua.parallel_set) == norm(ub.parallel_set):
            continue
        if frozenset((a, b)) in m.related_pairs:
            continue
        if adopted.get(a, frozenset()) & adopted.get(b, frozenset()):
            continue
        out.append((a, b))
    return out


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
@given(small_maps())
def test_camps_and_pairs_agree_with_the_plain_definitions(m: Map) -> None:
    ctx = _ctx(m)
    for attr in ("paradigm", "goal"):
        got = [(c.value, c.units) for c in conflict_camps(ctx, "g", attr)]
        assert got == _slow_camps(m, attr)
    first, total, involved = unknown_pairs(ctx, "g")
    slow = _slow_pairs(m)
    assert first == slow[:500] and total == len(slow)
    assert involved == {u for pair in slow for u in pair}


@settings(max_examples=100, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
@given(small_maps())
def test_ids_unique_and_stable_when_an_unrelated_record_changes(m: Map) -> None:
    before = {f.id: f.to_dict() for f in find_findings(m, today=dt.date(2026, 1, 1))}
    assert len(before) == len(find_findings(m, today=dt.date(2026, 1, 1)))
    # a new group served by two new units touches none of the old subjects
    extra = m.replace(
        units=(*m.units, U("n1", "dir"), U("n2", "dir")),
        services=(*m.services, S("n1", "new", paradigm="a"), S("n2", "new", paradigm="b")),
    )
    extra = mini(
        units=extra.units, services=extra.services, principles=extra.principles,
        adoptions=extra.adoptions, relations=extra.relations,
    )  # fmt: skip
    after = {f.id: f.to_dict() for f in find_findings(extra, today=dt.date(2026, 1, 1))}
    assert before.items() <= after.items()
    assert {i for i in after if i not in before} <= {
        "HK101:new", "HK301:new", "HK401:new",
    }  # fmt: skip
