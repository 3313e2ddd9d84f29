"""Registrér/Redigér: a form per record, confirmed deletes and bulk edits per table."""

import streamlit as st

from mapping import storage
from mapping.ui import state
from mapping.ui.bulk import bulk_editor
from mapping.ui.common import group_label, md, principle_label, unit_label
from mapping.ui.errors import guard
from mapping.ui.fields import TABLES
from mapping.ui.forms import delete_section, record_form, show_conflict, show_flash
from mapping.ui.i18n import lk, t

NEW = "__new__"

st.title(t("edit.title"))
cur = state.require_current()
m = cur.map

# A link from another page (?table=units&id=x) preselects a record once.
qp = st.query_params
if qp.get("table") in TABLES:
    st.session_state[lk("ed_table")] = qp["table"]
    if qp.get("id"):
        st.session_state[lk(f"ed_pick:{qp['table']}")] = (qp["id"],)
    st.query_params.clear()

with guard(stop=True):
    show_flash()
    # The choice lives in session state only (no default=, which Streamlit warns
    # about next to a state value); clicking the chosen table again keeps it.
    table_key, last_key = lk("ed_table"), lk("ed_table_last")
    if st.session_state.get(table_key) not in TABLES:
        st.session_state[table_key] = st.session_state.get(last_key, "units")
    table = (
        st.segmented_control(
            t("edit.table"),
            list(TABLES),
            format_func=lambda tb: t(f"table.{tb}"),
            key=table_key,
        )
        or "units"
    )
    st.session_state[last_key] = table

    def label(key: object) -> str:
        if key == NEW:
            return t("edit.new")
        k = tuple(key)
        if table == "units":
            return unit_label(m, k[0])
        if table == "citizen_groups":
            return group_label(m, k[0])
        if table == "principles":
            return principle_label(m, k[0])
        if table == "services":
            return f"{unit_label(m, k[0])} → {group_label(m, k[1])}"
        if table == "adoptions":
            return f"{unit_label(m, k[1])} ✓ {principle_label(m, k[0])}"
        return f"{unit_label(m, k[0])} ↔ {unit_label(m, k[1])}"

    by_key = {storage.record_key(table, r): r for r in getattr(m, table)}
    options = [NEW, *by_key]
    pick_key = lk(f"ed_pick:{table}")
    if st.session_state.get(pick_key) not in options:
        st.session_state[pick_key] = NEW
    pick = st.selectbox(
        t("edit.pick"),
        options,
        format_func=label,
        key=pick_key,
        on_change=state.bump_form,
        args=(table,),
    )
    if not show_conflict(table, m):
        record = None if pick == NEW else by_key.get(pick)
        record_form(cur, table, record)
        if record is not None and table == "principles":
            adopters = sorted(m.adopters.get(record.id, ()))
            names = ", ".join(unit_label(m, u) for u in adopters) or "–"
            st.caption(t("edit.adopters", n=len(adopters), names=md(names)))
        if record is not None:
            delete_section(cur, table, record)

    with st.expander(t("edit.bulk"), expanded=False):
        st.caption(t("edit.bulk_help"))
        bulk_editor(cur, table)
