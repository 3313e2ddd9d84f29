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

from collections.abc import Callable
from dataclasses import dataclass

from mapping.value import Value, set_field

TYPE_CHECKING = False  # typing's own flag, without importing typing as the module loads
if TYPE_CHECKING:
    from typing import Any, Literal

    Lang = Literal["da", "en"]

LANGS: tuple[Lang, ...] = ("da", "en")


@dataclass(frozen=True, slots=True, init=False, eq=False, repr=False)
class Text(Value):
    """A text in Danish and English."""

    da: str
    en: str

    def __init__(self, da: str, en: str) -> None:
        set_field(self, "da", da)
        set_field(self, "en", en)

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
        from string import Formatter  # (only checks and tests ask)

        return frozenset(
            name.split(".")[0].split("[")[0]
            for _, name, _, _ in Formatter().parse(self.get(lang))
            if name
        )


class LazyText:
    """A :class:`Text` whose wordings are made on first use, one language at a time.

    A finding's message is built from names and numbers; most outputs need
    one language only, so the other is never made.

    >>> calls = []
    >>> t = LazyText(lambda lang: calls.append(lang) or f"<{lang}>")
    >>> t.get("en"), t.en, calls
    ('<en>', '<en>', ['en'])
    """

    __slots__ = ("_da", "_en", "_make")

    def __init__(self, make: Callable[[str], str]) -> None:
        self._make = make
        self._da: str | None = None
        self._en: str | None = None

    @property
    def da(self) -> str:
        return self.get("da")

    @property
    def en(self) -> str:
        return self.get("en")

    def get(self, lang: str = "da") -> str:
        # The one place a text is made and kept: every finding's texts are read here.
        if lang == "en":
            if self._en is None:
                self._en = self._make("en")
            return self._en
        if self._da is None:
            self._da = self._make("da")
        return self._da

    def format(self, lang: str = "da", **values: Any) -> str:
        return self.get(lang).format(**values)

    def placeholders(self, lang: str = "da") -> frozenset[str]:
        return Text(self.da, self.en).placeholders(lang)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyText | Text):
            return (self.da, self.en) == (other.da, other.en)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.da, self.en))

    def __repr__(self) -> str:
        return f"LazyText(da={self.da!r}, en={self.en!r})"


Wording = Text | LazyText
"""Either kind of bilingual text."""
