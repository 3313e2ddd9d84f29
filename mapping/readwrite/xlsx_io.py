"""The Excel workbook format: one sheet per table, header in row 1.

Every text cell is written with the string type, so no cell is ever a
formula, even text that starts with ``=``.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import os
import zipfile
from pathlib import Path
from typing import IO, Any

import openpyxl
import pandas as pd
from defusedxml import DefusedXmlException
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from mapping.model import Map
from mapping.problems import MapValidationError, Problem
from mapping.readwrite.build import RawTable, build_map, file_problem, unknown_name
from mapping.readwrite.safety import ZIP_ERRORS, ensure_safe_zip, ensure_small
from mapping.readwrite.tables import EXTRA_SHEETS, TABLES, is_extra_sheet, record_values
from mapping.readwrite.xlsx_parts import (
    Book,
    Unreadable,
    date_styles,
    relationships,
    shared_strings,
    sheets_and_epoch,
    workbook_part,
)
from mapping.readwrite.xlsx_sheet import SheetReader
from mapping.schema import TABLE_NAMES
from mapping.validation import EXCEL_TEXT_LIMIT, XML_ILLEGAL

BOLD = Font(bold=True)
_EXACT_INT = 2**53
_BAD_TITLE = str.maketrans({c: "-" for c in "[]:*?/\\"})


def read_xlsx_bytes(data: bytes, source: str, name: str) -> Map:
    """Read the table sheets of a workbook; instructions and report sheets are skipped.

    Any other sheet is a problem: its data would silently be lost. The sheets
    are streamed within the limits of ``safety`` (see ``xlsx_sheet``).
    """
    ensure_small(len(data), source)

    def fail(da: str, en: str) -> MapValidationError:
        return MapValidationError([file_problem(source, da, en, "xlsx")])

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except ZIP_ERRORS:
        raise fail(
            "filen er ikke en Excel-projektmappe (.xlsx)",
            "the file is not an Excel workbook (.xlsx)",
        ) from None
    with zf:
        ensure_safe_zip(zf, source)
        book = Book(zf, source)
        try:
            raws, problems = _read_tables(book)
        except Unreadable as e:
            raise fail(
                f"Excel-filen kan ikke læses ({e})", f"the Excel file cannot be read ({e})"
            ) from None
        except DefusedXmlException:
            raise fail(
                "Excel-filen indeholder XML-konstruktioner (entiteter/DTD), "
                "som afvises af sikkerhedshensyn",
                "the Excel file holds XML entities or a DTD, refused for safety",
            ) from None
    return build_map(raws, name=name, source=source, extra=[*problems, *book.problems])


_SHEET_KINDS = ("worksheet", "chartsheet", "dialogsheet", "macrosheet")


def _read_tables(book: Book) -> tuple[dict[str, RawTable], list[Problem]]:
    part = workbook_part(book)
    sheets, mac_epoch = sheets_and_epoch(book, part)
    rels = relationships(book, part, (*_SHEET_KINDS, "sharedStrings", "styles"))
    problems: list[Problem] = []
    chosen: dict[str, str] = {}
    for title, rid in sheets:
        if rid not in rels:
            raise Unreadable(f'arket "{title}" mangler sin del')
        kind, member = rels[rid]
        if kind != "worksheet":
            continue  # a chart sheet holds no table
        table = title.strip().lower()
        if table in chosen:
            problems.append(_sheet_problem(book.source, title, "twice"))
        elif table in TABLES:
            chosen[table] = member
        elif not is_extra_sheet(title):
            problems.append(_sheet_problem(book.source, title, "unknown"))
    if not chosen:
        return {}, problems
    parts = {kind: member for kind, member in rels.values()}
    strings = shared_strings(book, parts["sharedStrings"]) if "sharedStrings" in parts else []
    dates = date_styles(book, parts["styles"]) if "styles" in parts else (frozenset(), frozenset())
    raws: dict[str, RawTable] = {}
    for table, member in chosen.items():
        raws[table] = RawTable(book.source, "xlsx", header=(), header_row=1)
        SheetReader(book, raws[table], table, strings, dates, mac_epoch).read(member)
    return raws, problems


def _sheet_problem(source: str, title: str, why: str) -> Problem:
    if why == "twice":
        da = f'arket "{title}" findes flere gange (forskel i store/små bogstaver eller mellemrum)'
        en = f'the sheet "{title}" occurs more than once (differing in case or spaces)'
    else:
        da, en = unknown_name(("ark", "sheet"), title, [*TABLES, *EXTRA_SHEETS])
    return Problem(source, title, None, None, da, en, "xlsx")


# A workbook opened write-only hands out WriteOnlyWorksheet, otherwise Worksheet.
Sheet = Worksheet | WriteOnlyWorksheet


def text_cell(ws: Sheet, text: str) -> Cell:
    """A cell that holds ``text`` as a string, never as a formula."""
    cell = WriteOnlyCell(ws, value=text)
    cell.data_type = "s"
    return cell


def _value_cell(ws: Sheet, value: object) -> Cell | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return text_cell(ws, value)
    if isinstance(value, tuple):
        return text_cell(ws, ";".join(value))
    if isinstance(value, bool):
        return WriteOnlyCell(ws, value=value)
    if isinstance(value, int):
        return (
            WriteOnlyCell(ws, value=value) if abs(value) < _EXACT_INT else text_cell(ws, str(value))
        )
    if isinstance(value, float):
        # openpyxl writes 16 significant digits; keep exactness as text when that is not enough
        exact = math.isfinite(value) and float(f"{value:.16g}") == value
        return WriteOnlyCell(ws, value=value) if exact else text_cell(ws, repr(value))
    if isinstance(value, dt.date):
        if value.year < 1901:  # before Excel's calendar is trustworthy
            return text_cell(ws, value.isoformat())
        # openpyxl writes dates; its stubs only list datetime
        cell = WriteOnlyCell(ws, value=value)  # type: ignore[arg-type]
        cell.number_format = "yyyy-mm-dd"
        return cell
    return text_cell(ws, str(value))


def _check_writable(m: Map, source: str) -> None:
    problems = []
    for table in TABLE_NAMES:
        for i, rec in enumerate(getattr(m, table), start=1):
            for col, value in record_values(rec, TABLES[table]).items():
                text = ";".join(value) if isinstance(value, tuple) else value
                if not isinstance(text, str):
                    continue
                if XML_ILLEGAL.search(text):
                    problems.append(
                        Problem(
                            source,
                            table,
                            i + 1,
                            col,
                            "ulovligt kontroltegn i teksten",
                            "illegal control character in the text",
                            "xlsx",
                        )
                    )
                elif len(text) > EXCEL_TEXT_LIMIT:
                    problems.append(
                        Problem(
                            source,
                            table,
                            i + 1,
                            col,
                            f"kan ikke gemmes i Excel: teksten er over {EXCEL_TEXT_LIMIT} tegn",
                            f"cannot be saved in Excel: the text is over {EXCEL_TEXT_LIMIT} chars",
                            "xlsx",
                        )
                    )
    if problems:
        raise MapValidationError(problems)


def _widths(header: list[str], rows: list[list[object]]) -> list[float]:
    widths = [len(h) + 2 for h in header]
    for row in rows[:1000]:
        for j, v in enumerate(row):
            if v is not None and j < len(widths):
                text = str(v.isoformat() if isinstance(v, dt.date) else v)
                widths[j] = max(widths[j], min(len(text.split("\n", 1)[0]) + 2, 60))
    return [max(8, w) for w in widths]


def add_table_sheet(
    wb: openpyxl.Workbook, title: str, header: list[str], rows: list[list[object]]
) -> None:
    """Append a write-only sheet: bold header row, frozen and with a filter on
    every column, sized columns, safe cells."""
    ws = wb.create_sheet(title)
    for j, w in enumerate(_widths(header, rows), start=1):
        ws.column_dimensions[get_column_letter(j)].width = w
    ws.freeze_panes = "A2"
    if header:
        last = get_column_letter(len(header))
        ws.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    head = []
    for h in header:
        c = text_cell(ws, h)
        c.font = BOLD
        head.append(c)
    ws.append(head)
    for row in rows:
        ws.append([_value_cell(ws, v) for v in row])


def _frame_value(value: Any) -> object:  # any scalar a DataFrame cell holds
    if isinstance(value, list | tuple | set | frozenset):
        return "; ".join(str(v) for v in value)
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime().date() if value == value.normalize() else value.to_pydatetime()
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, str):
        return XML_ILLEGAL.sub("\ufffd", value)[:EXCEL_TEXT_LIMIT]
    if isinstance(value, bool | int | float | dt.date):
        return value
    return str(value)


def write_workbook(
    m: Map,
    target: str | os.PathLike[str] | IO[bytes],
    extra_sheets: dict[str, pd.DataFrame] | None = None,
    *,
    extras_first: bool = False,
) -> None:
    """Write the map as a workbook to a path or a binary buffer, plus optional report sheets.

    With ``extras_first`` the report sheets come before the tables, so the
    workbook opens on the first of them (a report is read, the tables are data).
    """
    _check_writable(m, Path(target).name if isinstance(target, str | os.PathLike) else "")
    extras: dict[str, pd.DataFrame] = {}
    for title, frame in (extra_sheets or {}).items():
        safe = str(title).translate(_BAD_TITLE)[:31] or "Ark"
        if safe.strip().lower() in TABLES or safe in extras:
            raise ValueError(f"extra sheet name {title!r} clashes with another sheet")
        extras[safe] = frame
    wb = openpyxl.Workbook(write_only=True)

    def tables() -> None:
        for table in TABLE_NAMES:
            spec = TABLES[table]
            rows = [list(record_values(rec, spec).values()) for rec in getattr(m, table)]
            add_table_sheet(wb, table, list(spec.names), rows)

    def reports() -> None:
        for title, frame in extras.items():
            rows = [[_frame_value(v) for v in r] for r in frame.itertuples(index=False, name=None)]
            add_table_sheet(wb, title, [str(c) for c in frame.columns], rows)

    for part in (reports, tables) if extras_first else (tables, reports):
        part()
    wb.save(target)


def map_to_xlsx_bytes(m: Map) -> bytes:
    """The workbook as bytes."""
    buf = io.BytesIO()
    write_workbook(m, buf)
    return buf.getvalue()
