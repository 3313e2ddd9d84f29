"""Ledelseskæden: the management chain as a tree with the findings escalated to each unit.

Each unit shows how many findings must be decided there, split into those
still open (no decision, or only a proposal), those decided (decided, in
progress or done) and the barriers accepted there.
"""

from collections import Counter
from typing import Any

import pandas as pd
import streamlit as st

from mapping.catalogue import sector_label
from mapping.ui import state
from mapping.ui.common import escalation_label
from mapping.ui.errors import guard
from mapping.ui.findings_view import finding_cards
from mapping.ui.i18n import lang, lk, localized, t


@st.cache_resource(show_spinner=False, max_entries=8)
def _tree(
    key: tuple, language: str, _m: Any, _gaps: list, _chain: Any
) -> tuple[pd.DataFrame, Counter]:
    """The chain as indented rows with finding counts (cached per map version)."""
    m, gaps, chain = _m, _gaps, _chain
    here = Counter(g.escalate_to for g in gaps)
    decisions = m.decisions_by_finding
    split: dict[str, Counter] = {"open": Counter(), "decided": Counter(), "accepted": Counter()}
    for g in gaps:
        split[_kind(decisions.get(g.id))][g.escalate_to] += 1
    children: dict[str | None, list[str]] = {}
    for u in m.units:
        parent = u.parent_id if u.parent_id in m.units_by_id else None
        children.setdefault(parent, []).append(u.id)

    below: Counter[str] = Counter()
    for uid, n in here.items():
        if uid is not None and uid in m.units_by_id:
            for anc in chain.ancestors(uid):
                below[anc] += n

    rows: list[dict[str, object]] = []
    stack = [(uid, 0) for uid in reversed(children.get(None, []))]
    while stack:
        uid, depth = stack.pop()
        u = m.units_by_id[uid]
        rows.append(
            {
                t("col.unit"): "\u2003" * depth + ("└ " if depth else "") + u.name,
                t("col.level"): escalation_label(m, uid, chain.level(uid)).split(" · ")[-1],
                t("col.sector"): sector_label(u.sector, lang()),
                t("chain.here"): here.get(uid, 0),
                t("chain.open"): split["open"].get(uid, 0),
                t("chain.decided"): split["decided"].get(uid, 0),
                t("chain.accepted"): split["accepted"].get(uid, 0),
                t("chain.below"): below.get(uid, 0),
            }
        )
        stack.extend((c, depth + 1) for c in reversed(children.get(uid, [])))
    return pd.DataFrame(rows), here


def _kind(decision: Any) -> str:
    """open (no decision or a proposal), decided (decided, in progress, done) or accepted."""
    if decision is None or decision.status.value == "proposed":
        return "open"
    return "accepted" if decision.status.value == "accepted" else "decided"


st.title(t("chain.title"))
cur = state.require_current()
m = cur.map

with guard(stop=True):
    gaps = state.gaps(cur)
    chain = state.chain(cur)
    rows, here = _tree(cur.cache_key, lang(), m, gaps, chain)

    c1, c2 = st.columns(2)
    c1.metric(t("chain.top_count"), here.get(None, 0))
    c2.metric(t("chain.units"), len(m.units))
    st.dataframe(rows, hide_index=True, height=min(700, 38 + 35 * len(rows)))

    targets = [uid for uid, n in here.most_common() if n]
    if targets:

        def _target(x: str) -> str:
            return f"{escalation_label(m, x, chain.level(x))} ({here[x]})"

        pick = st.selectbox(
            t("chain.pick"),
            targets,
            format_func=localized(_target),
            key=lk("ch_pick"),
        )
        chosen = [g for g in gaps if g.escalate_to == pick]
        decided = [g for g in chosen if _kind(m.decisions_by_finding.get(g.id)) != "open"]
        still = [g for g in chosen if _kind(m.decisions_by_finding.get(g.id)) == "open"]
        st.page_link(
            "mapping/ui/pages/unit_room.py",
            label=t("chain.open_room"),
            icon=":material/person:",
            query_params={"enhed": pick},
        )
        tab_open, tab_decided = st.tabs(
            [t("chain.tab_open", n=len(still)), t("chain.tab_decided", n=len(decided))]
        )
        with tab_open:
            finding_cards(m, still, lk("ch_open"), viewer=pick)
        with tab_decided:
            finding_cards(m, decided, lk("ch_decided"), viewer=pick)
