"""Diagrams and exports of a map: the interactive network, static images,
graph files and the printable report.

Everything here is pure rendering: a :class:`~mapping.model.Map` and its gaps
in, a string or bytes out (only :func:`export_view` writes a file).

>>> from mapping.visual import ViewFilter, VISUAL_EXTENSIONS
>>> ".gexf" in VISUAL_EXTENSIONS and ViewFilter().is_empty
True
"""

from importlib import import_module
from typing import Any

# Name -> submodule. Loaded on first use: a caller that needs the gap CSV should
# not pay for igraph, numpy, matplotlib and pandas (seconds on a small CLI run).
_WHERE = {
    "MEDIA_TYPES": "export",
    "REPORT_EXTENSIONS": "export",
    "VISUAL_EXTENSIONS": "export",
    "export_bytes": "export",
    "export_view": "export",
    "suffix_of": "export",
    "ViewFilter": "filters",
    "apply_filter": "filters",
    "to_gexf": "graphio",
    "to_graphml": "graphio",
    "to_node_link_json": "graphio",
    "chain_layout": "layout",
    "network_layout": "layout",
    "network_html": "network",
    "gaps_csv": "report",
    "report_sheets": "report",
    "report_workbook": "report",
    "report_workbook_bytes": "report",
    "static_figure": "static",
    "static_image": "static",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(f"mapping.visual.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'mapping.visual' has no attribute {name!r}")


__all__ = [
    "MEDIA_TYPES",
    "REPORT_EXTENSIONS",
    "VISUAL_EXTENSIONS",
    "ViewFilter",
    "apply_filter",
    "chain_layout",
    "export_bytes",
    "export_view",
    "gaps_csv",
    "network_html",
    "network_layout",
    "report_sheets",
    "report_workbook",
    "report_workbook_bytes",
    "static_figure",
    "static_image",
    "suffix_of",
    "to_gexf",
    "to_graphml",
    "to_node_link_json",
]
