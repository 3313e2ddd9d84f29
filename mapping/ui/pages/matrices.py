"""Matricer: units × citizen groups and principles × units."""

import pandas as pd
import streamlit as st

from mapping.ui import state
from mapping.ui.errors import guard
from mapping.ui.i18n import t

st.title(t("matrices.title"))
cur = state.require_current()
m = cur.map


@st.cache_resource(show_spinner=False, max_entries=8)
def _matrices(key: tuple, _m: object) -> tuple[pd.DataFrame, pd.DataFrame]:
    served = {(s.unit_id, s.group_id) for s in _m.services}
    covering: dict[tuple[str, str], list[str]] = {}
    for p in _m.principles:
        for gid in p.group_ids:
            for uid in _m.adopters.get(p.id, ()):
                covering.setdefault((uid, gid), []).append(p.id)
    units = (
        [u for u in _m.units if any(s.unit_id == u.id for s in _m.services)]
        if len(_m.units) > 200
        else list(_m.units)
    )
    ug = pd.DataFrame(
        [
            [
                ("● " + ", ".join(covering.get((u.id, g.id), []))) if (u.id, g.id) in served else ""
                for g in _m.citizen_groups
            ]
            for u in units
        ],
        index=[f"{u.name} ({u.id})" for u in units],
        columns=[f"{g.name} ({g.id})" for g in _m.citizen_groups],
    )
    adopters = _m.adopters
    adopting_units = sorted({a.unit_id for a in _m.adoptions})
    pu = pd.DataFrame(
        [
            ["✓" if uid in adopters.get(p.id, ()) else "" for uid in adopting_units]
            for p in _m.principles
        ],
        index=[f"{p.name} ({p.id})" for p in _m.principles],
        columns=[
            f"{_m.units_by_id[u].name} ({u})" if u in _m.units_by_id else u for u in adopting_units
        ],
    )
    return ug, pu


with guard(stop=True):
    ug, pu = _matrices(cur.cache_key, m)
    tab1, tab2 = st.tabs([t("matrices.units_groups"), t("matrices.principles_units")])
    with tab1:
        st.caption(t("matrices.units_groups_help"))
        st.dataframe(ug)
    with tab2:
        st.caption(t("matrices.principles_units_help"))
        st.dataframe(pu)
