"""The rule tables in README.md and docs/gap-rules.md match the registry, and the
worked example in docs/gap-rules.md is what the engine gives."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from mapping.gaps import RULES, find_findings
from mapping.readwrite import read_map_bytes

REPO = Path(__file__).resolve().parents[2]
ROW = re.compile(
    r"^\| (HK\d{3}) \| (\w+) \| (\w+) \| (\w+) \| ([^|]+) \| ([^|]+) \|$", flags=re.MULTILINE
)


@pytest.mark.parametrize("page", ["README.md", "docs/gap-rules.md"])
def test_rule_table_matches_the_registry(page: str) -> None:
    rows = ROW.findall((REPO / page).read_text(encoding="utf-8"))
    documented = {
        code: (sev, acts, subject, en.strip(), da.strip())
        for code, sev, acts, subject, en, da in rows
    }
    assert documented == {
        r.code: (r.severity, r.acts, r.subject, r.title.en, r.title.da) for r in RULES
    }


def _block(text: str, marker: str) -> str:
    found = re.search(rf"<!-- {marker} -->\n```json\n(.*?)\n```", text, flags=re.DOTALL)
    assert found, marker
    return found[1]


def test_the_worked_example_is_what_the_engine_gives() -> None:
    page = (REPO / "docs" / "gap-rules.md").read_text(encoding="utf-8")
    m = read_map_bytes(_block(page, "example:input").encode(), "eksempel.json")
    want = json.loads(_block(page, "example:output"))
    got = [f.to_dict() for f in find_findings(m, today=dt.date(2026, 11, 30))]
    assert [{k: g[k] for k in w} for g, w in zip(got, want, strict=True)] == want


def test_the_product_cites_nothing_outside_the_repository() -> None:
    places = [REPO / "README.md", *(REPO / "docs").glob("*.md")]
    places += [*(REPO / "mapping").rglob("*.py"), *(REPO / "data").glob("*.py")]
    cited = [
        str(p.relative_to(REPO))
        for p in places
        if re.search(r"\.\./shared|DESIGN(\.md)? ?§", p.read_text(encoding="utf-8"))
    ]
    assert cited == []
