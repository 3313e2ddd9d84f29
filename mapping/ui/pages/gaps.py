"""Huller: Start her (the five findings to take first), then every gap with counts and filters."""

from collections import defaultdict

import streamlit as st

from mapping.catalogue import sector_label
from mapping.chain import level_name
from mapping.gaps.core import SEVERITIES, Finding
from mapping.model import Map
from mapping.ui import state
from mapping.ui.common import (
    CARD_PAGE,
    counts_table,
    escalation_label,
    gap_card,
    gap_frame,
    group_label,
    md,
    rule_label,
    severity_label,
    unit_label,
)
from mapping.ui.errors import guard
from mapping.ui.i18n import lang, lk, localized, t

PAGE_SIZE = CARD_PAGE
SECTIONS = 20  # escalation points listed at first; "show more" adds as many again
SECTIONS_KEY = "gp_sections"


def _sector(s: str) -> str:
    return sector_label(s, lang())


def _more_sections() -> None:
    st.session_state[SECTIONS_KEY] = int(st.session_state.get(SECTIONS_KEY, SECTIONS)) + SECTIONS


@st.cache_resource(show_spinner=False, max_entries=16)
def _frame(key: tuple, language: str, filters: tuple, _m: Map, _shown: list[Finding]) -> object:
    return gap_frame(_m, _shown)


st.title(t("gaps.title"))
cur = state.require_current()
m = cur.map

with guard(stop=True):
    from mapping.gaps import RULES

    gaps = state.gaps(cur)
    by_sev = {s: sum(1 for g in gaps if g.severity == s) for s in SEVERITIES}
    cols = st.columns(4)
    cols[0].metric(t("gaps.total"), len(gaps))
    for col, sev in zip(cols[1:], SEVERITIES, strict=True):
        col.metric(severity_label(sev), by_sev[sev])
    with st.expander(t("gaps.by_rule"), expanded=False):
        st.dataframe(counts_table(gaps), hide_index=True)

    # Start her: the first findings for whoever is looking (the map, a level, a unit).
    from mapping.rooms import for_level, levels_in, room_for
    from mapping.ui.findings_view import is_open, lazy_section, leader_label, start_here

    chain = state.chain(cur)
    scopes = ["map", *(f"level:{lv}" for lv in levels_in(m, chain))]
    scopes += [f"unit:{u.id}" for u in sorted(m.units, key=lambda u: (u.name.lower(), u.id))]

    def _scope_label(scope: str) -> str:
        kind, _, value = scope.partition(":")
        if kind == "level":
            return t("gaps.scope_level", level=level_name(value, lang()))
        if kind == "unit":
            return t("gaps.scope_unit", name=leader_label(m, value))
        return t("gaps.scope_map")

    scope = st.selectbox(
        t("gaps.scope"), scopes, format_func=localized(_scope_label), key=lk("gp_scope")
    )
    kind, _, value = scope.partition(":")
    if kind == "level":
        start_here(m, for_level(gaps, value), "gp_start")
    elif kind == "unit" and value in m.units_by_id:
        start_here(m, room_for(m, gaps, value, chain).all, "gp_start", viewer=value)
    else:
        start_here(m, gaps, "gp_start")
    st.header(t("gaps.all"))

    f1, f2, f3 = st.columns(3)
    f_rules = f1.multiselect(
        t("filter.rule"),
        [r.code for r in RULES],
        format_func=localized(rule_label),
        key=lk("gp_rules"),
        placeholder=t("common.choose_many"),
    )
    f_sev = f2.multiselect(
        t("filter.severity"),
        list(SEVERITIES),
        format_func=localized(severity_label),
        key=lk("gp_sev"),
        placeholder=t("common.choose_many"),
    )
    sectors = sorted({u.sector for u in m.units if u.sector})
    f_sectors = f3.multiselect(
        t("filter.sector"),
        sectors,
        format_func=localized(_sector),
        key=lk("gp_sectors"),
        placeholder=t("common.choose_many"),
    )
    f4, f5 = st.columns(2)
    f_groups = f4.multiselect(
        t("filter.group"),
        [g.id for g in m.citizen_groups],
        format_func=lambda gid: group_label(m, gid),
        key="gp_groups",
        placeholder=t("common.choose_many"),
    )

    def _point_label(uid: str) -> str:
        return unit_label(m, uid) if uid else t("gaps.top")

    # Top management first, then by name (not by id).
    points = sorted({g.escalate_to or "" for g in gaps}, key=lambda u: (u != "", _point_label(u)))
    f_points = f5.multiselect(
        t("filter.escalation"),
        points,
        format_func=localized(_point_label),
        key=lk("gp_points"),
        placeholder=t("common.choose_many"),
    )

    units = m.units_by_id

    def keep(g: Finding) -> bool:
        if f_rules and g.code not in f_rules:
            return False
        if f_sev and g.severity not in f_sev:
            return False
        if f_sectors and not any(units[u].sector in f_sectors for u in g.units if u in units):
            return False
        if f_groups and not set(g.groups) & set(f_groups):
            return False
        return not (f_points and (g.escalate_to or "") not in f_points)

    shown = [g for g in gaps if keep(g)]
    st.markdown(f"**{t('gaps.shown', n=len(shown), total=len(gaps))}**")
    filters = tuple(tuple(f) for f in (f_rules, f_sev, f_sectors, f_groups, f_points))
    # The table of every shown gap is built and sent only while it is open.
    table = lazy_section(t("gaps.table"), "gp_table", expanded=False)
    with table:
        if is_open(table):
            st.dataframe(_frame(cur.cache_key, lang(), filters, m, shown), hide_index=True)

    grouped: dict[tuple[str | None, str], list] = defaultdict(list)
    for g in shown:
        grouped[(g.escalate_to, g.escalation_level)].append(g)
    order = sorted(grouped, key=lambda k: (-len(grouped[k]), k[0] or ""))
    # Every escalation point is listed; long lists are cut per point, not overall,
    # so no leader's gaps disappear behind someone else's.
    limit = PAGE_SIZE
    if any(len(items) > PAGE_SIZE for items in grouped.values()):
        limit = int(
            st.number_input(
                t("gaps.limit"),
                min_value=PAGE_SIZE,
                step=PAGE_SIZE,
                value=PAGE_SIZE,
                key="gp_limit",
            )
        )
    # A national map has hundreds of escalation points: the busiest come first,
    # the rest one "show more" away, so the page does not draw them all at once.
    n_sections = max(SECTIONS, int(st.session_state.get(SECTIONS_KEY, SECTIONS)))
    idx = 0
    for point in order[:n_sections]:
        items = grouped[point]
        key = "gaps.group_header_one" if len(items) == 1 else "gaps.group_header"
        header = t(key, who=md(escalation_label(m, *point)), n=len(items))
        # Cards are drawn only in open sections: a large map has hundreds of leaders.
        section = lazy_section(
            header, f"gp_sec:{point[0] or ''}:{point[1]}", expanded=len(order) <= 3 or not idx
        )
        with section:
            if not is_open(section):
                idx += 1
                continue
            for g in items[:limit]:
                gap_card(m, g, idx, show_escalation=False)
                idx += 1
            if len(items) > limit:
                st.info(t("gaps.more_hidden"))
    if len(order) > n_sections:
        rest = len(order) - n_sections
        st.caption(t("gaps.sections_hidden", n=rest, total=len(order)))
        st.button(
            t("gaps.more_sections", n=min(SECTIONS, rest)),
            key="gp_more_sections",
            on_click=_more_sections,
            icon=":material/expand_more:",
        )
