"""The one text catalogue: every shared wording of the product by key, as :class:`Text`.

The app's pages, the diagrams, the report, the CSV files and the command line
all take their words from here, so a severity, a level or a column reads the
same everywhere. The data lives in three plain modules (``key -> (Danish,
English)``): :mod:`.pages` (the app's page strings), :mod:`.findings` (the
leaders' pages) and :mod:`.words` (words of the domain and its outputs). The
labels of tables, columns and enum values are declared with the tables in
:mod:`mapping.schema` and served here under ``table.``, ``field.``, ``kind.``
and ``status.``. No language is remembered here: every call names its language.

>>> say("severity.high", "en"), say("level.forvaltning", "en")
('High', 'administration')
>>> say("gaps.shown", "da", n=2, total=5)
'Viser 2 af 5 huller'
>>> sector_label("Sundhed", "en"), sector_label("Vores egen sektor", "en")
('Health', 'Vores egen sektor')
"""

from __future__ import annotations

from functools import lru_cache

from mapping.catalogue.findings import FINDINGS_CATALOGUE
from mapping.catalogue.pages import PAGE_TEXTS
from mapping.catalogue.words import SECTORS, WORDS
from mapping.schema import KIND_CHOICES, STATUS_CHOICES, TABLES
from mapping.text import Text

TYPE_CHECKING = False  # typing's own flag, without importing typing as the module loads
if TYPE_CHECKING:
    from typing import Any


def _build() -> dict[str, Text]:
    out: dict[str, Text] = {}
    for part in (PAGE_TEXTS, FINDINGS_CATALOGUE, WORDS):
        for key, (da, en) in part.items():
            if key in out:
                raise ValueError(f"catalogue key {key!r} is declared twice")
            out[key] = Text(da, en)
    for name, (da, en) in SECTORS.items():
        out[f"sector.{name}"] = Text(da, en)
    # Table names, column labels and enum labels are declared with the tables.
    for spec in TABLES.values():
        out.setdefault(f"table.{spec.name}", spec.label)
        for col in spec.columns:
            out.setdefault(f"field.{col.name}", col.label)
    for prefix, choices in (("kind", KIND_CHOICES), ("status", STATUS_CHOICES)):
        for choice in choices:
            out[f"{prefix}.{choice.value}"] = choice.label
    return out


CATALOGUE: dict[str, Text] = _build()
"""Every wording by key."""


def text(key: str) -> Text:
    """The wording of ``key`` in both languages (``KeyError`` when unknown)."""
    return CATALOGUE[key]


def say(key: str, lang: str = "da", **values: Any) -> str:
    """The wording of ``key`` in ``lang`` with its ``{placeholders}`` filled.

    An unknown key shows as the key itself rather than failing a page or an
    export; a test checks that every key the code uses exists.
    """
    entry = CATALOGUE.get(key)
    if entry is None:
        return key
    template = entry.get(lang)
    if not values:
        return template
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return template


def sector_label(sector: str, lang: str = "da") -> str:
    """A sector as a reader of ``lang`` knows it: a default sector is translated,
    a sector the map added itself is shown as typed."""
    entry = CATALOGUE.get(f"sector.{sector}") if sector in SECTORS else None
    return entry.get(lang) if entry is not None else sector


def level_label(level: str, lang: str = "da") -> str:
    """A level of the management chain (stored in Danish) in ``lang``."""
    entry = CATALOGUE.get(f"level.{level}")
    return entry.get(lang) if entry is not None else level


def words(prefix: str, lang: str = "da") -> dict[str, str]:
    """Every wording under ``prefix.`` in ``lang``, by the rest of its key.

    >>> words("sheet", "en")["gaps"]
    'Gaps'
    """
    return dict(_words(prefix, "en" if lang == "en" else "da"))


@lru_cache(maxsize=64)
def _words(prefix: str, lang: str) -> dict[str, str]:
    cut = len(prefix) + 1
    return {k[cut:]: v.get(lang) for k, v in CATALOGUE.items() if k.startswith(prefix + ".")}
