"""The map page's diagram (a Streamlit component) and cached calls into
:mod:`mapping.visual` for it (its downloads are :mod:`mapping.ui.downloads`).

The component is ``mapping/visual/web/index.html``: the same vis-network page
as the exported file, served by Streamlit from that folder, with its scripts in
files (its policy allows no inline script) and the map's data handed over as
component arguments, never as HTML. It returns the node the reader chose.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import streamlit as st
import streamlit.components.v1 as components

from mapping.model import Map
from mapping.ui import state
from mapping.visual.network import WEB


@dataclass(frozen=True)
class View:
    """One view of the map as the component gets it, and what it shows."""

    data: bytes  # the component's data, JSON
    key: str  # changes whenever ``data`` does
    counts: dict[str, int]  # nodes, unit, group, principle, gaps
    nodes: frozenset[str]  # the node keys shown
    gaps: tuple[Any, ...]  # the gaps drawn


@st.cache_resource(show_spinner=False, max_entries=32)
def _view(
    key: tuple[str, int, int], view: Any, layout: str, lang: str, _m: Map, _gaps: list
) -> View:
    from mapping.visual.filters import apply_filter
    from mapping.visual.network import Lang, Layout, data_json, network_data

    # The page offers only these layouts and languages.
    as_layout, as_lang = cast(Layout, layout), cast(Lang, lang)
    data = network_data(_m, _gaps, view=view, layout=as_layout, lang=as_lang, embedded=True)
    raw = data_json(data)
    shown, kept = apply_filter(_m, _gaps, view)
    digest = hashlib.sha256(raw).hexdigest()[:20]
    return View(raw, digest, data["counts"], frozenset(shown), tuple(kept))


def view_data(cur: state.Current, view: Any, layout: str, lang: str) -> View:
    """The shown part of the map, built once per map version, view, layout and language."""
    return _view(cur.cache_key, view, layout, lang, cur.map, state.gaps(cur))


def _component() -> Any:
    # Declared on every run: Streamlit registers a component only inside a
    # script run (once per name and folder).
    return components.declare_component("kort", path=str(WEB))


def diagram(
    shown: View,
    *,
    key: str,
    height: int,
    selected: str | None,
    on_change: Callable[[], None] | None = None,
) -> dict | None:
    """Draw the view; returns ``{"node": id or None, "seq": n}`` after the reader's
    last choice (None before any). ``selected`` is the node the app has chosen."""
    value = _component()(
        data=shown.data,
        data_key=shown.key,
        height=height,
        selected=selected,
        key=key,
        default=None,
        tab_index=0,
        on_change=on_change,
    )
    return value if isinstance(value, dict) else None


@st.cache_resource(show_spinner=False, max_entries=16)
def _table(
    key: tuple[str, int, int], view: Any, layout: str, lang: str, _shown: View, _m: Map
) -> Any:
    import pandas as pd

    from mapping.catalogue import sector_label
    from mapping.ui.common import severity_label
    from mapping.ui.i18n import t
    from mapping.visual.style import gap_summary

    summary = gap_summary(_shown.gaps)
    rows = []
    for k in _shown.nodes:
        kind, _, rid = k.partition(":")
        rec: Any = {"unit": _m.units_by_id, "group": _m.groups_by_id}.get(kind, _m.principles_by_id)
        rec = rec.get(rid)
        if rec is None:
            continue
        if kind == "unit":
            label = t("overview.kind_external") if rec.external else t("overview.kind_unit")
        else:
            label = t(f"overview.kind_{kind}")
        count, worst = summary.get(k, (0, ""))
        rows.append(
            {
                "_key": k,
                t("overview.col_name"): rec.name,
                t("overview.col_kind"): label,
                t("col.sector"): sector_label(getattr(rec, "sector", "") or "", lang),
                t("overview.col_gaps"): count,
                t("overview.col_worst"): severity_label(worst) if count else "",
            }
        )
    rows.sort(key=lambda r: (r[t("overview.col_name")].casefold(), r["_key"]))
    return pd.DataFrame(rows)


def node_table(cur: state.Current, shown: View, view: Any, layout: str, lang: str) -> Any:
    """The shown nodes as a table: name, kind, sector, gaps, most severe (``_key``: node key)."""
    return _table(cur.cache_key, view, layout, lang, shown, cur.map)
