"""Registrér/Redigér: a form per record, confirmed deletes and bulk edits per table."""

import streamlit as st

from mapping import storage
from mapping.storage.records import Key
from mapping.ui import state
from mapping.ui.bulk import bulk_editor, unsaved_elsewhere
from mapping.ui.errors import guard
from mapping.ui.fields import TABLES
from mapping.ui.forms import count_text, delete_section, record_form, show_flash
from mapping.ui.i18n import lk, localized, t
from mapping.ui.names import labels
from mapping.ui.record_save import show_conflict

NEW = "__new__"

st.title(t("edit.title"))
cur = state.require_current()
if not state.can("edit"):  # the page is not offered to readers; a bookmark lands here
    st.info(t("auth.read_only"))
    st.stop()
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
            format_func=localized(lambda tb: t(f"table.{tb}")),
            key=table_key,
        )
        or "units"
    )
    st.session_state[last_key] = table

    # Pickers show names; an id only where two records share a name.
    units, groups, principles = (labels(m, tb) for tb in ("units", "citizen_groups", "principles"))

    def label(key: str | Key) -> str:
        if isinstance(key, str):  # NEW, the one option that is not a record's key
            return t("edit.new")
        k = key
        if table == "units":
            return units.get(k[0], k[0])
        if table == "citizen_groups":
            return groups.get(k[0], k[0])
        if table == "principles":
            return principles.get(k[0], k[0])
        if table == "services":
            return f"{units.get(k[0], k[0])} → {groups.get(k[1], k[1])}"
        if table == "adoptions":
            return f"{units.get(k[1], k[1])} ✓ {principles.get(k[0], k[0])}"
        return f"{units.get(k[0], k[0])} ↔ {units.get(k[1], k[1])}"

    by_key = {storage.record_key(table, r): r for r in getattr(m, table)}
    options: list[str | Key] = [NEW, *by_key]
    pick_key = lk(f"ed_pick:{table}")
    if st.session_state.get(pick_key) not in options:
        st.session_state[pick_key] = NEW
    pick = st.selectbox(
        t("edit.pick"),
        options,
        format_func=localized(label),
        key=pick_key,
        on_change=state.bump_form,
        args=(table,),
    )
    if not show_conflict(cur, table):
        record = by_key.get(pick) if isinstance(pick, tuple) else None  # else NEW
        record_form(cur, table, record)
        if record is not None:
            delete_section(cur, table, record)

    # Table edits are kept per table until saved; say so when another table holds some.
    for other, n in unsaved_elsewhere(cur.map_id, table):
        st.warning(count_text("bulk.unsaved_elsewhere", n, table=t(f"table.{other}")))
    with st.expander(t("edit.bulk"), expanded=False):
        st.caption(t("edit.bulk_help"))
        bulk_editor(cur, table)
