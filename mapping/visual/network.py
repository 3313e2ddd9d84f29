"""The interactive map: one offline, self-contained HTML page drawn by vis-network.

:func:`network_data` turns a view of the map into plain data (nodes with
positions computed in Python, edges, the legend and the words of the page);
:func:`network_html` writes it into this package's page template as a
``<script type="application/json">`` block that is never executed. The page's
code lives in ``web/`` (``diagram.js``, ``edgelayer.js``, ``quicknodes.js``,
``diagram.css`` and vis-network 9.1.2, copied from pyvis) and is inlined, and a
Content-Security-Policy allows exactly those inline blocks by their SHA-256
hashes: no ``'unsafe-inline'``, nothing from the network. The app shows the
same data through a Streamlit component (``web/index.html``), which loads the
same files instead of inlining them.
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
from collections.abc import Mapping, Sequence
from typing import Literal

from mapping import formats
from mapping.model import Map

from . import network_items as items
from .filters import GapLike, ViewFilter, apply_filter
from .layout import Positions, chain_layout, network_layout, spread
from .legend import legend
from .network_items import PRINCIPLE_SIZE, node_label
from .style import words
from .webpage import ENV, WEB, assets, csp_hash  # noqa: F401 - WEB and csp_hash for callers

Layout = Literal["network", "chain"]
Lang = Literal["da", "en"]
FONT_PX = 18
SPREAD_LIMIT = 300  # overlap removal is quadratic-ish; beyond this the cell size must do
COMPACT_CELL = 90.0  # small maps start packed, then the overlap removal makes room
# Above this many nodes the page draws the links itself (web/edgelayer.js), and
# vis-network hides them while the view moves: its per-link set-up and strokes
# were a third of a 5,000-node map's start. Links then have no tooltips. Its
# nodes are made from one model per look (web/quicknodes.js), the same nodes
# vis-network would build, with less work per node.
BIG_MAP = 1500


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


def _options(big: bool) -> dict:
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
    big_map: int = BIG_MAP,
) -> dict:
    """Everything the page's script draws, as JSON-ready data (no markup).

    ``embedded`` is the app's view: the legend starts folded and the help text
    points to the table under the map. Above ``big_map`` nodes the page draws
    the links itself (``own_edges``), without their tooltips.
    """
    lang = lang if lang in ("da", "en") else "da"
    w = words(lang)
    shown, kept = apply_filter(m, gaps, view)
    pos = positions(m, shown, layout, kept)
    texts, node_styles, edge_styles = items.Table(), items.Table(), items.Table()
    nodes = items.nodes(m, shown, pos, kept, lang, texts, node_styles)
    big = len(nodes) > big_map
    edges = items.edges(m, shown, kept, lang, texts, edge_styles, titles=not big)
    options = _options(big)
    options["edges"] |= items.edge_default(edges, edge_styles.items)
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
        "edges": edges,
        "own_edges": big,
        "node_styles": node_styles.items,
        "edge_styles": edge_styles.items,
        "texts": texts.items,
        "options": options,
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
    big_map: int = BIG_MAP,
) -> str:
    """The whole interactive page for the view, as one offline HTML string
    (``big_map``: see :func:`network_data`)."""
    data = network_data(
        m, gaps, view=view, layout=layout, lang=lang, legend_open=legend_open, big_map=big_map
    )
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
