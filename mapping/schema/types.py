"""The building blocks of the table declarations: columns, choices, tables.

>>> c = Column("status", "enum", Text("Status", "Status"), Text("", ""),
...            choices=(Choice("agreed", Text("Aftalt", "Agreed"), ("vedtaget",)),))
>>> c.parse_choice(" Vedtaget "), c.choice_label("agreed", "en")
('agreed', 'Agreed')
"""

from __future__ import annotations

import builtins
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from mapping.text import Text
from mapping.value import Value, set_field

TYPE_CHECKING = False  # typing's own flag, without importing typing as the module loads
if TYPE_CHECKING:
    from typing import Literal

    ColumnType = Literal["id", "text", "int", "float", "bool", "date", "enum", "ref", "reflist"]
    """How a cell is read: ``id`` the record's own key, ``ref`` the id of a record in
    ``refers``, ``reflist`` several such ids (``;``-separated in spreadsheets),
    ``enum`` one of ``choices``; the rest are plain values."""

    Widget = Literal[
        "text",
        "textarea",
        "number",
        "checkbox",
        "date",
        "select",
        "multiselect",
        "sector",
        "suggest",
    ]
    """The input the app offers for a column."""

    OnDelete = Literal["cascade", "clear", "reparent"]
    """What happens to a referring record when the record it names is deleted:
    ``cascade`` it goes too, ``clear`` the reference is emptied (a list loses the
    id), ``reparent`` a unit moves up to the deleted unit's parent."""


@dataclass(frozen=True, slots=True, init=False, eq=False, repr=False)
class Choice(Value):
    """One allowed value of an enum column, its label and other accepted spellings."""

    value: str
    label: Text
    aliases: tuple[str, ...] = ()

    def __init__(self, value: str, label: Text, aliases: tuple[str, ...] = ()) -> None:
        set_field(self, "value", value)
        set_field(self, "label", label)
        set_field(self, "aliases", aliases)


@dataclass(frozen=True, slots=True, init=False, eq=False, repr=False)
class Column(Value):
    """One column of a table: what it holds and how it is checked and shown."""

    name: str
    type: ColumnType
    label: Text
    help: Text
    required: bool = False
    refers: str | None = None
    on_delete: OnDelete | None = None
    depends: Text | None = None  # how a referring record is described before a delete
    enum: builtins.type[StrEnum] | None = None  # the field `type` shadows the builtin here
    choices: tuple[Choice, ...] = ()
    default: object = None  # the value of an empty cell
    minimum: float | None = None
    maximum: float | None = None
    widget: Widget = "text"
    generate_from: str | None = None  # an empty id is made from this column
    indexed: bool = False  # the database indexes (map, column) for look-ups
    note: str = ""  # allowed values and rules, for docs/data-format.md (English)
    example: str = ""  # a typical cell, for the docs
    _spellings: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __init__(
        self,
        name: str,
        type: ColumnType,
        label: Text,
        help: Text,
        required: bool = False,
        refers: str | None = None,
        on_delete: OnDelete | None = None,
        depends: Text | None = None,
        enum: builtins.type[StrEnum] | None = None,
        choices: tuple[Choice, ...] = (),
        default: object = None,
        minimum: float | None = None,
        maximum: float | None = None,
        widget: Widget = "text",
        generate_from: str | None = None,
        indexed: bool = False,
        note: str = "",
        example: str = "",
    ) -> None:
        set_field(self, "name", name)
        set_field(self, "type", type)
        set_field(self, "label", label)
        set_field(self, "help", help)
        set_field(self, "required", required)
        set_field(self, "refers", refers)
        set_field(self, "on_delete", on_delete)
        set_field(self, "depends", depends)
        set_field(self, "enum", enum)
        set_field(self, "choices", choices)
        set_field(self, "default", default)
        set_field(self, "minimum", minimum)
        set_field(self, "maximum", maximum)
        set_field(self, "widget", widget)
        set_field(self, "generate_from", generate_from)
        set_field(self, "indexed", indexed)
        set_field(self, "note", note)
        set_field(self, "example", example)
        set_field(self, "_spellings", {})
        self.__post_init__()

    def __post_init__(self) -> None:
        for c in self.choices:  # every accepted spelling, in its compare form
            for spelling in (c.value, c.label.da, c.label.en, *c.aliases):
                self._spellings.setdefault(" ".join(spelling.split()).casefold(), c.value)

    @property
    def is_reference(self) -> bool:
        return self.type in ("ref", "reflist")

    def parse_choice(self, raw: str) -> str | None:
        """The choice value a typed text means (value, label or alias), else None."""
        return self._spellings.get(" ".join(raw.split()).casefold())

    def choice_label(self, value: str, lang: str = "da") -> str:
        """The label of a choice value in ``lang`` (the value itself when unknown)."""
        for c in self.choices:
            if c.value == value:
                return c.label.get(lang)
        return value


@dataclass(frozen=True, init=False, eq=False, repr=False)
class TableSpec(Value):
    """One table: its record type, key, columns and names for people."""

    name: str
    record: type
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    label: Text  # plural, as a heading: "Enheder"
    one: Text  # one record: "enhed"
    help: Text
    unordered_key: bool = False  # (a, b) and (b, a) are the same record
    _by_name: dict[str, Column] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __init__(
        self,
        name: str,
        record: type,
        key: tuple[str, ...],
        columns: tuple[Column, ...],
        label: Text,
        one: Text,
        help: Text,
        unordered_key: bool = False,
    ) -> None:
        set_field(self, "name", name)
        set_field(self, "record", record)
        set_field(self, "key", key)
        set_field(self, "columns", columns)
        set_field(self, "label", label)
        set_field(self, "one", one)
        set_field(self, "help", help)
        set_field(self, "unordered_key", unordered_key)
        set_field(self, "_by_name", {})
        self.__post_init__()

    def __post_init__(self) -> None:
        self._by_name.update({c.name: c for c in self.columns})

    def column(self, name: str) -> Column:
        """The column called ``name``; ``KeyError`` naming it and the table when unknown."""
        try:
            return self._by_name[name]
        except KeyError:
            raise KeyError(f"table {self.name!r} has no column {name!r}") from None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def own_id(self) -> Column | None:
        """The ``id`` column of an entity table (units, groups, principles, decisions)."""
        first = self.columns[0]
        return first if first.type == "id" else None

    def references(self) -> Iterator[Column]:
        return (c for c in self.columns if c.is_reference)
