"""The report's matrices are pairs, written write-only: size follows links, not units × groups."""

from __future__ import annotations

import sys
from pathlib import Path

import openpyxl

from mapping.gaps import find_findings
from mapping.visual.report import report_workbook

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from synthetic import generate_map


def test_matrix_sheets_hold_one_row_per_pair_and_are_written_write_only(tmp_path, monkeypatch):
    m = generate_map(1, seed=1)  # ~306 units, 31 groups, 102 principles
    modes: list[bool] = []
    real = openpyxl.Workbook

    def spy(*args: object, **kwargs: object) -> openpyxl.Workbook:
        modes.append(bool(kwargs.get("write_only")))
        return real(*args, **kwargs)

    monkeypatch.setattr(openpyxl, "Workbook", spy)
    path = tmp_path / "r.xlsx"
    report_workbook(m, find_findings(m), path)
    assert modes == [True]
    wb = openpyxl.load_workbook(path, read_only=True)
    ug, pu = wb["Enheder x borgergrupper"], wb["Principper x enheder"]
    ug_rows = list(ug.iter_rows(values_only=True))
    pu_rows = list(pu.iter_rows(values_only=True))
    # Cells bounded by the pairs (4 columns each), far below a dense grid.
    assert len(ug_rows) == len(m.services) + 1 and max(len(r) for r in ug_rows) == 4
    assert len(pu_rows) == len(m.adoptions) + 1 and max(len(r) for r in pu_rows) == 4
    dense = len(m.units) * len(m.citizen_groups)
    assert 4 * len(ug_rows) < dense / 5
    # Every serving unit is there by the name people read (the id added only to a twin).
    count: dict[str, int] = {}
    for u in m.units:
        count[u.name] = count.get(u.name, 0) + 1
    label = {u.id: u.name if count[u.name] == 1 else f"{u.name} ({u.id})" for u in m.units}
    assert {r[0] for r in ug_rows[1:]} == {label[s.unit_id] for s in m.services}
