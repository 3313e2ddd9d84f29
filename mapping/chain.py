"""The management chain (ledelseskæden) of a map: depth, ancestors, escalation points.

The chain is the forest of ``parent_id`` pointers. Escalation points are
lowest common ancestors, computed with parent-pointer walks (one networkx
call per pair is far too slow on a national map).

Rules for :meth:`ManagementChain.lca`:

- the LCA of one unit is that unit, an external partner included
  (repeats of the same id count once);
- no ids, an external partner among several units, or units under different
  roots give ``None`` (reported as top management);
- an unknown id raises ``KeyError`` naming it.

Danish level names from :meth:`ManagementChain.level` (a unit's own ``level``
column, when set, wins over its depth):

======================  ===================
escalation point        level
======================  ===================
``None`` (no common)    ``topledelse``
external partner        ``ekstern partner``
root unit (depth 0)     ``topledelse``
depth 1                 ``forvaltning``
depth 2                 ``afdeling``
depth 3 and deeper      ``enhed``
======================  ===================

A ``parent_id`` that names no unit (a half-edited map) makes the unit a root.
Validation refuses cycles; should one slip through, the unit whose parent
pointer closes the cycle is treated as a root, so no call ever loops forever.

>>> from mapping.model import Map, Unit
>>> m = Map(units=(Unit("dir", "Direktion"), Unit("bu", "Børn og Unge", parent_id="dir"),
...                Unit("skole", "Skolen", parent_id="bu"), Unit("fam", "Familie", parent_id="bu")))
>>> c = ManagementChain(m)
>>> c.lca(["skole", "fam"]), c.level(c.lca(["skole", "fam"]))
('bu', 'forvaltning')
>>> c.ancestors("skole")
('skole', 'bu', 'dir')
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from functools import cached_property

from mapping.catalogue import level_label
from mapping.model import Map

TOP = "topledelse"
EXTERNAL = "ekstern partner"
LEVELS_BY_DEPTH: tuple[str, ...] = ("topledelse", "forvaltning", "afdeling")
DEEPER = "enhed"
PATH_DEPTH = 64
"""Deepest unit whose root path :meth:`ManagementChain.lca` stores (validation allows 50)."""


class ManagementChain:
    """Parent pointers, depths and lowest common ancestors of one map's units."""

    def __init__(self, m: Map) -> None:
        units = m.units_by_id
        self._external: dict[str, bool] = {uid: u.external for uid, u in units.items()}
        self._stated: dict[str, str] = {uid: u.level.value for uid, u in units.items() if u.level}
        raw = {
            uid: (u.parent_id if u.parent_id in units and u.parent_id != uid else None)
            for uid, u in units.items()
        }
        self._parent: dict[str, str | None] = {}
        self._depth: dict[str, int] = {}
        self._paths: dict[str, tuple[str, ...]] = {}
        for uid in units:  # file order, so a broken cycle is cut deterministically
            self._settle(uid, raw)

    def _settle(self, uid: str, raw: dict[str, str | None]) -> None:
        """Give ``uid`` and the units above it a parent and a depth."""
        path: list[str] = []
        on_path: set[str] = set()
        cur: str | None = uid
        while cur is not None and cur not in self._depth:
            if cur in on_path:  # a cycle: the unit whose pointer closes it becomes a root
                raw[path[-1]] = None
                break
            path.append(cur)
            on_path.add(cur)
            cur = raw[cur]
        for node in reversed(path):
            parent = raw[node]
            self._parent[node] = parent
            self._depth[node] = 0 if parent is None else self._depth[parent] + 1

    # Queries ------------------------------------------------------------
    def _known(self, unit_id: str) -> str:
        if unit_id not in self._depth:
            raise KeyError(f"unknown unit id {unit_id!r}")
        return unit_id

    def __contains__(self, unit_id: object) -> bool:
        return unit_id in self._depth

    def parent(self, unit_id: str) -> str | None:
        """The unit above ``unit_id`` (``None`` for a root)."""
        return self._parent[self._known(unit_id)]

    def depth(self, unit_id: str) -> int:
        """Number of steps from ``unit_id`` up to its root (a root has depth 0)."""
        return self._depth[self._known(unit_id)]

    def is_external(self, unit_id: str) -> bool:
        """Whether ``unit_id`` is an external partner."""
        return self._external[self._known(unit_id)]

    def ancestors(self, unit_id: str) -> tuple[str, ...]:
        """``unit_id`` and every unit above it, nearest first, the root last."""
        out = [self._known(unit_id)]
        parent = self._parent[unit_id]
        while parent is not None:
            out.append(parent)
            parent = self._parent[parent]
        return tuple(out)

    def _up(self, unit_id: str) -> str:
        up = self._parent[unit_id]
        assert up is not None, unit_id  # only called below the top of a chain
        return up

    def _pair_lca(self, a: str, b: str) -> str | None:
        da, db = self._depth[a], self._depth[b]
        parent = self._parent
        while da > db:  # a unit deeper than another has a parent
            a, da = self._up(a), da - 1
        while db > da:
            b, db = self._up(b), db - 1
        while a != b:
            pa, pb = parent[a], parent[b]
            if pa is None or pb is None:
                return None
            a, b = pa, pb
        return a

    def lca(self, unit_ids: Iterable[str]) -> str | None:
        """Lowest common ancestor of the units, or ``None`` when they have none.

        >>> from mapping.model import Map, Unit
        >>> c = ManagementChain(Map(units=(Unit("a", "A"), Unit("b", "B"),
        ...                                Unit("h", "Hospital", external=True))))
        >>> c.lca(["a"]), c.lca(["h", "h"]), c.lca(["a", "b"]), c.lca(["a", "h"])
        ('a', 'h', None, None)
        """
        ids = set(unit_ids)
        if not ids <= self._depth.keys():
            for uid in ids:
                self._known(uid)  # raises for the unknown one
        if len(ids) == 1:
            (only,) = ids
            return only
        if not ids or any(map(self._external.__getitem__, ids)):
            return None
        # A subtree is one stretch of the depth-first order, so the units first and
        # last in that order have the same lowest common ancestor as all of them.
        at, walk = list(map(self._order.__getitem__, ids)), self._walk
        first, last = walk[min(at)], walk[max(at)]
        if max(self._depth[first], self._depth[last]) > PATH_DEPTH:  # an absurd chain
            return self._walk_lca(ids)  # (refused by validation): no paths stored for it
        a, b = self._path(first), self._path(last)
        k = min(len(a), len(b))  # the paths' common beginning ends at the ancestor
        while k and a[k - 1] != b[k - 1]:
            k -= 1
        return a[k - 1] if k else None  # none: under different roots

    @cached_property
    def _order(self) -> dict[str, int]:
        """Each unit's place in a depth-first walk of the forest (roots in file order)."""
        children: dict[str | None, list[str]] = {}
        for uid, parent in self._parent.items():
            children.setdefault(parent, []).append(uid)
        order: dict[str, int] = {}
        stack = children.get(None, [])[::-1]
        while stack:
            uid = stack.pop()
            order[uid] = len(order)
            stack += children.get(uid, [])[::-1]
        return order

    @cached_property
    def _walk(self) -> list[str]:
        """The units in the order of :attr:`_order` (its keys were added in that order)."""
        return list(self._order)

    def _walk_lca(self, ids: set[str]) -> str | None:
        it = iter(sorted(ids))
        result = next(it)
        for other in it:
            found = self._pair_lca(result, other)
            if found is None:
                return None
            result = found
        return result

    def _path(self, unit_id: str) -> tuple[str, ...]:
        """The units from the root down to ``unit_id``, computed once per unit."""
        paths = self._paths
        if unit_id in paths:
            return paths[unit_id]
        below: list[str] = []  # the walk up to a unit whose path is known, or a root
        node: str | None = unit_id
        while node is not None and node not in paths:
            below.append(node)
            node = self._parent[node]
        path = () if node is None else paths[node]
        for uid in reversed(below):
            path = paths[uid] = (*path, uid)
        return path

    def level(self, unit_id: str | None) -> str:
        """Danish name of the escalation level of ``unit_id`` (see module docs).

        >>> from mapping.model import Map, Unit
        >>> c = ManagementChain(Map(units=(Unit("d", "D"), Unit("f", "F", parent_id="d"))))
        >>> c.level(None), c.level("d"), c.level("f")
        ('topledelse', 'topledelse', 'forvaltning')
        """
        if unit_id is None:
            return TOP
        if self.is_external(unit_id):
            return EXTERNAL
        stated = self._stated.get(unit_id)
        if stated is not None:
            return stated
        depth = self._depth[unit_id]
        return LEVELS_BY_DEPTH[depth] if depth < len(LEVELS_BY_DEPTH) else DEEPER


_CACHE: dict[int, tuple[weakref.ref[Map], ManagementChain]] = {}


def chain_of(m: Map) -> ManagementChain:
    """The :class:`ManagementChain` of ``m``, built once per map object.

    >>> from mapping.model import Map, Unit
    >>> m = Map(units=(Unit("a", "A"),))
    >>> chain_of(m) is chain_of(m)
    True
    """
    key = id(m)
    hit = _CACHE.get(key)
    if hit is not None and hit[0]() is m:
        return hit[1]
    chain = ManagementChain(m)

    def forget(_ref: weakref.ref[Map]) -> None:
        _CACHE.pop(key, None)

    _CACHE[key] = (weakref.ref(m, forget), chain)
    return chain


def level_name(level: str, lang: str = "da") -> str:
    """The level name for display in ``lang``; Danish names are the stored values.

    >>> level_name("forvaltning", "en"), level_name("forvaltning")
    ('administration', 'forvaltning')
    """
    return level_label(level, lang)
