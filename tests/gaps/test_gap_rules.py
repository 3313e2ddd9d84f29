"""Every rule's own cases, and the completeness contract of the registry."""

from __future__ import annotations

import re

import pytest

from mapping.gaps import RULES, SEVERITIES, Case, Rule, rule_by_code, run_rule

# DESIGN §5: the codes and their severities.
DESIGN_SEVERITIES = {
    "HK101": "high",
    "HK102": "medium",
    "HK201": "medium",
    "HK202": "medium",
    "HK203": "high",
    "HK301": "high",
    "HK302": "high",
    "HK401": "medium",
    "HK402": "medium",
    "HK501": "low",
    "HK601": "low",
    "HK602": "low",
}

CASES = [
    pytest.param(rule, case, id=f"{rule.code}-{'fires' if case.fires else 'quiet'}-{case.name}")
    for rule in RULES
    for case in rule.cases
]


@pytest.mark.parametrize(("rule", "case"), CASES)
def test_rule_case(rule: Rule, case: Case) -> None:
    gaps = run_rule(rule, case.map, case.settings, case.today)
    assert bool(gaps) == case.fires, [g.message for g in gaps]
    assert all(g.code == rule.code and g.severity == rule.severity for g in gaps)
    if case.expect is not None:
        assert tuple(g.units for g in gaps) == case.expect
    if case.escalate_to is not None:
        assert tuple(g.escalate_to for g in gaps) == case.escalate_to
    for g in gaps:
        assert g.message and g.message_en and g.message != g.message_en


def test_registry_matches_design() -> None:
    assert {r.code: r.severity for r in RULES} == DESIGN_SEVERITIES
    assert [r.code for r in RULES] == sorted(DESIGN_SEVERITIES)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_registry_entry_complete(rule: Rule) -> None:
    assert re.fullmatch(r"HK\d{3}", rule.code)
    assert rule.severity in SEVERITIES
    for text in (rule.title, rule.why, rule.action, rule.question):
        assert text.da.strip() and text.en.strip()
        assert text.da != text.en
    assert rule.question.da.rstrip().endswith("?") and rule.question.en.rstrip().endswith("?")
    assert callable(rule.check)
    assert any(c.fires for c in rule.cases), "needs a firing case"
    assert any(not c.fires for c in rule.cases), "needs a non-firing case"
    assert len({c.name for c in rule.cases}) == len(rule.cases)
    assert rule_by_code(rule.code) is rule


def test_codes_unique_and_unknown_code() -> None:
    assert len({r.code for r in RULES}) == len(RULES) == 12
    with pytest.raises(KeyError, match="HK999"):
        rule_by_code("HK999")
