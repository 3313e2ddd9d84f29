"""The map's nodes and edges as data for vis-network, packed for a small page.

Many nodes share a look and many edges a tooltip (every missing link of one
finding carries the finding's text), so the page sends each look and text once
(``node_styles``, ``edge_styles``, ``texts``) and the nodes and edges refer to
them by index; ``diagram.js`` puts them back before vis-network sees the data.
At 5,000 nodes that halves the page, and the browser reads and parses less.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Callable, Sequence

from mapping import formats
from mapping.catalogue import sector_label
from mapping.graph import group_node, principle_node, unit_node
from mapping.model import Map

from .filters import GapLike, gap_nodes
from .layout import Positions
from .style import (
    EDGE_COLOURS,
    EXTERNAL_BORDER,
    EXTERNAL_FILL,
    GAP_EDGE_COLOUR,
    GROUP_BORDER,
    GROUP_COLOUR,
    PRINCIPLE_BORDER,
    PRINCIPLE_COLOURS,
    SEVERITY_BORDERS,
    SEVERITY_COLOURS,
    UNIT_BORDER,
    gap_pairs,
    gap_summary,
    rc_colour,
    sector_colour,
    words,
)

LABEL_WIDTH = 14  # characters per label line; two lines at most, the full name is in the tooltip
LABEL_LINES = 2
PRINCIPLE_SIZE = 18  # half the diagonal of a principle's diamond
# A node's look: shape, fill, border colour, border width, dash pattern (None: none
# set, False: solid), size (0: vis-network's own).
Look = tuple[str, str, str, float, list[int] | bool | None, int]


def node_label(name: str, width: int = LABEL_WIDTH, lines: int = LABEL_LINES) -> str:
    """A name wrapped on word boundaries to ``lines`` lines, cut with an ellipsis.

    A word longer than the line may stick out a little; longer still, it is cut.

    >>> node_label("Familieafdelingen i Vestkommunen")
    'Familieafdelingen\\ni Vestkommunen'
    >>> node_label("Center for Psykiatri og Misbrug i Nordkommunen")
    'Center for\\nPsykiatri og…'
    """
    text = " ".join(name.split())
    rows = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [""]
    cut = len(rows) > lines
    rows = rows[:lines]
    longest = width + 6
    rows = [r if len(r) <= longest else r[: longest - 1] + "…" for r in rows]
    if cut and not rows[-1].endswith("…"):
        rows[-1] = rows[-1][: longest - 1].rstrip() + "…"
    return "\n".join(rows)


def _lines(*pairs: tuple[str, object], lang: str = "da") -> str:
    """Tooltip lines ``label: value``; numbers with the language's marks (3,5 in Danish)."""

    def shown(v: object) -> str:
        is_number = isinstance(v, int | float) and not isinstance(v, bool)
        return formats.number(v, lang) if is_number else str(v)

    return "\n".join(f"{k}: {shown(v)}" if k else shown(v) for k, v in pairs if v not in (None, ""))


def _gap_text(g: GapLike, lang: str) -> tuple[str, str]:
    """(title, message) of a finding in ``lang``."""
    return g.title.get(lang), g.message.get(lang)


def _gap_lines(mine: Sequence[GapLike], w: dict[str, str], lang: str, limit: int = 6) -> str:
    if not mine:
        return ""
    shown = [
        f"• {g.code} ({w.get(g.severity, g.severity)}): {_gap_text(g, lang)[0]}"
        for g in mine[:limit]
    ]
    if len(mine) > limit:
        shown.append(f"… +{len(mine) - limit}")
    return f"\n{w['gap_count']}: {len(mine)}\n" + "\n".join(shown)


def _by_node(gaps: Sequence[GapLike]) -> dict[str, list[GapLike]]:
    out: dict[str, list[GapLike]] = {}
    for g in gaps:
        for n in dict.fromkeys(gap_nodes(g)):
            out.setdefault(n, []).append(g)
    return out


class Table:
    """Values kept once, in order, each given by its index."""

    def __init__(self) -> None:
        self.items: list = []
        self._index: dict[object, int] = {}

    def ref(self, key: object, make: Callable[[], object]) -> int:
        at = self._index.get(key)
        if at is None:
            at = self._index[key] = len(self.items)
            self.items.append(make())
        return at


def _node_style(
    shape: str, fill: str, border: str, width: float, dashes: list[int] | bool | None, size: int
) -> dict:
    """vis-network's options for a node's look (``dashes`` None: no dash option at all)."""
    style: dict = {"shape": shape, "color": {"background": fill, "border": border}}
    style["borderWidth"] = width
    if dashes is not None:
        style["shapeProperties"] = {"borderDashes": dashes}
    if size:
        style["size"] = size
    return style


def nodes(
    m: Map,
    shown: set[str],
    pos: Positions,
    gaps: Sequence[GapLike],
    lang: str,
    texts: Table,
    styles: Table,
) -> list[dict]:
    """The shown nodes. Each refers to its look in ``styles`` (key ``s``) and to the
    gap lines of its tooltip in ``texts`` (``tg``); ``label`` is left out when it is
    the name itself."""
    w = words(lang)
    summary = gap_summary(gaps)
    per_node = _by_node(gaps)
    out: list[dict] = []

    def add(key: str, kind: str, name: str, title: str, look: Look) -> None:
        shape, fill, border, width, dashes, size = look
        x, y = pos.get(key, (0.0, 0.0))
        node: dict[str, object] = {"id": key, "kind": kind, "name": name, "title": title}
        label = node_label(name)
        if label != name:
            node["label"] = label
        node |= {"x": x, "y": y}
        count, worst = summary.get(key, (0, ""))
        if count:
            node["gaps"] = count
            width, dashes = SEVERITY_BORDERS[worst]
            border, dashes = SEVERITY_COLOURS[worst], dashes or False
            lines = _gap_lines(per_node.get(key, ()), w, lang)
            node["tg"] = texts.ref(lines, lambda: lines)
        key_look = (shape, fill, border, width, str(dashes), size)
        node["s"] = styles.ref(
            key_look, lambda: _node_style(shape, fill, border, width, dashes, size)
        )
        # (How a chosen or hovered node looks is set once in diagram.js.)
        out.append(node)

    for u in m.units:
        key = unit_node(u.id)
        if key not in shown:
            continue
        title = _lines(
            ("", u.name),
            (w["sector"], sector_label(u.sector, lang)),
            (w["leader"], u.leader),
            (w["staff"], u.staff_count),
            ("", w["external_yes"] if u.external else ""),
            ("", u.description),
            lang=lang,
        )
        look: Look
        if u.external:
            look = ("box", EXTERNAL_FILL, EXTERNAL_BORDER, 2.5, [6, 5], 0)
        else:
            look = ("box", sector_colour(u.sector), UNIT_BORDER, 1.5, None, 0)
        add(key, "unit", u.name, title, look)
    for c in m.citizen_groups:
        key = group_node(c.id)
        if key not in shown:
            continue
        title = _lines(("", c.name), (w["size"], c.est_size), ("", c.description), lang=lang)
        add(key, "group", c.name, title, ("ellipse", GROUP_COLOUR, GROUP_BORDER, 1.5, None, 0))
    for p in m.principles:
        key = principle_node(p.id)
        if key not in shown:
            continue
        title = _lines(
            ("", p.name),
            (w["kind"], w.get(p.kind.value, p.kind.value)),
            (w["status"], w.get(f"status_{p.status.value}", p.status.value)),
            ("", p.description),
            lang=lang,
        )
        fill = PRINCIPLE_COLOURS.get(p.kind.value, "#e0e0e0")
        add(
            key,
            "principle",
            p.name,
            title,
            ("diamond", fill, PRINCIPLE_BORDER, 1.5, None, PRINCIPLE_SIZE),
        )
    return out


def edges(
    m: Map,
    shown: set[str],
    gaps: Sequence[GapLike],
    lang: str,
    texts: Table,
    styles: Table,
    *,
    titles: bool = True,
) -> list[dict]:
    """The shown edges: ``from``, ``to``, their look in ``styles`` (``s``) and their
    tooltip in ``texts`` (``t``; left out without ``titles``: a big map's page draws
    its links itself, without tooltips). ``diagram.js`` numbers them."""
    w = words(lang)
    out: list[dict] = []

    def add(
        a: str,
        b: str,
        colour: str,
        width: float,
        title: str = "",
        dashes: tuple[int, int] | None = None,
        arrows: str = "",
    ) -> None:
        if a in shown and b in shown and a != b:
            key = (colour, width, dashes, arrows)
            edge: dict[str, object] = {"from": a, "to": b}
            edge["s"] = styles.ref(key, lambda: _edge_style(colour, width, dashes, arrows))
            if title and titles:
                edge["t"] = texts.ref(title, lambda: title)
            out.append(edge)

    grey = EDGE_COLOURS
    for u in m.units:
        if u.parent_id:
            add(unit_node(u.parent_id), unit_node(u.id), grey["chain"], 2.5, arrows="to")
    for s in m.services:
        title = _lines((w["goal"], s.goal), (w["paradigm"], s.paradigm), lang=lang)
        add(unit_node(s.unit_id), group_node(s.group_id), grey["serves"], 1.3, title)
    for p in m.principles:
        pk = principle_node(p.id)
        for g in dict.fromkeys(p.group_ids):
            add(pk, group_node(g), grey["covers"], 1.5, dashes=(3, 5))
    for a in m.adoptions:
        add(
            unit_node(a.unit_id), principle_node(a.principle_id), grey["adopts"], 1.5, dashes=(3, 5)
        )
    for r in m.relations:
        title = _lines((w["score"], r.rc_score), (w["note"], r.note), lang=lang)
        add(
            unit_node(r.unit_a),
            unit_node(r.unit_b),
            rc_colour(r.rc_score),
            2.5,
            title or w["relation"],
        )
    units = m.units_by_id
    for ua, ub, gap in gap_pairs(gaps):
        esc = units[gap.escalate_to].name if gap.escalate_to in units else w["top"]
        head, body = _gap_text(gap, lang)
        title = _lines(("", f"{gap.code}: {head}"), ("", body), (w["escalate"], esc), lang=lang)
        add(unit_node(ua), unit_node(ub), GAP_EDGE_COLOUR, 4, title, dashes=(10, 7))
    return out


def _edge_style(colour: str, width: float, dashes: tuple[int, int] | None, arrows: str) -> dict:
    style: dict[str, object] = {"color": colour, "width": width}
    if dashes:
        style["dashes"] = list(dashes)
    if arrows:
        style["arrows"] = arrows
    return style


def edge_default(edges: list[dict], styles: list[dict]) -> dict:
    """The most common edge look becomes vis-network's default for edges, so those
    edges carry less for vis-network to set up one by one. The other looks then say
    what they do not share with it (no dashes, no arrows).

    A dash pattern stays with the edges: vis-network turns a default's list into a
    plain object and then draws its own pattern instead.
    """
    if not edges:
        return {}
    best = Counter(e["s"] for e in edges).most_common(1)[0][0]
    default = {k: v for k, v in styles[best].items() if not isinstance(v, list)}
    own = {k: v for k, v in styles[best].items() if isinstance(v, list)}
    if own:
        styles[best] = own
    else:
        for e in edges:
            if e["s"] == best:
                del e["s"]
    neutral = {"dashes": False, "arrows": ""}
    for i, style in enumerate(styles):
        if i != best:
            for k in default:
                style.setdefault(k, neutral.get(k))
    return default
