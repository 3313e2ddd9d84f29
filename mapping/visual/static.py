"""Static diagrams (PNG, SVG, PDF) with matplotlib, for slides and print.

One data unit is one typographic point, so label boxes can be measured before
drawing and pushed apart by :func:`mapping.visual.layout.spread`; the figure is
sized to fit. Needs nothing outside pip (matplotlib ships DejaVu fonts).

>>> from mapping.model import Map, Unit
>>> static_image(Map(units=(Unit("a", "A"),)), [], fmt="svg")[:5]
b'<?xml'
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from typing import Literal, NotRequired, TypedDict

# ruff: noqa: E402 - matplotlib is imported first, under the import lock (see lazy_imports)
from .lazy_imports import matplotlib as _matplotlib

matplotlib = _matplotlib()
matplotlib.use("Agg")  # before pyplot-free figure creation; no display needed
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.transforms import Bbox

from mapping.catalogue import sector_label
from mapping.graph import group_node, principle_node, unit_node
from mapping.model import Map

from .filters import GapLike, ViewFilter, apply_filter
from .layout import X_STEP, Y_STEP, chain_layout, network_layout, spread
from .style import (
    EDGE_COLOURS,
    EXTERNAL_BORDER,
    EXTERNAL_FILL,
    GAP_EDGE_COLOUR,
    GROUP_BORDER,
    GROUP_COLOUR,
    PRINCIPLE_BORDER,
    PRINCIPLE_COLOURS,
    SEVERITY_COLOURS,
    gap_count_text,
    gap_pairs,
    gap_summary,
    rc_colour,
    sector_colour,
    words,
)

Fmt = Literal["png", "svg", "pdf"]
A4_LONG, A4_SHORT = 297 / 25.4, 210 / 25.4  # inches
MARGIN = 0.5  # inches kept free on each side of a PDF page
PAD_INCHES = 0.2
SLIDE_PX = (1920, 1080)
"""The largest PNG: a full-HD 16:9 slide."""
MAX_DPI = 300.0  # a small view is not blown up beyond print sharpness
LABEL_LIMIT = 400  # above this many nodes labels cannot be read; draw shapes only
MAX_INCHES = 120.0
CHAR_W = 0.62  # average DejaVu Sans glyph width in em


def font_size(n: int) -> float:
    """Label size in points by the number of nodes shown."""
    return 9.0 if n <= 40 else 8.0 if n <= 100 else 7.0 if n <= 200 else 6.0


def wrap_label(text: str, width: int = 18, lines: int = 2) -> str:
    """At most ``lines`` lines of about ``width`` characters, cut with an ellipsis.

    >>> wrap_label("Genoptræning og Rehabilitering Fjordby Kommune", 14)
    'Genoptræning\\nog Rehabilite…'
    """
    parts = textwrap.wrap(" ".join(text.split()), width, break_long_words=True) or [""]
    if len(parts) > lines:
        rest = " ".join(parts[lines - 1 :])
        parts = [*parts[: lines - 1], rest[: width - 1].rstrip() + "…"]
    return "\n".join(parts)


def _labels(m: Map, shown: set[str], summary: dict[str, tuple[int, str]], lang: str) -> dict:
    out: dict[str, str] = {}
    names = (
        [(unit_node(u.id), u.name) for u in m.units]
        + [(group_node(c.id), c.name) for c in m.citizen_groups]
        + [(principle_node(p.id), p.name) for p in m.principles]
    )
    for key, name in names:
        if key in shown:
            label = wrap_label(name)
            if key in summary:
                label += f"\n({gap_count_text(summary[key][0], lang)})"
            out[key] = label
    return out


def _size(label: str, fs: float, kind: str) -> tuple[float, float]:
    lines = label.split("\n")
    w = max(len(s) for s in lines) * CHAR_W * fs + fs * 1.2
    h = len(lines) * fs * 1.25 + fs * 1.0
    if kind == "principle":  # the diamond sits above its label
        return (max(w, 14.0), h + 16.0)
    return (w, h)


def static_figure(
    m: Map,
    gaps: Sequence[GapLike],
    *,
    view: ViewFilter | None = None,
    layout: Literal["network", "chain"] = "network",
    title: str = "",
    lang: str = "da",
    zoom: float = 1.0,
) -> Figure:
    """The diagram of a view as a matplotlib figure (not yet saved).

    ``zoom`` below 1 draws it smaller (to fit a page): the figure and its
    labels shrink together, the legend stays readable.
    """
    shown, kept = apply_filter(m, gaps, view)
    summary = gap_summary(kept)
    n = len(shown)
    fs = font_size(n)
    with_labels = n <= LABEL_LIMIT
    labels = _labels(m, shown, summary, lang) if with_labels else {}
    kind_of = {k: k.partition(":")[0] for k in shown}
    sizes = {k: _size(labels.get(k, "xx"), fs, kind_of[k]) for k in shown}
    max_w = max((s[0] for s in sizes.values()), default=40.0)
    max_h = max((s[1] for s in sizes.values()), default=20.0)
    if layout == "chain":
        raw = chain_layout(m, shown)
        sx, sy = (max_w + 12) / X_STEP, (max_h * 2.0) / Y_STEP
        pos = {k: (x * sx, -y * sy) for k, (x, y) in raw.items()}
    else:
        pos = network_layout(m, shown, cell=max_w * 0.8 if with_labels else 12.0)
        pos = {k: (x, -y) for k, (x, y) in pos.items()}
    if with_labels and n <= LABEL_LIMIT:
        pos = spread(pos, sizes, iterations=300, pad=4.0)

    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    margin = max_w
    x0, x1 = min(xs) - margin, max(xs) + margin
    y0, y1 = min(ys) - margin * 0.6, max(ys) + margin * 0.6
    scale = min(1.0, MAX_INCHES * 72 / max(x1 - x0, y1 - y0, 1.0)) * zoom
    fig = Figure(figsize=(max(4.0, (x1 - x0) * scale / 72), max(3.0, (y1 - y0) * scale / 72)))
    FigureCanvasAgg(fig)  # so callers can measure text with fig.canvas.get_renderer()
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_axis_off()
    fs *= scale

    _draw_edges(ax, m, shown, pos, kept)
    _draw_nodes(ax, m, shown, pos, labels, summary, fs)
    _legend(fig, m, shown, lang, fs)
    if title:
        fig.suptitle(title, fontsize=max(fs * 1.6, 10), x=0.01, ha="left", y=1.0, va="bottom")
    return fig


class _LineStyle(TypedDict):
    """Keyword arguments of one kind of edge's LineCollection."""

    colors: str
    linewidths: float
    zorder: int
    linestyles: NotRequired[str]


def _draw_edges(ax: Axes, m: Map, shown: set[str], pos: dict, gaps: Sequence[GapLike]) -> None:
    kinds: dict[str, list] = {}
    units = m.units_by_id
    for u in m.units:
        if u.parent_id in units:
            kinds.setdefault("chain", []).append((unit_node(u.parent_id), unit_node(u.id)))
    for s in m.services:
        kinds.setdefault("serves", []).append((unit_node(s.unit_id), group_node(s.group_id)))
    for p in m.principles:
        kinds.setdefault("covers", []).extend(
            (principle_node(p.id), group_node(g)) for g in p.group_ids
        )
    for a in m.adoptions:
        kinds.setdefault("adopts", []).append(
            (unit_node(a.unit_id), principle_node(a.principle_id))
        )
    styles: dict[str, _LineStyle] = {
        "chain": {"colors": EDGE_COLOURS["chain"], "linewidths": 1.2, "zorder": 1},
        "serves": {"colors": EDGE_COLOURS["serves"], "linewidths": 0.6, "zorder": 0},
        "covers": {
            "colors": EDGE_COLOURS["covers"],
            "linewidths": 0.6,
            "linestyles": ":",
            "zorder": 0,
        },
        "adopts": {
            "colors": EDGE_COLOURS["adopts"],
            "linewidths": 0.6,
            "linestyles": ":",
            "zorder": 0,
        },
    }
    for kind, pairs in kinds.items():
        segs = [
            (pos[a], pos[b])
            for a, b in pairs
            if a in shown and b in shown and a in pos and b in pos
        ]
        if segs:
            ax.add_collection(LineCollection(segs, **styles[kind]))
    rel = [(unit_node(r.unit_a), unit_node(r.unit_b), rc_colour(r.rc_score)) for r in m.relations]
    segs = [(pos[a], pos[b]) for a, b, _ in rel if a in pos and b in pos]
    if segs:
        cols = [c for a, b, c in rel if a in pos and b in pos]
        ax.add_collection(LineCollection(segs, colors=cols, linewidths=1.4, zorder=1))
    segs = [
        (pos[unit_node(a)], pos[unit_node(b)])
        for a, b, _ in gap_pairs(gaps)
        if unit_node(a) in pos and unit_node(b) in pos
    ]
    if segs:
        ax.add_collection(
            LineCollection(
                segs, colors=GAP_EDGE_COLOUR, linewidths=1.6, linestyles=(0, (4, 3)), zorder=2
            )
        )


def _draw_nodes(
    ax: Axes, m: Map, shown: set[str], pos: dict, labels: dict, summary: dict, fs: float
) -> None:
    # Unlabelled nodes (large maps) go into one scatter per marker: thousands of
    # separate artists would make saving take tens of seconds.
    dots: dict[str, list[tuple[float, float, str, str, float]]] = {"s": [], "o": [], "D": []}

    def edge(key: str, default: str) -> tuple[str, float]:
        if key in summary:
            return SEVERITY_COLOURS.get(summary[key][1], default), 2.2
        return default, 0.8

    def node(key: str, marker: str, fill: str, border: str, style: str, ls: str = "-") -> None:
        ec, lw = edge(key, border)
        x, y = pos[key]
        label = labels.get(key)
        if label is None:
            dots[marker].append((x, y, fill, ec, lw))
        elif marker == "D":
            ax.scatter([x], [y + fs * 0.9], s=(fs * 1.6) ** 2, marker="D", c=fill,
                       edgecolors=ec, linewidths=lw, zorder=3)  # fmt: skip
            ax.text(x, y - fs * 0.4, label, fontsize=fs * 0.9, ha="center", va="top", zorder=4,
                    gid="label")  # fmt: skip
        else:
            box = {"boxstyle": style, "fc": fill, "ec": ec, "lw": lw, "ls": ls}
            ax.text(x, y, label, fontsize=fs, ha="center", va="center", bbox=box, zorder=4,
                    gid="label")  # fmt: skip

    for u in m.units:
        k = unit_node(u.id)
        if k in pos:
            fill = EXTERNAL_FILL if u.external else sector_colour(u.sector)
            border = EXTERNAL_BORDER if u.external else "#37474f"
            node(k, "s", fill, border, "round,pad=0.35", "--" if u.external else "-")
    for c in m.citizen_groups:
        k = group_node(c.id)
        if k in pos:
            node(k, "o", GROUP_COLOUR, GROUP_BORDER, "round,pad=0.45,rounding_size=0.9")
    for p in m.principles:
        k = principle_node(p.id)
        if k in pos:
            node(k, "D", PRINCIPLE_COLOURS.get(p.kind.value, "#e0e0e0"), PRINCIPLE_BORDER, "")
    for marker, pts in dots.items():
        if pts:
            xs, ys, fills, ecs, lws = zip(*pts, strict=True)
            ax.scatter(xs, ys, s=14, marker=marker, c=list(fills), edgecolors=list(ecs),
                       linewidths=list(lws), zorder=3)  # fmt: skip


def _legend(fig: Figure, m: Map, shown: set[str], lang: str, fs: float) -> None:
    w = words(lang)
    sectors = sorted({u.sector for u in m.units if unit_node(u.id) in shown and not u.external})
    handles: list[Artist] = [
        Patch(fc=sector_colour(s), ec="#37474f", label=sector_label(s, lang) or "—")
        for s in sectors
    ]
    handles += [
        Patch(fc=EXTERNAL_FILL, ec=EXTERNAL_BORDER, ls="--", label=w["external"]),
        Patch(fc=GROUP_COLOUR, ec=GROUP_BORDER, label=w["group"]),
        Line2D(
            [],
            [],
            marker="D",
            ls="",
            mfc=PRINCIPLE_COLOURS["method"],
            mec=PRINCIPLE_BORDER,
            label=w["principle"],
        ),
        Line2D([], [], color=EDGE_COLOURS["chain"], label=w["chain"]),
        Line2D([], [], color=EDGE_COLOURS["serves"], label=w["serves"]),
        Line2D([], [], color=EDGE_COLOURS["adopts"], ls=":", label=w["adopts"]),
        Line2D([], [], color=rc_colour(4.5), label=w["relation"]),
        Line2D([], [], color=GAP_EDGE_COLOUR, ls="--", label=w["gap_edge"]),
        Patch(fc="white", ec=SEVERITY_COLOURS["high"], lw=2, label=w["gap_border"]),
    ]
    fig.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        fontsize=max(fs, 7),
        title=w["legend"],
        frameon=True,
    )


def static_image(
    m: Map,
    gaps: Sequence[GapLike],
    *,
    fmt: Fmt = "png",
    view: ViewFilter | None = None,
    layout: Literal["network", "chain"] = "network",
    title: str = "",
    lang: str = "da",
) -> bytes:
    """The view as PNG, SVG or PDF bytes.

    The PDF is one A4 page (landscape or portrait, whichever the drawing fits
    better), the drawing shrunk to fit and centred. The PNG fits a 16:9 slide
    of :data:`SLIDE_PX`. The SVG keeps its labels as text (searchable and
    selectable). No file carries the time it was made, so the same view gives
    the same bytes.
    """
    if fmt not in ("png", "svg", "pdf"):
        raise ValueError(f"unknown image format {fmt!r}; use png, svg or pdf")

    def draw(zoom: float = 1.0) -> tuple[Figure, Bbox]:
        fig = static_figure(m, gaps, view=view, layout=layout, title=title, lang=lang, zoom=zoom)
        canvas = fig.canvas
        assert isinstance(canvas, FigureCanvasAgg)  # static_figure gives every figure one
        box = fig.get_tightbbox(canvas.get_renderer()).padded(PAD_INCHES)
        return fig, box

    fig, box = draw()
    buf = io.BytesIO()
    if fmt == "pdf":
        page = a4_page(box.width, box.height)
        zoom = fit_zoom(box.width, box.height, page)
        for _ in range(3):  # a legend that cannot shrink may need a second try
            if zoom >= 1.0:
                break
            fig, box = draw(zoom)
            over = max(box.width / (page[0] - 2 * MARGIN), box.height / (page[1] - 2 * MARGIN))
            if over <= 1.0:
                break
            zoom /= over * 1.02
        # A box of the page's size around the drawing's centre: the saved page.
        x, y = box.x0 + box.width / 2 - page[0] / 2, box.y0 + box.height / 2 - page[1] / 2
        meta = {"Creator": "Helhedskort", "CreationDate": None}
        fig.savefig(buf, format="pdf", bbox_inches=Bbox.from_bounds(x, y, *page),
                    facecolor="white", metadata=meta)  # fmt: skip
    elif fmt == "png":
        dpi = min(SLIDE_PX[0] / box.width, SLIDE_PX[1] / box.height, MAX_DPI)
        fig.savefig(buf, format="png", dpi=dpi, bbox_inches=box, facecolor="white")
    else:
        with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "helhedskort"}):
            fig.savefig(buf, format="svg", bbox_inches=box, facecolor="white",
                        metadata={"Date": None})  # fmt: skip
    return buf.getvalue()


def a4_page(width: float, height: float) -> tuple[float, float]:
    """The A4 page in inches, landscape for a wide drawing, portrait for a tall one."""
    return (A4_LONG, A4_SHORT) if width >= height else (A4_SHORT, A4_LONG)


def fit_zoom(width: float, height: float, page: tuple[float, float]) -> float:
    """How much a drawing of ``width`` x ``height`` inches must shrink to fit the page
    inside its margins (never grows it).

    >>> fit_zoom(5.0, 4.0, (A4_LONG, A4_SHORT)), round(fit_zoom(21.39, 5.0, (A4_LONG, A4_SHORT)), 2)
    (1.0, 0.5)
    """
    return min(1.0, (page[0] - 2 * MARGIN) / width, (page[1] - 2 * MARGIN) / height)


__all__ = ["a4_page", "fit_zoom", "font_size", "static_figure", "static_image", "wrap_label"]
