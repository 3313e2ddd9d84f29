"""Numbers and dates for people, in Danish or English, through Babel.

Danish writes 3,5 and 1.234 and dates as 31-12-2025; English 3.5, 1,234 and
2025-12-31 (the ISO form, which international readers parse without doubt).

>>> import datetime as dt
>>> number(3.5), number(1234), number(3.5, "en")
('3,5', '1.234', '3.5')
>>> day(dt.date(2025, 12, 31)), day(dt.date(2025, 12, 31), "en")
('31-12-2025', '2025-12-31')
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

LOCALES = {"da": "da_DK", "en": "en_GB"}
DATE_PATTERNS = {"da": "dd-MM-yyyy", "en": "yyyy-MM-dd"}


@lru_cache(maxsize=4)
def _locale(lang: str) -> Locale:
    return Locale.parse(LOCALES.get(lang, LOCALES["da"]))


@lru_cache(maxsize=4096)  # findings repeat the same scores and thresholds many times
def number(value: float, lang: str = "da", *, decimals: int = 2) -> str:
    """A number with the language's decimal and thousands marks, at most ``decimals`` decimals."""
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=_locale(lang))


def day(value: dt.date, lang: str = "da") -> str:
    """A date as 31-12-2025 (Danish) or 2025-12-31 (English)."""
    return format_date(value, DATE_PATTERNS.get(lang, DATE_PATTERNS["da"]), locale=_locale(lang))
