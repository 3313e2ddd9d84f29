"""The map page's side panel: the chosen node's details, its gaps and where to go next.

A node is chosen in the diagram (click or search) or in the table under it;
the panel names it, shows its details and the gaps it is part of in the
current view, and links to its edit form and to its own page (Mit ledelsesrum
for a unit, Borgerens perspektiv for a citizen group). User text is shown
through :func:`~mapping.ui.common.md`, never as markup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st

from mapping import formats
from mapping.catalogue import sector_label
from mapping.model import Map
from mapping.ui import state
from mapping.ui.common import (
    EDIT_PAGE,
    SEVERITY_ICON,
    md,
    severity_label,
    text,
    unit_label,
)
from mapping.ui.i18n import lang, t
from mapping.visual.filters import gap_nodes

ROOM_PAGE = "mapping/ui/pages/unit_room.py"
CITIZEN_PAGE = "mapping/ui/pages/citizen.py"
# The select boxes on those pages, preset before switching to them.
ROOM_KEY = "rm_unit"
CITIZEN_KEY = "cz_group"
GAP_LIMIT = 8
TABLES = {"unit": "units", "group": "citizen_groups", "principle": "principles"}


def _gap_lines(m: Map, key: str, kept: Sequence[Any], every: Sequence[Any]) -> None:
    from mapping.gaps import rule_by_code

    mine = [g for g in kept if key in gap_nodes(g)]
    hidden = sum(1 for g in every if key in gap_nodes(g)) - len(mine)
    st.markdown(f"**{t('panel.gaps', n=len(mine))}**")
    if not mine:
        st.caption(t("panel.no_gaps"))
    for g in mine[:GAP_LIMIT]:
        title = text(rule_by_code(g.code).title)
        sev = severity_label(g.severity)
        st.markdown(f"{SEVERITY_ICON.get(g.severity, '')} {sev} · **{g.code}** {md(title)}")
    if len(mine) > GAP_LIMIT:
        st.caption(t("panel.more_gaps", n=len(mine) - GAP_LIMIT))
    if hidden > 0:
        st.caption(t("panel.hidden_gaps", n=hidden))


def _count(value: int | None) -> str:
    """A count with the language's thousands mark (1.200 in Danish)."""
    return "" if value is None else formats.number(value, lang())


def _facts(rows: Sequence[tuple[str, object]]) -> None:
    lines = [f"**{label}:** {md(value)}" for label, value in rows if value not in (None, "")]
    if lines:
        st.markdown("  \n".join(lines))


def node_panel(cur: state.Current, key: str, kept: Sequence[Any], *, on_close: Any = None) -> None:
    """The panel for node ``key`` (``unit:ID``, ``group:ID`` or ``principle:ID``)."""
    m = cur.map
    kind, _, rid = key.partition(":")
    with st.container(border=True):
        by_id: dict[str, Mapping[str, Any]] = {
            "unit": m.units_by_id,
            "group": m.groups_by_id,
            "principle": m.principles_by_id,
        }
        rec: Any = by_id.get(kind, {}).get(rid)  # its class depends on ``kind``
        if rec is None:
            st.info(t("panel.gone"))
            st.button(t("panel.close"), key="ov_panel_close", on_click=on_close)
            return
        st.header(md(rec.name), anchor=False)
        if kind == "unit":
            chain = state.chain(cur)
            path = " › ".join(m.units_by_id[a].name for a in reversed(chain.ancestors(rid)[1:]))
            label = t("overview.kind_external") if rec.external else t("overview.kind_unit")
            st.caption(f"{label} · {md(sector_label(rec.sector, lang()) or '—')}")
            groups = {s.group_id for s in m.services if s.unit_id == rid}
            _facts(
                [
                    (t("panel.leader"), rec.leader),
                    (t("panel.staff"), _count(rec.staff_count)),
                    (t("panel.chain"), path),
                    (t("panel.serves"), len(groups)),
                ]
            )
        elif kind == "group":
            st.caption(t("overview.kind_group"))
            _facts(
                [
                    (t("panel.size"), _count(rec.est_size)),
                    (t("panel.lead"), unit_label(m, rec.lead_unit_id) if rec.lead_unit_id else ""),
                    (t("panel.served_by"), len(m.serving_units.get(rid, ()))),
                ]
            )
        else:
            kind_name = t(f"kind.{rec.kind.value}")
            status = t(f"status.{rec.status.value}")
            st.caption(f"{t('overview.kind_principle')} · {kind_name} · {status}")
            owner = unit_label(m, rec.owner_unit_id) if rec.owner_unit_id else ""
            _facts([(t("panel.owner"), owner), (t("panel.adopters"), len(m.adopters.get(rid, ())))])
        if rec.description:
            st.markdown(md(rec.description))
        _gap_lines(m, key, kept, state.gaps(cur))
        if state.can("edit"):
            st.page_link(
                EDIT_PAGE,
                label=f"{t('panel.edit')}: {md(rec.name)}",
                icon=":material/edit:",
                query_params={"table": TABLES[kind], "id": rid},
            )
        if kind == "unit" and st.button(
            t("panel.room"), key="ov_panel_room", icon=":material/person:"
        ):
            st.session_state[ROOM_KEY] = rid
            st.switch_page(ROOM_PAGE)
        if kind == "group" and st.button(
            t("panel.group_page"), key="ov_panel_group", icon=":material/groups:"
        ):
            st.session_state[CITIZEN_KEY] = rid
            st.switch_page(CITIZEN_PAGE)
        st.button(
            t("panel.close"), key="ov_panel_close", on_click=on_close, icon=":material/close:"
        )
