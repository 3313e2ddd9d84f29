"""Colours, shapes and words shared by the interactive and the static diagrams.

>>> sector_colour("Sundhed")
'#e15759'
>>> sector_colour("Et helt nyt område") == sector_colour("Et helt nyt område")
True
>>> short_label("Familieafdelingen i Vestkommunen", 12)
'Familieafde…'
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from mapping.gaps.core import severity_rank
from mapping.gaps.registry import RULES
from mapping.settings import DEFAULT_SECTORS

from .filters import GapLike, gap_nodes

# Tableau-like palette, one fixed colour per default sector.
_PALETTE: tuple[str, ...] = (
    "#4e79a7",  # Ældre og pleje
    "#e15759",  # Sundhed
    "#f28e2b",  # Skole og SFO
    "#edc948",  # Dagtilbud
    "#b07aa1",  # Børn og familie
    "#76b7b2",  # Voksen/socialt
    "#59a14f",  # Beskæftigelse
    "#ff9da7",  # Unge og uddannelse
    "#9c755f",  # Teknik og miljø
    "#bab0ac",  # Stab
    "#d3d3d3",  # Ekstern
)
SECTOR_COLOURS: dict[str, str] = dict(zip(DEFAULT_SECTORS, _PALETTE, strict=True))
_EXTRA: tuple[str, ...] = ("#86bcb6", "#d4a6c8", "#8cd17d", "#f1ce63", "#a0cbe8", "#ffbe7d")
NO_SECTOR = "#cfd8dc"
EXTERNAL_FILL = "#eeeeee"
EXTERNAL_BORDER = "#616161"
GROUP_COLOUR = "#fff3c4"
GROUP_BORDER = "#b8860b"
PRINCIPLE_COLOURS: dict[str, str] = {
    "perspective": "#c5e1a5",
    "method": "#b3e5fc",
    "knowledge": "#f8bbd0",
}
PRINCIPLE_BORDER = "#455a64"
SEVERITY_COLOURS: dict[str, str] = {"high": "#c62828", "medium": "#ef6c00", "low": "#f9a825"}
GAP_EDGE_COLOUR = "#d32f2f"
EDGE_COLOURS: dict[str, str] = {
    "chain": "#757575",
    "serves": "#90a4ae",
    "covers": "#a5d6a7",
    "adopts": "#7986cb",
    "owns": "#7986cb",
    "funds": "#7986cb",
}
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
    """Relation edges: red when weak, green when strong, blue-grey when unknown."""
    if score is None:
        return "#78909c"
    if score < 2.5:
        return "#c62828"
    if score < 3.5:
        return "#ef6c00"
    if score < 4.2:
        return "#9ccc65"
    return "#2e7d32"


def short_label(text: str, limit: int = 22) -> str:
    """Cut a label to ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


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


WORDS: dict[str, dict[str, str]] = {
    "da": {
        "legend": "Forklaring",
        "unit": "Enhed (farve = sektor)",
        "external": "Ekstern samarbejdspartner",
        "group": "Borgergruppe",
        "principle": "Fælles princip",
        "chain": "Ledelseskæde",
        "serves": "Arbejder med gruppen",
        "adopts": "Har tilsluttet sig princippet",
        "covers": "Princippet dækker gruppen",
        "relation": "Relation (farve = relationel koordinering)",
        "gap_edge": "Manglende forbindelse (hul)",
        "gap_border": "Kant = værste hul: rød høj, orange middel, gul lav",
        "generated": "Dannet",
        "nodes": "knuder",
        "gaps": "huller",
        "gap": "hul",
        "sector": "Sektor",
        "leader": "Leder",
        "staff": "Medarbejdere",
        "external_yes": "Ekstern partner",
        "size": "Anslået antal borgere",
        "kind": "Type",
        "status": "Status",
        "goal": "Mål",
        "paradigm": "Faglighed",
        "score": "RK-score",
        "note": "Note",
        "gap_count": "Huller",
        "escalate": "Løses af",
        "top": "topledelsen",
        "empty": "Ingen knuder i dette udsnit.",
        "perspective": "fælles perspektiv",
        "method": "fælles metode",
        "knowledge": "gensidigt kendskab",
        "high": "høj",
        "medium": "middel",
        "low": "lav",
    },
    "en": {
        "legend": "Legend",
        "unit": "Unit (colour = sector)",
        "external": "External partner",
        "group": "Citizen group",
        "principle": "Shared principle",
        "chain": "Management chain",
        "serves": "Works with the group",
        "adopts": "Has joined the principle",
        "covers": "Principle covers the group",
        "relation": "Relation (colour = relational coordination)",
        "gap_edge": "Missing link (gap)",
        "gap_border": "Border = worst gap: red high, orange medium, yellow low",
        "generated": "Generated",
        "nodes": "nodes",
        "gaps": "gaps",
        "gap": "gap",
        "sector": "Sector",
        "leader": "Leader",
        "staff": "Staff",
        "external_yes": "External partner",
        "size": "Estimated citizens",
        "kind": "Kind",
        "status": "Status",
        "goal": "Goal",
        "paradigm": "Paradigm",
        "score": "RC score",
        "note": "Note",
        "gap_count": "Gaps",
        "escalate": "Resolved by",
        "top": "top management",
        "empty": "No nodes in this view.",
        "perspective": "shared perspective",
        "method": "shared method",
        "knowledge": "mutual knowledge",
        "high": "high",
        "medium": "medium",
        "low": "low",
    },
}


def gap_count_text(count: int, lang: str) -> str:
    """``"1 hul"``, ``"3 huller"`` (or English).

    >>> gap_count_text(1, "da"), gap_count_text(2, "en")
    ('1 hul', '2 gaps')
    """
    w = words(lang)
    return f"{count} {w['gap'] if count == 1 else w['gaps']}"


def words(lang: str) -> dict[str, str]:
    """The legend and tooltip words of a language (Danish when unknown)."""
    return WORDS.get(lang, WORDS["da"])
