"""Cached calls into :mod:`mapping.visual` for the map page and its downloads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from mapping.model import Map
from mapping.ui import state

# Download formats: id -> (file extension, mime type).
FORMATS: dict[str, tuple[str, str]] = {
    "html": ("html", "text/html"),
    "png": ("png", "image/png"),
    "svg": ("svg", "image/svg+xml"),
    "pdf": ("pdf", "application/pdf"),
    "graphml": ("graphml", "application/xml"),
    "gexf": ("gexf", "application/xml"),
}

# Whole-map reports: id -> (file name, mime type, catalogue key of the button label).
REPORTS: dict[str, tuple[str, str, str]] = {
    "report": (
        "helhedskort-rapport.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "overview.dl_report",
    ),
    "gaps_csv": ("helhedskort-huller.csv", "text/csv", "overview.dl_gaps_csv"),
    "node_link": ("helhedskort-netvaerk.json", "application/json", "overview.dl_node_link"),
}


@st.cache_resource(show_spinner=False, max_entries=32)
def _html(
    key: tuple[str, int, int],
    view: Any,
    layout: str,
    title: str,
    lang: str,
    legend_open: bool,
    _m: Map,
    _gaps: list,
) -> str:
    from mapping.visual.network import network_html

    return network_html(
        _m, _gaps, view=view, layout=layout, title=title, lang=lang, legend_open=legend_open
    )


def network_html(
    cur: state.Current, view: Any, layout: str, title: str, lang: str, *, legend_open: bool = True
) -> str:
    """The interactive diagram's HTML, built once per map version and view.

    The page embeds it with the legend folded; the download keeps it open.
    """
    return _html(cur.cache_key, view, layout, title, lang, legend_open, cur.map, state.gaps(cur))


def exporter(
    cur: state.Current, fmt: str, view: Any, layout: str, title: str, lang: str
) -> Callable[[], bytes]:
    """A deferred producer of one download, run only when the user clicks."""
    m, gaps = cur.map, state.gaps(cur)

    def produce() -> bytes:
        if fmt == "html":
            return network_html(cur, view, layout, title, lang).encode("utf-8")
        if fmt in ("png", "svg", "pdf"):
            from mapping.visual.static import static_image

            return static_image(m, gaps, fmt=fmt, view=view, layout=layout, title=title, lang=lang)
        if fmt == "report":
            from mapping.visual.report import report_workbook_bytes

            return report_workbook_bytes(m, gaps, lang=lang)
        if fmt == "gaps_csv":
            from mapping.visual.report import gaps_csv

            return gaps_csv(gaps, excel_danish=True, lang=lang)
        if fmt == "node_link":
            from mapping.visual.graphio import to_node_link_json

            return to_node_link_json(m, gaps)
        from mapping.visual.graphio import to_gexf, to_graphml

        # Graph files hold the whole map: Gephi and yEd do their own filtering.
        return to_graphml(m, gaps) if fmt == "graphml" else to_gexf(m, gaps)

    return produce
