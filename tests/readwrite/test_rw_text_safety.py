"""Text and numbers that used to be read wrong, silently, or crash the reader.

One decoding per CSV file (never a mix), Unicode ids in one form and visible,
control characters refused everywhere with the field named, numbers bounded
before conversion, and a management chain no deeper than a real one.
"""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from mapping.model import Map, Unit
from mapping.problems import MapValidationError
from mapping.readwrite import read_map_bytes
from mapping.validation import MAX_CHAIN_LEVELS, validate_map
from mapping.visual.layout import chain_layout
from tests.readwrite.rw_helpers import zip_of


def problems(data: bytes, filename: str) -> list[str]:
    with pytest.raises(MapValidationError) as err:
        read_map_bytes(data, filename)
    return [str(p) for p in err.value.problems]


def test_a_utf8_csv_with_one_latin1_byte_is_refused_naming_the_row() -> None:
    units = "id;name\na;Ældreplejen\nb;Børnehuset\n".encode() + b"c;Sundhedspl\xe6jen\n"
    assert problems(zip_of({"units.csv": units}), "k.zip") == [
        "k.zip/units.csv, række 4: rækken er ikke UTF-8, men resten af filen er: tegnsættene "
        "er blandet; gem filen som UTF-8"
    ]


def test_windows_1252_from_danish_excel_still_reads_and_latin9_euro_is_refused() -> None:
    m = read_map_bytes(zip_of({"units.csv": "id;name\na;Ældre\n".encode("cp1252")}), "k.zip")
    assert m.units[0].name == "Ældre"
    latin9 = "id;name\na;Pris 5 €\n".encode("iso-8859-15")
    (only,) = problems(zip_of({"units.csv": latin9}), "k.zip")
    assert only.startswith("k.zip/units.csv, række 2: rækken har tegnet ¤")


def test_an_unterminated_quote_does_not_swallow_the_next_rows() -> None:
    units = b'id,name\na,"Skole\nb,B\nc,C\n'
    (only,) = problems(zip_of({"units.csv": units}), "k.zip")
    assert "lukkes aldrig" in only and "række 2" in only


@pytest.mark.parametrize("cell", ["9" * 5000, "-" + "9" * 5000])
def test_a_5000_digit_count_is_a_problem_in_its_cell_not_a_crash(cell: str) -> None:
    number = json.dumps({"units": [{"id": "a", "name": "A", "staff_count": 0}]}).replace(
        '"staff_count": 0', f'"staff_count": {cell}'
    )
    as_text = {"units": [{"id": "a", "name": "A", "staff_count": cell}, {"id": "a", "name": "B"}]}
    csv = f"id,name,staff_count\na,A,{cell}\n".encode()
    for data, name in (
        (number.encode(), "k.json"),
        (json.dumps(as_text).encode(), "k.json"),
        (zip_of({"units.csv": csv}), "k.zip"),
    ):
        found = problems(data, name)
        assert any("staff_count: tallet er for langt" in p for p in found), found
    # the file's other problems are still reported
    assert any("findes allerede" in p for p in problems(json.dumps(as_text).encode(), "k.json"))


def test_composed_and_decomposed_ids_are_one_id() -> None:
    decomposed = unicodedata.normalize("NFD", "Århus")
    doc = {
        "units": [
            {"id": "Århus", "name": "Århus"},
            {"id": "s", "name": "S", "parent_id": decomposed},
        ]
    }
    m = read_map_bytes(json.dumps(doc).encode(), "k.json")
    assert m.units[1].parent_id == "Århus" == m.units[0].id
    doc["units"][1] = {"id": decomposed, "name": "To"}
    assert any("findes allerede" in p for p in problems(json.dumps(doc).encode(), "k.json"))


def test_invisible_characters_are_refused_in_ids() -> None:
    doc = {"units": [{"id": "Århus\u200b", "name": "Århus"}]}
    (only,) = problems(json.dumps(doc).encode(), "k.json")
    assert "felt id" in only and "usynligt tegn (U+200B)" in only


def test_lone_surrogates_and_nul_are_refused_with_the_field_named() -> None:
    for doc in (
        '{"name": "Fjord\\ud800by", "units": [{"id": "a", "name": "A"}]}',
        '{"name": "Fjordby\\u0000", "units": [{"id": "a", "name": "A"}]}',
    ):
        (only,) = problems(doc.encode(), "k.json")
        assert only.startswith("k.json, felt name: kortets navn indeholder det ulovlige tegn")
    doc = '{"units": [{"id": "a", "name": "A\\udc00", "leader": "x\\u0000"}]}'
    found = problems(doc.encode(), "k.json")
    assert [p.split(":")[0] for p in found] == [
        "k.json, units post 1, felt name",
        "k.json, units post 1, felt leader",
    ]


def _chain(levels: int) -> list[dict[str, str]]:
    units = [{"id": "u0", "name": "Top"}]
    units += [
        {"id": f"u{i}", "name": f"Led {i}", "parent_id": f"u{i - 1}"} for i in range(1, levels)
    ]
    return units


def test_a_chain_deeper_than_50_levels_is_refused_at_import() -> None:
    ok = {"units": _chain(MAX_CHAIN_LEVELS)}
    assert len(read_map_bytes(json.dumps(ok).encode(), "k.json").units) == MAX_CHAIN_LEVELS
    deep = {"units": _chain(MAX_CHAIN_LEVELS + 1)}
    assert problems(json.dumps(deep).encode(), "k.json") == [
        "k.json, units post 51, felt parent_id: ledelseskæden er for dyb: enheden ligger 51 "
        "niveauer nede; højst 50 niveauer"
    ]


def test_a_very_deep_chain_never_kills_the_process(tmp_path: Path) -> None:
    # 150,000 levels used to end in SIGSEGV inside a recursive tree layout
    path = tmp_path / "dyb.json"
    path.write_text(json.dumps({"units": _chain(150_000)}), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mapping", "validate", str(path)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 1 and "ledelseskæden er for dyb" in done.stderr
    units = tuple(Unit(u["id"], u["name"], parent_id=u.get("parent_id")) for u in _chain(20_000))
    m = Map(units=units)
    assert validate_map(m)  # refused, and the layout of a stored deep chain still works:
    pos = chain_layout(m, {f"unit:{u.id}" for u in units})
    assert len(pos) == 20_000 and pos["unit:u19999"][1] > pos["unit:u0"][1]
