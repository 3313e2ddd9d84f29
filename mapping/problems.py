"""Problems found in a map or in an interchange file, and the error that carries them.

Pure values shared by :mod:`mapping.validation` (in-memory maps) and
:mod:`mapping.readwrite` (files). A problem names where it is (file or sheet,
row, column) in words a user understands.

>>> p = Problem("units.csv", "units", 4, "parent_id", 'ukendt enhed "x"', fmt="csv")
>>> str(p)
'units.csv, række 4, kolonne parent_id: ukendt enhed "x"'
>>> str(MapValidationError([p])).splitlines()[0]
'Kortet indeholder 1 fejl:'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong, with its place.

    ``fmt`` says how to name the place: ``"csv"`` (file, row, column),
    ``"xlsx"`` (workbook, sheet, row, column), ``"json"`` (file, table, record,
    field) or ``""`` for an in-memory map (table, record, field). ``row`` is
    the row the user sees (header = row 1) or the 1-based record number.
    """

    source: str
    table: str
    row: int | None
    column: str | None
    message: str
    message_en: str = ""
    fmt: str = ""

    def location(self, lang: str = "da") -> str:
        """The place of the problem in words, e.g. ``units.csv, række 4, kolonne id``."""
        en = lang == "en"
        parts: list[str] = []
        if self.source:
            parts.append(self.source)
        if self.fmt == "xlsx" and self.table:
            parts.append(f"{'sheet' if en else 'ark'} {self.table}")
        record = self.fmt in ("json", "")
        if self.row is not None:
            if record:
                word = "record" if en else "post"
                parts.append(
                    f"{self.table} {word} {self.row}" if self.table else f"{word} {self.row}"
                )
            else:
                parts.append(f"{'row' if en else 'række'} {self.row}")
        elif record and self.table and not self.source:
            parts.append(self.table)
        if self.column:
            word = ("field" if en else "felt") if record else ("column" if en else "kolonne")
            parts.append(f"{word} {self.column}")
        return ", ".join(parts)

    def text(self, lang: str = "da") -> str:
        """The whole problem as one line in Danish (default) or English."""
        msg = self.message_en if lang == "en" and self.message_en else self.message
        where = self.location(lang)
        return f"{where}: {msg}" if where else msg

    def __str__(self) -> str:
        return self.text("da")


class MapValidationError(Exception):
    """A map or file has problems; ``.problems`` lists every one of them."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        super().__init__(self.text("da"))

    def text(self, lang: str = "da") -> str:
        """All problems, one per line, after a short heading."""
        n = len(self.problems)
        head = f"The map has {n} problem(s):" if lang == "en" else f"Kortet indeholder {n} fejl:"
        return "\n".join([head, *(f"- {p.text(lang)}" for p in self.problems)])

    def __str__(self) -> str:
        return self.text("da")
