"""Node positions in pixels, computed in Python so the browser runs no physics.

Two layouts: ``network`` (igraph's Fruchterman-Reingold, seeded from a hash of
each node key so the same map gives the same picture on every rerun) and
``chain`` (the management chain as a top-down Reingold-Tilford tree, with
external partners, citizen groups and principles in rows below it).

>>> from mapping.model import Map, Unit
>>> m = Map(units=(Unit("a", "A"), Unit("b", "B", parent_id="a"), Unit("c", "C", parent_id="a")))
>>> pos = chain_layout(m, {"unit:a", "unit:b", "unit:c"})
>>> pos["unit:a"][1] < pos["unit:b"][1] == pos["unit:c"][1]
True
>>> network_layout(m, {"unit:a", "unit:b"}) == network_layout(m, {"unit:a", "unit:b"})
True
"""

from __future__ import annotations

import hashlib
import math
import random
import threading
from collections.abc import Collection, Mapping

import numpy as np

from mapping.graph import group_node, principle_node, unit_node
from mapping.model import Map

from .filters import _links
from .lazy_imports import igraph as _igraph

Positions = dict[str, tuple[float, float]]
_RNG_LOCK = threading.Lock()
CELL = 150.0  # pixels per node side in the network layout
X_STEP = 240.0  # pixels between neighbouring tree nodes
Y_STEP = 130.0  # pixels between tree levels


def _seed_xy(key: str) -> tuple[float, float]:
    d = hashlib.blake2s(key.encode("utf-8"), digest_size=8).digest()
    return (int.from_bytes(d[:4], "big") / 2**32 - 0.5, int.from_bytes(d[4:], "big") / 2**32 - 0.5)


def network_layout(m: Map, nodes: Collection[str], *, cell: float = CELL) -> Positions:
    """Force-directed positions for ``nodes``, about ``cell`` pixels apart."""
    keys = sorted(nodes)
    n = len(keys)
    if n == 0:
        return {}
    if n == 1:
        return {keys[0]: (0.0, 0.0)}
    index = {k: i for i, k in enumerate(keys)}
    edges = sorted(
        {
            (min(index[a], index[b]), max(index[a], index[b]))
            for a, b in _links(m)
            if a in index and b in index and a != b
        }
    )
    igraph = _igraph()
    g = igraph.Graph(n=n, edges=edges)
    side = math.sqrt(n)
    seed = [[x * side, y * side] for x, y in map(_seed_xy, keys)]
    # igraph draws from Python's random module; give it a private, seeded one.
    with _RNG_LOCK:  # the generator is global to igraph; Streamlit runs sessions in threads
        igraph.set_random_number_generator(random.Random(1234))
        try:
            lay = g.layout_fruchterman_reingold(
                seed=seed, niter=500 if n <= 2000 else 250, grid=n > 200
            )
        finally:
            igraph.set_random_number_generator(random)
    xy = np.asarray(lay.coords, dtype=float)
    xy -= xy.mean(axis=0)
    span = max(float(np.ptp(xy[:, 0])), float(np.ptp(xy[:, 1])), 1e-9)
    xy *= (side * cell) / span
    return {k: (round(float(x), 1), round(float(y), 1)) for k, (x, y) in zip(keys, xy, strict=True)}


def _rows(
    items: list[tuple[str, float]], y0: float, width: float, step: float = X_STEP
) -> Positions:
    """Place (key, wished x) items in as few rows as fit ``width``, in x order, no overlap."""
    if not items:
        return {}
    items = sorted(items, key=lambda kv: (kv[1], kv[0]))
    per_row = max(1, int(width // step) + 1)
    nrows = math.ceil(len(items) / per_row)
    out: Positions = {}
    for r in range(nrows):
        row = items[r::nrows]
        x_prev = -math.inf
        xs = []
        for _, x in row:
            x = max(x, x_prev + step)
            xs.append(x)
            x_prev = x
        shift = (xs[0] + xs[-1]) / 2 - (row[0][1] + row[-1][1]) / 2
        for (k, _), x in zip(row, xs, strict=True):
            out[k] = (round(x - shift, 1), round(y0 + r * Y_STEP * 0.7, 1))
    return out


def chain_layout(m: Map, nodes: Collection[str]) -> Positions:
    """The management chain of the shown units as a tidy top-down tree.

    Units whose parent is not shown become roots. External partners, citizen
    groups and principles are placed in rows under the tree, near the units
    they are linked to.
    """
    shown = set(nodes)
    units = [u for u in m.units if unit_node(u.id) in shown and not u.external]
    by_id = {u.id: u for u in units}
    children: dict[str | None, list[str]] = {}
    for u in sorted(units, key=lambda u: (u.name.casefold(), u.id)):
        parent = u.parent_id if u.parent_id in by_id and u.parent_id != u.id else None
        children.setdefault(parent, []).append(u.id)
    # Breadth-first from a virtual root so igraph keeps siblings in name order.
    order: list[str | None] = [None]
    depth: dict[str | None, int] = {None: -1}
    seen: set[str | None] = {None}
    i = 0
    while i < len(order):
        for c in children.get(order[i], []):
            if c not in seen:  # a cycle in a half-edited map must not hang us
                seen.add(c)
                depth[c] = depth[order[i]] + 1
                order.append(c)
        i += 1
    slots = _tidy(children)
    pos: Positions = {
        unit_node(k): (round(x * X_STEP, 1), round(y * Y_STEP, 1)) for k, (x, y) in slots.items()
    }
    xs = [p[0] for p in pos.values()] or [0.0]
    width = max(max(xs) - min(xs), 8 * X_STEP)
    centre = (max(xs) + min(xs)) / 2
    y = (max((p[1] for p in pos.values()), default=-Y_STEP)) + Y_STEP * 1.2

    def near(keys: list[str]) -> float:
        got = [pos[k][0] for k in keys if k in pos]
        return sum(got) / len(got) if got else centre

    links: dict[str, list[str]] = {}
    for a, b in _links(m):
        links.setdefault(a, []).append(b)
        links.setdefault(b, []).append(a)
    groups = [(group_node(c.id), 0.0) for c in m.citizen_groups if group_node(c.id) in shown]
    principles = [
        (principle_node(p.id), 0.0) for p in m.principles if principle_node(p.id) in shown
    ]
    externals = [(unit_node(u.id), 0.0) for u in m.units if unit_node(u.id) in shown and u.external]
    for row in (externals, groups, principles):
        if not row:
            continue
        placed = _rows([(k, near(links.get(k, []))) for k, _ in row], y, width)
        pos.update(placed)
        y = max(p[1] for p in placed.values()) + Y_STEP * 1.1
    return pos


STACK = 0.6  # level fraction between leaves stacked under their parent (two-line labels fit)


def _tidy(children: Mapping[str | None, list[str]]) -> dict[str, tuple[float, float]]:
    """Tidy top-down tree in slot units: a parent centred over its children, and
    three or more leaf children stacked in one column to keep the tree narrow.

    Walks with an explicit stack, never recursion: a chain thousands of levels
    deep (refused at import, but possibly stored earlier) still lays out.

    >>> _tidy({None: ["a"], "a": ["b", "c"]})
    {'b': (-0.5, 1.0), 'c': (0.5, 1.0), 'a': (0.0, 0.0)}
    """
    out: dict[str, tuple[float, float]] = {}
    seen: set[str] = set()
    cursor = 0.0
    for root in children.get(None, []):
        if root in seen:
            continue
        seen.add(root)
        # frame: [unit, left edge, level, its children still to place, next child, cursor]
        stack: list[list] = [[root, cursor, 0.0, None, 0, cursor]]
        width = 0.0
        while stack:
            frame = stack[-1]
            uid, x0, level, kids, i, cur = frame
            if kids is None:
                kids = frame[3] = [k for k in children.get(uid, []) if k not in seen]
                seen.update(kids)
                if not kids or (len(kids) >= 3 and not any(children.get(k) for k in kids)):
                    out[uid] = (x0 + 0.5, level)
                    for j, k in enumerate(kids):  # leaves stacked in one column
                        out[k] = (x0 + 0.62, level + 1 + j * STACK)
                    stack.pop()
                    width = 1.0
                    if stack:
                        stack[-1][5] += width
                    continue
            if i < len(kids):
                frame[4] = i + 1
                stack.append([kids[i], cur, level + 1, None, 0, cur])
                continue
            out[uid] = ((out[kids[0]][0] + out[kids[-1]][0]) / 2, level)
            stack.pop()
            width = cur - x0
            if stack:
                stack[-1][5] += width
        cursor += width
    centre = cursor / 2
    return {k: (x - centre, y) for k, (x, y) in out.items()}


def spread(
    pos: Mapping[str, tuple[float, float]],
    sizes: Mapping[str, tuple[float, float]],
    *,
    iterations: int = 60,
    pad: float = 6.0,
    prefer_x: float = 1.0,
    offsets: Mapping[str, tuple[float, float]] | None = None,
) -> Positions:
    """Push apart nodes whose boxes (width, height around the centre) overlap.

    A sort-and-sweep on x finds candidate pairs; each overlapping pair moves
    apart along the axis where the overlap is smaller; ``prefer_x`` > 1 favours
    moving sideways, which keeps the picture as wide as a screen. ``offsets``
    moves a node's box off its position (a label drawn below its shape).
    Deterministic.

    >>> out = spread({"a": (0, 0), "b": (1, 0)}, {"a": (10, 10), "b": (10, 10)})
    >>> abs(out["a"][0] - out["b"][0]) >= 10
    True
    """
    keys = sorted(pos)
    if len(keys) < 2:
        return dict(pos)
    off = [(offsets or {}).get(k, (0.0, 0.0)) for k in keys]
    # Work on box centres; the offsets are taken off again at the end.
    xs = [float(pos[k][0]) + o[0] for k, o in zip(keys, off, strict=True)]
    ys = [float(pos[k][1]) + o[1] for k, o in zip(keys, off, strict=True)]
    hw = [(sizes.get(k, (40.0, 20.0))[0] + pad) / 2 for k in keys]
    hh = [(sizes.get(k, (40.0, 20.0))[1] + pad) / 2 for k in keys]
    widest = 2 * max(hw)
    for _ in range(iterations):
        moved = False
        order = sorted(range(len(keys)), key=xs.__getitem__)
        for i, a in enumerate(order):
            ax, ay, aw, ah = xs[a], ys[a], hw[a], hh[a]
            for b in order[i + 1 :]:
                dx = xs[b] - ax
                if dx >= widest:
                    break
                need_x = aw + hw[b]
                if dx >= need_x:
                    continue
                dy = ys[b] - ay
                need_y = ah + hh[b]
                if -need_y < dy < need_y:
                    ox, oy = need_x - abs(dx), need_y - abs(dy)
                    if ox < oy * prefer_x:
                        step = ox / 2 if dx > 0 or (dx == 0 and a < b) else -ox / 2
                        xs[a] -= step
                        xs[b] += step
                        ax = xs[a]
                    else:
                        step = oy / 2 if dy > 0 or (dy == 0 and a < b) else -oy / 2
                        ys[a] -= step
                        ys[b] += step
                        ay = ys[a]
                    moved = True
        if not moved:
            break
    xy = [(x - o[0], y - o[1]) for x, y, o in zip(xs, ys, off, strict=True)]
    return {k: (round(float(x), 1), round(float(y), 1)) for k, (x, y) in zip(keys, xy, strict=True)}
