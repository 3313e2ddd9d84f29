"""Diagrams and exports of a map: the interactive network, static images,
graph files and the printable report.

Everything here is pure rendering: a :class:`~mapping.model.Map` and its gaps
in, a string or bytes out (only :func:`export_view` writes a file).

>>> from mapping.visual import ViewFilter, VISUAL_EXTENSIONS
>>> ".gexf" in VISUAL_EXTENSIONS and ViewFilter().is_empty
True
"""

from mapping.visual.export import (
    MEDIA_TYPES,
    REPORT_EXTENSIONS,
    VISUAL_EXTENSIONS,
    export_bytes,
    export_view,
    suffix_of,
)
from mapping.visual.filters import ViewFilter, apply_filter
from mapping.visual.graphio import to_gexf, to_graphml, to_node_link_json
from mapping.visual.layout import chain_layout, network_layout
from mapping.visual.network import network_html
from mapping.visual.report import gaps_csv, report_sheets, report_workbook, report_workbook_bytes
from mapping.visual.static import static_figure, static_image

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
