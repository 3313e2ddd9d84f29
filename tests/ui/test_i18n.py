"""The string catalogue: both languages complete, every key used in the code exists."""

from __future__ import annotations

import re
from pathlib import Path

from mapping.model import PrincipleKind, PrincipleStatus
from mapping.ui.catalogue import CATALOGUE
from mapping.ui.fields import FIELDS, TABLES
from mapping.ui.navigation import PAGES

REPO = Path(__file__).resolve().parents[2]
SOURCES = [REPO / "streamlit_app.py", *sorted((REPO / "mapping" / "ui").rglob("*.py"))]
STATIC_KEY = re.compile(r"""\bt\(\s*["']([A-Za-z0-9_.]+)["']""")
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def test_every_entry_has_danish_and_english_text() -> None:
    for key, entry in CATALOGUE.items():
        assert len(entry) == 2, key
        da, en = entry
        assert da.strip() and en.strip(), key


def test_both_languages_use_the_same_placeholders() -> None:
    for key, (da, en) in CATALOGUE.items():
        assert set(PLACEHOLDER.findall(da)) == set(PLACEHOLDER.findall(en)), key


def test_every_static_key_used_in_the_code_exists() -> None:
    used: dict[str, str] = {}
    for path in SOURCES:
        for key in STATIC_KEY.findall(path.read_text(encoding="utf-8")):
            used.setdefault(key, path.name)
    assert len(used) > 150
    # "kind." + value style prefixes are families, checked in the next test.
    prefixes = {k for k in used if k.endswith(".")}
    assert prefixes <= {"kind.", "status.", "table_one.", "severity.", "table.", "field."}
    missing = {k: f for k, f in used.items() if k not in CATALOGUE and k not in prefixes}
    assert not missing


def test_every_dynamic_key_family_is_complete() -> None:
    families = {
        "nav": [key for _, _, key, _ in PAGES],
        "severity": [f"severity.{s}" for s in ("high", "medium", "low")],
        "kind": [f"kind.{k.value}" for k in PrincipleKind],
        "status": [f"status.{s.value}" for s in PrincipleStatus],
        "table": [f"table.{tb}" for tb in TABLES] + [f"table_one.{tb}" for tb in TABLES],
        "field": [f"field.{f.name}" for tb in TABLES for f in FIELDS[tb]],
        "layout": ["overview.layout_network", "overview.layout_chain"],
        "mode": ["transfer.mode_replace", "transfer.mode_merge"],
        "start": ["maps.start_empty", "maps.start_example"],
        "download": [f"transfer.download_{f}" for f in ("xlsx", "json", "zip")],
    }
    missing = [k for keys in families.values() for k in keys if k not in CATALOGUE]
    assert not missing


def test_t_falls_back_to_danish_outside_a_run_and_fills_placeholders() -> None:
    from mapping.ui import i18n

    i18n._last_lang = "da"
    assert i18n.t("gaps.shown", n=2, total=5) == "Viser 2 af 5 huller"
    assert i18n.t("no.such.key") == "no.such.key"
