"""Kortet: the interactive map with filters, layout switch and downloads."""

import streamlit as st

from mapping.catalogue import sector_label
from mapping.gaps.core import SEVERITIES
from mapping.model import Map
from mapping.ui import diagram, downloads, state
from mapping.ui.common import group_label, rule_label, severity_label, unit_label
from mapping.ui.errors import guard
from mapping.ui.i18n import lang, lk, localized, t
from mapping.ui.node_panel import node_panel

DIAGRAM_KEY = "ov_diagram"
SELECTED = "ov_selected"
TABLE_PICK = "ov_table_pick"
HEIGHT = 760
LARGE = 300  # units: above this the map opens on one branch of the chain, not all of it


def _sector(s: str) -> str:
    return sector_label(s, lang())


def _branches(m: Map) -> list[tuple[str, int]]:
    """(unit id, depth) of every unit with units below it, in chain order (by name)."""
    children: dict[str | None, list] = {}
    for u in sorted(m.units, key=lambda u: (u.name.casefold(), u.id)):
        parent = u.parent_id if u.parent_id in m.units_by_id else None
        children.setdefault(parent, []).append(u)
    out, stack = [], [(u, 0) for u in reversed(children.get(None, []))]
    while stack:
        u, depth = stack.pop()
        if children.get(u.id):
            out.append((u.id, depth))
            stack.extend((c, depth + 1) for c in reversed(children[u.id]))
    return out


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
        t("filter.sector"),
        sectors,
        format_func=localized(_sector),
        key=lk("ov_sectors"),
        placeholder=t("common.choose_many"),
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
        format_func=localized(rule_label),
        key=lk("ov_rules"),
        placeholder=t("common.choose_many"),
    )
    c4, c5, c6 = st.columns(3)
    sel_sev = c4.multiselect(
        t("filter.severity"),
        list(SEVERITIES),
        format_func=localized(severity_label),
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

    focus = c5.selectbox(
        t("filter.focus"), focus_opts, format_func=localized(_focus_label), key="ov_focus"
    )
    # A large map opens on its first forvaltning (the whole map is one choice away):
    # thousands of nodes in one drawing are slow to send and hard to read.
    under = ""
    if len(m.units) > LARGE:
        heads = _branches(m)
        depth = dict(heads)
        first = next((u for u, d in heads if d == 1), heads[0][0] if heads else "")
        part_key = lk(f"ov_part:{cur.map_id}")
        st.session_state.setdefault(part_key, first)

        def _part_label(u: str) -> str:
            return (
                "\u2003" * depth[u] + m.units_by_id[u].name
                if u
                else t("overview.part_all", n=len(m.units))
            )

        under = st.selectbox(
            t("overview.part"),
            ["", *depth],
            format_func=localized(_part_label),
            key=part_key,
            help=t("overview.part_help"),
        )
    layout = c6.radio(
        t("overview.layout"),
        ["network", "chain"],
        format_func=localized(lambda v: t(f"overview.layout_{v}")),
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
        # A chosen node or group is shown wherever it sits, not only inside the part.
        under=None if focus or sel_groups else under or None,
    )
    title = m.name or t("app.title")
    shown = diagram.view_data(cur, view, layout, lang())
    c = shown.counts
    caption = t(
        "overview.shown",
        nodes=c["nodes"],
        units=c["unit"],
        groups=c["group"],
        principles=c["principle"],
        gaps=c["gaps"],
    )
    if not view.is_empty:
        caption += " — " + t(
            "overview.of_all",
            units=len(m.units),
            groups=len(m.citizen_groups),
            principles=len(m.principles),
            gaps=len(gaps),
        )
    st.caption(caption)

    # The chosen node lives in SELECTED; the map, the table and the panel's
    # close button change it through their callbacks.
    def _chosen_in_map() -> None:
        value = st.session_state.get(DIAGRAM_KEY)
        if isinstance(value, dict):
            st.session_state[SELECTED] = value.get("node")

    def _chosen_in_table() -> None:
        st.session_state[SELECTED] = st.session_state.get(TABLE_PICK)

    def _close() -> None:
        st.session_state[SELECTED] = None
        st.session_state[TABLE_PICK] = None

    chosen = st.session_state.get(SELECTED)
    chosen = chosen if chosen in shown.nodes else None
    cols = st.columns([5, 2] if chosen else [1])
    with cols[0]:
        diagram.diagram(
            shown, key=DIAGRAM_KEY, height=HEIGHT, selected=chosen, on_change=_chosen_in_map
        )
    if chosen:
        with cols[1]:
            node_panel(cur, chosen, shown.gaps, on_close=_close)
    else:
        st.caption(t("overview.click_hint"))

    table = diagram.node_table(cur, shown, view, layout, lang())
    with st.expander(t("overview.table", n=len(table))):
        st.caption(t("overview.table_help"))
        if len(table):
            names = dict(zip(table["_key"], table[t("overview.col_name")], strict=True))
            st.selectbox(
                t("overview.table_pick"),
                list(names),
                index=None,
                format_func=names.__getitem__,
                key=TABLE_PICK,
                on_change=_chosen_in_table,
                placeholder=t("overview.table_placeholder"),
            )
            st.dataframe(table.drop(columns="_key"), hide_index=True, width="stretch")

    st.header(t("overview.download"))
    st.caption(t("overview.download_help"))
    # The view as it is shown (filters and layout), exactly as `helhedskort export` writes it.
    for row in (downloads.DIAGRAMS, downloads.REPORTS):
        for col, d in zip(st.columns(len(row)), row, strict=True):
            downloads.button(
                cur, d, key=f"ov_dl_{d.key}", view=view, layout=layout, title=title, container=col
            )
