"""What a workshop about one citizen group looks at: contact points, camps, unknown pairs.

Pure functions of the map and its findings, for the *Workshop* page.

>>> from mapping.model import Map, Unit, CitizenGroup, Service
>>> m = Map(units=(Unit("s1", "Skole A", parallel_set="skoler"),
...                Unit("s2", "Skole B", parallel_set=" Skoler"), Unit("ppr", "PPR")),
...         citizen_groups=(CitizenGroup("g", "Børn med fravær"),),
...         services=(Service("s1", "g", paradigm="Inklusion"),
...                   Service("ppr", "g", paradigm="Udredning"),
...                   Service("s2", "g", paradigm="inklusion ")))
>>> [(c.label, c.units) for c in contact_points(m, "g")]
[('skoler', ('s1', 's2')), ('', ('ppr',))]
>>> [(c.value, c.units) for c in camps(m, "g", "paradigm")]
[('Inklusion', ('s1', 's2')), ('Udredning', ('ppr',))]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mapping.gaps.context import norm
from mapping.gaps.core import Camp, Finding
from mapping.model import Map


@dataclass(frozen=True, slots=True)
class ContactPoint:
    """Where the citizen meets the municipality: one unit, or a parallel set as one."""

    label: str  # the parallel set as first written; empty for a single unit
    units: tuple[str, ...]


def contact_points(m: Map, group_id: str) -> list[ContactPoint]:
    """The group's contact points in the order the services list them."""
    units = m.units_by_id
    points: dict[str, tuple[str, list[str]]] = {}
    for uid in m.serving_units.get(group_id, ()):
        u = units.get(uid)
        label = u.parallel_set.strip() if u else ""
        key = f"set:{norm(label)}" if label else f"unit:{uid}"
        points.setdefault(key, (label, []))[1].append(uid)
    return [ContactPoint(label, tuple(us)) for label, us in points.values()]


def camps(m: Map, group_id: str, attr: str) -> list[Camp]:
    """The serving units grouped by ``paradigm`` or ``goal`` (compared like the rules do).

    A camp's value is written as its first unit wrote it; units that gave
    none form a last camp with the value ``""``.
    """
    found: dict[str, tuple[str, list[str]]] = {}
    blank: list[str] = []
    for s in m.services:
        if s.group_id != group_id:
            continue
        value = getattr(s, attr).strip()
        if not value:
            if s.unit_id not in blank:
                blank.append(s.unit_id)
            continue
        entry = found.setdefault(norm(value), (value, []))
        if s.unit_id not in entry[1]:
            entry[1].append(s.unit_id)
    out = [Camp(v, tuple(us)) for _, (v, us) in sorted(found.items())]
    return [*out, Camp("", tuple(blank))] if blank else out


def unknown_pairs(findings: Sequence[Finding], group_id: str) -> tuple[list[tuple[str, str]], int]:
    """The group's unknown pairs (HK401) and their total (the list may be cut)."""
    for f in findings:
        if f.code == "HK401" and f.subject == group_id:
            pairs = [d for d in f.details if isinstance(d, tuple)]
            return pairs, max(f.detail_total, len(pairs))
    return [], 0


def group_findings(findings: Sequence[Finding], group_id: str) -> list[Finding]:
    """The findings that name the group, in the fixed order."""
    return sorted((f for f in findings if group_id in f.groups), key=lambda f: f.sort_key)
