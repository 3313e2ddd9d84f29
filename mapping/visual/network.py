"""The interactive map: one offline, self-contained HTML page drawn by vis-network.

Built on a :class:`pyvis.network.Network` whose node and edge lists are filled
directly (pyvis's ``add_node`` scans for duplicates and is slow at size), with
positions from :mod:`mapping.visual.layout`, physics off and straight edges.
The page is rendered from this package's own template: vis-network's script is
inlined from the pyvis package, nothing is loaded from the network (a
Content-Security-Policy forbids it), and user text only ever reaches the page
as escaped HTML text or as JSON data shown through ``innerText``.

>>> from mapping.model import Map, Unit
>>> page = network_html(Map(units=(Unit("a", "<b>A</b>"),)), [], title="<Kort>")
>>> "&lt;Kort&gt;" in page and "<b>A</b>" not in page
True
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from functools import cache
from pathlib import Path
from typing import Literal

import pyvis
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from pyvis.network import Network

from mapping.graph import group_node, principle_node, unit_node
from mapping.model import Map

from .filters import GapLike, ViewFilter, apply_filter, gap_nodes
from .layout import Positions, chain_layout, network_layout, spread
from .style import (
    EDGE_COLOURS,
    EXTERNAL_BORDER,
    EXTERNAL_FILL,
    GAP_EDGE_COLOUR,
    GROUP_BORDER,
    GROUP_COLOUR,
    PRINCIPLE_BORDER,
    PRINCIPLE_COLOURS,
    SECTOR_COLOURS,
    SEVERITY_COLOURS,
    gap_count_text,
    gap_pairs,
    gap_summary,
    rc_colour,
    sector_colour,
    short_label,
    words,
)

Layout = Literal["network", "chain"]
Lang = Literal["da", "en"]
LABEL_CHARS = 28
SPREAD_LIMIT = 300  # overlap removal is quadratic-ish; beyond this the cell size must do
VIS_JS = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js"
_ENV = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
)


@cache
def _vis_js() -> Markup:
    js = VIS_JS.read_text(encoding="utf-8")
    if "</script" in js.lower() or "<!--" in js:  # would end our inline <script> early
        raise RuntimeError(f"{VIS_JS} cannot be inlined safely")
    return Markup(js)


def positions(m: Map, nodes: set[str], layout: Layout, gaps: Sequence[GapLike] = ()) -> Positions:
    """Pixel positions for the shown nodes in the chosen layout."""
    if layout == "chain":
        return chain_layout(m, nodes)
    pos = network_layout(m, nodes)
    if len(pos) <= SPREAD_LIMIT:
        summary = gap_summary(gaps)
        sizes = {k: box_size(m, k, k in summary) for k in pos}
        pos = spread(pos, sizes, iterations=150 if len(pos) <= 150 else 50)
    return pos


def box_size(m: Map, key: str, two_lines: bool = False) -> tuple[float, float]:
    """About how many pixels a node's shape and label take (14 px font)."""
    kind, _, ref = key.partition(":")
    name = {"unit": m.units_by_id, "group": m.groups_by_id, "principle": m.principles_by_id}
    rec = name.get(kind, {}).get(ref)
    chars = min(LABEL_CHARS, len(rec.name) if rec else 8)
    lines = 2 if two_lines else 1
    if kind == "unit":
        return (chars * 8.0 + 16, 18.0 * lines + 10)
    if kind == "group":
        return (chars * 8.0 + 40, 18.0 * lines + 16)
    return (max(chars * 8.0, 30), 18.0 * lines + 34)


def _lines(*pairs: tuple[str, object]) -> str:
    return "\n".join(f"{k}: {v}" if k else str(v) for k, v in pairs if v not in (None, ""))


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


def _nodes(
    m: Map, shown: set[str], pos: Positions, gaps: Sequence[GapLike], lang: str
) -> list[dict]:
    w = words(lang)
    summary = gap_summary(gaps)
    per_node = _by_node(gaps)
    out: list[dict] = []

    def base(key: str, label: str, title: str) -> dict:
        count, worst = summary.get(key, (0, ""))
        x, y = pos.get(key, (0.0, 0.0))
        node = {"id": key, "label": label, "title": title, "x": x, "y": y}
        if count:
            node["label"] = f"{label}\n({gap_count_text(count, lang)})"
            node["borderWidth"] = 4
        return node | {"_worst": SEVERITY_COLOURS.get(worst)}

    for u in m.units:
        key = unit_node(u.id)
        if key not in shown:
            continue
        title = _lines(
            ("", u.name),
            (w["sector"], u.sector),
            (w["leader"], u.leader),
            (w["staff"], u.staff_count),
            ("", w["external_yes"] if u.external else ""),
            ("", u.description),
        ) + _gap_lines(per_node.get(key, ()), w, lang)
        n = base(key, short_label(u.name, LABEL_CHARS), title)
        fill = EXTERNAL_FILL if u.external else sector_colour(u.sector)
        border = n.pop("_worst") or (EXTERNAL_BORDER if u.external else "#37474f")
        n |= {"shape": "box", "color": {"background": fill, "border": border}}
        n.setdefault("borderWidth", 2 if u.external else 1)
        if u.external:
            n["shapeProperties"] = {"borderDashes": [5, 4]}
        out.append(n)
    for c in m.citizen_groups:
        key = group_node(c.id)
        if key not in shown:
            continue
        title = _lines(("", c.name), (w["size"], c.est_size), ("", c.description))
        title += _gap_lines(per_node.get(key, ()), w, lang)
        n = base(key, short_label(c.name, LABEL_CHARS), title)
        border = n.pop("_worst") or GROUP_BORDER
        n |= {"shape": "ellipse", "color": {"background": GROUP_COLOUR, "border": border}}
        n.setdefault("borderWidth", 1)
        out.append(n)
    for p in m.principles:
        key = principle_node(p.id)
        if key not in shown:
            continue
        title = _lines(
            ("", p.name),
            (w["kind"], w.get(p.kind.value, p.kind.value)),
            (w["status"], p.status.value),
            ("", p.description),
        ) + _gap_lines(per_node.get(key, ()), w, lang)
        n = base(key, short_label(p.name, LABEL_CHARS), title)
        border = n.pop("_worst") or PRINCIPLE_BORDER
        fill = PRINCIPLE_COLOURS.get(p.kind.value, "#e0e0e0")
        n |= {"shape": "diamond", "size": 14, "color": {"background": fill, "border": border}}
        n.setdefault("borderWidth", 1)
        out.append(n)
    return out


def _edges(m: Map, shown: set[str], gaps: Sequence[GapLike], lang: str) -> list[dict]:
    w = words(lang)
    out: list[dict] = []

    def add(a: str, b: str, **style: object) -> None:
        if a in shown and b in shown and a != b:
            out.append({"from": a, "to": b, **style})

    grey = EDGE_COLOURS
    for u in m.units:
        if u.parent_id:
            add(unit_node(u.parent_id), unit_node(u.id), arrows="to", color=grey["chain"], width=2)
    for s in m.services:
        title = _lines((w["goal"], s.goal), (w["paradigm"], s.paradigm))
        add(unit_node(s.unit_id), group_node(s.group_id), color=grey["serves"], title=title)
    for p in m.principles:
        pk = principle_node(p.id)
        for g in dict.fromkeys(p.group_ids):
            add(pk, group_node(g), color=grey["covers"], dashes=[2, 4])
    for a in m.adoptions:
        add(
            unit_node(a.unit_id),
            principle_node(a.principle_id),
            color=grey["adopts"],
            dashes=[2, 4],
        )
    for r in m.relations:
        title = _lines((w["score"], r.rc_score), (w["note"], r.note))
        add(
            unit_node(r.unit_a),
            unit_node(r.unit_b),
            color=rc_colour(r.rc_score),
            width=2,
            title=title or w["relation"],
        )
    units = m.units_by_id
    for a, b, g in gap_pairs(gaps):
        esc = units[g.escalate_to].name if g.escalate_to in units else w["top"]
        head, body = _gap_text(g, lang)
        title = _lines(("", f"{g.code}: {head}"), ("", body), (w["escalate"], esc))
        add(unit_node(a), unit_node(b), color=GAP_EDGE_COLOUR, dashes=[8, 6], width=3, title=title)
    return out


def _options(n_nodes: int) -> dict:
    return {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "edges": {"smooth": False, "color": {"inherit": False}, "selectionWidth": 2},
        "nodes": {"font": {"size": 14, "face": "DejaVu Sans, Verdana, Arial"}, "margin": 6},
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": n_nodes > 1500,
            "hideEdgesOnZoom": n_nodes > 1500,
            "navigationButtons": False,
            "multiselect": False,
        },
    }


# Smallest start zoom of the chain layout: labels stay legible (14 px font).
CHAIN_START_SCALE = 0.6


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
    """The whole interactive page for the view, as one offline HTML string.

    ``legend_open=False`` starts with the legend folded (the app's embedded
    view, where an open legend would cover much of the diagram).
    """
    shown, kept = apply_filter(m, gaps, view)
    pos = positions(m, shown, layout, kept)
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line", heading="")
    net.nodes = _nodes(m, shown, pos, kept, lang)
    net.node_ids = [n["id"] for n in net.nodes]
    net.node_map = {n["id"]: n for n in net.nodes}
    net.edges = _edges(m, shown, kept, lang)
    used = sorted({u.sector for u in m.units if unit_node(u.id) in shown and not u.external})
    sectors = [(s or "—", sector_colour(s)) for s in used]
    sectors.sort(
        key=lambda kv: (
            kv[0] not in SECTOR_COLOURS,
            list(SECTOR_COLOURS).index(kv[0]) if kv[0] in SECTOR_COLOURS else 0,
            kv[0],
        )
    )
    return _ENV.get_template("network.html").render(
        lang=lang if lang in ("da", "en") else "da",
        title=title,
        words=words(lang),
        generated=(generated or dt.date.today()).isoformat(),
        node_count=len(net.nodes),
        gap_count=len(kept),
        sectors=sectors,
        nodes=net.nodes,
        edges=net.edges,
        options=_options(len(net.nodes)),
        vis_js=_vis_js(),
        legend_open=legend_open,
        readable_start=CHAIN_START_SCALE if layout == "chain" else 0,
    )


_CACHE: OrderedDict[Hashable, str] = OrderedDict()
_CACHE_LOCK = threading.Lock()
CACHE_SIZE = 16


def cached_network_html(
    m: Map,
    gaps: Sequence[GapLike],
    *,
    cache_key: Hashable | None = None,
    view: ViewFilter | None = None,
    layout: Layout = "network",
    title: str = "",
    lang: Lang = "da",
    generated: dt.date | None = None,
    legend_open: bool = True,
) -> str:
    """:func:`network_html` remembered for the last few calls.

    Pass ``cache_key`` that changes whenever the map or its gaps change (e.g.
    the stored map version plus the settings); without it the key hashes the
    map and the gaps, which is correct but costs a pass over the map.
    """
    generated = generated or dt.date.today()
    if cache_key is None:
        cache_key = (
            hash(m),
            tuple(getattr(g, "key", (g.code, g.units, g.groups, g.principles)) for g in gaps),
        )
    key = (cache_key, view, layout, title, lang, generated, legend_open)
    with _CACHE_LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    page = network_html(
        m,
        gaps,
        view=view,
        layout=layout,
        title=title,
        lang=lang,
        generated=generated,
        legend_open=legend_open,
    )
    with _CACHE_LOCK:
        _CACHE[key] = page
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    return page
