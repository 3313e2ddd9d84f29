"""Every domain validation class: pure, and placed at the right file/sheet, row and column."""

from __future__ import annotations

import dataclasses

import pytest

from mapping.model import Adoption, Decision, DecisionStatus, Map, Relation, Service, Unit
from mapping.problems import MapValidationError, Problem
from mapping.readwrite import map_to_bytes, read_map_bytes
from mapping.validation import validate_map
from tests.readwrite.rw_helpers import small_map


def _units(m: Map, i: int, **changes: object) -> Map:
    units = list(m.units)
    units[i] = dataclasses.replace(units[i], **changes)
    return m.replace(units=tuple(units))


def _table(m: Map, table: str, i: int, **changes: object) -> Map:
    rows = list(getattr(m, table))
    rows[i] = dataclasses.replace(rows[i], **changes)
    return m.replace(**{table: tuple(rows)})


# (name, broken map, table, 1-based record, column, words in the Danish message)
CASES = [
    ("duplicate unit id", lambda m: _units(m, 3, id="007"), "units", 4, "id", "findes allerede"),
    (
        "duplicate group id",
        lambda m: m.replace(citizen_groups=m.citizen_groups * 2),
        "citizen_groups",
        2,
        "id",
        "findes allerede",
    ),
    (
        "duplicate principle id",
        lambda m: m.replace(principles=m.principles * 2),
        "principles",
        2,
        "id",
        "findes allerede",
    ),
    (
        "duplicate service",
        lambda m: m.replace(services=(*m.services, Service("007", "fravaer"))),
        "services",
        3,
        "unit_id",
        "står der allerede",
    ),
    (
        "duplicate adoption",
        lambda m: m.replace(adoptions=(*m.adoptions, Adoption("sos", "fam"))),
        "adoptions",
        3,
        "principle_id",
        "står der allerede",
    ),
    (
        "duplicate relation (reversed)",
        lambda m: m.replace(relations=(*m.relations, Relation("fam", "007"))),
        "relations",
        2,
        "unit_a",
        "står der allerede",
    ),
    (
        "unknown parent",
        lambda m: _units(m, 2, parent_id="zz"),
        "units",
        3,
        "parent_id",
        'ukendt enhed "zz"',
    ),
    (
        "unknown lead unit",
        lambda m: _table(m, "citizen_groups", 0, lead_unit_id="zz"),
        "citizen_groups",
        1,
        "lead_unit_id",
        'ukendt enhed "zz"',
    ),
    (
        "unknown service unit",
        lambda m: _table(m, "services", 1, unit_id="zz"),
        "services",
        2,
        "unit_id",
        'ukendt enhed "zz"',
    ),
    (
        "unknown service group",
        lambda m: _table(m, "services", 1, group_id="gg"),
        "services",
        2,
        "group_id",
        'ukendt borgergruppe "gg"',
    ),
    (
        "unknown owner",
        lambda m: _table(m, "principles", 0, owner_unit_id="zz"),
        "principles",
        1,
        "owner_unit_id",
        'ukendt enhed "zz"',
    ),
    (
        "unknown funder",
        lambda m: _table(m, "principles", 0, funding_unit_id="zz"),
        "principles",
        1,
        "funding_unit_id",
        'ukendt enhed "zz"',
    ),
    (
        "unknown group in group_ids",
        lambda m: _table(m, "principles", 0, group_ids=("fravaer", "gg")),
        "principles",
        1,
        "group_ids",
        'ukendt borgergruppe "gg"',
    ),
    (
        "unknown adopted principle",
        lambda m: _table(m, "adoptions", 1, principle_id="pp"),
        "adoptions",
        2,
        "principle_id",
        'ukendt princip "pp"',
    ),
    (
        "unknown adopting unit",
        lambda m: _table(m, "adoptions", 1, unit_id="zz"),
        "adoptions",
        2,
        "unit_id",
        'ukendt enhed "zz"',
    ),
    (
        "unknown relation unit",
        lambda m: _table(m, "relations", 0, unit_b="zz"),
        "relations",
        1,
        "unit_b",
        'ukendt enhed "zz"',
    ),
    (
        "cycle in the chain",
        lambda m: _units(m, 0, parent_id="fam"),
        "units",
        1,
        "parent_id",
        'går i ring: "dir" → "fam" → "bu" → "dir"',
    ),
    (
        "parent is external",
        lambda m: _units(m, 3, parent_id="hosp"),
        "units",
        4,
        "parent_id",
        "ekstern",
    ),
    (
        "external with a parent",
        lambda m: _units(m, 4, parent_id="dir"),
        "units",
        5,
        "parent_id",
        "ekstern partner kan ikke have en overordnet",
    ),
    (
        "relation with itself",
        lambda m: _table(m, "relations", 0, unit_b="007"),
        "relations",
        1,
        "unit_b",
        "sig selv",
    ),
    (
        "rc_score too high",
        lambda m: _table(m, "relations", 0, rc_score=5.5),
        "relations",
        1,
        "rc_score",
        "mellem 1 og 5",
    ),
    (
        "rc_score too low",
        lambda m: _table(m, "relations", 0, rc_score=0.5),
        "relations",
        1,
        "rc_score",
        "mellem 1 og 5",
    ),
    (
        "negative staff",
        lambda m: _units(m, 2, staff_count=-1),
        "units",
        3,
        "staff_count",
        "negativt",
    ),
    (
        "negative size",
        lambda m: _table(m, "citizen_groups", 0, est_size=-5),
        "citizen_groups",
        1,
        "est_size",
        "negativt",
    ),
    (
        "semicolon in group id",
        lambda m: m.replace(
            citizen_groups=(*m.citizen_groups, dataclasses.replace(m.citizen_groups[0], id="a;b"))
        ),
        "citizen_groups",
        2,
        "id",
        "må ikke indeholde ;",
    ),
    (
        "leader count below one",
        lambda m: _units(m, 2, leader_count=0),
        "units",
        3,
        "leader_count",
        "mindst 1",
    ),
    (
        "relation in the other order",
        lambda m: m.replace(relations=(*m.relations, Relation("fam", "007"))),
        "relations",
        2,
        "unit_a",
        "står der allerede",
    ),
    (
        "decision for an unknown rule",
        lambda m: m.replace(decisions=(Decision("HK999:fravaer"),)),
        "decisions",
        1,
        "finding_id",
        "ukendt regelkode HK999",
    ),
    (
        "decision id without a subject",
        lambda m: m.replace(decisions=(Decision("HK101"),)),
        "decisions",
        1,
        "finding_id",
        "ikke et fund-id",
    ),
    (
        "two decisions for one finding",
        lambda m: m.replace(decisions=(Decision("HK101:fravaer"), Decision("HK101:fravaer"))),
        "decisions",
        2,
        "finding_id",
        "findes allerede",
    ),
    (
        "decision owner unknown",
        lambda m: m.replace(decisions=(Decision("HK101:x", owner_unit_id="ghost"),)),
        "decisions",
        1,
        "owner_unit_id",
        "ukendt enhed",
    ),
]
IDS = [c[0] for c in CASES]


def test_a_version_1_workbook_imports_unchanged() -> None:
    """A workbook without the decisions sheet and the three newer unit columns still reads."""
    import io

    import openpyxl

    m = small_map()
    wb = openpyxl.load_workbook(io.BytesIO(map_to_bytes(m, "xlsx")))
    del wb["decisions"]
    ws = wb["units"]
    header = [c.value for c in ws[1]]
    for name in ("parallel_set", "level", "leader_count"):  # right to left keeps the indexes
        ws.delete_cols(header.index(name) + 1)
    buf = io.BytesIO()
    wb.save(buf)
    assert read_map_bytes(buf.getvalue(), "v1.xlsx", name="kort") == m


def test_a_decision_may_name_a_finding_that_no_longer_fires() -> None:
    m = small_map().replace(decisions=(Decision("HK301:gone-group", DecisionStatus.DONE),))
    assert validate_map(m) == []
    back = read_map_bytes(map_to_bytes(m, "xlsx"), "k.xlsx", name="kort")
    assert back.decisions == m.decisions


def test_the_small_map_is_valid() -> None:
    assert validate_map(small_map()) == []


@pytest.mark.parametrize(("label", "breaker", "table", "record", "column", "words"), CASES, ids=IDS)
def test_validate_map_in_memory(label, breaker, table, record, column, words) -> None:
    problems = validate_map(breaker(small_map()))
    hits = [p for p in problems if (p.table, p.row, p.column) == (table, record, column)]
    assert hits, f"{label}: got {[str(p) for p in problems]}"
    assert words in hits[0].message
    assert hits[0].message_en and hits[0].message_en != hits[0].message
    assert f"{table} post {record}, felt {column}" in str(hits[0])


@pytest.mark.parametrize(("label", "breaker", "table", "record", "column", "words"), CASES, ids=IDS)
def test_validation_problem_is_placed_in_the_workbook(
    label, breaker, table, record, column, words
) -> None:
    data = map_to_bytes(breaker(small_map()), "xlsx")
    with pytest.raises(MapValidationError) as err:
        read_map_bytes(data, "kort.xlsx")
    # header is row 1, so record n sits in row n + 1
    expected = f"kort.xlsx, ark {table}, række {record + 1}, kolonne {column}: "
    lines = [str(p) for p in err.value.problems]
    assert any(line.startswith(expected) and words in line for line in lines), lines
    assert expected in str(err.value)


@pytest.mark.parametrize(
    ("label", "breaker", "table", "record", "column", "words"), CASES[:8], ids=IDS[:8]
)
def test_validation_problem_is_placed_in_the_csv_zip(
    label, breaker, table, record, column, words
) -> None:
    data = map_to_bytes(breaker(small_map()), "zip")
    with pytest.raises(MapValidationError) as err:
        read_map_bytes(data, "kort.zip")
    expected = f"kort.zip/{table}.csv, række {record + 1}, kolonne {column}: "
    assert expected in str(err.value), str(err.value)


def test_all_problems_of_a_file_are_reported_together() -> None:
    m = small_map()
    m = _units(m, 2, parent_id="zz", staff_count=-3)
    m = _table(m, "relations", 0, unit_b="007", rc_score=9.0)
    m = m.replace(adoptions=(*m.adoptions, Adoption("nope", "fam")))
    with pytest.raises(MapValidationError) as err:
        read_map_bytes(map_to_bytes(m, "json"), "kort.json")
    places = {(p.table, p.row, p.column) for p in err.value.problems}
    assert places == {
        ("units", 3, "parent_id"),
        ("units", 3, "staff_count"),
        ("relations", 1, "unit_b"),
        ("relations", 1, "rc_score"),
        ("adoptions", 3, "principle_id"),
    }
    text = str(err.value)
    assert text.startswith("Kortet indeholder 5 fejl:")
    assert "kort.json, units post 3, felt parent_id" in text


def test_blank_and_padded_ids_and_names_in_memory() -> None:
    m = Map(units=(Unit(" a", "A"), Unit("", " ")))
    messages = {(p.row, p.column): p.message for p in validate_map(m)}
    assert "mellemrum" in messages[(1, "id")]
    assert messages[(2, "id")] == "id mangler"
    assert messages[(2, "name")] == "navn mangler"


def test_control_character_in_memory_is_named() -> None:
    m = small_map().replace(relations=(Relation("007", "fam", note="bip\x07"),))
    (p,) = validate_map(m)
    assert (p.table, p.row, p.column) == ("relations", 1, "note")
    assert "U+0007" in p.message


def test_self_parent_is_a_cycle_of_one() -> None:
    (p,) = validate_map(Map(units=(Unit("a", "A", parent_id="a"),)))
    assert p.message == 'ledelseskæden går i ring: "a" → "a"'


def test_problem_english_text_and_location() -> None:
    p = Problem(
        "kort.xlsx", "units", 4, "parent_id", 'ukendt enhed "x"', 'unknown unit "x"', "xlsx"
    )
    assert str(p) == 'kort.xlsx, ark units, række 4, kolonne parent_id: ukendt enhed "x"'
    assert p.text("en") == 'kort.xlsx, sheet units, row 4, column parent_id: unknown unit "x"'
