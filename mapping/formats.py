"""Numbers and dates for people, in Danish or English, through Babel.

Danish writes 3,5 and 1.234, dates as 31-12-2025 and times as 14.05; English
3.5, 1,234, 2025-12-31 (the ISO form, which international readers parse without
doubt) and 14:05. Every number, date and time the product shows goes through here.

>>> import datetime as dt
>>> number(3.5), number(1234), number(3.5, "en")
('3,5', '1.234', '3.5')
>>> day(dt.date(2025, 12, 31)), day(dt.date(2025, 12, 31), "en")
('31-12-2025', '2025-12-31')
>>> moment(dt.datetime(2025, 12, 31, 14, 5)), moment(dt.datetime(2025, 12, 31, 14, 5), "en")
('31-12-2025 14.05', '2025-12-31 14:05')
"""

from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache

TYPE_CHECKING = False  # typing's own flag, without importing typing as the module loads
if TYPE_CHECKING:
    from babel import Locale

# Babel (and its locale data) is imported on first use only: a one-shot command such
# as ``helhedskort gaps`` formats its numbers and dates with the exact plain-Python
# equivalents below and never needs it (a tenth of its start-up on a small map).

LOCALES = {"da": "da_DK", "en": "en_GB"}
DATE_PATTERNS = {"da": "dd-MM-yyyy", "en": "yyyy-MM-dd"}
WIDGET_DATE_FORMATS = {"da": "DD-MM-YYYY", "en": "YYYY-MM-DD"}
"""The same date patterns in the notation of Streamlit's date widgets and columns."""


@lru_cache(maxsize=4)
def _locale(lang: str) -> Locale:
    from babel import Locale

    return Locale.parse(LOCALES.get(lang, LOCALES["da"]))


MARKS = {"da": (".", ","), "en": (",", ".")}
"""(thousands mark, decimal mark) of each language: CLDR's for da_DK and en_GB, as
Babel has them; tests/core/test_formats.py checks them against Babel."""


@lru_cache(maxsize=4096)  # findings repeat the same scores and thresholds many times
def number(value: float, lang: str = "da", *, decimals: int = 2) -> str:
    """A number with the language's decimal and thousands marks, at most ``decimals`` decimals."""
    if type(value) in (int, float) and math.isfinite(value) and abs(value) < 1e15:
        return _plain_number(value, MARKS.get(lang, MARKS["da"]), decimals)
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=_locale(lang))


def _plain_number(value: float, marks: tuple[str, str], decimals: int) -> str:
    """What Babel's ``format_decimal`` makes of ``value`` with the pattern ``#,##0.##``
    (``decimals`` hashes), step by step as Babel does it: the value's shortest
    decimal text, rounded half to even, grouped by three, trailing zeros dropped."""
    if type(value) is int:  # Babel's steps leave a whole number's digits as they are
        return "-" * (value < 0) + _grouped(str(abs(value)), marks[0])
    text = repr(value)
    if "e" not in text:  # the usual float: rounded on its digits, without the decimal module
        whole, _, frac = text.lstrip("-").partition(".")
        if len(frac) > decimals:  # half to even, as decimal's quantize rounds
            kept, rest = frac[:decimals], frac[decimals:]
            digits = int(whole + kept)
            if rest[0] > "5" or (rest[0] == "5" and (rest.rstrip("0") != "5" or digits % 2)):
                digits += 1
            out = str(digits).rjust(decimals + 1, "0")
            whole, frac = (out[:-decimals], out[-decimals:]) if decimals else (out, "")
        frac = frac.rstrip("0")
        shown = _grouped(whole, marks[0]) + (marks[1] + frac if decimals and frac else "")
        return "-" + shown if text.startswith("-") else shown
    import decimal

    d = decimal.Decimal(str(value))
    rounded = abs(d).normalize().quantize(decimal.Decimal(10) ** -decimals)
    whole, _, frac = f"{rounded:f}".partition(".")
    frac = frac.rstrip("0")
    text = _grouped(whole, marks[0]) + (marks[1] + frac if decimals and frac else "")
    return "-" + text if d.is_signed() else text


def _grouped(digits: str, mark: str) -> str:
    """``1234567`` -> ``1.234.567`` (groups of three from the right)."""
    head = len(digits) % 3 or 3
    return mark.join([digits[:head], *(digits[i : i + 3] for i in range(head, len(digits), 3))])


def parse_number(text: str, lang: str = "da") -> float:
    """A number as a reader of ``lang`` types it: 3,5 or 1.234,5 in Danish, 3.5 in English.

    Raises ``ValueError`` for text that is not a number in that language.

    >>> parse_number("3,5"), parse_number(" 1.234,5 "), parse_number("3.5", "en")
    (3.5, 1234.5, 3.5)
    """
    from babel.numbers import NumberFormatError, parse_decimal

    try:
        return float(parse_decimal(text.strip(), locale=_locale(lang), strict=True))
    except NumberFormatError as exc:
        raise ValueError(f"not a number: {text!r}") from exc


def day(value: dt.date, lang: str = "da") -> str:
    """A date as 31-12-2025 (Danish) or 2025-12-31 (English)."""
    if type(value) is dt.date:  # Babel's dd-MM-yyyy / yyyy-MM-dd, digit for digit
        if lang == "en":
            return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
        return f"{value.day:02d}-{value.month:02d}-{value.year:04d}"
    from babel.dates import format_date

    return format_date(value, DATE_PATTERNS.get(lang, DATE_PATTERNS["da"]), locale=_locale(lang))


def clock(value: dt.datetime | dt.time, lang: str = "da") -> str:
    """A time of day as 14.05 (Danish) or 14:05 (English)."""
    from babel.dates import format_time

    return format_time(value, "short", locale=_locale(lang))


def moment(value: dt.datetime, lang: str = "da") -> str:
    """A date and time as 31-12-2025 14.05 (Danish) or 2025-12-31 14:05 (English).

    An aware time is shown in the machine's local time zone; a naive one as it is.
    """
    local = value.astimezone() if value.tzinfo is not None else value
    return f"{day(local.date(), lang)} {clock(local, lang)}"


def widget_date_format(lang: str = "da") -> str:
    """The date format for Streamlit's date inputs and date columns in ``lang``."""
    return WIDGET_DATE_FORMATS.get(lang, WIDGET_DATE_FORMATS["da"])
