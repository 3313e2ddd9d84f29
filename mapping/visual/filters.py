"""Which part of a map a view shows: a :class:`ViewFilter` and :func:`apply_filter`.

Node keys are those of :mod:`mapping.graph` (``unit:ID``, ``group:ID``,
``principle:ID``). Filters combine with AND:

- ``sectors``: units in these sectors, plus the groups and principles linked to them;
- ``groups``: these citizen groups, the units serving them and the principles covering them;
- ``rules`` / ``severities``: only findings with these codes / severities, and only
  the records those findings involve (the map narrows to where the chosen findings are);
- ``focus`` + ``depth``: the neighbourhood of one node, ``depth`` links away;
- ``under``: one branch of the chain (a unit and every unit below it), plus the
  groups and principles linked to them: a large map opens on such a part.

>>> from mapping.model import Map, Unit
>>> m = Map(units=(Unit("a", "A", sector="Sundhed"), Unit("b", "B", sector="Stab")))
>>> nodes, kept = apply_filter(m, [], ViewFilter(sectors=frozenset({"Stab"})))
>>> sorted(nodes)
['unit:b']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from mapping.gaps.core import Detail
from mapping.graph import group_node, principle_node, unit_node
from mapping.model import Map
from mapping.text import Text, Wording


class GapLike(Protocol):
    """The fields of a :class:`mapping.gaps.Finding` that drawing and reports need.

    Read-only, as a finding is frozen (and so a narrower type, such as a
    severity literal, still fits).
    """

    @property
    def id(self) -> str: ...

    @property
    def code(self) -> str: ...

    @property
    def severity(self) -> str: ...

    @property
    def acts(self) -> str: ...

    @property
    def title(self) -> Text: ...

    @property
    def message(self) -> Wording: ...

    @property
    def action(self) -> Wording: ...

    @property
    def question(self) -> Text: ...

    @property
    def citizens(self) -> int: ...

    @property
    def units(self) -> tuple[str, ...]: ...

    @property
    def partners(self) -> tuple[str, ...]: ...

    @property
    def groups(self) -> tuple[str, ...]: ...

    @property
    def principles(self) -> tuple[str, ...]: ...

    @property
    def escalate_to(self) -> str | None: ...

    @property
    def escalation_level(self) -> str: ...

    @property
    def details(self) -> tuple[Detail, ...]: ...


@dataclass(frozen=True, slots=True)
class ViewFilter:
    """What to show; empty sets mean "no restriction". Hashable, so usable as a cache key."""

    sectors: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()
    rules: frozenset[str] = frozenset()
    severities: frozenset[str] = frozenset()
    focus: str | None = None
    depth: int = 1
    under: str | None = None  # a unit id: its branch of the chain

    @classmethod
    def of(
        cls,
        *,
        sectors: Iterable[str] = (),
        groups: Iterable[str] = (),
        rules: Iterable[str] = (),
        severities: Iterable[str] = (),
        focus: str | None = None,
        depth: int = 1,
        under: str | None = None,
    ) -> ViewFilter:
        """Build a filter from any iterables (e.g. a multiselect's lists)."""
        return cls(
            frozenset(sectors),
            frozenset(groups),
            frozenset(rules),
            frozenset(severities),
            focus,
            max(0, int(depth)),
            under or None,
        )

    @property
    def is_empty(self) -> bool:
        return not (
            self.sectors or self.groups or self.rules or self.severities or self.focus or self.under
        )


def gap_nodes(gap: GapLike) -> list[str]:
    """The node keys a finding involves (its partners too)."""
    return (
        [unit_node(u) for u in (*gap.units, *gap.partners)]
        + [group_node(g) for g in gap.groups]
        + [principle_node(p) for p in gap.principles]
    )


def _links(m: Map) -> list[tuple[str, str]]:
    """Undirected node-key pairs of every link in the map (unknown references skipped)."""
    units, groups, principles = m.units_by_id, m.groups_by_id, m.principles_by_id
    out: list[tuple[str, str]] = []
    for u in m.units:
        if u.parent_id in units:
            out.append((unit_node(u.parent_id), unit_node(u.id)))
    for s in m.services:
        if s.unit_id in units and s.group_id in groups:
            out.append((unit_node(s.unit_id), group_node(s.group_id)))
    for p in m.principles:
        pk = principle_node(p.id)
        out.extend((pk, group_node(g)) for g in p.group_ids if g in groups)
        out.extend((unit_node(u), pk) for u in (p.owner_unit_id, p.funding_unit_id) if u in units)
    for a in m.adoptions:
        if a.unit_id in units and a.principle_id in principles:
            out.append((unit_node(a.unit_id), principle_node(a.principle_id)))
    for r in m.relations:
        if r.unit_a in units and r.unit_b in units:
            out.append((unit_node(r.unit_a), unit_node(r.unit_b)))
    return out


def all_nodes(m: Map) -> set[str]:
    """Every node key of the map."""
    return (
        {unit_node(u.id) for u in m.units}
        | {group_node(g.id) for g in m.citizen_groups}
        | {principle_node(p.id) for p in m.principles}
    )


def branch(m: Map, unit_id: str) -> set[str]:
    """``unit_id`` and every unit below it in the chain (ids)."""
    children: dict[str, list[str]] = {}
    for u in m.units:
        if u.parent_id:
            children.setdefault(u.parent_id, []).append(u.id)
    seen, stack = set(), [unit_id] if unit_id in m.units_by_id else []
    while stack:
        uid = stack.pop()
        if uid not in seen:
            seen.add(uid)
            stack.extend(children.get(uid, ()))
    return seen


def _adjacency(m: Map, within: set[str]) -> dict[str, set[str]]:
    adj: dict[str, set[str]] = {n: set() for n in within}
    for a, b in _links(m):
        if a in within and b in within and a != b:
            adj[a].add(b)
            adj[b].add(a)
    return adj


def apply_filter(
    m: Map, gaps: Sequence[GapLike], f: ViewFilter | None = None
) -> tuple[set[str], list[GapLike]]:
    """Return the node keys to show and the gaps to draw for the view ``f``.

    A gap is kept when its rule and severity pass and it involves a shown node.
    """
    f = f or ViewFilter()
    nodes = all_nodes(m)
    adj_all = _adjacency(m, nodes)

    if f.under is not None:
        units = {unit_node(u) for u in branch(m, f.under)}
        linked = {n for u in units for n in adj_all[u] if not n.startswith("unit:")}
        nodes &= units | linked
    if f.sectors:
        units = {unit_node(u.id) for u in m.units if u.sector in f.sectors}
        linked = {n for u in units for n in adj_all[u] if not n.startswith("unit:")}
        nodes &= units | linked
    if f.groups:
        gkeys = {group_node(g) for g in f.groups}
        linked = {n for g in gkeys & nodes for n in adj_all[g]}
        nodes &= gkeys | linked

    kept = [
        g
        for g in gaps
        if (not f.rules or g.code in f.rules) and (not f.severities or g.severity in f.severities)
    ]
    if f.rules or f.severities:
        involved = {n for g in kept for n in gap_nodes(g)}
        nodes &= involved

    if f.focus is not None:
        if f.focus not in nodes:
            nodes = set()
        else:
            adj = _adjacency(m, nodes)
            seen, frontier = {f.focus}, {f.focus}
            for _ in range(f.depth):
                frontier = {n for x in frontier for n in adj[x]} - seen
                seen |= frontier
            nodes = seen

    kept = [g for g in kept if any(n in nodes for n in gap_nodes(g))]
    return nodes, kept
