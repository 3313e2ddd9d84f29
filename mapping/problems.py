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

from mapping.catalogue import say, words
from mapping.text import Text
from mapping.value import Value, set_field


@dataclass(frozen=True, slots=True, init=False, eq=False, repr=False)
class Problem(Value):
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

    def __init__(
        self,
        source: str,
        table: str,
        row: int | None,
        column: str | None,
        message: str,
        message_en: str = "",
        fmt: str = "",
    ) -> None:
        set_field(self, "source", source)
        set_field(self, "table", table)
        set_field(self, "row", row)
        set_field(self, "column", column)
        set_field(self, "message", message)
        set_field(self, "message_en", message_en)
        set_field(self, "fmt", fmt)

    def location(self, lang: str = "da") -> str:
        """The place of the problem in words, e.g. ``units.csv, række 4, kolonne id``."""
        w = words("problem", lang)
        parts: list[str] = []
        if self.source:
            parts.append(self.source)
        if self.fmt == "xlsx" and self.table:
            parts.append(f"{w['sheet']} {self.table}")
        record = self.fmt in ("json", "")
        if self.row is not None:
            if record:
                where = f"{w['record']} {self.row}"
                parts.append(f"{self.table} {where}" if self.table else where)
            else:
                parts.append(f"{w['row']} {self.row}")
        elif record and self.table and not self.source:
            parts.append(self.table)
        if self.column:
            parts.append(f"{w['field'] if record else w['column']} {self.column}")
        return ", ".join(parts)

    @property
    def wording(self) -> Text:
        """What is wrong, in both languages (Danish when no English was given)."""
        return Text(self.message, self.message_en or self.message)

    def text(self, lang: str = "da") -> str:
        """The whole problem as one line in Danish (default) or English."""
        msg = self.wording.get(lang)
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
        head = say("problem.heading", lang, n=len(self.problems))
        return "\n".join([head, *(f"- {p.text(lang)}" for p in self.problems)])

    def __str__(self) -> str:
        return self.text("da")
