"""Cell- and file-level problems: each names file/sheet, row and column; all come together."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from mapping.problems import MapValidationError
from mapping.readwrite import read_map, read_map_bytes
from tests.readwrite.rw_helpers import zip_of

UNITS_HEAD = "id;name;sector;parent_id;leader;staff_count;external;description\r\n"


def problems_of(data: bytes, filename: str) -> list[str]:
    with pytest.raises(MapValidationError) as err:
        read_map_bytes(data, filename)
    return [str(p) for p in err.value.problems]


def units_zip(body: str, **others: str) -> bytes:
    files = {"units.csv": (UNITS_HEAD + body).encode()}
    files.update({f"{k}.csv": v.encode() for k, v in others.items()})
    return zip_of(files)


@pytest.mark.parametrize(
    ("cells", "column", "words"),
    [
        ("a;A;;;;tolv;;", "staff_count", 'ikke et helt tal: "tolv"'),
        ("a;A;;;;12,5;;", "staff_count", "ikke et helt tal"),
        ("a;A;;;;;måske;", "external", "ja eller nej"),
        (";;;;;;;beskrivelse", "id", "id mangler"),
        ("a;;;;;;;", "name", "påkrævet celle er tom"),
    ],
)
def test_unit_cell_problems_name_file_row_and_column(cells: str, column: str, words: str) -> None:
    lines = problems_of(units_zip("x;X;;;;;;\r\n" + cells + "\r\n"), "kort.zip")
    assert any(
        line.startswith(f"kort.zip/units.csv, række 3, kolonne {column}: ") and words in line
        for line in lines
    ), lines


PRINCIPLES_HEAD = "id,name,kind,status,agreed_on,review_by,group_ids\n"


@pytest.mark.parametrize(
    ("cells", "column", "words"),
    [
        ("p,P,rule,,,,", "kind", 'ugyldig værdi "rule"'),
        ("p,P,,,,,", "kind", "påkrævet celle er tom"),
        ("p,P,method,done,,,", "status", 'ugyldig værdi "done"'),
        ("p,P,method,,2026-13-01,,", "agreed_on", "ikke en gyldig dato"),
        ("p,P,method,,,31/02/2026,", "review_by", "ikke en gyldig dato"),
        ("p,P,method,,,,ghost", "group_ids", 'ukendt borgergruppe "ghost"'),
    ],
)
def test_principle_cell_problems(cells: str, column: str, words: str) -> None:
    data = units_zip("u;U;;;;;;\r\n", principles=PRINCIPLES_HEAD + cells + "\n")
    lines = problems_of(data, "kort.zip")
    assert any(
        line.startswith(f"kort.zip/principles.csv, række 2, kolonne {column}: ") and words in line
        for line in lines
    ), lines


def test_bad_rc_score_in_workbook_names_sheet_row_column() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "units"
    ws.append(["id", "name"])
    ws.append(["a", "A"])
    ws.append(["b", "B"])
    rel = wb.create_sheet("relations")
    rel.append(["unit_a", "unit_b", "rc_score"])
    rel.append(["a", "b", "høj"])
    buf = io.BytesIO()
    wb.save(buf)
    (line,) = problems_of(buf.getvalue(), "kort.xlsx")
    assert line == 'kort.xlsx, ark relations, række 2, kolonne rc_score: ikke et tal: "høj"'


def test_missing_required_column_is_named_at_the_header_row() -> None:
    data = zip_of({"units.csv": b"id;sector\r\na;Stab\r\n"})
    lines = problems_of(data, "kort.zip")
    assert lines == ["kort.zip/units.csv, række 1, kolonne name: påkrævet kolonne mangler"]


def test_missing_units_table() -> None:
    data = zip_of({"relations.csv": b"unit_a,unit_b\n"})
    assert problems_of(data, "kort.zip") == [
        "kort.zip: tabellen units mangler (den skal altid være der)"
    ]


def test_json_problems_name_table_record_and_field() -> None:
    doc = (
        '{"units": [{"id": "a", "name": "A", "external": "måske"}, 5],'
        ' "principles": [{"id": "p", "name": "P", "kind": "x", "agreed_on": "1/1"}]}'
    )
    lines = problems_of(doc.encode(), "kort.json")
    assert lines == [
        'kort.json, units post 1, felt external: skal være ja eller nej: "måske"',
        "kort.json, units post 2: posten skal være et objekt {...}",
        'kort.json, principles post 1, felt kind: ugyldig værdi "x" '
        "(tilladt: perspective, method, knowledge)",
        'kort.json, principles post 1, felt agreed_on: ikke en gyldig dato: "1/1" '
        "(brug ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ (også med . eller /), fx 2026-03-01 eller "
        "01.03.2026; en Excel-dato virker også)",
    ]


def test_every_problem_of_a_file_at_once() -> None:
    body = "a;A;;;;x;;\r\nb;B;;zz;;;;\r\nb;C;;;;;nej;\r\n"
    services = "unit_id;group_id\r\na;g\r\n"
    lines = problems_of(units_zip(body, services=services), "kort.zip")
    assert len(lines) == 4, lines
    assert lines[0].startswith("kort.zip/units.csv, række 2, kolonne staff_count")
    assert lines[1].startswith("kort.zip/units.csv, række 3, kolonne parent_id")
    assert lines[2].startswith("kort.zip/units.csv, række 4, kolonne id")
    assert lines[3].startswith("kort.zip/services.csv, række 2, kolonne group_id")


@pytest.mark.parametrize(
    ("filename", "data", "words"),
    [
        ("kort.txt", b"x", 'ukendt filtype ".txt"'),
        ("kort.xls", b"x", "gem filen som Excel-projektmappe (.xlsx)"),
        ("units.csv", b"id,name\n", "en enkelt CSV-fil er ikke et helt kort"),
        ("kort.xlsx", b"id;name\n", "ikke en Excel-projektmappe"),
        ("kort.zip", b"PK nonsense", "ikke et gyldigt zip-arkiv"),
        ("kort.json", b"{not json", "ugyldig JSON i linje 1"),
        ("kort.json", b"[1, 2]", "skal være et JSON-objekt"),
        ("kort.json", b'{"units": {"id": "a"}}', "units skal være en liste"),
        ("kort.json", b"\xff\xfe{", "ikke UTF-8"),
    ],
)
def test_wrong_file_types_and_broken_files(filename: str, data: bytes, words: str) -> None:
    (line,) = problems_of(data, filename)
    assert line.startswith(f"{filename}: ") and words in line, line


def test_read_map_missing_path(tmp_path: Path) -> None:
    with pytest.raises(MapValidationError, match="filen findes ikke"):
        read_map(tmp_path / "nope.json")


def test_control_character_in_csv_cell_is_refused_with_its_place() -> None:
    lines = problems_of(units_zip("a;A;;;;;;bip\x01bop\r\n"), "kort.zip")
    assert len(lines) == 1
    assert lines[0].startswith("kort.zip/units.csv, række 2, kolonne description: ")
    assert "kontroltegn U+0001" in lines[0]


def test_deeply_nested_json_is_refused_cleanly() -> None:
    deep = b'{"units": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    (line,) = problems_of(deep, "kort.json")
    assert line.startswith("kort.json: ")
