"""One worksheet, streamed row by row into a :class:`RawTable` within fixed limits.

Only filled cells are kept, and only those under a column header; a blank
cell anywhere costs a comparison and nothing is allocated for it, whatever
size the sheet declares. The structure is checked while it streams: row
numbers rise and stay within Excel's 1 to 1,048,576, the cells of a row stand
left to right within A to XFD, each once, and a formula brings the result
Excel saved with it. A broken structure stops the reading at once, naming the
sheet and the cell; a cell whose value cannot be used is reported and the
reading goes on, up to :data:`MAX_CELL_PROBLEMS` of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import NoReturn

from openpyxl.utils.cell import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import (
    CALENDAR_MAC_1904,
    CALENDAR_WINDOWS_1900,
    from_excel,
    from_ISO8601,
)

from mapping.problems import MapValidationError, Problem
from mapping.readwrite.build import RawTable, stray_cells_problem
from mapping.readwrite.safety import (
    EXCEL_COLUMNS,
    EXCEL_ROWS,
    MAX_CELLS,
    MAX_ROWS,
    MAX_XML_ELEMENTS,
    thousands,
)
from mapping.readwrite.xlsx_parts import Book, tags

MAX_CELL_PROBLEMS = 100
"""Unusable cells reported before the reading stops (one file could have millions)."""
_TAGS = tags("c", "v", "t", "is", "f", "row", "rPh", "dimension")
Tag = Callable[[str], str | None]
_COLUMNS = {get_column_letter(i): i for i in range(1, EXCEL_COLUMNS + 1)}
_DIGITS = "0123456789"


def _shown(text: str) -> str:
    return text if len(text) <= 24 else text[:24] + "…"


class SheetReader:
    """Expat handlers that turn one sheet into ``raw``; ``book`` counts the whole file."""

    def __init__(
        self,
        book: Book,
        raw: RawTable,
        table: str,
        strings: list[str],
        dates: tuple[frozenset[int], frozenset[int]],
        mac_epoch: bool,
    ) -> None:
        self.book, self.raw, self.table, self.strings = book, raw, table, strings
        self.dates, self.durations = dates
        self.epoch = CALENDAR_MAC_1904 if mac_epoch else CALENDAR_WINDOWS_1900
        self.names: tuple[str, ...] = ()
        self.header: dict[int, object] = {}
        self.row_no = 0
        self.row_text = ""
        self.in_row = self.in_cell = self.filled = self.formula = False
        self.cells: dict[str, object] = {}
        self.stray = self.last_col = self.col = self.rph = 0
        self.ctype = ""
        self.cstyle: str | None = None
        self.vparts: list[str] | None = None
        self.inline: list[str] | None = None
        self.capture: list[str] | None = None
        self.elements_left = 0

    def read(self, member: str) -> None:
        book = self.book
        self.elements_left = MAX_XML_ELEMENTS - book.elements
        try:
            book.parse(member, self.start, self.end, self.chars)
        finally:
            book.elements = MAX_XML_ELEMENTS - self.elements_left

    # --- expat handlers: one call per element, so the common cases come first ---

    def start(self, name: str, attrs: dict[str, str], _tag: Tag = _TAGS.get) -> None:
        self.elements_left -= 1
        if self.elements_left < 0:
            self.book.too_many_elements()
        tag = _tag(name)
        if tag == "c":
            if not self.in_row:
                return
            if self.in_cell:
                self._nested("en celle", "a cell")
            ref = attrs.get("r")
            if ref is None:
                col = self.last_col + 1
                if col > EXCEL_COLUMNS:
                    self._beyond_xfd(f"XFE{self.row_text}")
            else:
                letters = ref.rstrip(_DIGITS)
                col = _COLUMNS.get(letters, 0)
                if not col or ref[len(letters) :] != self.row_text:
                    col = self._odd_reference(ref)
            if col <= self.last_col:
                self._misplaced(col)
            self.last_col = self.col = col
            self.ctype = attrs.get("t", "n")
            self.cstyle = attrs.get("s")
            self.in_cell = True
            self.formula = False
            self.vparts = self.inline = None
        elif tag == "v":
            if self.in_cell:
                if self.vparts is not None:
                    self._nested("en værdi mere", "a second value")
                self.capture = self.vparts = []
        elif tag is None:
            return
        elif tag == "t":
            if self.inline is not None and not self.rph:
                self.capture = self.inline
        elif tag == "is":
            if self.in_cell:
                if self.inline is not None:
                    self._nested("en tekst mere", "a second text")
                self.inline = []
        elif tag == "f":
            self.formula = self.in_cell
        elif tag == "row":
            self._start_row(attrs.get("r"))
        elif tag == "rPh":
            self.rph += 1
        elif tag == "dimension":
            self._check_dimension(attrs.get("ref", ""))

    def end(self, name: str, _tag: Tag = _TAGS.get) -> None:
        tag = _tag(name)
        if tag == "c":
            if self.in_cell:
                self._end_cell()
        elif tag == "v" or tag == "t":
            self.capture = None
        elif tag == "row":
            self._end_row()
        elif tag == "rPh":
            self.rph -= 1

    def chars(self, data: str) -> None:
        if self.capture is not None:
            self.capture.append(data)

    # --- rows ------------------------------------------------------------------

    def _start_row(self, r: str | None) -> None:
        if self.in_row:
            self._stop(
                self.row_no,
                f"række {self.row_no} indeholder en anden række",
                f"row {self.row_no} holds another row",
            )
        prev = self.row_no
        if r is None:
            n = prev + 1
        elif r.isascii() and r.isdigit() and len(r) <= 7:
            n = int(r)
        else:
            n = 0
        if not 1 <= n <= EXCEL_ROWS:
            after = (f" (efter række {prev})", f" (after row {prev})") if prev else ("", "")
            self._stop(
                None,
                f'ugyldigt rækkenummer "{_shown(r or str(n))}"{after[0]}; '
                f"Excel har række 1 til {thousands(EXCEL_ROWS)}",
                f'invalid row number "{_shown(r or str(n))}"{after[1]}; '
                f"Excel has rows 1 to {EXCEL_ROWS:,}",
            )
        if n <= prev:
            if n == prev:
                self._stop(n, f"række {n} står to gange i filen", f"row {n} occurs twice")
            self._stop(
                n,
                f"række {n} står efter række {prev}; rækkerne i filen er ude af orden",
                f"row {n} comes after row {prev}; the rows in the file are out of order",
            )
        self.row_no, self.row_text = n, str(n)
        self.in_row, self.filled = True, False
        self.cells = {}
        self.stray = self.last_col = 0

    def _end_row(self) -> None:
        if not self.in_row:
            return
        self.in_row = False
        if self.row_no == 1:
            width = max(self.header, default=0)
            self.names = tuple(
                "" if (v := self.header.get(j)) is None else str(v).strip().lower()
                for j in range(1, width + 1)
            )
            self.raw.header = self.names
            return
        if not self.filled:
            return
        raw = self.raw
        raw.rows.append((self.row_no, self.cells))
        budget = self.book.budget
        budget.rows += 1
        if budget.rows > MAX_ROWS:
            where = (
                f"ark {self.table}, række {self.row_no}",
                f"sheet {self.table}, row {self.row_no}",
            )
            budget.too_many_rows(where)
        if self.stray:
            raw.problems.append(stray_cells_problem(raw, self.table, self.row_no, self.stray))

    def _check_dimension(self, ref: str) -> None:
        for corner in ref.split(":"):
            letters = corner.rstrip(_DIGITS).replace("$", "")
            digits = corner[len(corner.rstrip(_DIGITS)) :]
            beyond_rows = digits.isdigit() and (len(digits) > 7 or int(digits) > EXCEL_ROWS)
            if beyond_rows or (letters.isalpha() and letters.upper() not in _COLUMNS):
                self._stop(
                    None,
                    f'arkets angivne størrelse "{_shown(ref)}" går ud over Excels '
                    "gitter (A1:XFD1048576)",
                    f"the sheet's declared size \"{_shown(ref)}\" goes beyond Excel's "
                    "grid (A1:XFD1048576)",
                )

    # --- cells -----------------------------------------------------------------

    def _misplaced(self, col: int) -> NoReturn:
        ref = get_column_letter(col) + self.row_text
        if col == self.last_col:
            self._stop(self.row_no, f"cellen {ref} står to gange", f"the cell {ref} occurs twice")
        prev = get_column_letter(self.last_col) + self.row_text
        self._stop(
            self.row_no,
            f"cellen {ref} står efter cellen {prev}; cellerne i rækken er ude af orden",
            f"the cell {ref} comes after the cell {prev}; the row's cells are out of order",
        )

    def _odd_reference(self, ref: str) -> int:
        """The column of a reference that is not plain ``A1`` style in this row, or stop."""
        letters = ref.rstrip(_DIGITS)
        digits = ref[len(letters) :]
        if not (letters.isascii() and letters.isalpha() and digits.isdigit()) or len(letters) > 3:
            self._stop(
                self.row_no,
                f'ugyldig cellereference "{_shown(ref)}"',
                f'invalid cell reference "{_shown(ref)}"',
            )
        col = column_index_from_string(letters.upper())
        if col > EXCEL_COLUMNS:
            self._beyond_xfd(ref)
        if len(digits) > 7 or int(digits) != self.row_no:
            self._stop(
                self.row_no,
                f"cellen {_shown(ref)} står i række {self.row_no}",
                f"the cell {_shown(ref)} is in row {self.row_no}",
            )
        return col

    def _nested(self, da: str, en: str) -> NoReturn:
        ref = self._ref()
        self._stop(self.row_no, f"cellen {ref} indeholder {da}", f"the cell {ref} holds {en}")

    def _beyond_xfd(self, ref: str) -> NoReturn:
        self._stop(
            self.row_no,
            f"cellen {ref} ligger efter Excels sidste kolonne XFD",
            f"the cell {ref} lies beyond Excel's last column XFD",
        )

    def _end_cell(self) -> None:
        self.in_cell = False
        self.capture = None
        t = self.ctype
        if t == "inlineStr":  # its text is in <is>, as openpyxl reads it
            value: object = "".join(self.inline) if self.inline else None
        elif self.vparts is not None:
            v = "".join(self.vparts)
            if (
                t == "s"
                and v.isascii()
                and v.isdigit()
                and len(v) < 10
                and int(v) < len(self.strings)
            ):
                value = self.strings[int(v)]
            else:
                value = self._value(v)
        else:
            if self.formula:
                self._formula_without_result()
            return
        if value is None or value == "":
            return
        col = self.col
        if self.row_no == 1:
            self.header[col] = value
            return
        budget = self.book.budget
        budget.cells += 1
        if budget.cells > MAX_CELLS:
            ref = self._ref()
            budget.too_many_cells(
                (f"ark {self.table}, celle {ref}", f"sheet {self.table}, cell {ref}")
            )
        blank = isinstance(value, str) and value.isspace()
        if not blank:
            self.filled = True
        if col <= len(self.names) and (name := self.names[col - 1]):
            if name not in self.cells:
                self.cells[name] = value
        elif not blank:
            self.stray += 1

    def _value(self, v: str) -> object:
        """A cell's saved text as the value it stands for (None when it is unusable)."""
        t = self.ctype
        if not v:
            return None
        if t == "n":
            return self._number(v)
        if t == "s":
            i = int(v) if v.isascii() and v.isdigit() and len(v) < 10 else -1
            if 0 <= i < len(self.strings):
                return self.strings[i]
            self._cell_problem(
                "henviser til en delt tekst, der ikke findes",
                "refers to a shared text that does not exist",
            )
            return None
        if t == "str":
            return v
        if t == "b":
            if v in ("0", "1"):
                return v == "1"
            self._cell_problem(
                f'har en ugyldig sandhedsværdi "{_shown(v)}"',
                f'holds an invalid true/false value "{_shown(v)}"',
            )
            return None
        if t == "e":
            self._cell_problem(
                f"indeholder Excel-fejlen {_shown(v)}; ret formlen eller skriv værdien",
                f"holds the Excel error {_shown(v)}; fix the formula or type the value",
            )
            return None
        if t == "d":
            try:
                return from_ISO8601(v)
            except ValueError:
                self._cell_problem(
                    f'har en ugyldig dato "{_shown(v)}"', f'holds an invalid date "{_shown(v)}"'
                )
                return None
        self._cell_problem(
            f'har en ukendt celletype "{_shown(t)}"', f'has an unknown cell type "{_shown(t)}"'
        )
        return None

    def _number(self, v: str) -> object:
        try:
            number: float = float(v) if "." in v or "e" in v or "E" in v else int(v)
        except ValueError:
            self._cell_problem(
                f'indeholder et ugyldigt tal "{_shown(v)}"',
                f'holds an invalid number "{_shown(v)}"',
            )
            return None
        s = self.cstyle
        if not s or not self.dates or not (s.isdigit() and len(s) < 10):
            return number
        style = int(s)
        if style not in self.dates:
            return number
        try:
            value = from_excel(number, self.epoch, timedelta=style in self.durations)
        except (OverflowError, ValueError):
            value = None
        if not isinstance(value, dt.date | dt.time | dt.timedelta):
            self._cell_problem(
                f"er formateret som dato, men {_shown(v)} ligger uden for Excels kalender",
                f"is formatted as a date, but {_shown(v)} is outside Excel's calendar",
            )
            return None
        return value

    # --- problems --------------------------------------------------------------

    def _ref(self) -> str:
        return get_column_letter(self.col) + self.row_text

    def _formula_without_result(self) -> None:
        self._cell_problem(
            "indeholder en formel uden gemt resultat; åbn filen i Excel og gem den igen, "
            "så resultatet gemmes, eller skriv værdien i stedet for formlen",
            "holds a formula without a saved result; open the file in Excel and save it "
            "again so the result is stored, or type the value instead of the formula",
        )

    def _cell_problem(self, da: str, en: str) -> None:
        """Report the current cell (under its column's name, so that it is not also
        reported as empty) and go on, unless there are too many such problems."""
        ref, col = self._ref(), self.col
        column = self.names[col - 1] if self.row_no > 1 and col <= len(self.names) else ""
        problems = self.book.problems
        problems.append(
            Problem(
                self.book.source,
                self.table,
                self.row_no,
                column or None,
                f"cellen {ref} {da}",
                f"the cell {ref} {en}",
                "xlsx",
            )
        )
        if len(problems) >= MAX_CELL_PROBLEMS:
            raise MapValidationError(problems)

    def _stop(self, row: int | None, da: str, en: str) -> NoReturn:
        problem = Problem(self.book.source, self.table, row, None, da, en, "xlsx")
        raise MapValidationError([*self.book.problems, problem])
