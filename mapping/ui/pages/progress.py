"""Udvikling: compare the map at two dates: gaps opened and closed, what changed."""

import datetime as dt

import streamlit as st

from mapping import storage
from mapping.ui import state
from mapping.ui.errors import guard
from mapping.ui.i18n import lang, lk, t
from mapping.ui.progress_view import changes_frame, gaps_frame


@st.cache_resource(show_spinner=False, max_entries=8)
def _compare(key: tuple, t1: dt.datetime, t2: dt.datetime, language: str, _engine: object) -> tuple:
    """Counts and tables of one comparison, per map version, dates and language."""
    cmp = storage.compare(_engine, key[1], t1, t2)
    counts = (len(cmp.opened), len(cmp.closed), len(cmp.changes))
    return counts, gaps_frame(cmp.opened), gaps_frame(cmp.closed), changes_frame(cmp.changes)


st.title(t("progress.title"))
cur = state.require_current()


def _local(utc_naive: dt.datetime) -> dt.datetime:
    """A stored (naive UTC) time as the server's local, aware time."""
    return utc_naive.replace(tzinfo=dt.UTC).astimezone()


def _picked(col_date: object, col_time: object, name: str, default: dt.datetime) -> dt.datetime:
    day = col_date.date_input(
        t(f"progress.{name}"), value=default.date(), key=f"pr_{name}", format="YYYY-MM-DD"
    )
    at = col_time.time_input(
        t(f"progress.{name}_time"), value=default.time(), key=f"pr_{name}_time", step=60
    )
    return dt.datetime.combine(day, at).astimezone()


with guard(stop=True):
    now = dt.datetime.now().astimezone()
    created = next((i.created_at for i in state.map_infos() if i.id == cur.map_id), None)
    # A workshop wants today's progress: from the start of today, or from the
    # map's creation when that is later (else every gap of a new map is "new").
    since = now.replace(hour=0, minute=0, second=0, microsecond=0)
    if created is not None:
        since = max(since, _local(created))
    mode = st.radio(
        t("progress.from_mode"),
        ["since", "custom"],
        format_func=lambda v: t(f"progress.from_{v}", when=since.strftime("%Y-%m-%d %H:%M")),
        horizontal=True,
        key=lk("pr_mode"),
    )
    to_now = True
    if mode == "custom":
        c1, c2, c3, c4 = st.columns(4)
        t1 = _picked(c1, c2, "from", since)
        to_now = st.checkbox(t("progress.to_now"), value=True, key="pr_to_now")
        if not to_now:
            # The widget holds whole minutes: round up so "now" includes this minute.
            end = (now + dt.timedelta(minutes=1)).replace(second=0, microsecond=0)
            t2 = _picked(c3, c4, "to", end)
    else:
        t1 = since
    if to_now:
        # Per map version and day: "now" would make every rerun a cache miss.
        t2 = dt.datetime.combine(now.date(), dt.time.max).astimezone()
    if t1 > t2:
        st.error(t("progress.order"))
        st.stop()
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
