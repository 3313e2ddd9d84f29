"""The parse limits are checked while a file streams: the reading stops where one is passed.

Each test lowers a limit so that a tiny file passes it, and puts something
broken right after that point: the limit, not the damage, is what is reported.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from bench.synthetic import generate_map
from mapping.problems import MapValidationError
from mapping.readwrite import csv_io, read_map_bytes, safety, xlsx_parts, xlsx_sheet
from tests.readwrite.rw_helpers import header_and, inline, units_workbook, zip_of

SetLimits = Callable[..., None]


@pytest.fixture
def limits(monkeypatch: pytest.MonkeyPatch) -> SetLimits:
    """Lower limits in every module that reads them."""

    def set_limits(**values: int) -> None:
        for name, value in values.items():
            assert hasattr(safety, name), name
            for module in (safety, xlsx_parts, xlsx_sheet, csv_io):
                if hasattr(module, name):
                    monkeypatch.setattr(module, name, value)

    return set_limits


def problems_of(data: bytes, filename: str, lang: str = "da") -> list[str]:
    with pytest.raises(MapValidationError) as err:
        read_map_bytes(data, filename)
    return [p.text(lang) for p in err.value.problems]


def row(n: int, *cells: str) -> str:
    return f'<row r="{n}">{"".join(cells)}</row>'


def unit_rows(first: int, last: int) -> list[str]:
    return [row(n, inline(f"A{n}", f"u{n}"), inline(f"B{n}", "U")) for n in range(first, last)]


AFTER = "; del kortet op eller fjern det, der ikke hører til"


def test_workbook_rows_stop_at_the_limit(limits: SetLimits) -> None:
    limits(MAX_ROWS=3)
    data = units_workbook(header_and(*unit_rows(2, 6), row(3, inline("A3", "x"))))
    assert problems_of(data, "k.xlsx") == [
        f"k.xlsx: filen indeholder for mange rækker: mere end 3 (ark units, række 5){AFTER}"
    ]
    assert problems_of(data, "k.xlsx", "en") == [
        "k.xlsx: the file holds too many rows: more than 3 (sheet units, row 5); split the "
        "map or remove what does not belong in it"
    ]


def test_workbook_cells_stop_at_the_limit(limits: SetLimits) -> None:
    limits(MAX_CELLS=5)  # the header is not counted
    data = units_workbook(header_and(*unit_rows(2, 5), row(2, inline("A2", "x"))))
    assert problems_of(data, "k.xlsx") == [
        f"k.xlsx: filen indeholder for mange udfyldte celler: mere end 5 (ark units, celle B4)"
        f"{AFTER}"
    ]


def test_shared_strings_stop_at_the_limit(limits: SetLimits) -> None:
    limits(MAX_SHARED_STRINGS=2)
    sst = "".join(f"<si><t>{t}</t></si>" for t in ("a", "b", "c"))
    strings = f'<sst xmlns="{MAIN}">{sst}<broken></sst>'.encode()
    data = units_workbook(header_and(*unit_rows(2, 3)), shared_strings=strings)
    assert problems_of(data, "k.xlsx") == [
        f"k.xlsx: filen indeholder for mange delte tekster: mere end 2{AFTER}"
    ]


def test_style_records_stop_at_the_limit(limits: SetLimits) -> None:
    limits(MAX_STYLE_RECORDS=2)  # openpyxl's styles part has a font, fills, a border, …
    data = units_workbook(header_and(*unit_rows(2, 3)))
    assert problems_of(data, "k.xlsx") == [
        f"k.xlsx: filen indeholder for mange formater (typografier): mere end 2{AFTER}"
    ]


def test_xml_elements_stop_at_the_limit(limits: SetLimits) -> None:
    limits(MAX_XML_ELEMENTS=200)
    blank = "<c/>" * 150
    data = units_workbook(header_and(*unit_rows(2, 3), f'<row r="3">{blank}</row><broken>'))
    assert problems_of(data, "k.xlsx") == [
        f"k.xlsx: filen indeholder for mange XML-elementer: mere end 200{AFTER}"
    ]


def test_unusable_cells_are_reported_up_to_a_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_sheet, "MAX_CELL_PROBLEMS", 3)
    rows = [row(n, inline(f"A{n}", f"u{n}"), f'<c r="B{n}"><f>1</f></c>') for n in range(2, 9)]
    found = problems_of(units_workbook(header_and(*rows)), "k.xlsx")
    assert [line.split(":")[0] for line in found] == [
        f"k.xlsx, ark units, række {n}, kolonne name" for n in (2, 3, 4)
    ]


def test_csv_rows_count_across_the_files_of_a_zip(limits: SetLimits) -> None:
    limits(MAX_ROWS=3)
    data = zip_of(
        {
            "units.csv": b"id,name\na,A\nb,B\n",
            "relations.csv": b'unit_a,unit_b\na,b\nb,a\n"never closed\n',
        }
    )
    assert problems_of(data, "k.zip") == [
        f"k.zip: filen indeholder for mange rækker: mere end 3 (k.zip/relations.csv, række 3)"
        f"{AFTER}"
    ]


def test_csv_cells_stop_at_the_limit(limits: SetLimits, tmp_path: Path) -> None:
    limits(MAX_CELLS=4)
    folder = tmp_path / "kort"
    folder.mkdir()
    (folder / "units.csv").write_bytes(b"id,name,sector\na,A,\nb,B,S\n")
    (folder / "relations.csv").write_bytes(b"unit_a,unit_b\na,b\n")
    from mapping.readwrite import read_map

    with pytest.raises(MapValidationError) as err:
        read_map(folder)
    assert [str(p) for p in err.value.problems] == [
        f"kort/: filen indeholder for mange udfyldte celler: mere end 4 (units.csv, række 3){AFTER}"
    ]


def test_json_records_count_as_rows_and_their_fields_as_cells(limits: SetLimits) -> None:
    limits(MAX_ROWS=3, MAX_CELLS=100)
    rows = json.dumps({"units": [{"id": f"u{i}", "name": "U"} for i in range(3)] + [0] * 1000})
    assert problems_of(rows.encode(), "k.json") == [
        f"k.json: filen indeholder for mange rækker: mere end 3 (units post 4){AFTER}"
    ]
    limits(MAX_ROWS=100, MAX_CELLS=4)
    cells = json.dumps({"units": [{"id": "a", "name": "A"}, {"id": "b", "name": "B", "x": 1}]})
    assert problems_of(cells.encode(), "k.json") == [
        f"k.json: filen indeholder for mange udfyldte celler: mere end 4 (units post 2){AFTER}"
    ]


def test_a_csv_file_longer_than_excel_is_refused(limits: SetLimits) -> None:
    limits(EXCEL_ROWS=5)
    data = zip_of({"units.csv": b"id,name\n" + b",\n" * 5 + b"a,A\n"})
    assert problems_of(data, "k.zip") == [
        "k.zip/units.csv: filen har flere end 5 linjer (det højeste antal rækker i Excel)"
    ]


def test_blank_csv_cells_and_lines_are_not_kept() -> None:
    wide = b"," * 5000
    data = zip_of({"units.csv": b"id,name\n" + wide + b"\na,A" + wide + b"\n" + b",\n" * 1000})
    (unit,) = read_map_bytes(data, "k.zip").units
    assert (unit.id, unit.name) == ("a", "A")


def test_the_national_map_fits_the_limits_twice() -> None:
    """The limits are chosen so that all 98 municipalities in one map import with room."""
    from mapping.readwrite.tables import TABLES, record_values

    m = generate_map(98)
    rows = cells = 0
    for name, spec_ in TABLES.items():
        for rec in getattr(m, name):
            rows += 1
            cells += sum(v not in (None, "", ()) for v in record_values(rec, spec_).values())
    assert (rows, cells) == (188_601, 685_330)
    assert 2 * rows <= safety.MAX_ROWS and 2 * cells <= safety.MAX_CELLS
    # a workbook of it has 2,147,786 XML elements (bench/bench_limits.py national-xlsx)
    assert safety.MAX_XML_ELEMENTS >= 2 * 2_147_786


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
