"""The app's downloads of a map view: the same export function, filters and media
types as ``helhedskort export`` (:func:`mapping.visual.export.export_bytes`), so a
file from the app and one from the command line with the same view are the
same bytes. Every file is named ``<kort>-<dato>.<ext>`` (with a word between
when two downloads share an extension).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mapping.ui import state
from mapping.visual.export import MEDIA_TYPES, export_bytes, export_filename


@dataclass(frozen=True)
class Download:
    """One download button: the export type (as the CLI reads it from a file name),
    the catalogue key of its label (None: the type in capitals) and the catalogue
    key of the word in its file name (None: none)."""

    suffix: str
    label_key: str | None = None
    part_key: str | None = None

    @property
    def mime(self) -> str:
        return MEDIA_TYPES[self.suffix]

    @property
    def key(self) -> str:
        """A widget key part: ``png``, ``nodelink_json``."""
        return self.suffix.strip(".").replace(".", "_")


# The diagram of the view, then the view's report, gap list and graph data.
DIAGRAMS: tuple[Download, ...] = tuple(
    Download(s) for s in (".html", ".png", ".svg", ".pdf", ".graphml", ".gexf")
)
REPORTS: tuple[Download, ...] = (
    Download(".xlsx", "overview.dl_report", "file.report"),
    Download(".csv", "overview.dl_gaps_csv", "file.gaps"),
    Download(".nodelink.json", "overview.dl_node_link"),
)
REPORT = REPORTS[0]
# The matrices page's workbook (made by that page): only its label and name.
MATRICES = Download(".xlsx", "matrices.download", "file.matrices")


def label(d: Download) -> str:
    from mapping.ui.i18n import t

    return t(d.label_key) if d.label_key else d.suffix.strip(".").upper()


def file_name(map_name: str, d: Download, day: dt.date | None = None) -> str:
    """``Fjordby-Kommune-2026-11-30.svg``; the report ``…-rapport-….xlsx``."""
    from mapping.ui.i18n import t

    part = t(d.part_key) if d.part_key else ""
    return export_filename(map_name, day or dt.date.today(), d.suffix, part)


def producer(
    cur: state.Current, d: Download, view: Any = None, layout: str = "network", title: str = ""
) -> Callable[[], bytes]:
    """The file's bytes, made only when the user clicks (in the session's language)."""
    from mapping.ui.i18n import lang

    m, gaps, code = cur.map, state.gaps(cur), lang()

    def produce() -> bytes:
        return export_bytes(m, gaps, d.suffix, view=view, layout=layout, title=title, lang=code)  # type: ignore[arg-type]

    return produce


def button(
    cur: state.Current,
    d: Download,
    *,
    key: str,
    view: Any = None,
    layout: str = "network",
    title: str = "",
    text: str | None = None,
    container: Any = None,
) -> None:
    """A download button for ``d`` of the view, named after the map and today."""
    import streamlit as st

    (container or st).download_button(
        text or label(d),
        data=producer(cur, d, view, layout, title),
        file_name=file_name(cur.map.name, d),
        mime=d.mime,
        on_click="ignore",
        key=key,
    )
