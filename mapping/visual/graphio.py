"""Graph files for Gephi, yEd and other tools: GraphML, GEXF and node-link JSON.

Every node carries typed attributes (``kind``, ``label``, ``sector``, ``external``,
``staff_count``, ``est_size``, ``status``, ``principle_kind``) plus the gap flags
``gap_count``, ``worst_severity`` and ``gap_codes`` (``;``-joined). Missing values
are left out rather than written as ``None``; characters XML 1.0 cannot hold are
removed from every string, ids included.

>>> from mapping.model import Map, Unit
>>> data = to_graphml(Map(units=(Unit("a", "A\\x01B", staff_count=3),)), [])
>>> b"\\x01" in data, b'attr.type="int"' in data or b'attr.type="long"' in data
(False, True)
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Sequence

import networkx as nx

from mapping.gaps.core import severity_rank
from mapping.graph import build_graph, unit_node
from mapping.model import Map

from .filters import GapLike, gap_nodes
from .style import gap_pairs

_XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold.

    >>> xml_safe("a\\x00b\\x1fc\\ufffed")
    'abcd'
    """
    return _XML_ILLEGAL.sub("", text)


def _clean(value: object) -> object:
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, bool | int | float):
        return value
    return xml_safe(str(value))


def export_graph(m: Map, gaps: Sequence[GapLike]) -> nx.MultiDiGraph[str]:
    """The map's graph with gap flags and gap edges, cleaned for XML and typed."""
    g = build_graph(m)
    per_node: dict[str, list[GapLike]] = {}
    for gap in gaps:
        for n in dict.fromkeys(gap_nodes(gap)):
            per_node.setdefault(n, []).append(gap)
    for n, data in g.nodes(data=True):
        mine = per_node.get(n, [])
        data["gap_count"] = len(mine)
        data["worst_severity"] = min((x.severity for x in mine), key=severity_rank, default="")
        data["gap_codes"] = ";".join(sorted({x.code for x in mine}))
        data["finding_ids"] = ";".join(sorted({x.id for x in mine}))
    for ua, ub, gap in gap_pairs(gaps):
        a, b = unit_node(ua), unit_node(ub)
        if a in g and b in g:
            g.add_edge(
                a,
                b,
                kind="gap",
                code=gap.code,
                finding=gap.id,
                severity=gap.severity,
                title=gap.title.da,
                groups=";".join(gap.groups),
            )
    out: nx.MultiDiGraph[str] = nx.MultiDiGraph(name=xml_safe(str(g.graph.get("name", ""))))
    ids: dict[str, str] = {}
    for n, data in g.nodes(data=True):
        clean = xml_safe(n)
        while clean in ids.values():  # two ids differing only by a stripped character
            clean += "_"
        ids[n] = clean
        out.add_node(clean, **{k: _clean(v) for k, v in data.items() if v is not None})
    for a, b, data in g.edges(data=True):
        out.add_edge(ids[a], ids[b], **{k: _clean(v) for k, v in data.items() if v is not None})
    return out


def to_graphml(m: Map, gaps: Sequence[GapLike]) -> bytes:
    """GraphML (UTF-8) with typed ``<key>`` declarations."""
    buf = io.BytesIO()
    nx.write_graphml_xml(export_graph(m, gaps), buf, encoding="utf-8")
    return buf.getvalue()


def to_gexf(m: Map, gaps: Sequence[GapLike]) -> bytes:
    """GEXF 1.2 (UTF-8) for Gephi."""
    g = export_graph(m, gaps)
    for _, _, data in g.edges(data=True):
        data["label"] = data["kind"]  # Gephi shows edge labels; gives each a meaning
    buf = io.BytesIO()
    nx.write_gexf(g, buf, encoding="utf-8", version="1.2draft")
    return buf.getvalue()


def to_node_link_json(m: Map, gaps: Sequence[GapLike]) -> bytes:
    """networkx node-link JSON (``nodes`` and ``edges`` lists)."""
    data = nx.node_link_data(export_graph(m, gaps), edges="edges")
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
