"""Mit ledelsesrum: one unit's leader and the findings that are theirs, in three parts.

What the unit can act on itself, what lands on the leader's desk from the
units below (grouped by them), and what must be raised, to whom; then the
unit's groups, partners and principles. Works for every level of the chain.
"""

from collections import Counter

import pandas as pd
import streamlit as st

from mapping import formats
from mapping.chain import ManagementChain, level_name
from mapping.gaps.core import Finding
from mapping.model import Map
from mapping.rooms import room_for, roots_over
from mapping.ui import state
from mapping.ui.common import group_label, md, principle_label, unit_label
from mapping.ui.errors import guard
from mapping.ui.findings_view import (
    finding_cards,
    follow_link,
    is_open,
    join,
    keep_in_link,
    lazy_section,
    start_here,
    with_leader,
)
from mapping.ui.forms import show_flash
from mapping.ui.i18n import lang, t

URL_PARAM = "enhed"  # the unit in the URL, so a leader can bookmark their room


def _score(rel: object) -> str:
    """The RC score as text: "—" when unmeasured (never "None")."""
    score = getattr(rel, "rc_score", None)
    return "—" if score is None else formats.number(score, lang(), decimals=1)


@st.cache_resource(show_spinner=False, max_entries=8)
def _room_sizes(key: tuple, _m: Map, _gaps: list[Finding], _chain: ManagementChain) -> Counter:
    """How many findings each unit's room holds (to open on the busiest)."""
    sizes: Counter = Counter()
    for f in _gaps:
        here = set(f.units) | set(f.partners)
        if f.escalate_to is not None:
            here.add(f.escalate_to)
        else:
            here |= roots_over(_chain, f.units) if f.units else set()
        sizes.update(here)
    return sizes


st.title(t("room.title"))
cur = state.require_current()
m = cur.map
show_flash()

with guard(stop=True):
    if not m.units:
        st.info(t("room.none"))
        st.stop()
    gaps = state.gaps(cur)
    chain = state.chain(cur)
    ids = [u.id for u in sorted(m.units, key=lambda u: (u.name.lower(), u.id))]

    # A link or bookmark opens its unit's room; otherwise the busiest room.
    def busiest() -> str:
        sizes = _room_sizes(cur.cache_key, m, gaps, chain)
        return max(ids, key=lambda u: sizes.get(u, 0))

    follow_link(URL_PARAM, "rm_unit", m.units_by_id, busiest)
    uid = st.selectbox(
        t("room.pick"),
        ids,
        format_func=lambda x: unit_label(m, x),
        key="rm_unit",
    )
    keep_in_link(URL_PARAM, "rm_unit", uid)
    unit = m.unit(uid)
    level = level_name(chain.level(uid), lang())
    leader = unit.leader.strip()
    st.markdown(
        "## " + md(t("room.leader_of", leader=leader, name=unit.name) if leader else unit.name)
    )
    st.caption(
        t("room.level", level=level)
        + " · "
        + t(
            "room.chain",
            path=md(" › ".join(unit_label(m, a) for a in reversed(chain.ancestors(uid)))),
        )
    )
    if not leader:
        st.caption(t("room.no_leader"))

    room = room_for(m, gaps, uid, chain)
    desk, up = room.desk_findings, room.raise_findings
    c1, c2, c3 = st.columns(3)
    c1.metric(t("room.own_gaps"), len(room.own))
    c2.metric(t("room.desk_gaps"), len(desk))
    c3.metric(t("room.raise_gaps"), len(up))
    start_here(m, room.all, "rm_start", viewer=uid)

    st.header(t("room.own_title", n=len(room.own)))
    st.caption(t("room.own_help"))
    if not room.own:
        st.success(t("room.no_own"))
    finding_cards(m, room.own, "rm_own", viewer=uid)

    st.header(t("room.desk_title", n=len(desk)))
    st.caption(t("room.desk_help"))
    if not desk:
        st.success(t("room.no_desk"))
    for i, part in enumerate(room.desk):
        below = [u for u in part.below if u != uid]
        names = join([m.units_by_id[u].name for u in below if u in m.units_by_id])
        if uid in part.below:
            names = join([*([names] if names else []), t("room.itself")])
        label = t("room.desk_group", names=names or t("room.partners_only"), n=len(part.findings))
        section = lazy_section(md(label), f"rm_desk:{uid}:{i}", expanded=i < 2)
        with section:
            if is_open(section):
                finding_cards(m, part.findings, f"rm_desk{i}", viewer=uid)

    st.header(t("room.raise_title", n=len(up)))
    st.caption(t("room.raise_help"))
    if not up:
        st.success(t("room.no_raise"))
    for i, (target, found) in enumerate(room.to_raise):
        if target is None:
            who, lvl = t("find.who_top"), level_name("topledelse", lang())
        else:
            who, lvl = with_leader(m, target), level_name(chain.level(target), lang())
        label = t("room.raise_group", who=who, level=lvl, n=len(found))
        section = lazy_section(md(label), f"rm_up:{uid}:{i}", expanded=i < 2)
        with section:
            if is_open(section):
                finding_cards(m, found, f"rm_up{i}", viewer=uid)

    st.divider()
    st.header(t("room.about"))
    groups = [s for s in m.services if s.unit_id == uid]
    partners: dict[str, set[str]] = {}
    for s in groups:
        for other in m.serving_units.get(s.group_id, ()):
            if other != uid:
                partners.setdefault(other, set()).add(s.group_id)
    related = {next(iter(r.pair - {uid}), uid): r for r in m.relations if uid in r.pair}

    st.header(t("room.groups"))
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
    st.header(t("room.partners"))
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
    st.header(t("room.principles"))
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
