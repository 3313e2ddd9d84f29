"""A malformed or hostile workbook is refused naming sheet and cell, never misread or hung.

The hang guard (``bounded``) makes a regression fail instead of hanging CI; it
is not a timing: every file here is read in well under a second.
"""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from mapping.problems import MapValidationError
from mapping.readwrite import read_map_bytes
from tests.readwrite.rw_helpers import bounded, header_and, inline, units_workbook


def problems_of(data: bytes) -> list[str]:
    with bounded(20), pytest.raises(MapValidationError) as err:
        read_map_bytes(data, "k.xlsx")
    return [str(p) for p in err.value.problems]


def units_of(data: bytes) -> list[tuple[str, str]]:
    with bounded(20):
        m = read_map_bytes(data, "k.xlsx")
    return [(u.id, u.name) for u in m.units]


def row(n: int | str, *cells: str) -> str:
    return f'<row r="{n}">{"".join(cells)}</row>'


def test_a_row_number_far_beyond_excel_is_refused_at_once() -> None:
    # a few KB that used to make `validate` run forever (the reader padded missing rows)
    data = units_workbook(header_and(row(2, inline("A2", "a"), inline("B2", "A")),
                                     row(10**18, inline(f"A{10**18}", "x"))))  # fmt: skip
    assert len(data) < 5000
    assert problems_of(data) == [
        'k.xlsx, ark units: ugyldigt rækkenummer "1000000000000000000" (efter række 2); '
        "Excel har række 1 til 1.048.576"
    ]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        pytest.param(
            [row(3, inline("A3", "b"), inline("B3", "B")), row(2, inline("A2", "a"))],
            "k.xlsx, ark units, række 2: række 2 står efter række 3; rækkerne i filen er ude "
            "af orden",
            id="rows-out-of-order",
        ),
        pytest.param(
            [row(2, inline("A2", "a"), inline("B2", "A")), row(2, inline("A2", "b"))],
            "k.xlsx, ark units, række 2: række 2 står to gange i filen",
            id="row-twice",
        ),
        pytest.param(
            [row(-2, inline("A2", "a"), inline("B2", "A"))],
            'k.xlsx, ark units: ugyldigt rækkenummer "-2" (efter række 1); Excel har række 1 '
            "til 1.048.576",
            id="negative-row",
        ),
        pytest.param(
            [row(1048577, inline("A1048577", "a"))],
            'k.xlsx, ark units: ugyldigt rækkenummer "1048577" (efter række 1); Excel har '
            "række 1 til 1.048.576",
            id="row-beyond-excel",
        ),
        pytest.param(
            [row(2, inline("A2", "a"), inline("B2", "A"), inline("B2", "B"))],
            "k.xlsx, ark units, række 2: cellen B2 står to gange",
            id="cell-twice",
        ),
        pytest.param(
            [row(2, inline("B2", "A"), inline("A2", "a"))],
            "k.xlsx, ark units, række 2: cellen A2 står efter cellen B2; cellerne i rækken er "
            "ude af orden",
            id="cells-out-of-order",
        ),
        pytest.param(
            [row(2, inline("A2", "a"), inline("XFE2", "x"))],
            "k.xlsx, ark units, række 2: cellen XFE2 ligger efter Excels sidste kolonne XFD",
            id="column-beyond-xfd",
        ),
        pytest.param(
            [row(2, inline("A2", "a"), inline("B3", "A"))],
            "k.xlsx, ark units, række 2: cellen B3 står i række 2",
            id="cell-in-another-row",
        ),
        pytest.param(
            [row(2, '<c r="A2" t="inlineStr"><is><t>a</t></is><c r="B2"><v>1</v></c></c>')],
            "k.xlsx, ark units, række 2: cellen A2 indeholder en celle",
            id="cell-in-a-cell",
        ),
        pytest.param(
            [row(2, inline("A2", "a"), '<c r="B2"><v>1</v><v>2</v></c>')],
            "k.xlsx, ark units, række 2: cellen B2 indeholder en værdi mere",
            id="two-values",
        ),
        pytest.param(
            [f'<row r="2">{inline("A2", "a")}{row(3, inline("A3", "b"))}</row>'],
            "k.xlsx, ark units, række 2: række 2 indeholder en anden række",
            id="row-in-a-row",
        ),
        pytest.param(
            [row(2, inline("A2", "a"), inline("2B", "A"))],
            'k.xlsx, ark units, række 2: ugyldig cellereference "2B"',
            id="bad-reference",
        ),
    ],
)
def test_a_broken_sheet_structure_is_refused_naming_the_cell(
    rows: list[str], expected: str
) -> None:
    assert problems_of(units_workbook(header_and(*rows))) == [expected]


def test_a_declared_size_beyond_excel_is_refused() -> None:
    data = units_workbook(header_and(), before='<dimension ref="A1:XFD1048577"/>')
    assert problems_of(data) == [
        'k.xlsx, ark units: arkets angivne størrelse "A1:XFD1048577" går ud over Excels '
        "gitter (A1:XFD1048576)"
    ]


def test_a_declared_size_is_not_trusted_nor_used() -> None:
    # openpyxl would pad every row to XFD and read a million empty rows
    data = units_workbook(header_and(row(2, inline("A2", "a"), inline("B2", "A"))),
                          before='<dimension ref="A1:XFD1048576"/>')  # fmt: skip
    assert units_of(data) == [("a", "A")]


def test_formula_without_a_saved_result_is_refused_and_with_one_is_read() -> None:
    data = units_workbook(
        header_and(
            row(2, inline("A2", "a"), '<c r="B2" t="str"><f>UPPER(A2)</f><v>A</v></c>'),
            row(3, inline("A3", "b"), '<c r="B3" t="str"><f>UPPER(A3)</f></c>'),
            row(4, '<c r="A4"><f>1+1</f></c>', inline("B4", "C")),
        )
    )
    advice = (
        "indeholder en formel uden gemt resultat; åbn filen i Excel og gem den igen, så "
        "resultatet gemmes, eller skriv værdien i stedet for formlen"
    )
    assert problems_of(data) == [
        f"k.xlsx, ark units, række 3, kolonne name: cellen B3 {advice}",
        f"k.xlsx, ark units, række 4, kolonne id: cellen A4 {advice}",
    ]
    saved = units_workbook(header_and(
        row(2, inline("A2", "a"), '<c r="B2" t="str"><f>UPPER(A2)</f><v>A</v></c>'),
        row(3, '<c r="A3"><f>6*7</f><v>42</v></c>', inline("B3", "B")),
    ))  # fmt: skip
    assert units_of(saved) == [("a", "A"), ("42", "B")]


@pytest.mark.parametrize(
    ("cell", "words"),
    [
        (
            '<c r="B2" t="e"><f>1/0</f><v>#DIV/0!</v></c>',
            "cellen B2 indeholder Excel-fejlen #DIV/0!; ret formlen eller skriv værdien",
        ),
        ('<c r="B2"><v>12abc</v></c>', 'cellen B2 indeholder et ugyldigt tal "12abc"'),
        ('<c r="B2" t="s"><v>99</v></c>', "cellen B2 henviser til en delt tekst, der ikke findes"),
        ('<c r="B2" t="b"><v>2</v></c>', 'cellen B2 har en ugyldig sandhedsværdi "2"'),
        ('<c r="B2" t="d"><v>2025-13-45</v></c>', 'cellen B2 har en ugyldig dato "2025-13-45"'),
        ('<c r="B2" t="zz"><v>1</v></c>', 'cellen B2 har en ukendt celletype "zz"'),
    ],
)
def test_a_cell_value_that_cannot_be_used_is_refused(cell: str, words: str) -> None:
    data = units_workbook(header_and(row(2, inline("A2", "a"), cell)))
    assert problems_of(data) == [f"k.xlsx, ark units, række 2, kolonne name: {words}"]


def test_blank_cells_out_to_xfd_cost_nothing_and_are_accepted() -> None:
    # every row carries a formatted empty cell in the last column: the old reader padded
    # 16,384 cells per row (555 s of CPU for such a file)
    rows = [
        row(n, inline(f"A{n}", f"u{n}"), inline(f"B{n}", "U"), f'<c r="XFD{n}" s="0"/>')
        for n in range(2, 10_002)
    ]
    data = units_workbook(header_and(*rows))
    units = units_of(data)
    assert len(units) == 10_000 and units[0] == ("u2", "U")


def test_text_beyond_the_header_is_still_reported() -> None:
    data = units_workbook(header_and(row(2, inline("A2", "a"), inline("B2", "A"),
                                         inline("XFD2", "glemt"))))  # fmt: skip
    assert problems_of(data) == [
        "k.xlsx, ark units, række 2: rækken har 1 udfyldt(e) celle(r) uden kolonneoverskrift; "
        "indholdet ville gå tabt (tjek skilletegn og overskriften i række 1)"
    ]


def test_excel_cell_kinds_are_read_as_excel_shows_them() -> None:
    strings = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<si><t>id</t></si><si><t>name</t></si>"
        b'<si><r><t>Skole </t></r><r><rPr><b/></rPr><t xml:space="preserve">Nord </t></r>'
        b"<rPh sb='0' eb='1'><t>IGNORED</t></rPh></si></sst>"
    )
    data = units_workbook(
        header_and(
            row(2, inline("A2", "a"), '<c r="B2" t="s"><v>2</v></c>'),
            row(3, '<c r="A3" t="b"><v>1</v></c>', '<c r="B3" t="d"><v>2025-03-01</v></c>'),
            row(4, '<c r="A4"><v>7</v></c>', '<c r="B4" t="str"><v>x_x005F_y</v></c>'),
        ),
        shared_strings=strings,
    )
    assert units_of(data) == [
        ("a", "Skole Nord "),
        ("true", "2025-03-01"),
        ("7", "x_x005F_y"),
    ]


@pytest.mark.parametrize("mac", [False, True])
def test_date_cells_follow_the_workbooks_calendar(mac: bool) -> None:
    wb = openpyxl.Workbook()
    if mac:
        wb.epoch = CALENDAR_MAC_1904
    units = wb.active
    units.title = "units"
    units.append(["id", "name"])
    units.append(["u", "U"])
    ws = wb.create_sheet("principles")
    ws.append(["id", "name", "kind", "agreed_on", "review_by"])
    ws.append(["p", "P", "method", dt.datetime(2025, 3, 1), dt.datetime(2027, 3, 1, 12, 0)])
    ws["D2"].number_format = "dd-mm-yyyy"
    ws["E2"].number_format = "yyyy-mm-dd hh:mm"
    buf = io.BytesIO()
    wb.save(buf)
    (p,) = read_map_bytes(buf.getvalue(), "k.xlsx").principles
    assert (p.agreed_on, p.review_by) == (dt.date(2025, 3, 1), dt.date(2027, 3, 1))
