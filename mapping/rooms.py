"""Who sees which findings: *Start her* and a leader's room (*Mit ledelsesrum*).

A leader's room splits the findings that concern one unit in three parts:

- ``own``: ``local`` findings the unit is involved in (as one of the units or
  as a partner). Its leader can act on them together with the other leaders
  named, inside their own room to act.
- ``desk``: findings escalated *to* the unit (it is their escalation point),
  that are not already in ``own``: what lands on the leader's desk, grouped
  by the unit or units right below it that they concern. A root unit's desk
  also holds the findings that go to top management because they have no
  common leader, when some of their units are under it (or they have none).
- ``to_raise``: ``chain`` findings the unit is involved in that must be
  decided higher up, grouped by the unit above that decides them (``None``:
  top management).

Every finding that names the unit or is escalated to it is in exactly one
part, so the room's counts add up to what the management chain shows.

>>> from mapping.model import Map, Unit, CitizenGroup, Service
>>> from mapping.gaps import find_findings
>>> m = Map(
...     units=(Unit("dir", "Direktion"), Unit("bu", "Børn og Unge", parent_id="dir"),
...            Unit("skole", "Skolen", parent_id="bu"), Unit("fam", "Familie", parent_id="bu")),
...     citizen_groups=(CitizenGroup("g", "Gruppen"),),
...     services=(Service("skole", "g", paradigm="A"), Service("fam", "g", paradigm="B")))
>>> found = find_findings(m)
>>> [f.id for f in found]
['HK101:g', 'HK301:g', 'HK401:g']
>>> room = room_for(m, found, "bu")
>>> [(d.below, [f.id for f in d.findings]) for d in room.desk]
[(('fam', 'skole'), ['HK101:g', 'HK301:g', 'HK401:g'])]
>>> school = room_for(m, found, "skole")
>>> [f.id for f in school.own], [(up, [f.id for f in fs]) for up, fs in school.to_raise]
(['HK401:g'], [('bu', ['HK101:g', 'HK301:g'])])
>>> [f.id for f in start_here(found, {}, limit=2)]
['HK101:g', 'HK301:g']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from mapping.chain import TOP, ManagementChain, chain_of
from mapping.gaps.core import Finding
from mapping.model import Decision, DecisionStatus, Map

START_LIMIT = 5
"""How many findings *Start her* shows."""


@dataclass(frozen=True, slots=True)
class DeskGroup:
    """Findings on a leader's desk that concern the same unit(s) right below it.

    ``below`` are those units' ids in name order; the leader's own unit is
    among them when it is involved itself; empty when only partners are.
    """

    below: tuple[str, ...]
    findings: tuple[Finding, ...]


@dataclass(frozen=True, slots=True)
class Room:
    """One unit's findings in the three parts of its room (see the module)."""

    unit_id: str
    own: tuple[Finding, ...]
    desk: tuple[DeskGroup, ...]
    to_raise: tuple[tuple[str | None, tuple[Finding, ...]], ...]

    @property
    def desk_findings(self) -> tuple[Finding, ...]:
        """Every finding on the desk, in the fixed order."""
        return _ordered(f for d in self.desk for f in d.findings)

    @property
    def raise_findings(self) -> tuple[Finding, ...]:
        return _ordered(f for _, fs in self.to_raise for f in fs)

    @property
    def all(self) -> tuple[Finding, ...]:
        """The three parts together, in the fixed order."""
        return _ordered((*self.own, *self.desk_findings, *self.raise_findings))


def _ordered(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(sorted(findings, key=lambda f: f.sort_key))


def is_open(decision: Decision | None) -> bool:
    """Whether a finding with this decision still counts as open (accepted ones do not).

    >>> is_open(None), is_open(Decision("HK101:g", DecisionStatus.ACCEPTED))
    (True, False)
    """
    return decision is None or decision.status != DecisionStatus.ACCEPTED


def start_here(
    findings: Sequence[Finding],
    decisions: Mapping[str, Decision],
    limit: int = START_LIMIT,
) -> list[Finding]:
    """The findings to take first: the open ones in the fixed order, at most ``limit``.

    A finding whose barrier the leaders accepted is not open and is left out.
    """
    return [f for f in _ordered(findings) if is_open(decisions.get(f.id))][:limit]


def roots_over(chain: ManagementChain, unit_ids: Iterable[str]) -> set[str]:
    """The roots of the chain above the given own units."""
    return {chain.ancestors(u)[-1] for u in unit_ids if u in chain}


def lands_on(m: Map, f: Finding, unit_id: str, chain: ManagementChain | None = None) -> bool:
    """Whether ``f`` is escalated to ``unit_id`` (top management findings land on roots)."""
    if f.escalate_to is not None:
        return f.escalate_to == unit_id
    chain = chain or chain_of(m)
    if unit_id not in chain or chain.parent(unit_id) is not None or chain.is_external(unit_id):
        return False
    return not f.units or unit_id in roots_over(chain, f.units)


def _below(chain: ManagementChain, unit_id: str, f: Finding) -> tuple[str, ...]:
    """The units right below ``unit_id`` (or itself) on the way to the finding's units."""
    out: set[str] = set()
    for u in f.units:
        if u not in chain:
            continue
        path = chain.ancestors(u)
        if unit_id in path:
            i = path.index(unit_id)
            out.add(path[i - 1] if i > 0 else unit_id)
    return tuple(out)


def room_for(
    m: Map, findings: Sequence[Finding], unit_id: str, chain: ManagementChain | None = None
) -> Room:
    """The room of ``unit_id``: its own, desk and to-raise findings (see the module)."""
    chain = chain or chain_of(m)
    units = m.units_by_id

    def name(uid: str) -> tuple[str, str]:
        u = units.get(uid)
        return ((u.name if u else uid).casefold(), uid)

    own: list[Finding] = []
    desk: dict[tuple[str, ...], list[Finding]] = {}
    up: dict[str | None, list[Finding]] = {}
    for f in _ordered(findings):
        involved = unit_id in f.units or unit_id in f.partners
        if involved and f.acts == "local":
            own.append(f)
        elif lands_on(m, f, unit_id, chain):
            below = tuple(sorted(_below(chain, unit_id, f), key=name))
            desk.setdefault(below, []).append(f)
        elif involved:
            up.setdefault(f.escalate_to, []).append(f)
    # Groups in the order of their most pressing finding (findings are already ordered).
    return Room(
        unit_id,
        tuple(own),
        tuple(DeskGroup(k, tuple(v)) for k, v in desk.items()),
        tuple((k, tuple(v)) for k, v in up.items()),
    )


def for_level(findings: Sequence[Finding], level: str) -> list[Finding]:
    """Findings to be decided at ``level`` (``topledelse`` includes those with no common leader).

    >>> for_level([], "afdeling")
    []
    """
    return [f for f in _ordered(findings) if f.escalation_level == level]


def levels_in(m: Map, chain: ManagementChain | None = None) -> list[str]:
    """The levels of the map's own units, top first (``topledelse`` always)."""
    chain = chain or chain_of(m)
    order = ("topledelse", "forvaltning", "afdeling", "enhed")
    found = {chain.level(u.id) for u in m.units if not u.external} | {TOP}
    return [lvl for lvl in order if lvl in found]


def concerns(m: Map, f: Finding, unit_id: str, chain: ManagementChain | None = None) -> bool:
    """Whether ``f`` belongs in the room of ``unit_id`` (any of its three parts)."""
    return unit_id in f.units or unit_id in f.partners or lands_on(m, f, unit_id, chain)
