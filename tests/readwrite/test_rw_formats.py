"""What the spreadsheets people really have look like: Danish CSV, Excel cells, templates."""

from __future__ import annotations

import datetime as dt
import io
import os
import stat
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from mapping.model import Map, PrincipleKind, PrincipleStatus, Relation, Unit
from mapping.problems import MapValidationError
from mapping.readwrite import (
    map_to_bytes,
    neutralise_csv_cell,
    read_map,
    read_map_bytes,
    write_map,
    write_template,
    write_workbook,
)
from mapping.readwrite.csv_io import unneutralise_csv_cell
from mapping.readwrite.tables import TABLES
from mapping.readwrite.template import INSTRUCTIONS_SHEET
from tests.readwrite.rw_helpers import small_map, zip_of

DANISH_UNITS = (
    "id;name;sector;parent_id;staff_count;external\r\n"
    "007;Ældreplejen Øst;Ældre og pleje;;1.200;nej\r\n"
    "hosp;Regionshospitalet;Ekstern;;;Ja\r\n"
)
DANISH_RELATIONS = "unit_a;unit_b;rc_score;note\r\n007;hosp;2,9;Udskrivning;\r\n"


def _check_danish(m: Map) -> None:
    u = m.unit("007")
    assert (u.name, u.staff_count, u.external) == ("Ældreplejen Øst", 1200, False)
    assert m.unit("hosp").external is True
    assert m.relations == (Relation("007", "hosp", 2.9, "Udskrivning"),)


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b""), ("utf-16", b"")],
    ids=["utf8", "utf8-bom", "cp1252", "utf16"],
)
def test_danish_excel_csv_is_read(tmp_path: Path, encoding: str, bom: bytes) -> None:
    folder = tmp_path / "kort"
    folder.mkdir()
    (folder / "units.csv").write_bytes(bom + DANISH_UNITS.encode(encoding))
    # Excel's trailing empty cell beyond the header is harmless
    (folder / "Relations.CSV").write_bytes(bom + DANISH_RELATIONS.encode(encoding))
    m = read_map(folder)
    assert m.name == "kort"
    _check_danish(m)


def test_comma_csv_with_quotes_and_line_breaks() -> None:
    units = 'id,name,description\r\na,"Skole, Nord","to\nlinjer ""citat"""\r\n'
    m = read_map_bytes(zip_of({"kort/units.csv": units.encode()}), "kort.zip")
    assert m.units == (Unit("a", "Skole, Nord", description='to\nlinjer "citat"'),)


def test_undecodable_csv_is_refused() -> None:
    data = zip_of({"units.csv": b"id,name\n\x81\x8d,x\n"})  # bytes cp1252 leaves undefined
    with pytest.raises(MapValidationError, match=r"kort\.zip/units\.csv, række 2: rækken kan "):
        read_map_bytes(data, "kort.zip")


def test_excel_danish_csv_export(tmp_path: Path) -> None:
    m = small_map()
    write_map(m, f"{tmp_path}/ud/", excel_danish=True)
    raw = (tmp_path / "ud" / "relations.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfunit_a;unit_b;rc_score;note\r\n")
    assert b";3,5;" in raw
    assert read_map(tmp_path / "ud", name="kort") == m


def test_group_ids_joined_with_semicolon_in_csv(tmp_path: Path) -> None:
    m = small_map()
    p = m.principles[0]
    m = m.replace(principles=(p.__class__(**{**_fields(p), "group_ids": ("fravaer", "fravaer")}),))
    write_map(m, tmp_path / "kort.zip")
    with zipfile.ZipFile(tmp_path / "kort.zip") as zf:
        text = zf.read("principles.csv").decode()
    assert ",fravaer;fravaer\r\n" in text
    assert read_map(tmp_path / "kort.zip", name="kort") == m


def _fields(rec: object) -> dict[str, object]:
    return {f: getattr(rec, f) for f in rec.__slots__}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+45 1234", "'+45 1234"),
        ("-x", "'-x"),
        ("@SUM", "'@SUM"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("\nx", "'\nx"),
        ("'=x", "''=x"),
        ("''-x", "'''-x"),
        ("'abc", "'abc"),
        ("'", "'"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_neutralise_csv_cell_round_trip(text: str, written: str) -> None:
    assert neutralise_csv_cell(text) == written
    assert unneutralise_csv_cell(written) == text


def test_xlsx_has_no_formula_cells() -> None:
    evil = ["=1+1", '=HYPERLINK("http://x")', "+1", "-1", "@A1", "=", "=cmd|' /C calc'!A0"]
    units = [Unit(f"=u{i}", s, sector=s, leader=s, description=s) for i, s in enumerate(evil)]
    m = Map(units=tuple(units), relations=(Relation("=u0", "=u1", note="=A1*2"),))
    data = map_to_bytes(m, "xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(data))  # not read-only: data_type is inferred
    types = {c.data_type for ws in wb.worksheets for row in ws.iter_rows() for c in row}
    assert "f" not in types
    assert "s" in types
    assert wb["units"]["B2"].value == "=1+1"
    assert read_map_bytes(data, "x.xlsx", name="") == m


def test_workbook_layout_and_extra_sheet() -> None:
    buf = io.BytesIO()
    report = pd.DataFrame({"code": ["HK101", "=evil"], "units": [["a", "b"], []], "n": [1, None]})
    write_workbook(small_map(), buf, extra_sheets={"Huller": report})
    wb = openpyxl.load_workbook(io.BytesIO(buf.getvalue()))
    assert wb.sheetnames == [
        "units",
        "citizen_groups",
        "services",
        "principles",
        "adoptions",
        "relations",
        "decisions",
        "Huller",
    ]
    ws = wb["units"]
    assert [c.value for c in ws[1]][:3] == ["id", "name", "sector"]
    assert all(c.font.b for c in ws[1])
    assert ws.column_dimensions["B"].width >= len("Familieafdelingen")
    assert ws["F4"].value == 45 and ws["F4"].data_type == "n"  # staff_count stays a number
    date = wb["principles"]["H2"]
    assert date.is_date and date.value.date() == dt.date(2025, 2, 1)
    gaps = wb["Huller"]
    assert [[c.value for c in row] for row in gaps.iter_rows()] == [
        ["code", "units", "n"],
        ["HK101", "a; b", 1],
        ["=evil", None, None],
    ]
    assert gaps["A3"].data_type == "s"
    # a report sheet is skipped on reading
    assert read_map_bytes(buf.getvalue(), "kort.xlsx") == small_map()


def test_extra_sheet_may_not_shadow_a_table() -> None:
    with pytest.raises(ValueError, match="clashes"):
        write_workbook(small_map(), io.BytesIO(), extra_sheets={"Units": pd.DataFrame()})


def test_real_danish_excel_workbook_is_read() -> None:
    wb = openpyxl.Workbook()
    info = wb.active
    info.title = "Vejledning"
    info.append(["Udfyld arkene", None, "=1+1"])
    units = wb.create_sheet(" Units ")  # title with spaces and capitals
    units.append(["ID", "Name", "Staff_Count", "External", "Parent_ID", None])
    units.append([7, "Direktion", 12.0, None, None, " "])
    units.append(["skole", "Skolen", 45, "nej", 7.0, None])
    units.append([None, None, None, None, None, None])  # an empty row is skipped
    units.append(["kbh", "Hospital", None, "x", None, None])
    units.append(["læge", "Praksislæger", None, True, None, None])
    pr = wb.create_sheet("principles")
    pr.append(["id", "name", "kind", "status", "agreed_on", "review_by", "group_ids"])
    pr.append(["p1", "LØFT", "Metode", "Aftalt", dt.datetime(2025, 3, 1), "01-09-2026", None])
    pr["E2"].number_format = "dd-mm-yyyy"
    pr.append([None, "Fælles Børnesyn", "perspective", None, 45658, "2027-01-31", None])
    rel = wb.create_sheet("relations")
    rel.append(["unit_a", "unit_b", "rc_score"])
    rel.append(["skole", 7, "3,5"])
    rel.append(["skole", "kbh", 4])
    buf = io.BytesIO()
    wb.save(buf)
    m = read_map_bytes(buf.getvalue(), "Fjordby.xlsx")
    assert m.name == "Fjordby"
    assert [(u.id, u.staff_count, u.external, u.parent_id) for u in m.units] == [
        ("7", 12, False, None),
        ("skole", 45, False, "7"),
        ("kbh", None, True, None),
        ("læge", None, True, None),
    ]
    p1, p2 = m.principles
    assert (p1.kind, p1.status, p1.agreed_on, p1.review_by) == (
        PrincipleKind.METHOD,
        PrincipleStatus.AGREED,
        dt.date(2025, 3, 1),
        dt.date(2026, 9, 1),
    )
    assert (p2.id, p2.status, p2.agreed_on) == (
        "faelles-boernesyn",
        PrincipleStatus.DRAFT,
        dt.date(2025, 1, 1),
    )
    assert [r.rc_score for r in m.relations] == [3.5, 4.0]


def test_generated_ids_are_unique_slugs() -> None:
    data = (
        b'{"units": [{"name": "Team Syd"}, {"name": "Team Syd"},'
        b' {"id": "team-syd-3", "name": "X"}, {"name": "Team  syd!"}]}'
    )
    m = read_map_bytes(data, "k.json")
    assert [u.id for u in m.units] == ["team-syd", "team-syd-2", "team-syd-3", "team-syd-4"]


def test_template_has_instructions_and_headers(tmp_path: Path) -> None:
    path = tmp_path / "skabelon.xlsx"
    write_template(path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [
        INSTRUCTIONS_SHEET,
        "units",
        "citizen_groups",
        "services",
        "principles",
        "adoptions",
        "relations",
        "decisions",
    ]
    assert [c.value for c in wb["adoptions"][1]] == ["principle_id", "unit_id"]
    assert wb["units"].max_row == 1
    id_cell, sector_cell = wb["units"]["A1"], wb["units"]["C1"]
    assert id_cell.fill.fgColor.rgb.endswith("FFD580") and "Påkrævet" in id_cell.comment.text
    assert sector_cell.fill.fill_type is None
    text = "\n".join(
        str(c.value) for row in wb[INSTRUCTIONS_SHEET].iter_rows() for c in row if c.value
    )
    for word in ("group_ids", "ÅÅÅÅ-MM-DD", "practised", "knowledge", "semikolon", "rc_score"):
        assert word in text
    assert read_map(path) == Map(name="skabelon")


def test_write_map_targets(tmp_path: Path) -> None:
    m = small_map()
    with pytest.raises(ValueError, match=r"unknown extension '\.docx'"):
        write_map(m, tmp_path / "kort.docx")
    with pytest.raises(ValueError, match=r"unknown extension '\(none\)'"):
        write_map(m, tmp_path / "kort")
    (tmp_path / "eksisterende").mkdir()
    write_map(m, tmp_path / "eksisterende")
    assert sorted(p.name for p in (tmp_path / "eksisterende").iterdir())[0] == "adoptions.csv"
    write_map(m, tmp_path / "ny" / "kort.json")
    assert read_map(tmp_path / "ny" / "kort.json") == m
    assert (tmp_path / "ny" / "kort.json").read_text(encoding="utf-8").count("Børn og Unge") == 1


def test_json_name_precedence(tmp_path: Path) -> None:
    m = small_map()
    write_map(m, tmp_path / "fil.json")
    assert read_map(tmp_path / "fil.json").name == "kort"
    assert read_map(tmp_path / "fil.json", name="andet").name == "andet"
    doc = b'{"units": [{"id": "a", "name": "A"}]}'
    assert read_map_bytes(doc, "uden-navn.json").name == "uden-navn"


def test_json_group_ids_list_and_string() -> None:
    doc = (
        b'{"units": [{"id": "a", "name": "A"}], "citizen_groups": [{"id": "g", "name": "G"},'
        b' {"id": "h", "name": "H"}], "principles": [{"id": "p", "name": "P", "kind": "method",'
        b' "group_ids": ["g", " h "]}, {"id": "q", "name": "Q", "kind": "method",'
        b' "group_ids": "g; h"}]}'
    )
    m = read_map_bytes(doc, "k.json")
    assert [p.group_ids for p in m.principles] == [("g", "h"), ("g", "h")]


def test_writer_refuses_control_characters() -> None:
    m = Map(units=(Unit("a", "bip\x02"),))
    with pytest.raises(MapValidationError, match="units, række 2, kolonne name"):
        map_to_bytes(m, "xlsx")


def test_writer_refuses_text_too_long_for_excel() -> None:
    m = Map(units=(Unit("a", "A", description="x" * 32768),))
    with pytest.raises(
        MapValidationError, match="kolonne description: kan ikke gemmes i Excel: teksten er over"
    ):
        map_to_bytes(m, "xlsx")
    with pytest.raises(MapValidationError, match="feltet description er for langt"):
        read_map_bytes(map_to_bytes(m, "json"), "k.json")


def test_csv_folder_without_units(tmp_path: Path) -> None:
    (tmp_path / "kort").mkdir()
    (tmp_path / "kort" / "services.csv").write_text("unit_id,group_id\n", encoding="utf-8")
    with pytest.raises(MapValidationError, match="tabellen units mangler"):
        read_map(tmp_path / "kort")


def test_json_missing_required_field_wording() -> None:
    with pytest.raises(MapValidationError) as err:
        read_map_bytes(
            b'{"services": [{"unit_id": "a"}], "units": [{"id": "a", "name": "A"}]}', "k.json"
        )
    assert [str(p) for p in err.value.problems] == [
        "k.json, services post 1, felt group_id: påkrævet felt er tomt eller mangler"
    ]


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
@pytest.mark.parametrize("fmt", ["json", "xlsx", "zip"])
def test_written_files_get_the_normal_mode(tmp_path: Path, umask: int, fmt: str) -> None:
    old = os.umask(umask)
    try:
        write_map(small_map(), tmp_path / f"kort.{fmt}")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / f"kort.{fmt}").stat().st_mode) == 0o666 & ~umask


def test_overwriting_keeps_the_files_mode(tmp_path: Path) -> None:
    target = tmp_path / "kort.json"
    target.write_text("{}")
    target.chmod(0o640)
    write_map(small_map(), target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert read_map(target) == small_map()


def test_template_id_and_reference_columns_are_text(tmp_path: Path) -> None:
    write_template(tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "t.xlsx")
    text_columns = {}
    for table, spec in TABLES.items():
        ws = wb[table]
        text_columns[table] = [
            col.name
            for j, col in enumerate(spec.columns, start=1)
            if ws.column_dimensions[openpyxl.utils.get_column_letter(j)].number_format == "@"
        ]
        assert ws.max_row == 1  # no empty formatted cells: the file stays small
    assert text_columns == {
        "units": ["id", "parent_id"],
        "citizen_groups": ["id", "lead_unit_id"],
        "services": ["unit_id", "group_id"],
        "principles": ["id", "owner_unit_id", "funding_unit_id", "group_ids"],
        "adoptions": ["principle_id", "unit_id"],
        "relations": ["unit_a", "unit_b"],
        "decisions": ["finding_id", "owner_unit_id"],
    }
    # a workbook filled in from the template still reads, and "007" stays "007"
    ws = wb["units"]
    ws.append(["007", "Skole"])
    ws["A2"].number_format = "@"
    wb.save(tmp_path / "t.xlsx")
    assert read_map(tmp_path / "t.xlsx").units == (Unit("007", "Skole"),)
