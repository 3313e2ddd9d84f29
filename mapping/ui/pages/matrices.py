"""Matricer: units × citizen groups and principles × units."""

import pandas as pd
import streamlit as st

from mapping.ui import downloads, state
from mapping.ui.errors import guard
from mapping.ui.i18n import lang, t

SHORT = 28  # characters of a principle name shown in a matrix cell
ROW_PX, MAX_PX = 35, 900


def _short(name: str) -> str:
    """A principle name cut to fit a cell."""
    return name if len(name) <= SHORT else name[: SHORT - 1].rstrip() + "…"


def _height(frame: pd.DataFrame) -> int:
    """Tall enough to show every row, up to most of a screen."""
    return min(MAX_PX, ROW_PX * (len(frame) + 1) + 3)


@st.cache_data(show_spinner=False, max_entries=4)
def _workbook(key: tuple, code: str, _m: object, _gaps: list) -> bytes:
    from mapping.visual import report_workbook_bytes

    return report_workbook_bytes(_m, _gaps, code)


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
                covering.setdefault((uid, gid), []).append(_short(p.name))
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
        st.caption(t("matrices.units_groups_help_names"))
        st.dataframe(ug, height=_height(ug))
    with tab2:
        st.caption(t("matrices.principles_units_help"))
        st.dataframe(pu, height=_height(pu))
    st.download_button(
        t("matrices.download"),
        data=_workbook(cur.cache_key, lang(), m, state.gaps(cur)),
        file_name=downloads.file_name(m.name, downloads.MATRICES),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        key="mx_download",
    )
