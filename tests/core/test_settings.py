"""Settings are declared once; the README documents every one of them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mapping.settings import DEFAULT_SECTORS, SETTINGS, Settings

README = Path(__file__).resolve().parents[2] / "README.md"


def test_specs_match_the_dataclass_defaults() -> None:
    defaults = Settings()
    assert [s.name for s in SETTINGS] == list(defaults.to_dict())
    for spec in SETTINGS:
        assert getattr(defaults, spec.name) == spec.default, spec.name
        assert spec.help.strip(), spec.name


def test_readme_documents_every_setting() -> None:
    text = README.read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(\w+)` \| ([^|]+) \| ([^|]+) \|$", text, flags=re.MULTILINE)
    documented = {name: default for name, default, _ in rows}
    assert set(documented) == {s.name for s in SETTINGS}
    meaning = {name: help_text.strip() for name, _, help_text in rows}
    for spec in SETTINGS:
        assert meaning[spec.name] == spec.help.strip(), spec.name
        if not isinstance(spec.default, tuple):
            assert documented[spec.name].strip().strip("`") == str(spec.default), spec.name


def test_from_dict_parses_and_names_bad_values() -> None:
    s = Settings.from_dict({"leadership_span_threshold": "30", "sectors": "A; B;"})
    assert s.leadership_span_threshold == 30 and s.sectors == ("A", "B")
    with pytest.raises(ValueError, match="leadership_span_threshold"):
        Settings.from_dict({"leadership_span_threshold": "mange"})
    with pytest.raises(ValueError, match="unknown setting"):
        Settings.from_dict({"nope": 1})
    with pytest.raises(ValueError, match="weak_rc_threshold"):
        Settings(weak_rc_threshold=9)


def test_default_sectors_are_the_danish_list() -> None:
    assert "Børn og familie" in DEFAULT_SECTORS and DEFAULT_SECTORS[-1] == "Ekstern"
    assert Settings.from_dict(Settings().to_dict()) == Settings()
