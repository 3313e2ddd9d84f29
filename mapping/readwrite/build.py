"""Turning raw rows of the tables into a validated :class:`Map`.

Every reader produces :class:`RawTable` values; :func:`build_map` parses each
cell, generates missing ids from names, runs :func:`validate_map`, and raises
one :class:`MapValidationError` with every problem placed at the file, sheet,
row and column the user sees.
"""

from __future__ import annotations

import dataclasses
import math
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import repeat
from operator import itemgetter
from types import MemberDescriptorType

from mapping.ids import slugify, unique_id
from mapping.model import Map, Record
from mapping.problems import MapValidationError, Problem
from mapping.readwrite.parse import MAX_DIGITS, CellError, cell_type, column_parser
from mapping.schema import TABLE_NAMES, TABLES, Column, TableSpec
from mapping.validation import validate_map

TYPE_CHECKING = False  # typing's own flag, without importing typing as the module loads
if TYPE_CHECKING:
    from typing import Any

REQUIRED_EMPTY = ("påkrævet celle er tom", "required cell is empty")
REQUIRED_FIELD = ("påkrævet felt er tomt eller mangler", "required field is empty or missing")


def _fallback(col: Column) -> object:
    """A stand-in for an unparseable cell, so the rest of the file can still be checked."""
    if col.type == "enum" and col.required:
        assert col.enum is not None  # an enum column names its enum
        return col.enum(col.choices[0].value)
    if col.type in ("id", "text") or (col.type == "ref" and col.required):
        return col.default if isinstance(col.default, str) else ""
    return col.default


@dataclass
class RawTable:
    """One table as read from a file: ``rows`` are (row number shown to the user, cells)."""

    source: str
    fmt: str
    header: tuple[str, ...] | None = None
    header_row: int | None = None
    rows: list[tuple[int, dict[str, object]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    """Problems the reader found in this table (e.g. cells with no column)."""


def normalise_header(name: object) -> str:
    """Column names are matched trimmed and case-insensitively."""
    return "" if name is None else str(name).strip().lower()


def unknown_name(what: tuple[str, str], name: str, allowed: Iterable[str]) -> tuple[str, str]:
    """Danish and English text for a name that is not one of ``allowed``.

    >>> unknown_name(("kolonne", "column"), "sektor", ["id", "sector"])[0]
    'ukendt kolonne "sektor" – indholdet ville gå tabt. Mente du "sector"? Tilladt: id, sector'
    """
    import difflib  # only for a name that is not allowed

    options = list(allowed)
    close = difflib.get_close_matches(name.strip().lower(), options, n=1, cutoff=0.6)
    guess_da = f'Mente du "{close[0]}"? ' if close else ""
    guess_en = f'Did you mean "{close[0]}"? ' if close else ""
    shown = ", ".join(options)
    return (
        f'ukendt {what[0]} "{name}" – indholdet ville gå tabt. {guess_da}Tilladt: {shown}',
        f'unknown {what[1]} "{name}" – its content would be lost. {guess_en}Allowed: {shown}',
    )


def stray_cells_problem(raw: RawTable, table: str, row: int, count: int) -> Problem:
    """Cells with content beyond the header (or under an empty header cell)."""
    return Problem(
        raw.source,
        table,
        row,
        None,
        f"rækken har {count} udfyldt(e) celle(r) uden kolonneoverskrift; "
        "indholdet ville gå tabt (tjek skilletegn og overskriften i række 1)",
        f"the row has {count} filled cell(s) without a column header; "
        "their content would be lost (check the delimiter and the header in row 1)",
        raw.fmt,
    )


def file_problem(source: str, da: str, en: str, fmt: str = "") -> Problem:
    """A problem with the file as a whole (no table, row or column)."""
    return Problem(source, "", None, None, da, en, fmt)


def build_map(
    raws: dict[str, RawTable], *, name: str, source: str, extra: Iterable[Problem] = ()
) -> Map:
    """Parse and validate raw tables; raise :class:`MapValidationError` on any problem.

    ``extra`` are problems the reader already found; they are reported together.
    """
    problems: list[Problem] = list(extra)
    tables: dict[str, tuple[Record, ...]] = {}
    locations: dict[str, list[tuple[str, int, str]]] = {}
    missing: dict[str, set[str]] = {}
    if "units" not in raws:
        problems.append(
            file_problem(
                source,
                "tabellen units mangler (den skal altid være der)",
                "the units table is missing (it is required)",
            )
        )
    for tname in TABLE_NAMES:
        raw = raws.get(tname)
        if raw is None:
            tables[tname], locations[tname] = (), []
            continue
        records, problems_t, missing[tname] = _build_table(TABLES[tname], raw)
        tables[tname] = tuple(records)
        locations[tname] = [(raw.source, row, raw.fmt) for row, _ in raw.rows]
        problems += problems_t + raw.problems
    m = Map.from_tables(tables, name)

    def record_name(table: str, i: int) -> tuple[str, str]:
        """An earlier record as the user sees it: its row, or its JSON record number."""
        _, row, fmt = locations[table][i - 1]
        return (f"post {row}", f"record {row}") if fmt == "json" else (f"række {row}", f"row {row}")

    for p in validate_map(m, record_name=record_name):
        if p.column in missing.get(p.table, ()):
            continue  # the missing column was reported once, not on every row
        src, row, fmt = locations[p.table][p.row - 1] if p.row else (source, None, "")
        problems.append(Problem(src, p.table, row, p.column, p.message, p.message_en, fmt))
    if problems:
        raise MapValidationError(_tidy(problems))
    return replace(m, validated=True)


def _tidy(problems: list[Problem]) -> list[Problem]:
    """One problem per cell (the first found), in table and row order."""
    seen: set[tuple[object, ...]] = set()
    out = []
    for p in problems:
        key = (p.source, p.table, p.row, p.column)
        if p.row is not None and p.column and key in seen:
            continue
        seen.add(key)
        out.append(p)
    order = {t: i for i, t in enumerate(TABLE_NAMES)}
    return sorted(out, key=lambda p: (order.get(p.table, -1), p.row or 0))


def _build_table(spec: TableSpec, raw: RawTable) -> tuple[list[Record], list[Problem], set[str]]:
    problems: list[Problem] = []

    def add(row: int | None, col: str | None, da: str, en: str) -> None:
        problems.append(Problem(raw.source, spec.name, row, col, da, en, raw.fmt))

    missing: set[str] = set()
    if raw.header is not None:
        seen: set[str] = set()
        for name in raw.header:
            if name and name not in spec.names:
                add(raw.header_row, name, *unknown_name(("kolonne", "column"), name, spec.names))
            elif name in seen:
                add(
                    raw.header_row,
                    name,
                    f'kolonnen "{name}" står flere gange i overskriften',
                    f'the column "{name}" occurs more than once in the header',
                )
            seen.add(name)
        for col in spec.columns:
            if col.name in raw.header:
                continue
            missing.add(col.name)
            derivable = col.generate_from is not None and col.generate_from in raw.header
            if col.required and not derivable:
                add(
                    raw.header_row,
                    col.name,
                    "påkrævet kolonne mangler",
                    "required column is missing",
                )
    # Columns are filled in the record's field order, so a row becomes a record by
    # position; a cell that is absent or None takes the parse of None, worked out once.
    fields = [f.name for f in dataclasses.fields(spec.record)]
    required = REQUIRED_FIELD if raw.fmt == "json" else REQUIRED_EMPTY
    plan = []
    for name in fields:
        col = spec.column(name)
        parse = column_parser(col, raw.fmt)
        # generated ids are checked when filled in; an empty enum is reported by its parser
        check = col.required and col.generate_from is None and col.type != "enum"
        absent = name in missing and name != "id"  # reported once at the header
        plan.append((name, parse, check and name not in missing, _fallback(col), absent,
                     _of_none(parse)))  # fmt: skip
    if not any(absent for _, _, _, _, absent, _ in plan):  # every column can be filled
        fast = _build_fast(spec, raw, plan, fields)
        if fast is not None:
            return fast, problems, missing
    rows: list[list[object]] = []
    for row, cells in raw.rows:
        get = cells.get
        rec: list[object] = []
        for name, parse, check, fallback, absent, none_value in plan:
            if absent:
                rec.append(fallback)
                continue
            cell = get(name)
            if cell is None and none_value is not _FAILS:
                rec.append(none_value)
            else:
                try:
                    rec.append(parse(cell))
                except CellError as e:
                    add(row, name, e.da, e.en)
                    rec.append(fallback)
            if check and (cell is None or (type(cell) is str and not cell.strip())):
                add(row, name, *required)
        rows.append(rec)
    own = spec.own_id
    if own is not None and own.generate_from is not None:
        at = fields.index(own.name), fields.index(own.generate_from)
        _fill_ids(rows, raw, at, add, own.name in missing)
    make = spec.record
    return [make(*r) for r in rows], problems, missing


_FAILS = object()
_NONE = type(None)
_TEXT_KINDS = ("text", "id", "key", "ref")


def _build_fast(
    spec: TableSpec, raw: RawTable, plan: list[tuple[Any, ...]], fields: list[str]
) -> list[Record] | None:
    """The table's records, parsed a whole column at a time, when every cell has its
    usual form (the same values the row-by-row parse gives); None when any cell may
    need a message, a fallback or a generated id: the row-by-row path then reports
    exactly as always. On a national map this is several times faster."""
    cells = [c for _, c in raw.rows]
    columns = []
    by_column = _transposed(cells, fields)
    try:
        for name, parse, check, _, _, none_value in plan:
            if by_column is None:
                values: Sequence[object] = list(map(dict.get, cells, repeat(name)))
            else:
                values = by_column[name]
            column = _fast_column(spec.column(name), parse, values, none_value, check)
            if column is None:
                return None
            columns.append(column)
    except (CellError, ValueError, OverflowError, TypeError):
        return None
    own = spec.own_id
    if own is not None and own.generate_from and not all(columns[fields.index(own.name)]):
        return None  # ids to generate: the row-by-row path makes them
    return _make_records(spec.record, fields, columns)


def _transposed(cells: list[dict[str, object]], fields: list[str]) -> dict[str, Any] | None:
    """Each field's values, when every row has every field (a file this program wrote);
    else None. Taking each row's cells in one step and transposing is about twice as
    fast as looking each column up in every row."""
    if not cells or len(fields) < 2:
        return None
    try:
        rows = list(map(itemgetter(*fields), cells))
    except KeyError:
        return None
    return dict(zip(fields, zip(*rows, strict=True), strict=True))


def _make_records(
    cls: type[Record], fields: list[str], columns: list[Sequence[object]]
) -> list[Record]:
    """``[cls(*row) for row in zip(*columns)]``, filled a column at a time: the records
    are frozen, slotted dataclasses with nothing to do after ``__init__``, so setting
    each slot directly gives equal records without an ``__init__`` call per record."""
    slots = [getattr(cls, name, None) for name in fields]
    if hasattr(cls, "__post_init__") or not all(isinstance(s, MemberDescriptorType) for s in slots):
        return list(map(cls, *columns))
    records: list[Record] = list(map(object.__new__, repeat(cls, len(columns[0]))))
    for slot, column in zip(slots, columns, strict=True):
        deque(map(slot.__set__, records, column), maxlen=0)  # type: ignore[union-attr]
    return records


def _fast_column(
    col: Column,
    parse: Callable[[object], object],
    values: Sequence[object],
    none_value: object,
    check: bool,
) -> Sequence[object] | None:
    """One column's parsed values, or None when a cell is not of the usual form."""
    kind = cell_type(col)
    types = set(map(type, values))
    present: Sequence[Any] = values
    if _NONE in types:
        if check or none_value is _FAILS:
            return None  # a required cell is empty
        types.discard(_NONE)
        present = [v for v in values if v is not None]
    out: Sequence[Any]
    if kind in _TEXT_KINDS:
        if not types <= {str}:
            return None
        out = present if kind == "text" else list(map(str.strip, present))
        if check and "" in (map(str.strip, out) if kind == "text" else out):
            return None
        if (col.type in ("id", "ref") or col.name == "name") and not "".join(out).isascii():
            out = [v if v.isascii() else unicodedata.normalize("NFC", v) for v in out]
        if kind == "ref" and "" in out:
            out = [v or None for v in out]
    elif kind == "int":
        if not types <= {int} or max(map(abs, present), default=0) >= 10**MAX_DIGITS:
            return None
        out = present
    elif kind == "float":
        if not types <= {int, float}:
            return None
        out = list(map(float, present))
        if not all(map(math.isfinite, out)):
            return None
    elif kind == "bool" and types <= {bool}:
        out = present
    else:  # dates, choices and id lists: the column's own parser, cell by cell
        if check and any(type(v) is str and not v.strip() for v in present):
            return None
        if types <= {str}:  # few distinct dates and choices: each parsed once
            parsed = {v: parse(v) for v in dict.fromkeys(present)}
            out = list(map(parsed.__getitem__, present))
        else:
            out = list(map(parse, present))
    if present is values:
        return out
    it = iter(out)
    return [none_value if v is None else next(it) for v in values]


def _of_none(parse: Callable[[object], object]) -> object:
    """What a cell holding nothing parses to (the same for every row), or a marker."""
    try:
        return parse(None)
    except CellError:
        return _FAILS


def _fill_ids(
    values: list[list[object]],
    raw: RawTable,
    at: tuple[int, int],
    add: Callable[..., None],
    column_missing: bool,
) -> None:
    """Give rows without an id one made from their name, unique in the table."""
    i, source = at
    taken = {str(v[i]) for v in values if v[i]}
    for (row, _), v in zip(raw.rows, values, strict=True):
        if v[i]:
            continue
        name = str(v[source] or "")
        if not name.strip():
            if not column_missing:
                add(
                    row,
                    "id",
                    "id mangler (og der er intet navn at danne det ud fra)",
                    "id is missing (and there is no name to make one from)",
                )
            v[i] = ""
            continue
        cand = unique_id(slugify(name), taken)
        taken.add(cand)
        v[i] = cand
