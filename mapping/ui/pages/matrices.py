"""Matricer: units × citizen groups and principles × units, as the pairs that exist.

A large map has thousands of units: a grid of them against every group or
principle would be millions of mostly empty cells. The page lists the pairs
(one row per service or adoption) with filters, and draws the cross table
only once the filtered part is small enough to read. The workbook is built
when the download is clicked, never as the page opens.
"""

from typing import Any

import pandas as pd
import streamlit as st

from mapping.ui import downloads, state
from mapping.ui.errors import guard
from mapping.ui.i18n import lang, t

GRID_ROWS, GRID_COLS = 150, 40  # the largest cross table worth reading on screen
ROW_PX, MAX_PX = 35, 600


def _height(frame: pd.DataFrame) -> int:
    """Tall enough to show every row, up to most of a screen."""
    return min(MAX_PX, ROW_PX * (len(frame) + 1) + 3)


@st.cache_resource(show_spinner=False, max_entries=8)
def _pairs(key: tuple, code: str, _m: Any) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Both pair tables, once per map version and language, shared by every session."""
    from mapping.visual.report import principles_units_frame, units_groups_frame

    return units_groups_frame(_m, code), principles_units_frame(_m, code)


def _pick(frame: pd.DataFrame, column: str, label: str, key: str) -> list[str]:
    options = sorted(frame[column].dropna().unique(), key=str.casefold)
    return st.multiselect(label, options, key=key, placeholder=t("common.choose_many"))


def _filtered(frame: pd.DataFrame, chosen: dict[str, list[str]]) -> pd.DataFrame:
    for column, values in chosen.items():
        if values:
            frame = frame[frame[column].isin(values)]
    return frame


def _grid(frame: pd.DataFrame, rows: str, cols: str, mark: Any) -> None:
    """The cross table of ``frame`` when it is small enough, else how to get there."""
    n_rows, n_cols = frame[rows].nunique(), frame[cols].nunique()
    if not len(frame):
        return
    if n_rows > GRID_ROWS or n_cols > GRID_COLS:
        st.caption(t("matrices.grid_too_big", rows=GRID_ROWS, cols=GRID_COLS, r=n_rows, c=n_cols))
        return
    grid = (
        frame.assign(_mark=frame.apply(mark, axis=1))
        .pivot_table(index=rows, columns=cols, values="_mark", aggfunc="first", fill_value="")
        .rename_axis(index=None, columns=None)
    )
    st.dataframe(grid, height=_height(grid))


def _pairs_tab(
    frame: pd.DataFrame,
    what: str,
    key: str,
    sector_col: str,
    second: tuple[str, str, str],
    axes: tuple[str, str],
    mark: Any,
) -> None:
    """One tab: the pairs, filtered by sector and by ``second`` (column, label, key); the grid."""
    column, label, suffix = second
    st.caption(t(f"matrices.{what}_pairs_help"))
    c1, c2 = st.columns(2)
    with c1:
        sectors = _pick(frame, sector_col, t("filter.sector"), f"{key}_sectors")
    with c2:
        chosen = _pick(frame, column, label, f"{key}_{suffix}")
    shown = _filtered(frame, {sector_col: sectors, column: chosen})
    st.caption(t("matrices.shown", n=len(shown), total=len(frame)))
    st.dataframe(shown, hide_index=True, height=_height(shown))
    st.markdown(f"**{t('matrices.grid')}** · {t(f'matrices.{what}_help')}")
    _grid(shown, *axes, mark)


st.title(t("matrices.title"))
cur = state.require_current()
m = cur.map

with guard(stop=True):
    code = lang()
    ug, pu = _pairs(cur.cache_key, code, m)
    unit_col, sector_col, group_col, joined_col = ug.columns
    principle_col, status_col = pu.columns[:2]
    tab1, tab2 = st.tabs([t("matrices.units_groups"), t("matrices.principles_units")])
    with tab1:
        _pairs_tab(
            ug,
            "units_groups",
            "mx_ug",
            sector_col,
            (group_col, t("filter.group"), "groups"),
            (unit_col, group_col),
            lambda r: "● " + r[joined_col] if r[joined_col] else "●",
        )
    with tab2:
        _pairs_tab(
            pu,
            "principles_units",
            "mx_pu",
            sector_col,
            (principle_col, t("matrices.principle"), "principles"),
            (principle_col, unit_col),
            lambda r: "✓",
        )

    gaps = state.gaps(cur)

    def _workbook() -> bytes:  # built only when the download is clicked
        from mapping.visual.report import report_workbook_bytes

        return report_workbook_bytes(m, gaps, code)

    st.download_button(
        t("matrices.download"),
        data=_workbook,
        file_name=downloads.file_name(m.name, downloads.MATRICES),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        key="mx_download",
        on_click="ignore",
    )
