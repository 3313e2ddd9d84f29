"""Readable ids made from names: one rule for files, forms, tables and the workshop."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container

_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa"})


def slugify(name: str, fallback: str = "id") -> str:
    """A readable id made from a name; ``fallback`` when no letter or digit is left.

    >>> slugify("Skole & SFO Nord"), slugify("Ældreplejen Øst"), slugify("🙂")
    ('skole-sfo-nord', 'aeldreplejen-oest', 'id')
    """
    folded = unicodedata.normalize("NFKD", name.translate(_FOLD))
    ascii_only = folded.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_only.lower()).strip("-") or fallback


def unique_id(base: str, taken: Container[str]) -> str:
    """``base``, or ``base-2``, ``base-3`` … when taken.

    >>> unique_id("p", {"p", "p-2"})
    'p-3'
    """
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
