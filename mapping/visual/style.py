"""Colours, shapes and words shared by the interactive and the static diagrams.

>>> sector_colour("Sundhed")
'#44AA99'
>>> sector_colour("Et helt nyt område") == sector_colour("Et helt nyt område")
True
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from mapping.catalogue import words as catalogue_words
from mapping.gaps.core import severity_rank
from mapping.gaps.registry import RULES
from mapping.settings import DEFAULT_SECTORS

from .filters import GapLike, gap_nodes

# Sector fills: light colours from Okabe & Ito's and Paul Tol's colour-blind-safe
# schemes that carry black label text, chosen so that no fill is a red or pink:
# red is kept for gaps alone (severity borders and missing links). Ten sectors
# cannot all stay apart by hue for every kind of colour blindness, so the sector
# is also named in every tooltip, the side panel and the table under the map.
_PALETTE: tuple[str, ...] = (
    "#56B4E9",  # Ældre og pleje: sky blue (Okabe-Ito)
    "#44AA99",  # Sundhed: teal (Tol muted)
    "#F0E442",  # Skole og SFO: yellow (Okabe-Ito)
    "#BBCC33",  # Dagtilbud: pear (Tol light)
    "#DDCC77",  # Børn og familie: sand (Tol muted)
    "#BBCCEE",  # Voksen/socialt: pale blue (Tol pale)
    "#AAAA00",  # Beskæftigelse: olive (Tol light)
    "#CCEEFF",  # Unge og uddannelse: pale cyan (Tol pale)
    "#CCDDAA",  # Teknik og miljø: pale green (Tol pale)
    "#BBBBBB",  # Stab: grey (Tol)
    "#EEEEEE",  # Ekstern: the external partners' fill
)
SECTOR_COLOURS: dict[str, str] = dict(zip(DEFAULT_SECTORS, _PALETTE, strict=True))
# Sectors a map adds itself get one of these (by a hash of the name).
_EXTRA: tuple[str, ...] = ("#77AADD", "#EEDD88", "#E69F00", "#99DDFF", "#88CCEE", "#DDDDDD")
NO_SECTOR = "#FFFFFF"
UNIT_BORDER = "#37474f"
EXTERNAL_FILL = "#EEEEEE"
EXTERNAL_BORDER = "#616161"
GROUP_COLOUR = "#fff3c4"
GROUP_BORDER = "#b8860b"
PRINCIPLE_COLOURS: dict[str, str] = {
    "perspective": "#c5e1a5",
    "method": "#b3e5fc",
    "knowledge": "#d1c4e9",
}
PRINCIPLE_BORDER = "#455a64"
# Gaps are the only dark reds on the map. Severity is also told without colour: the
# interactive map draws a high gap's border thick and solid, a medium one dashed
# and a low one dotted (SEVERITY_BORDERS: width, dash pattern or None).
SEVERITY_COLOURS: dict[str, str] = {"high": "#A50026", "medium": "#D73027", "low": "#F46D43"}
SEVERITY_BORDERS: dict[str, tuple[int, list[int] | None]] = {
    "high": (5, None),
    "medium": (4, [10, 5]),
    "low": (4, [3, 4]),
}
GAP_EDGE_COLOUR = "#A50026"
EDGE_COLOURS: dict[str, str] = {
    "chain": "#757575",
    "serves": "#90a4ae",
    "covers": "#a5d6a7",
    "adopts": "#7986cb",
    "owns": "#7986cb",
    "funds": "#7986cb",
}
# (upper bound of the RC score, colour) for relation edges, and the legend's words.
RC_SCALE: tuple[tuple[float, str], ...] = (
    (2.5, "#D55E00"),
    (3.5, "#E69F00"),
    (4.2, "#56B4E9"),
    (99.0, "#0072B2"),
)
RC_UNKNOWN = "#78909c"
PAIR_DETAIL_CODES: frozenset[str] = frozenset(r.code for r in RULES if r.details == "pairs")
"""Rules whose ``details`` are pairs of units with a missing link (drawn as dashed edges)."""


def sector_colour(sector: str) -> str:
    """The fill colour of a sector; unknown sectors get a stable extra colour."""
    if not sector:
        return NO_SECTOR
    if sector in SECTOR_COLOURS:
        return SECTOR_COLOURS[sector]
    digest = hashlib.blake2s(sector.encode("utf-8"), digest_size=2).digest()
    return _EXTRA[int.from_bytes(digest, "big") % len(_EXTRA)]


def rc_colour(score: float | None) -> str:
    """Relation edges on an orange-to-blue scale (readable with red-green colour
    blindness): vermilion when weak, dark blue when strong, grey when unmeasured."""
    for limit, colour in RC_SCALE:
        if score is not None and score < limit:
            return colour
    return RC_UNKNOWN if score is None else RC_SCALE[-1][1]


def gap_summary(gaps: Sequence[GapLike]) -> dict[str, tuple[int, str]]:
    """Node key -> (number of findings involving it, worst severity)."""
    out: dict[str, tuple[int, str]] = {}
    for g in gaps:
        for n in dict.fromkeys(gap_nodes(g)):
            count, worst = out.get(n, (0, "low"))
            if severity_rank(g.severity) < severity_rank(worst):
                worst = g.severity
            out[n] = (count + 1, worst)
    return out


def gap_pairs(gaps: Sequence[GapLike]) -> list[tuple[str, str, GapLike]]:
    """(unit a, unit b, finding) for every missing link listed in a finding's details."""
    return [
        (pair[0], pair[1], g)
        for g in gaps
        if g.code in PAIR_DETAIL_CODES
        for pair in g.details
        if isinstance(pair, tuple) and len(pair) == 2
    ]


def gap_count_text(count: int, lang: str) -> str:
    """``"1 hul"``, ``"3 huller"`` (or English).

    >>> gap_count_text(1, "da"), gap_count_text(2, "en")
    ('1 hul', '2 gaps')
    """
    w = words(lang)
    return f"{count} {w['gap'] if count == 1 else w['gaps']}"


def words(lang: str) -> dict[str, str]:
    """The legend and tooltip words of a language (Danish when unknown), from the
    catalogue's ``map.`` entries."""
    return catalogue_words("map", lang)
