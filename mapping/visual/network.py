"""The interactive map: one offline, self-contained HTML page drawn by vis-network.

:func:`network_data` turns a view of the map into plain data (nodes with
positions computed in Python, edges, the legend and the words of the page);
:func:`network_html` writes it into this package's page template as a
``<script type="application/json">`` block that is never executed. The page's
code lives in ``web/`` (``diagram.js``, ``diagram.css`` and vis-network 9.1.2,
copied from pyvis) and is inlined, and a Content-Security-Policy allows exactly
those inline blocks by their SHA-256 hashes: no ``'unsafe-inline'``, nothing
from the network. The app shows the same data through a Streamlit component
(``web/index.html``), which loads the same files instead of inlining them.
User text only ever reaches the page as escaped HTML text or as JSON data shown
through ``textContent``/``innerText``.

>>> from mapping.model import Map, Unit
>>> page = network_html(Map(units=(Unit("a", "<b>A</b>"),)), [], title="<Kort>")
>>> "&lt;Kort&gt;" in page and "<b>A</b>" not in page and "unsafe-inline" not in page
True
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from collections.abc import Mapping, Sequence
from typing import Literal

from mapping import formats
from mapping.catalogue import sector_label
from mapping.graph import group_node, principle_node, unit_node
from mapping.model import Map

from .filters import GapLike, ViewFilter, apply_filter, gap_nodes
from .layout import Positions, chain_layout, network_layout, spread
from .legend import legend
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
from .webpage import ENV, WEB, assets, csp_hash  # noqa: F401 - WEB and csp_hash for callers

Layout = Literal["network", "chain"]
Lang = Literal["da", "en"]
LABEL_WIDTH = 14  # characters per label line; two lines at most, the full name is in the tooltip
LABEL_LINES = 2
FONT_PX = 18
PRINCIPLE_SIZE = 18  # half the diagonal of a principle's diamond
SPREAD_LIMIT = 300  # overlap removal is quadratic-ish; beyond this the cell size must do
COMPACT_CELL = 90.0  # small maps start packed, then the overlap removal makes room


def positions(m: Map, nodes: set[str], layout: Layout, gaps: Sequence[GapLike] = ()) -> Positions:
    """Pixel positions for the shown nodes in the chosen layout.

    A small network is laid out packed and stretched to a screen's shape, then
    the overlap removal pushes labels apart (preferring sideways moves): the
    whole picture then fits a window with labels large enough to read (tuned
    on the example municipality in the app's frame and in a 1400 × 900 window).
    """
    if layout == "chain":
        return chain_layout(m, nodes)
    if len(nodes) > SPREAD_LIMIT:
        return network_layout(m, nodes)
    pos = network_layout(m, nodes, cell=COMPACT_CELL)
    stretch = 1.4  # the seed picture's aspect ratio is stretch², about a screen's
    pos = {k: (x * stretch, y / stretch) for k, (x, y) in pos.items()}
    sizes = {k: box_size(m, k) for k in pos}
    # A diamond's label sits below it: its box is centred lower than the node.
    offsets = {
        k: (0.0, (h - 2 * PRINCIPLE_SIZE) / 2)
        for k, (_, h) in sizes.items()
        if k.startswith("principle:")
    }
    iterations = 300 if len(pos) <= 150 else 80
    return spread(pos, sizes, iterations=iterations, pad=4.0, prefer_x=1.3, offsets=offsets)


def _record(m: Map, key: str) -> object | None:
    kind, _, ref = key.partition(":")
    table: dict[str, Mapping[str, object]] = {
        "unit": m.units_by_id,
        "group": m.groups_by_id,
        "principle": m.principles_by_id,
    }
    return table.get(kind, {}).get(ref)


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


def box_size(m: Map, key: str) -> tuple[float, float]:
    """About how many pixels a node's shape and label take (width, height)."""
    rec = _record(m, key)
    rows = node_label(getattr(rec, "name", "") or "????????").split("\n")
    chars, lines = max(len(r) for r in rows), len(rows)
    kind = key.partition(":")[0]
    # Measured in Chromium (vis-network's bounding boxes, borders included).
    f = FONT_PX
    if kind == "unit":
        return (0.5 * f * chars + 38, f * lines + 26)
    if kind == "group":
        return (0.53 * f * chars + 46, 1.6 * f * lines + 15)
    label = (0.52 * f * chars + 7, f * lines + 2)
    return (max(label[0], 2.0 * PRINCIPLE_SIZE + 4), 2 * PRINCIPLE_SIZE + label[1])


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


def _severity_style(worst: str) -> dict:
    """Border colour, width and dash pattern of a node whose worst gap is ``worst``."""
    width, dashes = SEVERITY_BORDERS[worst]
    style: dict = {"borderWidth": width, "shapeProperties": {"borderDashes": dashes or False}}
    return style | {"_border": SEVERITY_COLOURS[worst]}


def _nodes(
    m: Map, shown: set[str], pos: Positions, gaps: Sequence[GapLike], lang: str
) -> list[dict]:
    w = words(lang)
    summary = gap_summary(gaps)
    per_node = _by_node(gaps)
    out: list[dict] = []

    def base(key: str, kind: str, name: str, title: str, border: str, width: float) -> dict:
        x, y = pos.get(key, (0.0, 0.0))
        node: dict[str, object] = {"id": key, "kind": kind, "name": name, "label": node_label(name)}
        node |= {"title": title, "x": x, "y": y, "borderWidth": width, "_border": border}
        count, worst = summary.get(key, (0, ""))
        if count:
            node["gaps"] = count
            node |= _severity_style(worst)
        return node

    def finish(node: dict, fill: str, **extra: object) -> dict:
        # (How a chosen or hovered node looks is set once in diagram.js.)
        node["color"] = {"background": fill, "border": node.pop("_border")}
        return node | extra

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
        ) + _gap_lines(per_node.get(key, ()), w, lang)
        border = EXTERNAL_BORDER if u.external else UNIT_BORDER
        n = base(key, "unit", u.name, title, border, 2.5 if u.external else 1.5)
        if u.external and "gaps" not in n:
            n["shapeProperties"] = {"borderDashes": [6, 5]}
        fill = EXTERNAL_FILL if u.external else sector_colour(u.sector)
        out.append(finish(n, fill, shape="box"))
    for c in m.citizen_groups:
        key = group_node(c.id)
        if key not in shown:
            continue
        title = _lines(("", c.name), (w["size"], c.est_size), ("", c.description), lang=lang)
        title += _gap_lines(per_node.get(key, ()), w, lang)
        n = base(key, "group", c.name, title, GROUP_BORDER, 1.5)
        out.append(finish(n, GROUP_COLOUR, shape="ellipse"))
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
        ) + _gap_lines(per_node.get(key, ()), w, lang)
        n = base(key, "principle", p.name, title, PRINCIPLE_BORDER, 1.5)
        fill = PRINCIPLE_COLOURS.get(p.kind.value, "#e0e0e0")
        out.append(finish(n, fill, shape="diamond", size=PRINCIPLE_SIZE))
    return out


def _edges(m: Map, shown: set[str], gaps: Sequence[GapLike], lang: str) -> list[dict]:
    w = words(lang)
    out: list[dict] = []

    def add(a: str, b: str, **style: object) -> None:
        if a in shown and b in shown and a != b:
            out.append({"id": f"e{len(out)}", "from": a, "to": b, **style})

    grey = EDGE_COLOURS
    for u in m.units:
        if u.parent_id:
            add(
                unit_node(u.parent_id), unit_node(u.id), arrows="to", color=grey["chain"], width=2.5
            )
    for s in m.services:
        title = _lines((w["goal"], s.goal), (w["paradigm"], s.paradigm), lang=lang)
        add(
            unit_node(s.unit_id),
            group_node(s.group_id),
            color=grey["serves"],
            width=1.3,
            title=title,
        )
    for p in m.principles:
        pk = principle_node(p.id)
        for g in dict.fromkeys(p.group_ids):
            add(pk, group_node(g), color=grey["covers"], width=1.5, dashes=[3, 5])
    for a in m.adoptions:
        add(
            unit_node(a.unit_id),
            principle_node(a.principle_id),
            color=grey["adopts"],
            width=1.5,
            dashes=[3, 5],
        )
    for r in m.relations:
        title = _lines((w["score"], r.rc_score), (w["note"], r.note), lang=lang)
        add(
            unit_node(r.unit_a),
            unit_node(r.unit_b),
            color=rc_colour(r.rc_score),
            width=2.5,
            title=title or w["relation"],
        )
    units = m.units_by_id
    for ua, ub, gap in gap_pairs(gaps):
        esc = units[gap.escalate_to].name if gap.escalate_to in units else w["top"]
        head, body = _gap_text(gap, lang)
        title = _lines(("", f"{gap.code}: {head}"), ("", body), (w["escalate"], esc), lang=lang)
        add(
            unit_node(ua),
            unit_node(ub),
            color=GAP_EDGE_COLOUR,
            dashes=[10, 7],
            width=4,
            title=title,
        )
    return out


def _options(n_nodes: int) -> dict:
    big = n_nodes > 1500
    return {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "edges": {"smooth": False, "color": {"inherit": False}, "selectionWidth": 2},
        "nodes": {
            "font": {"size": FONT_PX, "face": "DejaVu Sans, Verdana, Arial", "color": "#111111"},
            "margin": 6,
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "navigationButtons": False,
            "multiselect": False,
            # vis-network moves the view with the arrow keys; our script zooms
            # with + and - in steps as the buttons do (vis-network's own zoom
            # key steps are too small to notice when tapped).
            "keyboard": {
                "enabled": True,
                "bindToWindow": False,
                "autoFocus": False,
                "speed": {"x": 12, "y": 12, "zoom": 0},
            },
        },
    }


# Smallest start zoom of the chain layout: labels stay legible (18 px font: 11.7 px).
CHAIN_START_SCALE = 0.65


def network_data(
    m: Map,
    gaps: Sequence[GapLike],
    *,
    view: ViewFilter | None = None,
    layout: Layout = "network",
    lang: Lang = "da",
    legend_open: bool = True,
    embedded: bool = False,
) -> dict:
    """Everything the page's script draws, as JSON-ready data (no markup).

    ``embedded`` is the app's view: the legend starts folded and the help text
    points to the table under the map.
    """
    lang = lang if lang in ("da", "en") else "da"
    w = words(lang)
    shown, kept = apply_filter(m, gaps, view)
    pos = positions(m, shown, layout, kept)
    nodes = _nodes(m, shown, pos, kept, lang)
    counts = {"nodes": len(nodes), "gaps": len(kept)}
    for kind in ("unit", "group", "principle"):
        counts[kind] = sum(1 for n in nodes if n["kind"] == kind)
    ui = {k: w[k] for k in UI_WORDS}
    ui["map_label"] = w["map_label"].format(nodes=counts["nodes"], gaps=counts["gaps"])
    if embedded:
        ui["map_help"] = f"{w['map_help']} {w['table_hint']}"
    return {
        "lang": lang,
        "bbox": _bbox(m, pos) if layout == "network" else None,
        "nodes": nodes,
        "edges": _edges(m, shown, kept, lang),
        "options": _options(len(nodes)),
        "legend": legend(m, shown, w, lang),
        "legend_open": legend_open and not embedded,
        "words": ui,
        "counts": counts,
        "readable_start": CHAIN_START_SCALE if layout == "chain" else 0,
        "font_px": FONT_PX,
    }


def _bbox(m: Map, pos: Positions) -> list[float] | None:
    """[left, top, right, bottom] of the drawing, so the page fits it before the first
    paint instead of drawing twice (at 5,000 nodes a paint takes a good part of a second)."""
    if not pos:
        return None
    left = top = float("inf")
    right = bottom = float("-inf")
    for key, (x, y) in pos.items():
        w, h = box_size(m, key)
        dy = (h - 2 * PRINCIPLE_SIZE) / 2 if key.startswith("principle:") else 0.0
        left, right = min(left, x - w / 2), max(right, x + w / 2)
        top, bottom = min(top, y + dy - h / 2), max(bottom, y + dy + h / 2)
    return [round(left, 1), round(top, 1), round(right, 1), round(bottom, 1)]


UI_WORDS = (
    "legend", "empty", "zoom_in", "zoom_out", "fit", "search", "search_placeholder",
    "search_go", "search_none", "search_hit", "search_one", "wheel_hint", "map_help",
    "selected",
)  # fmt: skip


def data_json(data: dict) -> bytes:
    """``data`` as compact UTF-8 JSON (what the app's component receives)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def network_html(
    m: Map,
    gaps: Sequence[GapLike],
    *,
    view: ViewFilter | None = None,
    layout: Layout = "network",
    title: str = "",
    lang: Lang = "da",
    generated: dt.date | None = None,
    legend_open: bool = True,
) -> str:
    """The whole interactive page for the view, as one offline HTML string."""
    data = network_data(m, gaps, view=view, layout=layout, lang=lang, legend_open=legend_open)
    vis_js, diagram_js, css, csp = assets()
    return ENV.get_template("network.html").render(
        lang=data["lang"],
        title=title,
        words=words(lang),
        generated=formats.day(generated or dt.date.today(), lang),
        node_count=data["counts"]["nodes"],
        gap_count=data["counts"]["gaps"],
        data=data,
        vis_js=vis_js,
        diagram_js=diagram_js,
        css=css,
        csp=csp,
    )
