"""The action plan as a workbook and an A4 PDF: they open, and hold what the meeting needs."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import openpyxl
import pypdf
import pytest

from mapping.actionplan import Closing, plan_rows
from mapping.gaps import find_findings
from mapping.model import Map
from mapping.visual.plan_export import COLUMNS, plan_filename, plan_pdf, plan_workbook

DAY = dt.date(2026, 11, 30)


@pytest.fixture(scope="module")
def plan(example_map: Map) -> tuple[Map, list]:
    # A note that a spreadsheet would take for a formula, on a finding with camps.
    d = dataclasses.replace(
        example_map.decisions_by_finding["HK301:kontanthjaelp"], note='=HYPERLINK("x")'
    )
    m = example_map.replace(
        decisions=tuple(d if x.finding_id == d.finding_id else x for x in example_map.decisions)
    )
    closed = {"HK202:skolefravaer": Closing(dt.datetime(2026, 6, 2, 9), None)}
    return m, plan_rows(find_findings(m, today=DAY), m.decisions_by_finding, closed)


def _pdf_text(data: bytes) -> tuple[pypdf.PdfReader, str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = "\n".join(p.extract_text() for p in reader.pages)
    return reader, " ".join(text.split())


def test_the_pdf_opens_is_a4_and_holds_the_plan(plan: tuple[Map, list]) -> None:
    m, rows = plan
    reader, text = _pdf_text(plan_pdf(m, rows, "Fjordby Kommune", DAY))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    assert len(reader.pages) > 3
    assert "Handlingsplan for hele kortet" in text
    assert "Udskrevet 30-11-2026 fra kortet »Fjordby Kommune«" in text
    hk301 = next(r for r in rows if r.finding_id == "HK301:kontanthjaelp")
    assert hk301.finding.title.da in text and hk301.finding.question.da in text
    assert "Besluttet · ansvarlig: Arbejdsmarked og Beskæftigelse · frist: 31-03-2027" in text
    for camp in hk301.finding.details:  # the camps of the conflict, by value
        assert camp.value in text
    assert "Accepterede barrierer" in text and "Lukket 02-06-2026" in text
    pairs = next(r for r in rows if r.finding and r.finding.code == "HK401")
    assert "Enheder, der ikke kender hinanden" in text and pairs.finding.question.da in text


def test_a_leaders_pdf_in_english(plan: tuple[Map, list]) -> None:
    m, rows = plan
    mine = [r for r in rows if r.decision and r.decision.owner_unit_id == "ab"]
    _, text = _pdf_text(plan_pdf(m, mine, "Fjordby", DAY, "en", who="Kasper Holm-Nielsen"))
    assert "Action plan for Kasper Holm-Nielsen" in text
    assert "Printed 2026-11-30" in text and "Decided · responsible:" in text


def test_the_workbook_has_a_filtered_frozen_header_and_no_formulas(
    plan: tuple[Map, list],
) -> None:
    m, rows = plan
    wb = openpyxl.load_workbook(io.BytesIO(plan_workbook(m, rows)))
    ws = wb["Handlingsplan"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:U{len(rows) + 1}"
    header = [c.value for c in ws[1]]
    assert len(header) == len(COLUMNS) and header[:3] == ["fund", "tilstand", "regel"]
    cells = [c for row in ws.iter_rows(min_row=2) for c in row]
    assert not [c for c in cells if c.data_type == "f"]
    values = {(r[0].value): [c.value for c in r] for r in ws.iter_rows(min_row=2)}
    assert values["HK301:kontanthjaelp"][header.index("note")] == '=HYPERLINK("x")'
    assert values["HK202:skolefravaer"][header.index("tilstand")] == "lukket"
    assert values["HK202:skolefravaer"][header.index("lukket den")] == dt.datetime(2026, 6, 2)
    assert values["HK601:vej-park"][header.index("beslutningens status")] == "Accepteret"


def test_file_names_follow_the_map() -> None:
    assert plan_filename("Ærø Kommune", DAY, "xlsx") == "Ærø-Kommune-handlingsplan-2026-11-30.xlsx"
    assert plan_filename("", DAY, "pdf") == "kort-handlingsplan-2026-11-30.pdf"


def test_an_empty_plan_still_prints(plan: tuple[Map, list]) -> None:
    m, _ = plan
    _, text = _pdf_text(plan_pdf(m, [], "Tomt", DAY))
    assert "Åbne fund (0)" in text and "Ingen." in text
