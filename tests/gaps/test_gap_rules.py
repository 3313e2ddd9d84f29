"""Every rule's own cases, and the completeness contract of the registry."""

from __future__ import annotations

import re

import pytest

from mapping.gaps import ACTS, RULE_CODES, RULES, SEVERITIES, Case, Rule, rule_by_code, run_rule

# The codes, severities, who acts and subjects as docs/gap-rules.md states them.
CONTRACT = {
    "HK101": ("high", "chain", "group"),
    "HK102": ("medium", "local", "principle"),
    "HK201": ("medium", "chain", "principle"),
    "HK202": ("medium", "chain", "group"),
    "HK203": ("high", "chain", "principle"),
    "HK301": ("high", "chain", "group"),
    "HK302": ("high", "chain", "group"),
    "HK401": ("medium", "local", "group"),
    "HK402": ("medium", "local", "relation"),
    "HK501": ("low", "local", "principle"),
    "HK601": ("low", "chain", "unit"),
    "HK602": ("low", "chain", "group"),
}

CASES = [
    pytest.param(rule, case, id=f"{rule.code}-{'fires' if case.fires else 'quiet'}-{case.name}")
    for rule in RULES
    for case in rule.cases
]


@pytest.mark.parametrize(("rule", "case"), CASES)
def test_rule_case(rule: Rule, case: Case) -> None:
    found = run_rule(rule, case.map, case.settings, case.today)
    assert bool(found) == case.fires, [f.message.da for f in found]
    for f in found:
        assert f.code == rule.code and f.severity == rule.severity and f.acts == rule.acts
        assert f.id.startswith(f"{rule.code}:")
        assert f.message.da and f.message.en and f.message.da != f.message.en
        assert "{who}" not in f.action.da and "{who}" not in f.action.en
    for f in found:
        kinds = {type(d).__name__ for d in f.details}
        want = {"camps": {"Camp"}, "pairs": {"tuple"}, "": set()}[rule.details]
        assert kinds <= want and (not f.details or kinds == want), f.id
    if case.expect:
        assert len(found) == len(case.expect)
        for f, want in zip(found, case.expect, strict=True):
            got = f.to_dict()
            assert {k: got[k] for k in want} == want, f.id


def test_registry_matches_the_contract() -> None:
    assert {r.code: (r.severity, r.acts, r.subject) for r in RULES} == CONTRACT
    assert list(RULE_CODES) == sorted(CONTRACT) == [r.code for r in RULES]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_registry_entry_complete(rule: Rule) -> None:
    assert re.fullmatch(r"HK\d{3}", rule.code)
    assert rule.severity in SEVERITIES and rule.acts in ACTS
    for text in (rule.title, rule.why, rule.action, rule.question):
        assert text.da.strip() and text.en.strip()
        assert text.da != text.en
    assert rule.action.placeholders("da") == rule.action.placeholders("en") == {"who"}
    assert rule.action.da.startswith("{who}") and rule.action.en.startswith("{who}")
    assert rule.question.da.rstrip().endswith("?") and rule.question.en.rstrip().endswith("?")
    assert callable(rule.check)
    assert any(c.fires for c in rule.cases), "needs a firing case"
    assert any(not c.fires for c in rule.cases), "needs a non-firing case"
    assert len({c.name for c in rule.cases}) == len(rule.cases)
    assert rule_by_code(rule.code) is rule


def test_unknown_code() -> None:
    with pytest.raises(KeyError, match="HK999"):
        rule_by_code("HK999")
