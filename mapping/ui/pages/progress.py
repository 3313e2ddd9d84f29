"""Udvikling: compare the map at two dates: gaps opened and closed, what changed."""

import datetime as dt

import streamlit as st

from mapping import storage
from mapping.ui import state
from mapping.ui.errors import guard
from mapping.ui.i18n import t
from mapping.ui.progress_view import changes_frame, gaps_frame


@st.cache_resource(show_spinner=False, max_entries=8)
def _compare(key: tuple, t1: dt.datetime, t2: dt.datetime, _engine: object) -> object:
    return storage.compare(_engine, key[1], t1, t2)


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
    cmp = _compare(cur.cache_key, t1, t2, state.engine())
    opened, closed, changed = list(cmp.opened), list(cmp.closed), list(cmp.changes)
    k1, k2, k3 = st.columns(3)
    k1.metric(t("progress.opened"), len(opened))
    k2.metric(t("progress.closed"), len(closed))
    k3.metric(t("progress.changed"), len(changed))
    tab1, tab2, tab3 = st.tabs([t("progress.opened"), t("progress.closed"), t("progress.changed")])
    with tab1:
        st.dataframe(gaps_frame(opened), hide_index=True)
    with tab2:
        st.dataframe(gaps_frame(closed), hide_index=True)
    with tab3:
        st.dataframe(changes_frame(changed), hide_index=True)
    with st.expander(t("progress.history")):
        hist = storage.history(state.engine(), cur.map_id, limit=200)
        st.dataframe(changes_frame(hist), hide_index=True)
