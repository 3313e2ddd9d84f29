"""Exported files as people open them: A4 PDF pages, SVG text, slide-sized PNG,
the report workbook's first sheet, filters and frozen headers, and file names."""

from __future__ import annotations

import datetime as dt
import io
import struct

import openpyxl
import pytest
from lxml import etree
from pypdf import PdfReader

from mapping.gaps import find_findings
from mapping.model import Map, Unit
from mapping.readwrite import map_to_bytes, read_map_bytes
from mapping.visual import ViewFilter, report_workbook_bytes, static_image
from mapping.visual.export import export_filename, safe_stem
from mapping.visual.report import SHEETS
from mapping.visual.static import SLIDE_PX, wrap_label
from tests.visual.visual_maps import small_map

TODAY = dt.date(2026, 11, 23)
A4 = (841.89, 595.28)  # points, landscape
SVG = "{http://www.w3.org/2000/svg}"


def page_size(pdf: bytes) -> tuple[float, float]:
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    return float(box.width), float(box.height)


def png_size(png: bytes) -> tuple[int, int]:
    assert png[12:16] == b"IHDR"
    w, h = struct.unpack(">II", png[16:24])
    return w, h


def tall_map() -> Map:
    """A chain 30 units deep: its drawing is taller than wide."""
    units = [Unit("u0", "Direktionen")]
    units += [Unit(f"u{i}", f"Enhed nummer {i}", parent_id=f"u{i - 1}") for i in range(1, 30)]
    return Map(units=tuple(units), name="Høj kæde")


@pytest.mark.parametrize(
    "m,view,layout,portrait",
    [
        ("example", None, "network", False),
        ("example", "group", "chain", False),
        ("tall", None, "chain", True),
    ],
)
def test_the_pdf_is_one_a4_page_turned_to_fit_the_drawing(
    example_map: Map, m: str, view: str | None, layout: str, portrait: bool
) -> None:
    mm = example_map if m == "example" else tall_map()
    vf = ViewFilter(groups=frozenset({mm.citizen_groups[0].id})) if view else None
    pdf = static_image(mm, find_findings(mm, today=TODAY), fmt="pdf", view=vf, layout=layout)
    w, h = page_size(pdf)
    want = A4[::-1] if portrait else A4
    assert abs(w - want[0]) < 1 and abs(h - want[1]) < 1, (w, h)
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Forklaring" in text  # the legend is on the page, as text


def test_the_svg_keeps_every_label_as_escaped_text() -> None:
    tricky = 'Skole & SFO <Nord> "A"'
    m = small_map()
    m = m.replace(units=(m.units[0].__class__(**{
        **{f: getattr(m.units[0], f) for f in m.units[0].__slots__}, "name": tricky}),
        *m.units[1:]))  # fmt: skip
    svg = static_image(m, find_findings(m, today=TODAY), fmt="svg", title="Kort <1>")
    root = etree.fromstring(svg)  # well-formed: every name was escaped
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert "Kort <1>" in texts and "Forklaring" in texts
    for u in m.units:
        for line in wrap_label(u.name).split("\n"):
            assert line in texts, line
    assert not list(root.iter(f"{SVG}script"))


@pytest.mark.parametrize("layout", ["network", "chain"])
def test_the_png_fits_a_full_hd_slide(example_map: Map, layout: str) -> None:
    gaps = find_findings(example_map, today=TODAY)
    for view in (None, ViewFilter(groups=frozenset({example_map.citizen_groups[0].id}))):
        w, h = png_size(static_image(example_map, gaps, fmt="png", view=view, layout=layout))
        assert w <= SLIDE_PX[0] and h <= SLIDE_PX[1], (w, h)
        assert max(w / SLIDE_PX[0], h / SLIDE_PX[1]) > 0.97, (w, h)  # fills it one way


def test_the_same_view_gives_the_same_bytes() -> None:
    m = small_map()
    gaps = find_findings(m, today=TODAY)
    for fmt in ("png", "svg", "pdf"):
        assert static_image(m, gaps, fmt=fmt) == static_image(m, gaps, fmt=fmt), fmt


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_report_opens_on_its_findings_with_filters_and_frozen_headers(
    example_map: Map, lang: str
) -> None:
    gaps = find_findings(example_map, today=TODAY)
    book = openpyxl.load_workbook(io.BytesIO(report_workbook_bytes(example_map, gaps, lang)))
    findings = SHEETS[lang]["gaps"]
    assert book.sheetnames[0] == findings and book.active.title == findings
    assert book[findings].max_row == len(gaps) + 1
    assert "units" in book.sheetnames and len(book.sheetnames) > 6
    for ws in book.worksheets:
        last = openpyxl.utils.get_column_letter(ws.max_column)
        assert ws.freeze_panes == "A2", ws.title
        assert ws.auto_filter.ref == f"A1:{last}{ws.max_row}", ws.title


def test_the_map_workbook_has_filters_and_still_reads_back(example_map: Map) -> None:
    data = map_to_bytes(example_map, "xlsx")
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.active.title == "units"
    for ws in book.worksheets:
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:"), ws.title
    assert read_map_bytes(data, "kort.xlsx", name=example_map.name) == example_map


@pytest.mark.parametrize(
    "name,part,suffix,expected",
    [
        ("Fjordby Kommune", "", ".png", "Fjordby-Kommune-2026-11-23.png"),
        ("Ærø Kommune", "rapport", ".xlsx", "Ærø-Kommune-rapport-2026-11-23.xlsx"),
        ('a/b\\c:d*e?f"g<h>i|j', "", ".svg", "a-b-c-d-e-f-g-h-i-j-2026-11-23.svg"),
        ("  ..Kort over Øst..  ", "", ".PDF", "Kort-over-Øst-2026-11-23.pdf"),
        ("Kort\u202egpj.exe", "", ".html", "Kortgpj.exe-2026-11-23.html"),
        ("Ny\tlinje\nher\x00", "huller", ".csv", "Ny-linje-her-huller-2026-11-23.csv"),
        ("", "", ".nodelink.json", "kort-2026-11-23.nodelink.json"),
        ("///", "", ".gexf", "kort-2026-11-23.gexf"),
        ("A" * 300, "", ".graphml", "A" * 80 + "-2026-11-23.graphml"),
    ],
)
def test_file_names_are_map_and_date_and_safe_everywhere(
    name: str, part: str, suffix: str, expected: str
) -> None:
    got = export_filename(name, TODAY, suffix, part)
    assert got == expected
    assert not set(got) & set('/\\:*?"<>|') and got == got.strip()
    assert all(ch.isprintable() for ch in got) and len(got.encode()) < 255


def test_a_decomposed_danish_name_is_stored_composed() -> None:
    assert safe_stem("A\u030arhus") == "Århus"  # as macOS hands a name over
