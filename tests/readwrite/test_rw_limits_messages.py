"""Bounds on numbers and text, and messages that point where the user looks."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest

from mapping.model import CitizenGroup, Map, Principle, PrincipleKind, Unit
from mapping.problems import MapValidationError
from mapping.readwrite import map_to_bytes, read_map_bytes
from mapping.validation import validate_map
from tests.readwrite.rw_helpers import small_map, zip_of


def problems_of(data: bytes, filename: str) -> list[str]:
    with pytest.raises(MapValidationError) as err:
        read_map_bytes(data, filename)
    return [str(p) for p in err.value.problems]


@pytest.mark.parametrize("value", [10_000_001, 99999999999999999999999999])
def test_huge_counts_are_refused(value: int) -> None:
    m = Map(
        units=(Unit("a", "A", staff_count=value),),
        citizen_groups=(CitizenGroup("g", "G", est_size=value),),
    )
    assert [str(p) for p in validate_map(m)] == [
        f"units post 1, felt staff_count: tallet er for stort ({value}); højst 10.000.000",
        f"citizen_groups post 1, felt est_size: tallet er for stort ({value}); højst 10.000.000",
    ]
    data = zip_of({"units.csv": f"id,name,staff_count\na,A,{value}\n".encode()})
    assert problems_of(data, "k.zip") == [
        f"k.zip/units.csv, række 2, kolonne staff_count: tallet er for stort ({value}); "
        "højst 10.000.000"
    ]


def test_the_largest_allowed_count_passes() -> None:
    m = Map(units=(Unit("a", "A", staff_count=10_000_000),))
    assert validate_map(m) == []


def test_text_longer_than_an_excel_cell_is_refused() -> None:
    m = Map(
        units=(Unit("a", "A", description="x" * 32768), Unit("b", "B" * 32767)),
        principles=(
            Principle("p", "P", PrincipleKind.METHOD, group_ids=("g" * 20000, "h" * 20000)),
        ),
    )
    lines = [str(p) for p in validate_map(m)]
    assert lines[0] == (
        "units post 1, felt description: feltet description er for langt (32768 tegn; "
        "højst 32767 tegn, som en Excel-celle kan rumme)"
    )
    assert lines[1].startswith("principles post 1, felt group_ids: feltet group_ids er for langt")
    assert len(lines) == 4 and all("ukendt borgergruppe" in line for line in lines[2:])
    doc = json.loads(map_to_bytes(small_map(), "json"))
    doc["units"][0]["leader"] = "y" * 40000
    assert problems_of(json.dumps(doc).encode(), "k.json") == [
        "k.json, units post 1, felt leader: feltet leader er for langt (40000 tegn; "
        "højst 32767 tegn, som en Excel-celle kan rumme)"
    ]


def test_duplicate_id_names_the_earlier_row_the_user_sees() -> None:
    data = zip_of({"units.csv": b"id,name\nx,X\na,A\nb,B\na,C\n"})
    assert problems_of(data, "k.zip") == [
        'k.zip/units.csv, række 5, kolonne id: id "a" findes allerede (række 3)'
    ]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "units"
    ws.append(["id", "name"])
    ws.append(["a", "A"])
    ws.append([None, None])  # a skipped empty row still counts in the row numbers
    ws.append(["b", "B"])
    rel = wb.create_sheet("relations")
    rel.append(["unit_a", "unit_b"])
    rel.append(["a", "b"])
    rel.append(["b", "a"])
    buf = io.BytesIO()
    wb.save(buf)
    ws.append(["a", "A2"])
    buf2 = io.BytesIO()
    wb.save(buf2)
    assert problems_of(buf.getvalue(), "k.xlsx") == [
        'k.xlsx, ark relations, række 3, kolonne unit_a: "b" / "a" står der allerede (række 2)'
    ]
    assert problems_of(buf2.getvalue(), "k.xlsx")[0] == (
        'k.xlsx, ark units, række 5, kolonne id: id "a" findes allerede (række 2)'
    )


def test_duplicate_in_json_names_the_earlier_record() -> None:
    doc = {"units": [{"id": "a", "name": "A"}, 5, {"id": "a", "name": "B"}]}
    assert problems_of(json.dumps(doc).encode(), "k.json")[1] == (
        'k.json, units post 3, felt id: id "a" findes allerede (post 1)'
    )


def test_missing_required_column_is_one_problem_at_the_header() -> None:
    data = zip_of(
        {
            "units.csv": b"id,name\nu,U\n",
            "principles.csv": b"id,name,status\np,P,agreed\nq,Q,\n",
        }
    )
    assert problems_of(data, "k.zip") == [
        "k.zip/principles.csv, række 1, kolonne kind: påkrævet kolonne mangler"
    ]


@pytest.mark.parametrize("value", [45658, 45658.0, 20260301])
def test_json_number_in_a_date_field_is_refused(value: float) -> None:
    principle = {"id": "p", "name": "P", "kind": "method", "agreed_on": value}
    doc = {"units": [{"id": "u", "name": "U"}], "principles": [principle]}
    (line,) = problems_of(json.dumps(doc).encode(), "k.json")
    assert line.startswith("k.json, principles post 1, felt agreed_on: en dato skal skrives som")


def test_xlsx_date_serial_is_still_a_date() -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "units"
    wb.active.append(["id", "name"])
    wb.active.append(["u", "U"])
    ws = wb.create_sheet("principles")
    ws.append(["id", "name", "kind", "agreed_on"])
    ws.append(["p", "P", "method", 45658])
    buf = io.BytesIO()
    wb.save(buf)
    assert str(read_map_bytes(buf.getvalue(), "k.xlsx").principles[0].agreed_on) == "2025-01-01"


def test_date_message_names_every_accepted_form() -> None:
    data = zip_of(
        {
            "units.csv": b"id,name\nu,U\n",
            "principles.csv": b"id,name,kind,agreed_on\np,P,method,1/3\n",
        }
    )
    (line,) = problems_of(data, "k.zip")
    for form in ("ÅÅÅÅ-MM-DD", "DD-MM-ÅÅÅÅ", ". eller /", "Excel-dato"):
        assert form in line
