"""Handlingsplan: every finding with the leaders' decision, filters, editing and exports.

Open findings come first, then the barriers the leaders accepted (not
counted as open), then findings that no longer fire, with their decision and
the date they closed (read from the history). A decision is edited with the
version the user saw, so two people cannot overwrite each other unnoticed.
"""

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from mapping.actionplan import (
    STATUSES,
    PlanFilter,
    filter_rows,
    plan_rows,
    subject_name,
    summary,
)
from mapping.chain import level_name
from mapping.rooms import levels_in
from mapping.ui import state
from mapping.ui.common import md
from mapping.ui.decision_form import decision_form
from mapping.ui.errors import guard
from mapping.ui.findings_view import (
    decision_summary,
    fmt_date,
    follow_link,
    keep_in_link,
    leader_label,
    status_label,
    who_acts,
    with_leader,
)
from mapping.ui.forms import show_flash
from mapping.ui.i18n import lang, lk, localized, t

URL_PARAM = "fund"


@st.cache_resource(show_spinner=False, max_entries=8)
def _closings(key: tuple, ids: tuple[str, ...], _engine: Any) -> dict:
    """When each decided finding that no longer fires closed (per map version)."""
    from mapping.storage.closings import closings

    return closings(_engine, key[1], ids)


def _rows(cur: state.Current) -> list:
    gaps = state.gaps(cur)
    firing = {f.id for f in gaps}
    gone = tuple(sorted(fid for fid in cur.map.decisions_by_finding if fid not in firing))
    closed = _closings(cur.cache_key, gone, state.engine()) if gone else {}
    return plan_rows(gaps, cur.map.decisions_by_finding, closed)


def _title(m: Any, r: Any) -> str:
    from mapping.gaps.registry import rule_by_code

    if r.finding is not None:
        title = r.finding.title.get(lang())
    else:
        try:
            title = rule_by_code(r.code).title.get(lang())
        except KeyError:
            title = r.code
    return f"{r.code} · {title} — {subject_name(m, r.finding_id)}"


@st.cache_resource(show_spinner=False, max_entries=32)
def _cached_frame(
    key: tuple, language: str, part: str, flt: Any, today: dt.date, _m: Any, _rows: list
) -> pd.DataFrame:
    """One part's table, per map version, language, filter and day (reruns are free)."""
    return _frame(_m, _rows, today)


def _frame(m: Any, rows: list, today: dt.date) -> pd.DataFrame:
    out = []
    for r in rows:
        f, d = r.finding, r.decision
        out.append(
            {
                t("plan.col_finding"): _title(m, r),
                t("plan.col_severity"): t(f"severity.{f.severity}") if f else "",
                t("plan.col_who"): who_acts(m, f) if f else "",
                t("plan.col_status"): status_label(r.status),
                t("plan.col_owner"): with_leader(m, d.owner_unit_id)
                if d and d.owner_unit_id
                else "",
                t("plan.col_due"): fmt_date(d.due) if d else "",
                t("plan.col_overdue"): "⚠" if r.overdue(today) else "",
                t("plan.col_decided"): " ".join(
                    x for x in (fmt_date(d.decided_on), d.decided_by) if x
                )
                if d
                else "",
                t("plan.col_note"): d.note if d else "",
                t("plan.col_closed"): fmt_date(r.closed_at)
                if r.closed_at
                else (t("plan.closed_before") if r.state == "closed" else ""),
                t("plan.col_id"): r.finding_id,
            }
        )
    return pd.DataFrame(out)


st.title(t("plan.title"))
cur = state.require_current()
m = cur.map
show_flash()

with guard(stop=True):
    today = dt.date.today()
    rows = _rows(cur)
    counts = summary(rows, today)
    k = st.columns(5)
    for col, name in zip(k, ("open", "undecided", "overdue", "accepted", "closed"), strict=True):
        col.metric(t(f"plan.count_{name}"), counts[name])
    st.caption(t("plan.help"))

    chain = state.chain(cur)
    leaders = sorted(
        {u.id for u in m.units if not u.external and u.leader.strip()}
        | {r.decision.owner_unit_id for r in rows if r.decision and r.decision.owner_unit_id},
        key=lambda u: leader_label(m, u).lower(),
    )
    f1, f2, f3, f4 = st.columns([3, 2, 3, 1])

    def _leader(u: str) -> str:
        return leader_label(m, u) if u else t("plan.everyone")

    def _level(v: str) -> str:
        return level_name(v, lang())

    leader = f1.selectbox(
        t("plan.leader"),
        ["", *leaders],
        format_func=localized(_leader),
        key=lk("pl_leader"),
    )
    levels = f2.multiselect(
        t("plan.level"),
        levels_in(m, chain),
        format_func=localized(_level),
        key=lk("pl_levels"),
        placeholder=t("common.choose_many"),
    )
    statuses = f3.multiselect(
        t("plan.status"),
        list(STATUSES),
        format_func=localized(status_label),
        key=lk("pl_status"),
        placeholder=t("common.choose_many"),
    )
    f4.markdown("&nbsp;")
    overdue = f4.checkbox(t("plan.overdue"), key="pl_overdue")
    flt = PlanFilter(leader or None, tuple(levels), tuple(statuses), overdue)
    shown = filter_rows(m, rows, flt, today)
    st.markdown(f"**{t('plan.shown', n=len(shown), total=len(rows))}**")

    parts = (
        ("open", t("plan.part_open")),
        ("accepted", t("plan.part_accepted")),
        ("closed", t("plan.part_closed")),
    )
    for state_name, heading in parts:
        part = [r for r in shown if r.state == state_name]
        st.header(f"{heading} ({len(part)})")
        if not part:
            st.caption(t(f"plan.none_{state_name}"))
            continue
        st.dataframe(
            _cached_frame(cur.cache_key, lang(), state_name, flt, today, m, part),
            hide_index=True,
            height=min(420, 38 + 35 * len(part)),
        )

    st.header(t("plan.edit"))
    choices = [r.finding_id for r in shown]
    wanted = st.query_params.get(URL_PARAM)
    if wanted and wanted not in choices and any(r.finding_id == wanted for r in rows):
        choices.insert(0, wanted)  # a link from a card opens its finding, whatever the filter
    if not choices:
        st.info(t("plan.nothing_to_edit"))
    else:
        by_id = {r.finding_id: r for r in rows}
        follow_link(URL_PARAM, "pl_pick", choices, choices[0])
        fid = st.selectbox(
            t("plan.pick"),
            choices,
            format_func=localized(lambda x: _title(m, by_id[x])),
            key=lk("pl_pick"),
        )
        keep_in_link(URL_PARAM, "pl_pick", fid)
        row = by_id[fid]
        st.markdown(f"**{t('find.decision')}:** {md(decision_summary(m, row.decision))}")
        if row.finding is not None:
            st.markdown(md(row.finding.message.get(lang())))
            st.caption(f"{t('find.who')}: {md(who_acts(m, row.finding))}")
        elif row.state == "closed":
            st.caption(t("plan.closed_note"))
        decision_form(cur, fid, row.finding, "pl_form")

    st.header(t("plan.export"))
    from mapping.visual.plan_export import plan_filename, plan_pdf, plan_workbook

    who = leader_label(m, leader) if leader else None
    st.caption(t("plan.export_help", who=md(who or t("plan.whole_map"))))
    name = m.name
    code = lang()
    e1, e2 = st.columns(2)
    e1.download_button(
        t("plan.download_xlsx"),
        data=lambda: plan_workbook(m, shown, code),
        file_name=plan_filename(name, today, "xlsx"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/table:",
        key="pl_xlsx",
        on_click="ignore",
    )
    e2.download_button(
        t("plan.download_pdf"),
        data=lambda: plan_pdf(m, shown, name, today, code, who),
        file_name=plan_filename(name, today, "pdf"),
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
        key="pl_pdf",
        on_click="ignore",
    )
