"""Bilingual text: one value that holds the Danish and the English wording.

Every sentence the product shows (rule texts, column labels, messages, page
strings) is a :class:`Text`; :mod:`mapping.catalogue` names the shared ones.
Placeholders are ``{name}`` fields, filled by :meth:`Text.format`.

>>> greeting = Text("Hej {name}", "Hello {name}")
>>> greeting.format("en", name="Anna")
'Hello Anna'
>>> greeting.get("fr")
'Hej {name}'
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from typing import Any, Literal

Lang = Literal["da", "en"]
LANGS: tuple[Lang, ...] = ("da", "en")


@dataclass(frozen=True, slots=True)
class Text:
    """A text in Danish and English."""

    da: str
    en: str

    def get(self, lang: str = "da") -> str:
        """The text in ``lang`` (``"da"`` or ``"en"``; anything else gives Danish)."""
        return self.en if lang == "en" else self.da

    def format(self, lang: str = "da", **values: Any) -> str:
        """The text in ``lang`` with its ``{placeholders}`` filled from ``values``."""
        return self.get(lang).format(**values)

    def placeholders(self, lang: str = "da") -> frozenset[str]:
        """The names of the ``{placeholders}`` of one language's wording.

        >>> sorted(Text("{a} og {b}", "{a} and {b}").placeholders("en"))
        ['a', 'b']
        """
        return frozenset(
            name.split(".")[0].split("[")[0]
            for _, name, _, _ in string.Formatter().parse(self.get(lang))
            if name
        )
