"""Unknown sheets, files, columns, keys and stray cells are refused, never silently dropped."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest

from mapping.problems import MapValidationError
from mapping.readwrite import map_to_bytes, read_map, read_map_bytes, write_map
from mapping.readwrite.tables import EXTRA_SHEETS, REPORT_SHEETS, is_extra_sheet
from mapping.visual.report import SHEETS
from tests.readwrite.rw_helpers import small_map, zip_of


def problems_of(data: bytes, filename: str) -> list[str]:
    with pytest.raises(MapValidationError) as err:
        read_map_bytes(data, filename)
    return [str(p) for p in err.value.problems]


def _workbook(mutate: object) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(map_to_bytes(small_map(), "xlsx")))
    mutate(wb)  # type: ignore[operator]
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_renamed_sheet_is_refused_with_the_expected_names() -> None:
    def rename(wb: openpyxl.Workbook) -> None:
        wb["services"].title = "Ydelser"

    (line,) = problems_of(_workbook(rename), "kort.xlsx")
    assert line.startswith('kort.xlsx, ark Ydelser: ukendt ark "Ydelser" – indholdet ville gå tabt')
    assert "Tilladt: units, citizen_groups, services" in line and "Vejledning" in line


def test_misspelt_sheet_gets_a_did_you_mean() -> None:
    def rename(wb: openpyxl.Workbook) -> None:
        wb["services"].title = "service"

    assert 'Mente du "services"?' in problems_of(_workbook(rename), "kort.xlsx")[0]


def test_same_table_sheet_twice_is_refused() -> None:
    def add(wb: openpyxl.Workbook) -> None:
        wb.create_sheet(" Units")

    (line,) = problems_of(_workbook(add), "kort.xlsx")
    assert line.startswith('kort.xlsx, ark  Units: arket " Units" findes flere gange')


def test_instructions_and_report_sheets_are_allowed_in_any_case() -> None:
    def add(wb: openpyxl.Workbook) -> None:
        for title in (" vejledning ", "INSTRUCTIONS", *REPORT_SHEETS["da"].values()):
            wb.create_sheet(title).append(["anything", "=1+1"])
        wb.create_sheet("gaps")

    assert read_map_bytes(_workbook(add), "kort.xlsx") == small_map()


def test_extra_sheet_names_are_declared_once_and_used_by_the_report() -> None:
    assert SHEETS is REPORT_SHEETS
    for titles in SHEETS.values():
        assert all(t in EXTRA_SHEETS and is_extra_sheet(t.upper()) for t in titles.values())
    assert not is_extra_sheet("Ydelser")


def test_unknown_column_header_is_refused_at_row_1() -> None:
    def rename(wb: openpyxl.Workbook) -> None:
        wb["units"]["C1"].value = "Sektor"

    (line,) = problems_of(_workbook(rename), "kort.xlsx")
    assert line.startswith(
        'kort.xlsx, ark units, række 1, kolonne sektor: ukendt kolonne "sektor" – '
        'indholdet ville gå tabt. Mente du "sector"? Tilladt: id, name, sector,'
    )


def test_unknown_csv_column_and_duplicate_column() -> None:
    data = zip_of({"units.csv": b"id;name;sektor;name\r\na;A;Stab;B\r\n"})
    lines = problems_of(data, "kort.zip")
    assert lines[0].startswith(
        'kort.zip/units.csv, række 1, kolonne sektor: ukendt kolonne "sektor"'
    )
    assert lines[1] == (
        'kort.zip/units.csv, række 1, kolonne name: kolonnen "name" står flere gange i overskriften'
    )


def test_unknown_csv_file_in_zip_and_folder(tmp_path: Path) -> None:
    files = {
        "kort/units.csv": b"id,name\na,A\n",
        "kort/ydelser.csv": b"unit_id,group_id\na,g\n",
        "kort/servics.csv": b"unit_id,group_id\n",
        "kort/LÆSMIG.txt": b"not a table",
    }
    lines = problems_of(zip_of(files), "kort.zip")
    assert lines[0].startswith('kort.zip/kort/ydelser.csv: ukendt CSV-fil "ydelser.csv"')
    assert "Tilladt: units.csv, citizen_groups.csv, services.csv" in lines[0]
    assert 'Mente du "services.csv"?' in lines[1]
    folder = tmp_path / "kort"
    write_map(small_map(), f"{folder}/")
    (folder / "services.csv").rename(folder / "ydelser.csv")
    with pytest.raises(MapValidationError, match=r'ydelser\.csv: ukendt CSV-fil "ydelser\.csv"'):
        read_map(folder)


def test_csv_row_with_more_cells_than_the_header_is_refused() -> None:
    data = zip_of(
        {
            "units.csv": b"id;name\r\na;A\r\nb;B;;\r\nc;C;note; mere\r\n",
        }
    )
    assert problems_of(data, "kort.zip") == [
        "kort.zip/units.csv, række 4: rækken har 2 udfyldt(e) celle(r) uden kolonneoverskrift; "
        "indholdet ville gå tabt (tjek skilletegn og overskriften i række 1)"
    ]


def test_xlsx_cell_without_header_is_refused() -> None:
    def add(wb: openpyxl.Workbook) -> None:
        wb["units"]["Z3"].value = "glemt"

    assert problems_of(_workbook(add), "kort.xlsx") == [
        "kort.xlsx, ark units, række 3: rækken har 1 udfyldt(e) celle(r) uden "
        "kolonneoverskrift; indholdet ville gå tabt (tjek skilletegn og overskriften i række 1)"
    ]


def test_unknown_json_record_key_and_top_level_key() -> None:
    doc = json.loads(map_to_bytes(small_map(), "json"))
    doc["units"][1]["colour"] = "red"
    doc["units"][2]["colour"] = "blue"  # reported once, at its first record
    doc["units"][0]["Sektor"] = "x"
    doc["bogus"] = 1
    doc["Units"] = []
    lines = problems_of(json.dumps(doc).encode(), "kort.json")
    assert lines[0].startswith('kort.json: ukendt nøgle "bogus"')
    assert (
        lines[1].startswith('kort.json: ukendt nøgle "Units"') and 'Mente du "units"?' in lines[1]
    )
    assert lines[2].startswith('kort.json, units post 1, felt Sektor: ukendt felt "Sektor"')
    assert 'Mente du "sector"?' in lines[2]
    assert lines[3].startswith('kort.json, units post 2, felt colour: ukendt felt "colour"')
    assert len(lines) == 4


def test_json_name_key_is_allowed() -> None:
    doc = json.loads(map_to_bytes(small_map(), "json"))
    assert set(doc) == {"name", "units", "citizen_groups", "services", "principles",
                        "adoptions", "relations", "decisions"}  # fmt: skip
    assert read_map_bytes(json.dumps(doc).encode(), "x.json") == small_map()
