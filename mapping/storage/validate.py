"""Check a would-be map before anything is written.

Uses :func:`mapping.validation.validate_map` (the interchange layer's domain
checks) when it is available; the small fallback below covers references,
duplicates and the management chain so storage never stores a broken map.

>>> from mapping.model import Map, Service, Unit
>>> _fallback(Map(units=(Unit("a", "A"),), services=(Service("a", "x"),)))
["ydelse 'a/x': ukendt borgergruppe 'x'"]
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from mapping.model import Map
from mapping.storage.records import KEY_FIELDS, TABLE_LABELS, record_key


def problems(m: Map) -> list[Any]:
    """Problems that make ``m`` invalid (Problem objects or Danish strings)."""
    try:
        from mapping.validation import validate_map
    except ImportError:
        return _fallback(m)
    return list(validate_map(m))


def _fallback(m: Map) -> list[str]:
    out: list[str] = []
    for table in KEY_FIELDS:
        counts = Counter(record_key(table, r) for r in getattr(m, table))
        out += [
            f"{TABLE_LABELS[table]} {'/'.join(k)!r} findes {n} gange"
            for k, n in counts.items()
            if n > 1
        ]
    units, groups, principles = m.units_by_id, m.groups_by_id, m.principles_by_id

    def ref(where: str, kind: str, value: str | None, known: dict[str, Any]) -> None:
        if value is not None and value not in known:
            out.append(f"{where}: ukendt {kind} {value!r}")

    for u in m.units:
        ref(f"enhed {u.id!r}", "overordnet enhed", u.parent_id, units)
        parent = units.get(u.parent_id or "")
        if parent is not None and parent.external:
            out.append(f"enhed {u.id!r}: den overordnede enhed {parent.id!r} er en ekstern partner")
    for g in m.citizen_groups:
        ref(f"borgergruppe {g.id!r}", "enhed", g.lead_unit_id, units)
    for s in m.services:
        where = f"ydelse '{s.unit_id}/{s.group_id}'"
        ref(where, "enhed", s.unit_id, units)
        ref(where, "borgergruppe", s.group_id, groups)
    for p in m.principles:
        ref(f"princip {p.id!r}", "ejer-enhed", p.owner_unit_id, units)
        ref(f"princip {p.id!r}", "finansierende enhed", p.funding_unit_id, units)
        for g in p.group_ids:
            ref(f"princip {p.id!r}", "borgergruppe", g, groups)
    for a in m.adoptions:
        ref(f"tilslutning '{a.principle_id}/{a.unit_id}'", "princip", a.principle_id, principles)
        ref(f"tilslutning '{a.principle_id}/{a.unit_id}'", "enhed", a.unit_id, units)
    for r in m.relations:
        ref(f"relation '{r.unit_a}/{r.unit_b}'", "enhed", r.unit_a, units)
        ref(f"relation '{r.unit_a}/{r.unit_b}'", "enhed", r.unit_b, units)
        if r.rc_score is not None and not 1 <= r.rc_score <= 5:
            out.append(f"relation '{r.unit_a}/{r.unit_b}': rc_score skal være mellem 1 og 5")
    out += _cycles(m)
    return out


def _cycles(m: Map) -> list[str]:
    parent = {u.id: u.parent_id for u in m.units}
    done: set[str] = set()
    out: list[str] = []
    for start in parent:
        path: list[str] = []
        seen: set[str] = set()
        node: str | None = start
        while node is not None and node in parent and node not in done:
            if node in seen:
                cycle = path[path.index(node) :]
                out.append("ledelseskæden har en løkke: " + " -> ".join([*cycle, node]))
                break
            seen.add(node)
            path.append(node)
            node = parent[node]
        done.update(path)
    return out
