"""Borgerens perspektiv: one citizen group and everything around it."""

import pandas as pd
import streamlit as st

from mapping.catalogue import sector_label
from mapping.ui import state
from mapping.ui.common import gap_cards, group_label, md, principle_label, unit_label
from mapping.ui.errors import guard
from mapping.ui.i18n import lang, t

st.title(t("citizen.title"))
cur = state.require_current()
m = cur.map

with guard(stop=True):
    if not m.citizen_groups:
        st.info(t("citizen.none"))
        st.stop()
    gid = st.selectbox(
        t("citizen.pick"),
        [g.id for g in m.citizen_groups],
        format_func=lambda x: group_label(m, x),
        key="cz_group",
    )
    group = m.group(gid)
    serving = m.serving_units.get(gid, ())
    gaps = [g for g in state.gaps(cur) if gid in g.groups]
    c1, c2, c3 = st.columns(3)
    c1.metric(t("citizen.contact_points"), len(serving))
    c2.metric(t("citizen.gaps"), len(gaps))
    # A metric cuts long names off; the lead unit is text.
    c3.caption(t("citizen.lead"))
    c3.markdown(f"**{md(unit_label(m, group.lead_unit_id))}**")
    if group.description:
        st.markdown(md(group.description))

    st.header(t("citizen.units"))
    rows = [
        {
            t("col.unit"): unit_label(m, s.unit_id),
            t("col.sector"): sector_label(m.units_by_id[s.unit_id].sector, lang())
            if s.unit_id in m.units_by_id
            else "",
            t("col.goal"): s.goal,
            t("col.paradigm"): s.paradigm,
        }
        for s in m.services
        if s.group_id == gid
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True)

    st.header(t("citizen.principles"))
    covering = m.principles_by_group.get(gid, ())
    if not covering:
        st.info(t("citizen.no_principles"))
    for p in covering:
        joined = sorted(m.adopters.get(p.id, frozenset()))
        missing = [u for u in serving if u not in joined]
        with st.container(border=True):
            st.markdown(
                f"**{md(principle_label(m, p.id))}** · {t('kind.' + p.kind.value)} · "
                f"{t('status.' + p.status.value)}"
            )
            st.write(
                t("citizen.joined", names=md(", ".join(unit_label(m, u) for u in joined) or "–"))
            )
            if missing:
                st.write(
                    t("citizen.not_joined", names=md(", ".join(unit_label(m, u) for u in missing)))
                )

    st.header(t("citizen.gaps"))
    if not gaps:
        st.success(t("citizen.no_gaps"))
    gap_cards(m, gaps, "cz_limit")
