"""Colours, shapes and words shared by the interactive and the static diagrams.

>>> sector_colour("Sundhed")
'#44AA99'
>>> sector_colour("Et helt nyt område") == sector_colour("Et helt nyt område")
True
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

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
        "gap_border": "Rød kant = hul; jo tykkere og mørkere, jo mere alvorligt",
        "legend_sectors": "Enheder efter sektor",
        "legend_nodes": "Borgergrupper og principper",
        "legend_links": "Forbindelser",
        "legend_gaps": "Huller (kanten viser det alvorligste)",
        "sev_high": "Høj alvor: tyk, hel kant",
        "sev_medium": "Middel alvor: stiplet kant",
        "sev_low": "Lav alvor: prikket kant",
        "rc_weak": "Relation, svag koordinering (RK under 2,5)",
        "rc_mid": "Relation, RK 2,5 til under 3,5",
        "rc_good": "Relation, RK 3,5 til under 4,2",
        "rc_strong": "Relation, stærk koordinering (RK 4,2 og over)",
        "rc_unknown": "Relation uden RK-måling",
        "no_sector": "Uden sektor",
        "zoom_in": "Zoom ind",
        "zoom_out": "Zoom ud",
        "fit": "Vis hele kortet",
        "search": "Søg efter navn",
        "search_placeholder": "Søg efter navn …",
        "search_go": "Find",
        "search_none": "Ingen knude i kortet hedder noget med »{q}«.",
        "search_hit": "Viser {name} ({i} af {n} træf; tryk Enter for det næste).",
        "search_one": "Viser {name}.",
        "wheel_hint": "Klik på kortet for at zoome med musehjulet, eller brug + og −.",
        "map_label": "Interaktivt netværkskort med {nodes} knuder og {gaps} huller.",
        "map_help": "Vælg en knude med et klik eller søgefeltet; dens naboer fremhæves. "
        "Med fokus på kortet flytter piletasterne udsnittet, + og − zoomer, Esc fjerner valget.",
        "table_hint": "Tabellen under kortet viser de samme knuder som tekst.",
        "selected": "Valgt: {name}. {n} naboer fremhævet.",
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
        "status_idea": "idé",
        "status_draft": "udkast",
        "status_agreed": "aftalt",
        "status_practised": "praktiseres",
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
        "gap_border": "Red border = gap; the thicker and darker, the more severe",
        "legend_sectors": "Units by sector",
        "legend_nodes": "Citizen groups and principles",
        "legend_links": "Links",
        "legend_gaps": "Gaps (the border shows the most severe)",
        "sev_high": "High severity: thick solid border",
        "sev_medium": "Medium severity: dashed border",
        "sev_low": "Low severity: dotted border",
        "rc_weak": "Relation, weak coordination (RC below 2.5)",
        "rc_mid": "Relation, RC 2.5 to below 3.5",
        "rc_good": "Relation, RC 3.5 to below 4.2",
        "rc_strong": "Relation, strong coordination (RC 4.2 and above)",
        "rc_unknown": "Relation without an RC score",
        "no_sector": "No sector",
        "zoom_in": "Zoom in",
        "zoom_out": "Zoom out",
        "fit": "Show the whole map",
        "search": "Search by name",
        "search_placeholder": "Search by name …",
        "search_go": "Find",
        "search_none": "No node in the map has a name containing “{q}”.",
        "search_hit": "Showing {name} ({i} of {n} matches; press Enter for the next).",
        "search_one": "Showing {name}.",
        "wheel_hint": "Click the map to zoom with the mouse wheel, or use + and −.",
        "map_label": "Interactive network map with {nodes} nodes and {gaps} gaps.",
        "map_help": "Choose a node by clicking it or with the search box; its neighbours are "
        "highlighted. With the map focused, the arrow keys move the view, + and − zoom, "
        "Esc clears the choice.",
        "table_hint": "The table below the map lists the same nodes as text.",
        "selected": "Selected: {name}. {n} neighbours highlighted.",
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
        "status_idea": "idea",
        "status_draft": "draft",
        "status_agreed": "agreed",
        "status_practised": "practised",
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
