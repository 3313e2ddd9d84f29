"""Mit ledelsesrum: one unit's groups, partners, principles and gaps."""

import pandas as pd
import streamlit as st

from mapping.ui import state
from mapping.ui.common import gap_cards, group_label, md, principle_label, unit_label
from mapping.ui.errors import guard
from mapping.ui.i18n import lang, t


def _score(rel: object) -> str:
    """The RC score as text: "—" when unmeasured (never "None")."""
    score = getattr(rel, "rc_score", None)
    return "—" if score is None else f"{score:.1f}".replace(".", "," if lang() == "da" else ".")


st.title(t("room.title"))
cur = state.require_current()
m = cur.map

with guard(stop=True):
    if not m.units:
        st.info(t("room.none"))
        st.stop()
    # Sorted by name; opens on the unit with most gaps, so the page is not empty at first.
    ids = [u.id for u in sorted(m.units, key=lambda u: (u.name.lower(), u.id))]
    gap_count: dict[str, int] = {}
    for g in state.gaps(cur):
        for u in g.units:
            gap_count[u] = gap_count.get(u, 0) + 1
    busiest = max(ids, key=lambda u: gap_count.get(u, 0))
    uid = st.selectbox(
        t("room.pick"),
        ids,
        index=ids.index(busiest),
        format_func=lambda x: unit_label(m, x),
        key="rm_unit",
    )
    unit = m.unit(uid)
    chain = state.chain(cur)
    st.caption(
        t(
            "room.chain",
            path=md(" › ".join(unit_label(m, a) for a in reversed(chain.ancestors(uid)))),
        )
    )
    groups = [s for s in m.services if s.unit_id == uid]
    partners: dict[str, set[str]] = {}
    for s in groups:
        for other in m.serving_units.get(s.group_id, ()):
            if other != uid:
                partners.setdefault(other, set()).add(s.group_id)
    related = {next(iter(r.pair - {uid}), uid): r for r in m.relations if uid in r.pair}

    st.subheader(t("room.groups"))
    if not groups:
        st.info(t("room.no_groups"))
    else:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        t("col.group"): group_label(m, s.group_id),
                        t("col.goal"): s.goal,
                        t("col.paradigm"): s.paradigm,
                    }
                    for s in groups
                ]
            ),
            hide_index=True,
        )
    st.subheader(t("room.partners"))
    if not partners:
        st.info(t("room.no_partners"))
    else:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        t("col.unit"): unit_label(m, o),
                        t("col.shared_groups"): ", ".join(group_label(m, g) for g in sorted(gs)),
                        t("col.relation"): t("common.yes") if o in related else t("common.no"),
                        t("col.rc_score"): _score(related.get(o)),
                    }
                    for o, gs in sorted(partners.items())
                ]
            ),
            hide_index=True,
        )
    st.subheader(t("room.principles"))
    adopted = m.adopted_by_unit.get(uid, frozenset())
    relevant = {p.id for s in groups for p in m.principles_by_group.get(s.group_id, ())}
    if not (adopted | relevant):
        st.info(t("room.no_principles"))
    else:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        t("col.principle"): principle_label(m, pid),
                        t("col.status"): t("status." + m.principle(pid).status.value),
                        t("col.adopted"): t("common.yes") if pid in adopted else t("common.no"),
                        t("col.owner"): t("common.yes")
                        if m.principle(pid).owner_unit_id == uid
                        else "",
                    }
                    for pid in sorted(adopted | relevant)
                    if pid in m.principles_by_id
                ]
            ),
            hide_index=True,
        )
    mine = [g for g in state.gaps(cur) if uid in g.units]
    own = [g for g in mine if g.escalate_to == uid]
    raise_ = [g for g in mine if g.escalate_to != uid]
    c1, c2 = st.columns(2)
    c1.metric(t("room.own_gaps"), len(own))
    c2.metric(t("room.raise_gaps"), len(raise_))
    tab_own, tab_raise = st.tabs([t("room.own_gaps"), t("room.raise_gaps")])
    with tab_own:
        if not own:
            st.success(t("room.no_own"))
        gap_cards(m, own, "rm_own_limit")
    with tab_raise:
        if not raise_:
            st.success(t("room.no_raise"))
        gap_cards(m, raise_, "rm_raise_limit")
