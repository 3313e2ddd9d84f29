"""Parsing one cell into its typed value.

Raw values come from JSON (str, int, float, bool, list, None), openpyxl
(str, int, float, bool, datetime, None) or CSV (str). Text is kept exactly;
ids and numbers are trimmed.

>>> parse_cell("3,5", "float")
3.5
>>> parse_cell(12.0, "int")
12
>>> parse_cell(" 007 ", "key")
'007'
>>> parse_cell("NA", "text")
'NA'
>>> parse_cell("a; b;", "idlist")
('a', 'b')
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable

from mapping.schema import Column


class CellError(ValueError):
    """A cell holds a value of the wrong form; carries Danish and English text."""

    def __init__(self, da: str, en: str) -> None:
        super().__init__(da)
        self.da = da
        self.en = en


TRUE = frozenset({"true", "ja", "j", "yes", "y", "1", "x", "sand", "sandt"})
FALSE = frozenset({"false", "nej", "n", "no", "0", "falsk", ""})
_INT = re.compile(r"[+-]?\d+")
_DK_THOUSANDS = re.compile(r"[+-]?\d{1,3}(\.\d{3})+")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00(?:\.0+)?)?)?")
_DK_DATE = re.compile(r"(\d{1,2})[-./](\d{1,2})[-./](\d{4})")


def as_text(raw: object) -> str:
    """Any raw cell as text; whole numbers from Excel lose a spurious ``.0``.

    >>> as_text(7.0), as_text(None), as_text(dt.datetime(2026, 3, 1))
    ('7', '', '2026-03-01')
    """
    if raw is None:
        return ""
    if isinstance(raw, str):
        return raw
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, int):
        return str(raw)
    if isinstance(raw, float):
        return str(int(raw)) if raw.is_integer() else repr(raw)
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat() if raw.time() == dt.time() else raw.isoformat()
    if isinstance(raw, dt.date):
        return raw.isoformat()
    raise CellError("forventede tekst", "expected text")


def is_blank(raw: object) -> bool:
    """True for a cell with nothing in it (None, empty or only spaces)."""
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _text(raw: object) -> str:
    return raw if type(raw) is str else as_text(raw)


def _key(raw: object) -> str:
    return raw.strip() if type(raw) is str else as_text(raw).strip()


def _ref(raw: object) -> str | None:
    return _key(raw) or None


def _optional(parse: Callable[[object], object]) -> Callable[[object], object]:
    def parse_or_none(raw: object) -> object:
        return None if is_blank(raw) else parse(raw)

    return parse_or_none


def parse_cell(raw: object, type_: str) -> object:
    """Parse a raw cell for a plain column type (see :data:`PARSERS`)."""
    return PARSERS[type_](raw)


def _bad(what_da: str, what_en: str, raw: object) -> CellError:
    return CellError(f'{what_da}: "{as_text(raw)}"', f'{what_en}: "{as_text(raw)}"')


MAX_DIGITS = 30
"""Numbers longer than this are refused before they are converted: converting thousands
of digits costs time or fails; shorter ones get the column's own range check."""


def _too_long(text: str) -> CellError:
    shown = text if len(text) <= 20 else f"{text[:12]}… ({len(text)} tegn)"
    shown_en = text if len(text) <= 20 else f"{text[:12]}… ({len(text)} characters)"
    return CellError(
        f'tallet er for langt: "{shown}" (højst {MAX_DIGITS} cifre)',
        f'the number is too long: "{shown_en}" (at most {MAX_DIGITS} digits)',
    )


def parse_int(raw: object) -> int:
    """A whole number: ``12``, ``12.0``, ``"1.200"`` (Danish thousands).

    >>> try:
    ...     parse_int("9" * 5000)
    ... except CellError as e:
    ...     print(e.en)
    the number is too long: "999999999999… (5000 characters)" (at most 30 digits)
    """
    if isinstance(raw, bool):
        raise _bad("ikke et helt tal", "not a whole number", raw)
    if isinstance(raw, int):
        if abs(raw) >= 10**MAX_DIGITS:
            raise _too_long(str(raw))
        return raw
    if isinstance(raw, float) and raw.is_integer():
        if abs(raw) >= 10**MAX_DIGITS:
            raise _too_long(repr(raw))
        return int(raw)
    if isinstance(raw, str):
        s = raw.strip().replace("\u00a0", "")
        if sum(c.isdigit() for c in s) > MAX_DIGITS:
            raise _too_long(s)
        if _INT.fullmatch(s):
            return int(s)
        if _DK_THOUSANDS.fullmatch(s):
            return int(s.replace(".", ""))
        try:
            f = parse_float(s)
        except CellError:
            pass
        else:
            if f.is_integer():
                return int(f)
    raise _bad("ikke et helt tal", "not a whole number", raw)


def parse_float(raw: object) -> float:
    """A decimal number with ``.`` or a Danish ``,`` (``"1.234,5"`` too)."""
    if isinstance(raw, bool):
        raise _bad("ikke et tal", "not a number", raw)
    if isinstance(raw, int | float):
        value = float(raw)
    elif isinstance(raw, str):
        s = raw.strip().replace("\u00a0", "")
        if len(s) > 40:  # no sensible score or count is written with more
            raise _too_long(s)
        if "," in s and "." in s and s.rfind(",") > s.rfind("."):
            s = s.replace(".", "").replace(",", ".")
        elif s.count(",") == 1 and "." not in s:
            s = s.replace(",", ".")
        if not _NUMBER.fullmatch(s):
            raise _bad("ikke et tal", "not a number", raw)
        value = float(s)
    else:
        raise _bad("ikke et tal", "not a number", raw)
    if not math.isfinite(value):
        raise _bad("ikke et tal", "not a number", raw)
    return value


def parse_bool(raw: object) -> bool:
    """ja/nej, true/false, 1/0, x; empty means no."""
    if isinstance(raw, bool):
        return raw
    if raw is None:
        return False
    if isinstance(raw, int | float) and raw in (0, 1):
        return bool(raw)
    if isinstance(raw, str):
        s = raw.strip().lower()
        if s in TRUE:
            return True
        if s in FALSE:
            return False
    raise _bad("skal være ja eller nej", "must be yes or no", raw)


DATE_FORMS_DA = (
    "brug ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ (også med . eller /), fx 2026-03-01 eller 01.03.2026"
)
DATE_FORMS_EN = "use YYYY-MM-DD or DD-MM-YYYY (also with . or /), e.g. 2026-03-01 or 01.03.2026"


def parse_date(raw: object, *, serials: bool = True) -> dt.date:
    """ISO ``YYYY-MM-DD``, a real Excel date cell, or Danish ``DD-MM-YYYY``.

    A bare number is an Excel date serial only when ``serials`` (workbooks);
    JSON must write dates as text.

    >>> parse_date("01.03.2026"), parse_date(45658)
    (datetime.date(2026, 3, 1), datetime.date(2025, 1, 1))
    >>> try:
    ...     parse_date(45658, serials=False)
    ... except CellError as e:
    ...     print(e.en)
    a date must be written as text, e.g. "2026-03-01" (not as the number 45658)
    """
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, int | float) and not isinstance(raw, bool) and not serials:
        raise CellError(
            f'en dato skal skrives som tekst, fx "2026-03-01" (ikke som tallet {as_text(raw)})',
            f'a date must be written as text, e.g. "2026-03-01" (not as the number {as_text(raw)})',
        )
    if isinstance(raw, int | float) and not isinstance(raw, bool) and 1 <= raw < 2958466:
        from openpyxl.utils.datetime import from_excel  # only workbooks carry serials

        value = from_excel(raw)  # a date serial without a date format
        if isinstance(value, dt.datetime):
            return value.date()
    if isinstance(raw, str):
        s = raw.strip()
        try:
            if m := _ISO.fullmatch(s):
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            if m := _DK_DATE.fullmatch(s):
                return dt.date(int(m[3]), int(m[2]), int(m[1]))
        except ValueError:
            pass
    raise CellError(
        f'ikke en gyldig dato: "{as_text(raw)}" ({DATE_FORMS_DA}; en Excel-dato virker også)',
        f'not a valid date: "{as_text(raw)}" ({DATE_FORMS_EN}; an Excel date works too)',
    )


def _enum_parser(col: Column) -> Callable[[object], object]:
    """A parser for an enum column: its values, labels and aliases, any case."""
    enum = col.enum
    assert enum is not None, col.name
    shown = ", ".join(c.value for c in col.choices)

    def parse_enum(raw: object) -> object:
        text = as_text(raw)
        if not text.strip():
            if col.required:
                raise CellError("påkrævet celle er tom", "required cell is empty")
            return col.default
        value = col.parse_choice(text)
        if value is None:
            raise CellError(
                f'ugyldig værdi "{text}" (tilladt: {shown})',
                f'invalid value "{text}" (allowed: {shown})',
            )
        return enum(value)

    return parse_enum


def parse_idlist(raw: object) -> tuple[str, ...]:
    """Ids separated by ``;`` (spreadsheets) or a JSON list of ids."""
    if raw is None:
        return ()
    parts = raw if isinstance(raw, list) else as_text(raw).split(";")
    out = []
    for part in parts:
        if isinstance(part, list | dict):
            raise CellError("forventede en liste af id'er", "expected a list of ids")
        text = as_text(part).strip()
        if text:
            out.append(text)
    return tuple(out)


PARSERS: dict[str, Callable[[object], object]] = {
    "text": _text,
    "id": _key,
    "key": _key,
    "ref": _ref,
    "int": _optional(parse_int),
    "float": _optional(parse_float),
    "bool": parse_bool,
    "date": _optional(parse_date),
    "idlist": parse_idlist,
}
"""The parser of each plain cell type; each raises :class:`CellError` on a bad cell."""

_JSON_DATE = _optional(lambda raw: parse_date(raw, serials=False))


def column_parser(col: Column, fmt: str) -> Callable[[object], object]:
    """The parser of one schema column for a file of format ``fmt``.

    JSON has no date cells: a number in a date field is refused, not read as
    an Excel serial.

    >>> from mapping.schema import TABLES
    >>> column_parser(TABLES["principles"].column("status"), "csv")(" Aftalt ")
    <PrincipleStatus.AGREED: 'agreed'>
    """
    if col.type == "enum":
        return _enum_parser(col)
    if col.type == "date" and fmt == "json":
        return _JSON_DATE
    parse = PARSERS[cell_type(col)]
    if col.type in ("id", "ref", "reflist") or col.name == "name":
        return _nfc(parse)
    return parse


def _nfc(parse: Callable[[object], object]) -> Callable[[object], object]:
    """Ids, references and names in Unicode's composed form: an "Å" typed as A and a
    ring above becomes the same "Å" as a single character, so both name one record."""

    def normalised(raw: object) -> object:
        value = parse(raw)
        if isinstance(value, str):
            return value if value.isascii() else unicodedata.normalize("NFC", value)
        if isinstance(value, tuple):
            return tuple(v if v.isascii() else unicodedata.normalize("NFC", v) for v in value)
        return value

    return normalised


def cell_type(col: Column) -> str:
    """The plain cell type of a column: a required reference is a ``key``."""
    if col.type == "ref":
        return "key" if col.required else "ref"
    if col.type == "reflist":
        return "idlist"
    return col.type
