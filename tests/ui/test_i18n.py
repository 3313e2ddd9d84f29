"""The text catalogue: every wording complete in both languages, every key used exists.

"Every wording" is found by walking the product's modules for :class:`Text`
values (module constants, dicts, tuples and declared records such as rules,
tables, columns, choices and settings), so a new text anywhere is checked
without being listed here.
"""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import re
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

import mapping
from mapping.catalogue import CATALOGUE, SECTORS, sector_label, words
from mapping.chain import DEEPER, EXTERNAL, LEVELS_BY_DEPTH
from mapping.gaps.core import ACTS, FINDING_KEYS, SEVERITIES
from mapping.model import PrincipleKind, PrincipleStatus
from mapping.settings import DEFAULT_SECTORS
from mapping.text import Text
from mapping.ui.fields import FIELDS, TABLES
from mapping.ui.navigation import PAGES
from mapping.visual.network import UI_WORDS

REPO = Path(__file__).resolve().parents[2]
SOURCES = [REPO / "streamlit_app.py", *sorted((REPO / "mapping").rglob("*.py"))]
# Where a key is named in the code: t("…"), say("…"), text("…") anywhere; the
# helpers of a few output modules name the rest of a key under their prefix.
KEY_USES: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("", re.compile(r"""\b(?:t|say|text)\(\s*f?["']([A-Za-z0-9_]+\.[A-Za-z0-9_.]*["'{])"""), ""),
    ("plan_export.py", re.compile(r"""\b_t\(\s*f?["']([A-Za-z0-9_.]+["'{])"""), "planfile."),
    ("network.py", re.compile(r"""\bw\[f?["'](\w+["'{])"""), "map."),
    ("legend.py", re.compile(r"""\bw\[f?["'](\w+["'{])"""), "map."),
    ("static.py", re.compile(r"""\bw\[f?["'](\w+["'{])"""), "map."),
    ("style.py", re.compile(r"""\bw\[f?["'](\w+["'{])"""), "map."),
    ("report.py", re.compile(r"""\bc\[f?["'](\w+["'{])"""), "report."),
    ("problems.py", re.compile(r"""\bw\[f?["'](\w+["'{])"""), "problem."),
)
SKIP_MODULES = ("mapping.ui.pages", "mapping.storage.migrations", "mapping.__main__")


def _modules() -> Iterator[object]:
    for info in pkgutil.walk_packages(mapping.__path__, "mapping."):
        if info.name.startswith(SKIP_MODULES):
            continue  # pages are scripts, migrations need Alembic's context
        yield importlib.import_module(info.name)


def _texts(value: object, where: str, seen: set[int]) -> Iterator[tuple[str, Text]]:
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, Text):
        yield where, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _texts(v, f"{where}[{k!r}]", seen)
    elif isinstance(value, tuple | list | frozenset | set):
        for i, v in enumerate(value):
            yield from _texts(v, f"{where}[{i}]", seen)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _texts(getattr(value, f.name, None), f"{where}.{f.name}", seen)


def all_texts() -> list[tuple[str, Text]]:
    """Every Text the product declares, with where it was found."""
    seen: set[int] = set()
    out = [(f"CATALOGUE[{k!r}]", v) for k, v in CATALOGUE.items()]
    for module in _modules():
        for name, value in vars(module).items():
            if not name.startswith("__"):
                out += _texts(value, f"{module.__name__}.{name}", seen)
    return out


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def test_the_walk_finds_the_texts_of_every_kind() -> None:
    found = " ".join(where for where, _ in all_texts())
    for part in ("CATALOGUE", "RULES", "TABLES", "SETTINGS", "CHOICES"):
        assert part in found, part
    assert len(all_texts()) > 1000


def test_every_text_has_danish_and_english_with_the_same_placeholders() -> None:
    bad = []
    for where, text in all_texts():
        if not (text.da.strip() and text.en.strip()):
            bad.append(f"{where}: empty {text!r}")
        elif _fields(text.da) != _fields(text.en):
            bad.append(
                f"{where}: placeholders {sorted(_fields(text.da))} != {sorted(_fields(text.en))}"
            )
    assert not bad, "\n".join(bad)


def _used_keys() -> tuple[dict[str, str], dict[str, str]]:
    """(static keys, prefixes of keys made in f-strings), each with a file naming it."""
    static: dict[str, str] = {}
    made: dict[str, str] = {}
    for path in SOURCES:
        source = path.read_text(encoding="utf-8")
        for name, pattern, prefix in KEY_USES:
            if not name or path.name == name:
                for found in pattern.findall(source):
                    key, end = prefix + found[:-1], found[-1]
                    family = end == "{" or key.endswith(".")  # f"kind.{v}" or "kind." + v
                    (made if family else static).setdefault(key, path.name)
    return static, made


def test_every_key_used_in_the_code_exists() -> None:
    static, made = _used_keys()
    assert len(static) > 500 and len(made) > 20
    missing = {k: f for k, f in static.items() if k not in CATALOGUE}
    assert not missing
    # A key made in an f-string: at least its family exists (the next test checks
    # the families whose members the code can ask for are complete).
    unknown = {p: f for p, f in made.items() if not any(k.startswith(p) for k in CATALOGUE)}
    assert not unknown


def test_every_dynamic_key_family_is_complete() -> None:
    families = {
        "nav": [key for _, _, key, _ in PAGES],
        "severity": [f"severity.{s}" for s in SEVERITIES],
        "acts": [f"acts.{a}" for a in ACTS],
        "level": [f"level.{lv}" for lv in (*LEVELS_BY_DEPTH, DEEPER, EXTERNAL)],
        "sector": [f"sector.{s}" for s in DEFAULT_SECTORS],
        "kind": [f"kind.{k.value}" for k in PrincipleKind],
        "status": [f"status.{s.value}" for s in PrincipleStatus],
        "map status": [f"map.status_{s.value}" for s in PrincipleStatus],
        "map kind": [f"map.{k.value}" for k in PrincipleKind],
        "map controls": [f"map.{w}" for w in UI_WORDS],
        "csv": [f"report.{k}" for k in FINDING_KEYS],
        "table": [f"table.{tb}" for tb in TABLES] + [f"table_one.{tb}" for tb in TABLES],
        "record": [f"{p}.{tb}" for p in ("what", "dep") for tb in TABLES],
        "field": [f"field.{f.name}" for tb in TABLES for f in FIELDS[tb]],
        "layout": ["overview.layout_network", "overview.layout_chain"],
        "mode": ["transfer.mode_replace", "transfer.mode_merge"],
        "start": ["maps.start_empty", "maps.start_example"],
        "download": [f"transfer.download_{f}" for f in ("xlsx", "json", "zip")],
    }
    missing = [k for keys in families.values() for k in keys if k not in CATALOGUE]
    assert not missing


def test_every_finding_reads_in_both_languages_with_its_placeholders_filled(
    example_map: mapping.model.Map,
) -> None:
    from mapping.gaps import find_findings

    found = find_findings(example_map)
    assert len(found) > 30
    for f in found:
        for wording in (f.title, f.message, f.action, f.question):
            for code in ("da", "en"):
                said = wording.get(code)
                assert said.strip() and not re.search(r"\{\w+\}", said), (f.id, code, said)
            assert wording.da != wording.en or f.code in said, (f.id, wording.da)


def test_the_default_sectors_have_english_names_and_others_stay_as_typed() -> None:
    assert set(SECTORS) == set(DEFAULT_SECTORS)
    english = {sector_label(s, "en") for s in DEFAULT_SECTORS}
    assert len(english) == len(DEFAULT_SECTORS) and not english & set(DEFAULT_SECTORS)
    assert [sector_label(s, "da") for s in DEFAULT_SECTORS] == list(DEFAULT_SECTORS)
    assert sector_label("Vores egen sektor", "en") == "Vores egen sektor"


def test_words_of_one_family_come_in_the_language_asked() -> None:
    assert words("severity", "en") == {"high": "High", "medium": "Medium", "low": "Low"}
    assert words("severity", "da") == {"high": "Høj", "medium": "Middel", "low": "Lav"}


def test_t_is_danish_outside_a_run_and_takes_a_language() -> None:
    from mapping.ui import i18n

    assert not hasattr(i18n, "_last_lang")  # no language remembered for the process
    assert i18n.t("gaps.shown", n=2, total=5) == "Viser 2 af 5 huller"
    assert i18n.t("gaps.shown", lang="en", n=2, total=5) == "Showing 2 of 5 gaps"
    assert i18n.t("no.such.key") == "no.such.key"


@pytest.mark.parametrize("code", ["da", "en"])
def test_a_localized_label_keeps_the_language_it_was_made_in(code: str) -> None:
    from mapping.ui import i18n

    token = i18n._CALL_LANG.set(code)  # as inside a run in that language
    try:
        label = i18n.localized(lambda v: i18n.t(f"severity.{v}"))
    finally:
        i18n._CALL_LANG.reset(token)
    # Called later, outside any run (as a test harness does), it keeps its language.
    assert label("high") == {"da": "Høj", "en": "High"}[code]
    assert i18n.lang() == "da"


def test_streamlits_own_words_are_rewritten_both_ways() -> None:
    from mapping.ui.page_language import rules

    to_danish, to_english = dict(rules("da")), dict(rules("en"))
    assert to_danish["^Upload$"] == "Vælg fil" and to_english["^Vælg\\ fil$"] == "Upload"
    size = next(p for p in to_danish if "per" in p)
    assert re.match(size, "50MB per file") and to_danish[size] == "$1 pr. fil"
    assert len(to_danish) == len(to_english) == sum(k.startswith("streamlit.") for k in CATALOGUE)


def test_streamlits_own_words_are_still_streamlits() -> None:
    """Each English word rewritten is one the installed Streamlit really writes."""
    import streamlit

    bundle = "".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in (Path(streamlit.__file__).parent / "static").rglob("*.js")
    )
    # The date field's part names are no string of Streamlit's: it draws the field
    # with a fixed en-US locale and the browser names the parts (Intl.DisplayNames).
    assert re.search(r"stDateInputFieldsScroller`,children:\w\(\w+,\{locale:`en-US`", bundle)
    assert "{type:`dateTimeField`}" in bundle
    gone = [
        key
        for key, text in CATALOGUE.items()
        if key.startswith("streamlit.")
        and not key.startswith("streamlit.date_field_")
        and not all(part in bundle for part in re.split(r"\{\w+\}", text.en) if part.strip())
    ]
    assert not gone
