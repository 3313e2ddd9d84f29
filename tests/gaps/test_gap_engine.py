"""find_gaps as a whole: order, dict shape, pairs, comparisons, dates, robustness."""

from __future__ import annotations

import datetime as dt
import json

from mapping.chain import LEVEL_NAMES_EN
from mapping.gaps import Gap, find_gaps, rule_by_code, summarise
from mapping.gaps.build import A, G, P, R, S, U, mini, tree
from mapping.model import Map, Principle, PrincipleKind, PrincipleStatus, Service, Unit

KEYS = [
    "code",
    "severity",
    "title",
    "message",
    "units",
    "groups",
    "principles",
    "escalate_to",
    "escalation_level",
]
DAY = dt.date(2026, 6, 1)


def busy_map() -> Map:
    return mini(
        units=[*tree("a", "b", "c", mid="fv"), U("d", "dir", staff=80), U("h", external=True)],
        services=[
            S("a", "g", goal="Job", paradigm="Rehabiliterende"),
            S("b", "g", goal="Trivsel", paradigm="kompensatorisk"),
            S("c", "g"),
            S("d", "g"),
            S("h", "g"),
        ],
        principles=[P("p", ["g"], status="practised")],
        adoptions=[A("p", "a", "b")],
        relations=[R("a", "b", 2.0)],
    )


def test_sorted_by_severity_code_then_ids() -> None:
    gaps = find_gaps(busy_map(), today=DAY)
    ranks = {"high": 0, "medium": 1, "low": 2}
    keys = [(ranks[g.severity], g.code, g.units, g.groups, g.principles) for g in gaps]
    assert keys == sorted(keys)
    assert {g.severity for g in gaps} == {"high", "medium", "low"}
    assert gaps[0].severity == "high" and gaps[-1].severity == "low"


def test_to_dict_keys_exact_and_json() -> None:
    for g in find_gaps(busy_map(), today=DAY):
        d = g.to_dict()
        assert list(d) == KEYS
        assert isinstance(d["units"], list) and isinstance(d["groups"], list)
        assert json.loads(json.dumps(d)) == d
        en = g.to_dict("en")
        assert list(en) == KEYS
        assert en["title"] == rule_by_code(g.code).title.en
        assert en["message"] == g.message_en != d["message"]
        # the level is a stable Danish value in every language; only texts change
        assert en["escalation_level"] == d["escalation_level"] in LEVEL_NAMES_EN
        assert g.text("en") == (en["title"], en["message"])


def test_default_today_is_the_real_date() -> None:
    m = mini(units=tree("a"), principles=[P("p", owner="a", status="practised")])
    never_reviewed = [g for g in find_gaps(m) if g.code == "HK501"]
    assert len(never_reviewed) == 1 and "ikke sat en dato" in never_reviewed[0].message
    later = dt.date.today() + dt.timedelta(days=1)
    m2 = mini(units=tree("a"), principles=[P("p", owner="a", status="practised", review_by=later)])
    assert not [g for g in find_gaps(m2) if g.code == "HK501"]


def test_message_names_records_by_name() -> None:
    m = mini(
        units=[
            U("dir"),
            Unit("x1", "Jobcentret", parent_id="dir"),
            Unit("x2", "Socialafdelingen", parent_id="dir"),
        ],
        groups=[G("g1")],
        services=[S("x1", "g1", paradigm="A"), S("x2", "g1", paradigm="B")],
    )
    (hk301,) = [g for g in find_gaps(m) if g.code == "HK301"]
    assert "»Jobcentret«" in hk301.message and "»Socialafdelingen«" in hk301.message
    assert "»Gruppe g1«" in hk301.message
    assert hk301.escalate_to == "dir" and hk301.escalation_level == "topledelse"


def test_pair_reported_once_per_group_and_rule() -> None:
    m = mini(
        units=tree("a", "b"),
        services=[
            *(S("a", "g", goal="x"), S("b", "g", goal="y"), S("b", "g", goal="y")),
            *(S("a", "g2", goal="x"), S("b", "g2", goal="z")),
        ],
    )
    gaps = find_gaps(m)
    for code in ("HK302", "HK401"):
        keys = [g.key for g in gaps if g.code == code]
        assert keys == [(code, ("a", "b"), ("g",), ()), (code, ("a", "b"), ("g2",), ())]


def test_paradigm_comparison_ignores_case_and_spaces() -> None:
    same = mini(
        units=tree("a", "b"),
        services=[
            S("a", "g", paradigm="Rehabiliterende"),
            S("b", "g", paradigm=" rehabiliterende"),
        ],
    )
    assert not [g for g in find_gaps(same) if g.code == "HK301"]
    spaced = mini(
        units=tree("a", "b"),
        services=[S("a", "g", goal="i  job\tnu"), S("b", "g", goal="I JOB NU ")],
    )
    assert not [g for g in find_gaps(spaced) if g.code == "HK302"]


def test_hk501_compares_with_given_today() -> None:
    m = mini(
        units=tree("a"),
        principles=[P("p", status="practised", owner="a", review_by=dt.date(2026, 3, 1))],
    )
    fired = [g for g in find_gaps(m, today=dt.date(2026, 3, 2)) if g.code == "HK501"]
    assert [g.escalate_to for g in fired] == ["a"]
    assert "2026-03-01" in fired[0].message
    assert not [g for g in find_gaps(m, today=dt.date(2026, 3, 1)) if g.code == "HK501"]


def test_external_escalates_to_top_management() -> None:
    m = mini(units=[*tree("a"), U("h", external=True)], services=[S("a", "g"), S("h", "g")])
    (hk101,) = [g for g in find_gaps(m) if g.code == "HK101"]
    assert hk101.escalate_to is None and hk101.escalation_level == "topledelse"


def test_unknown_ids_do_not_crash() -> None:
    m = mini(
        units=tree("a", "b"),
        groups=[G("g", lead="ghost")],
        services=[S("a", "g", goal="x"), S("ghost", "g", goal="y"), S("b", "nogroup")],
    ).replace(
        principles=(
            Principle(
                "p",
                "Princip p",
                PrincipleKind.METHOD,
                owner_unit_id="ghost",
                status=PrincipleStatus.PRACTISED,
                group_ids=("g", "nogroup"),
            ),
        ),
        services=(Service("a", "g", goal="x"), Service("ghost", "g", goal="y"), Service("b", "x")),
    )
    gaps = find_gaps(m, today=DAY)
    assert gaps, "expected gaps"
    for g in gaps:
        assert isinstance(g, Gap) and g.escalation_level
        if "ghost" in g.units:
            assert g.escalate_to is None
    assert any("»ghost«" in g.message for g in gaps)


def test_summarise_counts() -> None:
    gaps = find_gaps(busy_map(), today=DAY)
    s = summarise(gaps)
    assert s["total"] == len(gaps)
    assert sum(s["by_severity"].values()) == len(gaps) == sum(s["by_code"].values())
    assert s["by_code"]["HK601"] == 1


def test_gap_key_stable_between_dates() -> None:
    a = {g.key for g in find_gaps(busy_map(), today=DAY)}
    b = {g.key for g in find_gaps(busy_map(), today=DAY + dt.timedelta(days=400))}
    assert a == b
