"""Kortet: the interactive map with filters, layout switch and downloads."""

import streamlit as st

from mapping.gaps.core import SEVERITIES
from mapping.ui import diagram, state
from mapping.ui.common import group_label, rule_label, severity_label, unit_label
from mapping.ui.errors import guard
from mapping.ui.i18n import lang, lk, t

st.title(t("overview.title"))
cur = state.require_current()
m = cur.map

with guard(stop=True):
    from mapping.gaps import RULES
    from mapping.visual.filters import ViewFilter

    gaps = state.gaps(cur)
    c1, c2, c3 = st.columns(3)
    sectors = sorted({u.sector for u in m.units if u.sector} | set(cur.settings.sectors))
    sel_sectors = c1.multiselect(
        t("filter.sector"), sectors, key="ov_sectors", placeholder=t("common.choose_many")
    )
    sel_groups = c2.multiselect(
        t("filter.group"),
        [g.id for g in m.citizen_groups],
        format_func=lambda gid: group_label(m, gid),
        key="ov_groups",
        placeholder=t("common.choose_many"),
    )
    sel_rules = c3.multiselect(
        t("filter.rule"),
        [r.code for r in RULES],
        format_func=rule_label,
        key="ov_rules",
        placeholder=t("common.choose_many"),
    )
    c4, c5, c6 = st.columns(3)
    sel_sev = c4.multiselect(
        t("filter.severity"),
        list(SEVERITIES),
        format_func=severity_label,
        key=lk("ov_sev"),
        placeholder=t("common.choose_many"),
    )
    focus_opts = (
        [""] + [f"unit:{u.id}" for u in m.units] + [f"group:{g.id}" for g in m.citizen_groups]
    )

    def _focus_label(node: str) -> str:
        if not node:
            return "—"
        kind, _, rid = node.partition(":")
        return unit_label(m, rid) if kind == "unit" else group_label(m, rid)

    focus = c5.selectbox(t("filter.focus"), focus_opts, format_func=_focus_label, key="ov_focus")
    layout = c6.radio(
        t("overview.layout"),
        ["network", "chain"],
        format_func=lambda v: t(f"overview.layout_{v}"),
        horizontal=True,
        key=lk("ov_layout"),
    )
    view = ViewFilter.of(
        sectors=sel_sectors,
        groups=sel_groups,
        rules=sel_rules,
        severities=sel_sev,
        focus=focus or None,
        depth=2,
    )
    title = m.name or t("app.title")
    html = diagram.network_html(cur, view, layout, title, lang(), legend_open=False)
    st.caption(
        t(
            "overview.summary",
            units=len(m.units),
            groups=len(m.citizen_groups),
            principles=len(m.principles),
            gaps=len(gaps),
        )
    )
    st.iframe(html, height=680, alt=t("overview.iframe_alt"))

    st.subheader(t("overview.download"))
    cols = st.columns(len(diagram.FORMATS))
    for col, (fmt, (ext, mime)) in zip(cols, diagram.FORMATS.items(), strict=True):
        with col:
            st.download_button(
                fmt.upper(),
                data=diagram.exporter(cur, fmt, view, layout, title, lang()),
                file_name=f"helhedskort.{ext}",
                mime=mime,
                on_click="ignore",
                key=f"ov_dl_{fmt}",
            )
    # The whole map as a report, the gap list for Danish Excel and graph data.
    cols = st.columns(len(diagram.REPORTS))
    for col, (fmt, (fname, mime, label)) in zip(cols, diagram.REPORTS.items(), strict=True):
        with col:
            st.download_button(
                t(label),
                data=diagram.exporter(cur, fmt, view, layout, title, lang()),
                file_name=fname,
                mime=mime,
                on_click="ignore",
                key=f"ov_dl_{fmt}",
            )
