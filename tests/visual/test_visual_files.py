"""Graph files, report workbook, CSV, static images and export_view (no browser)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import networkx as nx
import openpyxl
import pytest
from lxml import etree

from mapping.gaps import find_findings
from mapping.model import Unit
from mapping.readwrite import read_map
from mapping.visual import (
    ViewFilter,
    export_view,
    gaps_csv,
    report_workbook,
    static_figure,
    static_image,
    to_gexf,
    to_graphml,
    to_node_link_json,
)
from mapping.visual.graphio import export_graph
from tests.visual.visual_maps import payload_map, small_map

TODAY = dt.date(2026, 11, 23)
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
GEXF = "{http://www.gexf.net/1.2draft}"
ILLEGAL = "\x00\x01\x08\x0b\x0c\x1f\ufffe\uffff"


def dirty_map():
    m = small_map()
    units = (
        *m.units,
        Unit("x\x01y", "Styr\x0bkode\x00enhed\ufffe", sector="Stab\x1f", parent_id="dir"),
    )
    return m.replace(units=units, name="Kort\x08")


def graphml_counts(data: bytes) -> tuple[int, int, dict[str, dict[str, str]]]:
    root = etree.fromstring(data)
    keys = {k.get("id"): k.get("attr.name") for k in root.iter(f"{GRAPHML}key")}
    nodes = {
        n.get("id"): {keys[d.get("key")]: d.text or "" for d in n.iter(f"{GRAPHML}data")}
        for n in root.iter(f"{GRAPHML}node")
    }
    return len(nodes), len(list(root.iter(f"{GRAPHML}edge"))), nodes


@pytest.mark.parametrize("make", [small_map, payload_map, dirty_map])
def test_graphml_parses_back_with_two_parsers(make):
    m = make()
    gaps = find_findings(m, today=TODAY)
    expected = export_graph(m, gaps)
    data = to_graphml(m, gaps)
    assert not any(c in data.decode("utf-8") for c in ILLEGAL)
    g = nx.read_graphml(io.BytesIO(data))
    assert g.number_of_nodes() == expected.number_of_nodes()
    assert g.number_of_edges() == expected.number_of_edges()
    n_nodes, n_edges, attrs = graphml_counts(data)
    assert (n_nodes, n_edges) == (expected.number_of_nodes(), expected.number_of_edges())
    for node, want in expected.nodes(data=True):
        got = g.nodes[node]
        assert got["kind"] == want["kind"] and got["label"] == want["label"]
        assert got["gap_count"] == want["gap_count"] and isinstance(got["gap_count"], int)
        assert got["gap_codes"] == want["gap_codes"]
        assert attrs[node]["label"] == want["label"]
        assert int(attrs[node]["gap_count"]) == want["gap_count"]
        if "staff_count" in want:
            assert got["staff_count"] == want["staff_count"]
            assert isinstance(got["staff_count"], int)
    kinds = {d["kind"] for _, _, d in g.edges(data=True)}
    assert "chain" in kinds


@pytest.mark.parametrize("make", [small_map, payload_map, dirty_map])
def test_gexf_parses_back_with_two_parsers(make):
    m = make()
    gaps = find_findings(m, today=TODAY)
    expected = export_graph(m, gaps)
    data = to_gexf(m, gaps)
    assert not any(c in data.decode("utf-8") for c in ILLEGAL)
    g = nx.read_gexf(io.BytesIO(data))
    assert g.number_of_nodes() == expected.number_of_nodes()
    assert g.number_of_edges() == expected.number_of_edges()
    root = etree.fromstring(data)
    assert len(list(root.iter(f"{GEXF}node"))) == expected.number_of_nodes()
    assert len(list(root.iter(f"{GEXF}edge"))) == expected.number_of_edges()
    titles = {a.get("title"): a.get("type") for a in root.iter(f"{GEXF}attribute")}
    assert titles["gap_count"] in ("long", "integer") and titles["external"] == "boolean"
    for node, want in expected.nodes(data=True):
        assert g.nodes[node]["label"] == want["label"]
        assert g.nodes[node]["kind"] == want["kind"]
        assert g.nodes[node]["gap_count"] == want["gap_count"]


def test_graph_files_carry_gap_flags_and_gap_edges():
    m = small_map()
    gaps = find_findings(m, today=TODAY)
    g = nx.read_graphml(io.BytesIO(to_graphml(m, gaps)))
    hjem = g.nodes["unit:hjem"]
    assert hjem["gap_count"] > 0 and hjem["worst_severity"] == "high"
    assert "HK601" in hjem["gap_codes"].split(";")
    assert any(d["kind"] == "gap" for _, _, d in g.edges(data=True))
    assert g.nodes["unit:hosp"]["external"] is True


def test_node_link_json_round_trips_through_networkx():
    m = dirty_map()
    gaps = find_findings(m, today=TODAY)
    data = json.loads(to_node_link_json(m, gaps))
    g = nx.node_link_graph(data, edges="edges")
    assert g.number_of_nodes() == len(m.units) + len(m.citizen_groups) + len(m.principles)
    assert all(n.isprintable() for n in g.nodes)


def test_report_workbook_has_no_formula_and_round_trips(tmp_path, example_map):
    formulas = ("=1+1", "+SUM(A1)", "-2+3", "@cmd", '=HYPERLINK("http://x")')
    m = small_map()
    units = tuple(u.__class__(**{**{f: getattr(u, f) for f in u.__slots__},
                                 "name": f"{formulas[i % 5]} {u.name}",
                                 "description": formulas[(i + 1) % 5]})
                  for i, u in enumerate(m.units))  # fmt: skip
    m = m.replace(units=units)
    gaps = find_findings(m, today=TODAY)
    for mm, gg, name in ((m, gaps, "f.xlsx"), (example_map, find_findings(example_map), "ex.xlsx")):
        path = tmp_path / name
        report_workbook(mm, gg, path)
        wb = openpyxl.load_workbook(path)
        assert {"Huller", "Borgerens perspektiv", "Ledelseskæden"} <= set(wb.sheetnames)
        assert "Enheder x borgergrupper" in wb.sheetnames
        assert "Principper x enheder" in wb.sheetnames
        cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
        assert cells and all(c.data_type != "f" for c in cells)
        assert wb["Huller"].max_row == len(gg) + 1
        assert read_map(path, name=mm.name) == mm
    texts = {c.value for ws in openpyxl.load_workbook(tmp_path / "f.xlsx") for row in ws.iter_rows()
             for c in row}  # fmt: skip
    assert "=1+1" in {t for t in texts if isinstance(t, str)} or any(
        isinstance(t, str) and t.startswith("=1+1") for t in texts
    )


def test_report_in_english_names_its_sheets_in_english(tmp_path):
    m = small_map()
    report_workbook(m, find_findings(m, today=TODAY), tmp_path / "en.xlsx", lang="en")
    names = openpyxl.load_workbook(tmp_path / "en.xlsx").sheetnames
    assert {"Gaps", "Citizen perspective", "Management chain"} <= set(names)


def test_gaps_csv_plain_and_danish_excel():
    m = small_map().replace(citizen_groups=(small_map().citizen_groups[0].__class__(
        "aeldre", "=cmd|' /C calc'!A0"), small_map().citizen_groups[1]))  # fmt: skip
    gaps = find_findings(m, today=TODAY)
    plain = gaps_csv(gaps)
    assert not plain.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(plain.decode("utf-8"))))
    assert rows[0][:3] == ["id", "kode", "alvor"] and len(rows) == len(gaps) + 1
    danish = gaps_csv(gaps, excel_danish=True)
    assert danish.startswith(b"\xef\xbb\xbf")
    drows = list(csv.reader(io.StringIO(danish.decode("utf-8-sig")), delimiter=";"))
    assert drows[0] == rows[0] and len(drows) == len(rows)
    for row in drows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


@pytest.mark.parametrize("fmt,magic", [("png", b"\x89PNG\r\n\x1a\n"), ("svg", b"<?xml"),
                                       ("pdf", b"%PDF-")])  # fmt: skip
@pytest.mark.parametrize("layout", ["network", "chain"])
def test_static_images_have_the_right_magic(fmt, magic, layout):
    m = small_map()
    data = static_image(m, find_findings(m, today=TODAY), fmt=fmt, layout=layout, title="Lille")
    assert data.startswith(magic) and len(data) > 2000
    if fmt == "svg":
        assert b"<svg" in data[:2000] and b">Hjemmeplejen</text>" in data  # real text


def test_static_image_rejects_unknown_format():
    with pytest.raises(ValueError, match="gif"):
        static_image(small_map(), [], fmt="gif")  # type: ignore[arg-type]


@pytest.mark.parametrize("layout", ["network", "chain"])
def test_static_labels_do_not_overlap_on_the_example(example_map, artifacts_dir, layout):
    gaps = find_findings(example_map, today=TODAY)
    fig = static_figure(example_map, gaps, layout=layout, title=example_map.name)
    fig.savefig(artifacts_dir / f"visual-static-{layout}.png", dpi=60)
    fig.canvas.draw()  # lays out the text boxes at the figure's own dpi
    renderer = fig.canvas.get_renderer()
    boxes = []
    for t in fig.axes[0].texts:
        if t.get_gid() != "label":
            continue
        patch = t.get_bbox_patch()
        boxes.append((patch or t).get_window_extent(renderer))
    n = len(example_map.units) + len(example_map.citizen_groups) + len(example_map.principles)
    assert len(boxes) == n
    overlaps = [
        (i, j)
        for i, a in enumerate(boxes)
        for j, b in enumerate(boxes[i + 1 :], i + 1)
        if a.x0 < b.x1 - 1 and b.x0 < a.x1 - 1 and a.y0 < b.y1 - 1 and b.y0 < a.y1 - 1
    ]
    assert overlaps == []
    assert min(t.get_fontsize() for t in fig.axes[0].texts) >= 6


EXPECT = {
    ".html": b"<!DOCTYPE html>",
    ".png": b"\x89PNG",
    ".svg": b"<?xml",
    ".pdf": b"%PDF",
    ".graphml": b"<?xml",
    ".gexf": b"<?xml",
    ".nodelink.json": b"{",
    ".xlsx": b"PK",
    ".csv": b"\xef\xbb\xbf",
    ".json": b"{",
}


@pytest.mark.parametrize("suffix", sorted(EXPECT))
def test_export_view_chooses_by_extension(tmp_path, suffix):
    m = small_map()
    gaps = find_findings(m, today=TODAY)
    dst = export_view(m, gaps, tmp_path / f"kort{suffix}", view=ViewFilter.of(groups=["aeldre"]))
    assert dst.read_bytes().startswith(EXPECT[suffix])
    assert [p.name for p in tmp_path.iterdir()] == [f"kort{suffix}"]  # no temp file left


def test_export_view_filters_graph_files(tmp_path):
    m = small_map()
    gaps = find_findings(m, today=TODAY)
    dst = export_view(m, gaps, tmp_path / "k.graphml", view=ViewFilter.of(groups=["aeldre"]))
    g = nx.read_graphml(dst)
    assert set(g.nodes) == {"group:aeldre", "unit:hjem", "unit:hosp", "principle:udsk"}


def test_export_view_rejects_unknown_extension(tmp_path):
    with pytest.raises(ValueError, match="unknown export type"):
        export_view(small_map(), [], tmp_path / "kort.docx")
    assert list(tmp_path.iterdir()) == []
