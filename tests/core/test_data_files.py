"""The committed workbooks in data/ are current: regenerate them when this fails.

helhedskort template data/skabelon.xlsx
helhedskort export data/example.json data/example.xlsx
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

from mapping.readwrite import read_map, write_template

DATA = Path(__file__).resolve().parents[2] / "data"


def _sheets(path: Path) -> dict[str, list[list[object]]]:
    wb = openpyxl.load_workbook(path, read_only=True)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


def test_example_workbook_holds_the_example_map() -> None:
    json_map = read_map(DATA / "example.json")
    assert read_map(DATA / "example.xlsx", name=json_map.name) == json_map


def test_blank_template_is_what_the_code_writes(tmp_path: Path) -> None:
    fresh = tmp_path / "skabelon.xlsx"
    write_template(fresh)
    committed = _sheets(DATA / "skabelon.xlsx")
    assert committed == _sheets(fresh)
    assert committed["Vejledning"] and all(
        len(rows) == 1 for t, rows in committed.items() if t != "Vejledning"
    )
