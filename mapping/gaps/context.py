"""One analysis: the map, its settings, the date and everything precomputed once.

Terms the rules share (``docs/gap-rules.md`` defines them for users):

- a *partner* is an external unit; the others are the municipality's own;
- units with the same non-empty ``parallel_set`` (compared like paradigms)
  are alternatives for a citizen: together they are one *contact point*;
- a principle is *active* when agreed or practised;
- the *escalation point* of a set of units is the lowest common ancestor of
  its own (non-partner) units; partners never enter it.

>>> from mapping.gaps.case_maps import S, U, mini, tree
>>> m = mini(units=[*tree("a", "b"), U("s1", "dir", parallel="skoler"),
...                 U("s2", "dir", parallel=" Skoler"), U("h", external=True)],
...          services=[S(u, "g") for u in ("a", "s1", "s2", "h")])
>>> ctx = Context(m, Settings(), dt.date(2026, 1, 1))
>>> ctx.contact_count("g"), ctx.escalation(["a", "h"]), ctx.escalation(["h"])
(3, 'a', None)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cached_property

from mapping.chain import ManagementChain, chain_of
from mapping.model import Map, Principle, PrincipleKind, Unit
from mapping.settings import Settings
from mapping.text import LazyText


def norm(text: str) -> str:
    """Compare form of a goal, paradigm, sector or set label: trimmed, casefolded, one space.

    >>> norm("  Rehabiliterende   Tilgang ") == norm("rehabiliterende tilgang")
    True
    """
    return " ".join(text.split()).casefold()


class Context:
    """The map plus indexes built once per analysis (unknown ids never raise)."""

    def __init__(self, m: Map, settings: Settings, today: dt.date) -> None:
        self.map = m
        self.settings = settings
        self.today = today
        self.chain: ManagementChain = chain_of(m)
        self.units: dict[str, Unit] = m.units_by_id
        self._lca: dict[frozenset[str], str | None] = {}
        self._levels: dict[str | None, str] = {}
        self.actions: dict[tuple[object, ...], LazyText] = {}
        """The findings' action texts by (rule code, who acts): see engine."""
        # set operations on these replace a look-up per unit id in the hot paths
        self._partner_ids = frozenset(uid for uid, u in self.units.items() if u.external)
        self._own_ids = frozenset(self.units.keys() - self._partner_ids)

    # Units --------------------------------------------------------------
    def is_partner(self, unit_id: str) -> bool:
        u = self.units.get(unit_id)
        return u is not None and u.external

    def split(self, ids: Iterable[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(own units, partners), each sorted without repeats."""
        every = set(ids)
        partners = every & self._partner_ids
        if not partners:
            return tuple(sorted(every)), ()
        every -= partners
        return tuple(sorted(every)), tuple(sorted(partners))

    @cached_property
    def names(self) -> dict[str, str]:
        """Unit id -> its name, for the findings' sentences."""
        return {uid: u.name for uid, u in self.units.items()}

    @cached_property
    def leaders(self) -> dict[str, str]:
        """Unit id -> its leader's name, trimmed (empty when not registered)."""
        return {uid: u.leader.strip() for uid, u in self.units.items()}

    @cached_property
    def _contact_key(self) -> dict[str, str]:
        out = {}
        for uid, u in self.units.items():
            label = norm(u.parallel_set)
            out[uid] = f"set:{label}" if label else f"unit:{uid}"
        return out

    def contact_key(self, unit_id: str) -> str:
        """Units of one parallel set share a key; any other unit has its own."""
        return self._contact_key.get(unit_id) or f"unit:{unit_id}"

    def contact_points(self, group_id: str) -> dict[str, tuple[str, ...]]:
        """Contact key -> the serving units behind it (a parallel set counts once)."""
        out: dict[str, list[str]] = {}
        for uid in self.serving.get(group_id, ()):
            out.setdefault(self.contact_key(uid), []).append(uid)
        return {k: tuple(v) for k, v in out.items()}

    def contact_count(self, group_id: str) -> int:
        return len({self.contact_key(u) for u in self.serving.get(group_id, ())})

    # Escalation ------------------------------------------------------------
    def escalation(self, ids: Iterable[str]) -> str | None:
        """The LCA of the own, known units among ``ids``; None when there is none."""
        own = self._own_ids.intersection(ids)
        try:
            return self._lca[own]
        except KeyError:
            pass
        result: str | None
        if len(own) == 1:
            (result,) = own
        else:
            result = self.chain.lca(own) if own else None
        self._lca[own] = result
        return result

    def parent(self, unit_id: str) -> str | None:
        return self.chain.parent(unit_id) if unit_id in self.chain else None

    def level(self, unit_id: str | None) -> str:
        try:
            return self._levels[unit_id]
        except KeyError:
            pass
        level = self._levels[unit_id] = self.chain.level(unit_id if unit_id in self.units else None)
        return level

    # Groups and principles -------------------------------------------------
    @cached_property
    def serving(self) -> dict[str, tuple[str, ...]]:
        """Group id -> serving unit ids (sorted, no repeats)."""
        return {g: tuple(sorted(us)) for g, us in self.map.serving_units.items()}

    @cached_property
    def active_by_group(self) -> dict[str, tuple[Principle, ...]]:
        """Group id -> covering principles that are agreed or practised."""
        out: dict[str, tuple[Principle, ...]] = {}
        for g, ps in self.map.principles_by_group.items():
            active = tuple(p for p in ps if p.status.is_binding)
            if active:
                out[g] = active
        return out

    def perspective_members(self, group_id: str) -> dict[str, set[str]]:
        """Unit id -> active perspective principles covering the group that it adopted."""
        out: dict[str, set[str]] = {}
        for p in self.active_by_group.get(group_id, ()):
            if p.kind == PrincipleKind.PERSPECTIVE:
                for u in self.map.adopters.get(p.id, ()):
                    out.setdefault(u, set()).add(p.id)
        return out

    @cached_property
    def _values(self) -> dict[str, dict[str, list[tuple[str, str, str]]]]:
        out: dict[str, dict[str, list[tuple[str, str, str]]]] = {"goal": {}, "paradigm": {}}
        for s in self.map.services:
            for attr in ("goal", "paradigm"):
                raw = getattr(s, attr)
                value = norm(raw)
                if value:
                    out[attr].setdefault(s.group_id, []).append((s.unit_id, value, raw.strip()))
        return out

    def values(self, group_id: str, attr: str) -> list[tuple[str, str, str]]:
        """(unit, compare form, text as written) of each non-empty goal or paradigm, in
        the services table's order."""
        return self._values[attr].get(group_id, [])

    @cached_property
    def neighbours(self) -> dict[str, set[str]]:
        """Unit id -> units it has a relation with, in either direction."""
        out: dict[str, set[str]] = {}
        for r in self.map.relations:
            out.setdefault(r.unit_a, set()).add(r.unit_b)
            out.setdefault(r.unit_b, set()).add(r.unit_a)
        return out

    def citizens(self, group_ids: Iterable[str]) -> int:
        groups = self.map.groups_by_id
        if type(group_ids) is tuple and len(group_ids) == 1:  # the usual case
            g = groups.get(group_ids[0])
            return (g.est_size or 0) if g else 0
        return sum((g.est_size or 0) for gid in set(group_ids) if (g := groups.get(gid)))
