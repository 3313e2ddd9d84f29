"""The README's rule table matches the gap registry."""

from __future__ import annotations

import re
from pathlib import Path

from mapping.gaps import RULES

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_rule_table_matches_the_registry() -> None:
    rows = re.findall(
        r"^\| (HK\d{3}) \| (\w+) \| ([^|]+) \| ([^|]+) \|$",
        README.read_text(encoding="utf-8"),
        flags=re.MULTILINE,
    )
    documented = {code: (sev, en.strip(), da.strip()) for code, sev, en, da in rows}
    assert documented == {r.code: (r.severity, r.title.en, r.title.da) for r in RULES}
