"""A blank workbook to fill in, with a Danish instructions sheet ("Vejledning")."""

from __future__ import annotations

import os
from typing import IO

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from mapping.readwrite.tables import INSTRUCTION_SHEETS, TABLES
from mapping.schema import TABLE_NAMES

REQUIRED_FILL = PatternFill("solid", fgColor="FFD580")
INSTRUCTIONS_SHEET = INSTRUCTION_SHEETS[0]
TEXT_FORMAT = "@"
"""Excel's text number format: typed 007 stays "007" instead of becoming 7."""
TEXT_TYPES = frozenset({"id", "ref", "reflist"})

_INTRO = (
    "Helhedskort – skabelon til et kort over enheder, borgergrupper og fælles principper",
    "",
    "Udfyld ét ark pr. tabel. Række 1 er overskrifter og må ikke ændres; data begynder i række 2.",
    "Orange overskrifter er påkrævede kolonner. De øvrige kolonner kan stå tomme.",
    "Id'er er korte tekster, du selv vælger (fx 'skole-nord'). De skal være entydige i deres ark;",
    "de andre ark henviser til dem. Står id tomt, dannes det ud fra navnet.",
    "Id'er bevares præcis som skrevet: '007' forbliver '007'. Formatér id-kolonner som tekst.",
    "Datoer skrives ÅÅÅÅ-MM-DD (fx 2026-03-01); en almindelig Excel-dato virker også.",
    "Decimaltal må skrives med komma eller punktum (3,5 eller 3.5).",
    "Flere borgergrupper i group_ids adskilles med semikolon: 'udsatte-boern;skolefravaer'.",
    "status: idea (idé), draft (udkast), agreed (aftalt), practised (praktiseret).",
    "Tom status betyder draft.",
    "kind: perspective (fælles syn og mål), method (fælles metode eller proces),",
    "knowledge (kendskab til hinanden).",
    "external: ja/nej (tom = nej). Eksterne partnere, fx hospital eller praksislæger,",
    "har ingen overordnet enhed.",
    "Ledelseskæden må ikke gå i ring, og en kommunal enhed kan ikke ligge under en ekstern.",
    "leader_count: antal ledere, der deler ledelsen, fx et ledelsesteam (tom = 1).",
    "level: topledelse, forvaltning, afdeling eller enhed, hvis dybden i kæden ikke siger det.",
    "parallel_set: enheder, der er alternativer for borgeren (fx kommunens skoler), får samme",
    "mærke; en borger møder kun én af dem.",
    "Arket decisions er valgfrit: én række pr. fund med det, lederne har besluttet",
    "(status proposed, decided, in_progress, done eller accepted).",
    "Dette ark springes over ved indlæsning. Fejl meldes samlet med ark, række og kolonne.",
    "",
)


def _instructions(ws: Worksheet) -> None:
    for line in _INTRO:
        ws.append([line])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(["Ark", "Kolonne", "Påkrævet", "Forklaring"])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for table in TABLE_NAMES:
        spec = TABLES[table]
        ws.append([table, "", "", f"{spec.label.da}: {spec.help.da}"])
        ws.cell(ws.max_row, 1).font = Font(bold=True)
        for col in spec.columns:
            ws.append(["", col.name, "ja" if col.required else "", col.help.da])
    for letter, width in zip("ABCD", (16, 18, 10, 100), strict=True):
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=False, vertical="top")
            if isinstance(cell.value, str):
                cell.data_type = "s"


def _list_validation(ws: Worksheet, column: int, values: str) -> None:
    letter = get_column_letter(column)
    dv = DataValidation(type="list", formula1=f'"{values}"', allow_blank=True)
    dv.add(f"{letter}2:{letter}5000")
    ws.add_data_validation(dv)


def write_template(path: str | os.PathLike[str] | IO[bytes]) -> None:
    """Write a blank workbook: "Vejledning" first, then one sheet per table, headers only.

    Id and reference columns (and group_ids) are formatted as text, as the
    instructions ask, so Excel keeps leading zeros.
    """
    wb = openpyxl.Workbook()
    first = wb.active
    assert isinstance(first, Worksheet)  # a new workbook starts with one worksheet
    _instructions(first)
    first.title = INSTRUCTIONS_SHEET
    for table in TABLE_NAMES:
        spec = TABLES[table]
        ws = wb.create_sheet(table)
        ws.append(list(spec.names))
        ws.freeze_panes = "A2"
        for j, col in enumerate(spec.columns, start=1):
            cell = ws.cell(1, j)
            cell.font = Font(bold=True)
            if col.required:
                cell.fill = REQUIRED_FILL
                cell.comment = Comment("Påkrævet kolonne. " + col.help.da, "Helhedskort")
            else:
                cell.comment = Comment(col.help.da, "Helhedskort")
            dim = ws.column_dimensions[get_column_letter(j)]
            dim.width = max(12, len(col.name) + 4)
            if col.type in TEXT_TYPES:
                # a column style: every new cell in it is text, and the file stays small
                dim.number_format = TEXT_FORMAT
            if col.type == "enum":
                _list_validation(ws, j, ",".join(c.value for c in col.choices))
            elif col.type == "bool":
                _list_validation(ws, j, "ja,nej")
    wb.save(path)
