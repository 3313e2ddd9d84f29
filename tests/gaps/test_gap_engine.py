"""find_findings as a whole: order, JSON shape, one finding per subject, ids, dates, robustness."""

from __future__ import annotations

import datetime as dt
import json

from mapping.catalogue import words
from mapping.gaps import FINDING_KEYS, Finding, find_findings, rule_by_code, summarise
from mapping.gaps.case_maps import A, G, P, R, S, U, mini, tree
from mapping.model import Map, Principle, PrincipleKind, PrincipleStatus, Service, Unit

DAY = dt.date(2026, 6, 1)


def busy_map() -> Map:
    return mini(
        units=[*tree("a", "b", "c", mid="fv"), U("d", "dir", staff=80), U("h", external=True)],
        groups=[G("g", size=120), G("k", size=900)],
        services=[
            S("a", "g", goal="Job", paradigm="Rehabiliterende"),
            S("b", "g", goal="Trivsel", paradigm="kompensatorisk"),
            S("c", "g"),
            S("d", "g"),
            S("h", "g"),
            S("a", "k"),
            S("c", "k"),
        ],
        principles=[P("p", ["g"], status="practised")],
        adoptions=[A("p", "a", "b")],
        relations=[R("a", "b", 2.0)],
    )


def test_fixed_order_severity_citizens_units_id() -> None:
    found = find_findings(busy_map(), today=DAY)
    ranks = {"high": 0, "medium": 1, "low": 2}
    keys = [(ranks[f.severity], -f.citizens, -len(f.units), f.id) for f in found]
    assert keys == sorted(keys)
    assert {f.severity for f in found} == {"high", "medium", "low"}
    high = [f for f in found if f.severity == "high"]
    assert high[0].groups == ("k",) and high[0].citizens == 900  # the larger group first


def test_one_finding_per_rule_and_subject_with_unique_ids() -> None:
    found = find_findings(busy_map(), today=DAY)
    ids = [f.id for f in found]
    assert len(ids) == len(set(ids))
    assert all(f.id == f"{f.code}:{f.subject}" for f in found)
    assert "HK402:a+b" in ids and "HK601:d" in ids and "HK102:p" in ids


def test_to_dict_keys_exact_and_json() -> None:
    for f in find_findings(busy_map(), today=DAY):
        d = f.to_dict()
        assert list(d) == list(FINDING_KEYS)
        assert all(isinstance(d[k], list) for k in ("units", "partners", "groups", "principles"))
        assert d["units"] == sorted(d["units"]) and d["partners"] == sorted(d["partners"])
        assert isinstance(d["citizens"], int)
        assert json.loads(json.dumps(d)) == d
        en = f.to_dict("en")
        assert list(en) == list(FINDING_KEYS)
        assert en["title"] == rule_by_code(f.code).title.en
        assert en["message"] != d["message"] and en["action"] != d["action"]
        # the level is a stable Danish value in every language; only texts change
        assert en["escalation_level"] == d["escalation_level"] in words("level", "da")


def test_finding_json_is_json_dumps_of_the_dict() -> None:
    """The CLI writes findings with finding_json; it must be json.dumps's exact text."""
    from pathlib import Path

    from mapping.gaps.core import Camp, finding_json
    from mapping.readwrite import read_map

    example = read_map(Path(__file__).resolve().parents[2] / "data" / "example.json")
    found = [*find_findings(busy_map(), today=DAY), *find_findings(example, today=DAY)]
    odd = found[0].__class__(**{
        **{k: getattr(found[0], k) for k in found[0].__slots__},
        "id": 'HK101:"quoted"\\ \n\t\x01 æøå \u2028',
        "units": ("ø", 'a"b'), "partners": (), "escalate_to": None, "citizens": 0,
        "details": (Camp("Tilgang \"x\"", ("a", "b")), ("a", "c")),
    })  # fmt: skip
    from mapping.text import Text

    # the same code with other rule texts: nothing of the first one's JSON is reused
    other = odd.__class__(**{
        **{k: getattr(odd, k) for k in odd.__slots__},
        "title": Text('Titel "x"', "Title"), "question": Text("Q?", "Q\u00e6?"),
        "severity": "low", "acts": "local",
    })  # fmt: skip
    assert any(f.details for f in found)
    for f in [*found, odd, other, odd]:
        for lang in ("da", "en"):
            assert finding_json(f, lang) == json.dumps(f.to_dict(lang), ensure_ascii=False)


def test_partners_are_listed_apart_and_never_escalate() -> None:
    for f in find_findings(busy_map(), today=DAY):
        assert "h" not in f.units
        assert f.escalate_to != "h"
        if f.code in ("HK101", "HK202", "HK602") and f.groups == ("g",):
            assert f.partners == ("h",)
            assert f.escalate_to == "dir"


def test_default_today_is_the_real_date() -> None:
    m = mini(units=tree("a"), principles=[P("p", owner="a", status="practised")])
    never_reviewed = [f for f in find_findings(m) if f.code == "HK501"]
    assert len(never_reviewed) == 1 and "ikke sat en dato" in never_reviewed[0].message.da
    later = dt.date.today() + dt.timedelta(days=1)
    m2 = mini(units=tree("a"), principles=[P("p", owner="a", status="practised", review_by=later)])
    assert not [f for f in find_findings(m2) if f.code == "HK501"]


def test_hk501_dates_in_danish_and_english() -> None:
    m = mini(
        units=tree("a"),
        principles=[P("p", status="practised", owner="a", review_by=dt.date(2026, 3, 1))],
    )
    (fired,) = [f for f in find_findings(m, today=dt.date(2026, 3, 2)) if f.code == "HK501"]
    assert fired.escalate_to == "a"
    assert "01-03-2026" in fired.message.da and "2026-03-01" in fired.message.en
    assert not [f for f in find_findings(m, today=dt.date(2026, 3, 1)) if f.code == "HK501"]


def test_messages_name_records_and_camps_and_actions_name_leaders() -> None:
    m = mini(
        units=[
            Unit("dir", "Direktionen", leader="Helle Kjærgaard"),
            Unit("x1", "Jobcentret", parent_id="dir", leader="Anne Madsen"),
            Unit("x2", "Socialafdelingen", parent_id="dir"),
            Unit("x3", "Misbrugscentret", parent_id="dir"),
        ],
        groups=[G("g1")],
        services=[
            S("x1", "g1", paradigm="Job først"),
            S("x2", "g1", paradigm="Stabilisering"),
            S("x3", "g1", paradigm=" stabilisering "),
        ],
    )
    found = find_findings(m)
    (hk301,) = [f for f in found if f.code == "HK301"]
    assert "»Job først« (Jobcentret) over for »Stabilisering« (Misbrugscentret og " in (
        hk301.message.da
    )
    assert "»Gruppe g1«" in hk301.message.da
    assert hk301.action.da.startswith("Direktionen (Helle Kjærgaard) bør")
    assert [c.to_dict() for c in hk301.details] == [
        {"value": "Job først", "units": ["x1"]},
        {"value": "Stabilisering", "units": ["x2", "x3"]},
    ]
    (hk401,) = [f for f in found if f.code == "HK401"]
    assert hk401.acts == "local"
    assert hk401.action.da.startswith("Lederne af Jobcentret (Anne Madsen), Misbrugscentret og")


def test_hk101_names_a_draft_principle_as_the_next_step() -> None:
    m = mini(
        units=[*tree("a", "b", "c"), Unit("o", "Ejerenheden", parent_id="dir", leader="Bo")],
        services=[S(u, "g") for u in "abc"],
        principles=[P("p", ["g"], status="draft", owner="o")],
        adoptions=[A("p", "a", "b")],
    )
    (hk101,) = [f for f in find_findings(m) if f.code == "HK101"]
    assert "»Princip p« (udkast, ejet af Ejerenheden (Bo))" in hk101.message.da
    assert "2 af de 3 enheder har tilsluttet sig" in hk101.message.da


def test_hk401_details_are_capped_and_the_message_gives_the_total() -> None:
    units = [U(f"u{i:03d}", "dir") for i in range(40)]
    m = mini(units=[U("dir"), *units], services=[S(u.id, "g") for u in units])
    (hk401,) = [f for f in find_findings(m) if f.code == "HK401"]
    assert hk401.detail_total == 40 * 39 // 2 == 780
    assert len(hk401.details) == 500
    assert hk401.details[0] == ("u000", "u001") and list(hk401.details) == sorted(hk401.details)
    assert "780 par (de første 500 er listet)" in hk401.message.da


def test_paradigm_comparison_ignores_case_and_spaces() -> None:
    same = mini(
        units=tree("a", "b"),
        services=[
            S("a", "g", paradigm="Rehabiliterende"),
            S("b", "g", paradigm=" rehabiliterende"),
        ],
    )
    assert not [f for f in find_findings(same) if f.code == "HK301"]


def test_unit_level_column_overrides_depth() -> None:
    m = mini(
        units=[
            U("dir"),
            U("bu", "dir"),
            U("usk", "bu", level="enhed"),
            U("a", "usk"),
            U("b", "usk"),
        ],
        services=[S("a", "g"), S("b", "g")],
    )
    (hk101,) = [f for f in find_findings(m) if f.code == "HK101"]
    assert hk101.escalate_to == "usk" and hk101.escalation_level == "enhed"
    m2 = m.replace(units=tuple(u if u.id != "usk" else U("usk", "bu") for u in m.units))
    assert [f.escalation_level for f in find_findings(m2) if f.code == "HK101"] == ["afdeling"]


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
    found = find_findings(m, today=DAY)
    assert found, "expected findings"
    for f in found:
        assert isinstance(f, Finding) and f.escalation_level
    assert any("»ghost«" in f.message.da for f in found)


def test_summarise_counts() -> None:
    found = find_findings(busy_map(), today=DAY)
    s = summarise(found)
    assert s["total"] == len(found)
    assert sum(s["by_severity"].values()) == len(found) == sum(s["by_code"].values())
    assert sum(s["by_acts"].values()) == len(found)
    assert s["by_code"]["HK601"] == 1
