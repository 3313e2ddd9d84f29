"""Udvikling: compare the map at two dates: gaps opened and closed, what changed."""

import datetime as dt

import streamlit as st

from mapping import storage
from mapping.ui import state
from mapping.ui.errors import guard
from mapping.ui.i18n import lang, t
from mapping.ui.progress_view import changes_frame, gaps_frame


@st.cache_resource(show_spinner=False, max_entries=8)
def _compare(key: tuple, t1: dt.datetime, t2: dt.datetime, language: str, _engine: object) -> tuple:
    """Counts and tables of one comparison, per map version, dates and language."""
    cmp = storage.compare(_engine, key[1], t1, t2)
    counts = (len(cmp.opened), len(cmp.closed), len(cmp.changes))
    return counts, gaps_frame(cmp.opened), gaps_frame(cmp.closed), changes_frame(cmp.changes)


st.title(t("progress.title"))
cur = state.require_current()

with guard(stop=True):
    today = dt.date.today()
    c1, c2 = st.columns(2)
    d1 = c1.date_input(
        t("progress.from"), value=today - dt.timedelta(days=30), key="pr_from", format="YYYY-MM-DD"
    )
    d2 = c2.date_input(t("progress.to"), value=today, key="pr_to", format="YYYY-MM-DD")
    if d1 > d2:
        st.error(t("progress.order"))
        st.stop()
    t1 = dt.datetime.combine(d1, dt.time.max)
    t2 = dt.datetime.combine(d2, dt.time.max)
    counts, opened, closed, changed = _compare(cur.cache_key, t1, t2, lang(), state.engine())
    k1, k2, k3 = st.columns(3)
    k1.metric(t("progress.opened"), counts[0])
    k2.metric(t("progress.closed"), counts[1])
    k3.metric(t("progress.changed"), counts[2])
    tab1, tab2, tab3 = st.tabs([t("progress.opened"), t("progress.closed"), t("progress.changed")])
    with tab1:
        st.dataframe(opened, hide_index=True)
    with tab2:
        st.dataframe(closed, hide_index=True)
    with tab3:
        st.dataframe(changed, hide_index=True)
    with st.expander(t("progress.history")):
        hist = storage.history(state.engine(), cur.map_id, limit=200)
        st.dataframe(changes_frame(hist), hide_index=True)
