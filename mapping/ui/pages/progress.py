"""Udvikling: compare the map at two dates by finding id: opened, closed, decisions changed.

The changed records name each record and say when and by whom it last changed.
"""

import datetime as dt

import streamlit as st
from sqlalchemy import Engine
from streamlit.delta_generator import DeltaGenerator

from mapping import formats, storage
from mapping.model import Map
from mapping.ui import state
from mapping.ui.errors import guard
from mapping.ui.i18n import lang, lk, localized, t
from mapping.ui.progress_view import changes_frame, decisions_frame, gaps_frame


@st.cache_resource(show_spinner=False, max_entries=8)
def _compare(
    key: tuple, t1: dt.datetime, t2: dt.datetime, language: str, _engine: Engine, _m: Map
) -> tuple:
    """Counts and tables of one comparison, per map version, dates and language."""
    from mapping.storage.closings import changes_between

    cmp = storage.compare(_engine, key[1], t1, t2)
    who = changes_between(_engine, key[1], t1, t2)
    names = cmp.map_after or _m
    older = cmp.map_before or _m
    records = [c for c in cmp.changes if c.table != "decisions"]
    counts = (len(cmp.opened), len(cmp.closed), len(cmp.decisions), len(records))
    return (
        counts,
        gaps_frame(cmp.opened, names),
        gaps_frame(cmp.closed, older),
        decisions_frame(cmp.decisions, names, who),
        changes_frame(records, names, who),
    )


st.title(t("progress.title"))
cur = state.require_current()


def _local(utc_naive: dt.datetime) -> dt.datetime:
    """A stored (naive UTC) time as the server's local, aware time."""
    return utc_naive.replace(tzinfo=dt.UTC).astimezone()


def _picked(
    col_date: DeltaGenerator, col_time: DeltaGenerator, name: str, default: dt.datetime
) -> dt.datetime:
    day = col_date.date_input(
        t(f"progress.{name}"),
        value=default.date(),
        key=f"pr_{name}",
        format=formats.widget_date_format(lang()),
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
        format_func=localized(
            lambda v: t(f"progress.from_{v}", when=formats.moment(since, lang()))
        ),
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
    counts, opened, closed, decided, changed = _compare(
        cur.cache_key, t1, t2, lang(), state.engine(), cur.map
    )
    names = ("opened", "closed", "decisions", "changed")
    for col, name, n in zip(st.columns(4), names, counts, strict=True):
        col.metric(t(f"progress.{name}"), n)
    tabs = st.tabs([t(f"progress.{name}") for name in names])
    for tab, frame in zip(tabs, (opened, closed, decided, changed), strict=True):
        with tab:
            if frame.empty:
                st.caption(t("progress.none"))
            else:
                st.dataframe(frame, hide_index=True)
    with st.expander(t("progress.history")):
        hist = storage.history(state.engine(), cur.map_id, limit=200)
        st.dataframe(changes_frame(hist, cur.map), hide_index=True)
