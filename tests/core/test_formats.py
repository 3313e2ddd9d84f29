"""The plain-Python number and date formatting gives Babel's text, character for character.

:mod:`mapping.formats` formats ints, floats and dates without Babel so a one-shot
command need not import it; these tests hold that shortcut to Babel's own output.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

from mapping import formats

SPECIAL = [0, 1, -1, 7, 999, 1000, -1000, 1234, 12345, 999_999, 1_000_000, 10**14, -(10**14)]
SPECIAL_FLOATS = [0.0, -0.0, 0.5, 1.5, 2.5, -2.5, 0.05, 0.15, 0.25, 0.125, 2.675, 1e-7, -1e-7,
                  3.5, 1234.5, 1234.5678, 999.995, 999.999, 12.34, 0.004999, 1e14 + 0.5,
                  123456789.125, 1 / 3, 2 / 3, 99.95, 0.95]  # fmt: skip


def _babel(value: float, lang: str, decimals: int) -> str:
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=Locale.parse(formats.LOCALES[lang]))


@pytest.mark.parametrize("lang", ["da", "en"])
def test_marks_are_babels(lang: str) -> None:
    symbols = Locale.parse(formats.LOCALES[lang]).number_symbols["latn"]
    assert formats.MARKS[lang] == (symbols["group"], symbols["decimal"])
    assert symbols["minusSign"] == "-"


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("decimals", [0, 1, 2, 3])
def test_numbers_are_formatted_as_babel_does(lang: str, decimals: int) -> None:
    rng = random.Random(decimals)
    values: list[float] = [*SPECIAL, *SPECIAL_FLOATS]
    values += [rng.randint(-(10**12), 10**12) for _ in range(300)]
    values += [round(rng.uniform(-1e6, 1e6), rng.randint(0, 6)) for _ in range(600)]
    values += [rng.uniform(-10, 10) for _ in range(300)]
    values += [rng.randint(0, 2000) / 8 for _ in range(300)]  # exact halves and eighths
    for value in values:
        assert formats._plain_number(value, formats.MARKS[lang], decimals) == _babel(
            value, lang, decimals
        ), value
        assert formats.number.__wrapped__(value, lang, decimals=decimals) == _babel(
            value, lang, decimals
        )


def test_dates_are_formatted_as_babel_does() -> None:
    days = [dt.date(1, 1, 1), dt.date(5, 1, 2), dt.date(999, 12, 31), dt.date(9999, 12, 31)]
    days += [dt.date(2020, 1, 1) + dt.timedelta(days=n) for n in range(0, 4000, 7)]
    for d in days:
        for lang in ("da", "en", "fr"):
            pattern = formats.DATE_PATTERNS.get(lang, formats.DATE_PATTERNS["da"])
            expected = format_date(d, pattern, locale=formats._locale(lang))
            assert formats.day(d, lang) == expected
