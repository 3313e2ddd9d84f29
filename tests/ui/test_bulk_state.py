"""The bulk table's frozen sheet: edits by position land on the record they were made on."""

from __future__ import annotations

import dataclasses

from mapping.model import Map, Unit
from mapping.storage import record_key
from mapping.ui import bulk_state as bs


def _map(*units: Unit) -> tuple[Map, dict]:
    m = Map(units=units)
    return m, {("units", record_key("units", u)): 1 for u in units}


def test_an_edit_stays_on_its_record_when_others_delete_rows_above_it() -> None:
    m, versions = _map(Unit("a", "A"), Unit("b", "B"), Unit("c", "C"))
    sheet = bs.load("units", m, versions, 1)
    sheet = bs.fold(sheet, {"edited_rows": {2: {"leader": "Min"}}})
    # Someone else deletes "a": the stored order shifts, the sheet's rows do not.
    later, later_versions = _map(Unit("b", "B"), Unit("c", "C", leader="Deres"))
    fresh = bs.refresh(sheet, later, later_versions | {("units", ("c",)): 2}, 2)
    mine = next(r for r in fresh.rows if r.key == ("c",))
    assert mine.cells["leader"] == "Min" and mine.version == 1  # still checked against v1
    assert [r.key for r in fresh.rows] == [("b",), ("c",)]
    assert bs.pending(fresh) == 1


def test_folding_keeps_added_and_removed_rows_and_counts_them() -> None:
    m, versions = _map(Unit("a", "A"), Unit("b", "B"))
    sheet = bs.load("units", m, versions, 1)
    delta = {
        "edited_rows": {0: {"staff_count": 12.0, "external": True}},
        "added_rows": [{"name": "Ny"}],
        "deleted_rows": [1],
    }
    folded = bs.fold(sheet, delta)
    assert folded.gen == sheet.gen + 1
    assert [r.key for r in folded.rows] == [("a",), None]
    assert [r.key for r in folded.removed] == [("b",)]
    assert bs.values_of("units", folded.rows[0].cells)["staff_count"] == 12
    assert bs.pending(folded) == 3
    # An edit back to the seen value is no change.
    same = bs.fold(sheet, {"edited_rows": {0: {"leader": ""}}})
    assert bs.pending(same) == 0
    assert bs.fold(sheet, {"edited_rows": {}}) is sheet


def test_cells_and_values_round_trip_every_field_kind() -> None:
    import datetime as dt

    from mapping.model import Principle, PrincipleKind
    from mapping.ui.fields import record_values

    p = Principle(
        "p", "P", PrincipleKind.METHOD, agreed_on=dt.date(2026, 1, 2), group_ids=("g1", "g2")
    )
    values = record_values(p)
    assert bs.values_of("principles", bs.cells_of("principles", values)) == values
    assert bs.from_cell("date", "2026-03-04T00:00:00") == dt.date(2026, 3, 4)
    assert bs.from_cell("groups", "a; b;a") == ("a", "b")
    assert bs.from_cell("int", float("nan")) is None
    assert dataclasses.is_dataclass(bs.Sheet)


def test_a_decimal_cell_is_read_as_the_language_writes_it() -> None:
    # Outside a script run the language is Danish: 3,7 is three point seven.
    assert bs.from_cell("float", "3,7") == 3.7
    assert bs.from_cell("float", " ") is None
    # Text that is no Danish number is kept as typed (saving it names the problem).
    assert bs.from_cell("float", "3,7x") == "3,7x"
    assert bs.from_cell("float", 4.5) == 4.5
