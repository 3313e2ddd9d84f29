"""Build a networkx graph from a :class:`~mapping.model.Map`.

Node keys are namespaced strings so that a unit and a group may share an id:
``unit:<id>``, ``group:<id>`` and ``principle:<id>``. Every node has ``kind``
(``unit``, ``group``, ``principle``), ``ref`` (the record id) and ``label``;
every edge has ``kind``: ``chain`` (parent -> child), ``serves`` (unit ->
group), ``covers`` (principle -> group), ``adopts`` (unit -> principle),
``owns`` and ``funds`` (unit -> principle), ``relation`` (unit_a -> unit_b).

>>> from mapping.model import Map, Unit
>>> g = build_graph(Map(units=(Unit("a", "A"), Unit("b", "B", parent_id="a"))))
>>> sorted(g.nodes)
['unit:a', 'unit:b']
>>> [d["kind"] for _, _, d in g.edges(data=True)]
['chain']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mapping.model import Map

if TYPE_CHECKING:  # networkx is imported where a graph is built: node keys need none of it
    import networkx as nx

NODE_KINDS: tuple[str, ...] = ("unit", "group", "principle")
EDGE_KINDS: tuple[str, ...] = ("chain", "serves", "covers", "adopts", "owns", "funds", "relation")


def unit_node(unit_id: str) -> str:
    return f"unit:{unit_id}"


def group_node(group_id: str) -> str:
    return f"group:{group_id}"


def principle_node(principle_id: str) -> str:
    return f"principle:{principle_id}"


def build_graph(m: Map) -> nx.MultiDiGraph[str]:
    """Return a new multi-digraph of the map's records and links.

    References to unknown records are skipped, never invented: validation is
    the interchange layer's job, and a graph of a half-edited map must build.
    """
    import networkx as nx

    g: nx.MultiDiGraph[str] = nx.MultiDiGraph(name=m.name)
    g.add_nodes_from(
        (
            unit_node(u.id),
            {
                "kind": "unit",
                "ref": u.id,
                "label": u.name,
                "sector": u.sector,
                "external": u.external,
                "leader": u.leader,
                "staff_count": u.staff_count,
            },
        )
        for u in m.units
    )
    g.add_nodes_from(
        (
            group_node(c.id),
            {"kind": "group", "ref": c.id, "label": c.name, "est_size": c.est_size},
        )
        for c in m.citizen_groups
    )
    g.add_nodes_from(
        (
            principle_node(p.id),
            {
                "kind": "principle",
                "ref": p.id,
                "label": p.name,
                "principle_kind": p.kind.value,
                "status": p.status.value,
            },
        )
        for p in m.principles
    )

    units, groups, principles = m.units_by_id, m.groups_by_id, m.principles_by_id
    edges: list[tuple[str, str, dict[str, object]]] = []
    for u in m.units:
        if u.parent_id in units:
            edges.append((unit_node(u.parent_id), unit_node(u.id), {"kind": "chain"}))
    for s in m.services:
        if s.unit_id in units and s.group_id in groups:
            edges.append(
                (
                    unit_node(s.unit_id),
                    group_node(s.group_id),
                    {"kind": "serves", "goal": s.goal, "paradigm": s.paradigm},
                )
            )
    for p in m.principles:
        for gid in dict.fromkeys(p.group_ids):
            if gid in groups:
                edges.append((principle_node(p.id), group_node(gid), {"kind": "covers"}))
        for kind, uid in (("owns", p.owner_unit_id), ("funds", p.funding_unit_id)):
            if uid in units:
                edges.append((unit_node(uid), principle_node(p.id), {"kind": kind}))
    for a in m.adoptions:
        if a.unit_id in units and a.principle_id in principles:
            edges.append((unit_node(a.unit_id), principle_node(a.principle_id), {"kind": "adopts"}))
    for r in m.relations:
        if r.unit_a in units and r.unit_b in units:
            edges.append(
                (
                    unit_node(r.unit_a),
                    unit_node(r.unit_b),
                    {"kind": "relation", "rc_score": r.rc_score, "note": r.note},
                )
            )
    g.add_edges_from(edges)
    return g
