"""Workshop: one citizen group on a shared screen, and what the room agrees, recorded at once.

Large text and little else: the units as the citizen meets them, the camps of
goals and paradigms side by side, the units that do not know each other, the
principles and who joined, the group's findings and their questions. Below,
one form per thing the room can agree on; each is a normal recorded edit
(the author's name, checked against the version seen), and the page shows
which findings closed or opened because of it.
"""

import dataclasses
import datetime as dt
from collections import Counter
from typing import Any

import streamlit as st

from mapping import formats, storage
from mapping.ids import slugify, unique_id
from mapping.model import Adoption, Principle, PrincipleKind, PrincipleStatus, Relation
from mapping.ui import state
from mapping.ui.common import md
from mapping.ui.decision_form import decision_form
from mapping.ui.errors import guard
from mapping.ui.findings_view import (
    finding_cards,
    follow_link,
    join,
    keep_in_link,
    subject_title,
    unit_name,
    with_leader,
)
from mapping.ui.forms import flash, show_flash
from mapping.ui.i18n import lang, lk, localized, t
from mapping.workshop import camps, contact_points, group_findings, unknown_pairs

URL_PARAM = "gruppe"
CHANGED_KEY = "ws_changed_from"
BIG = """
<style>
section.main .block-container p, section.main .block-container li,
[data-testid="stMainBlockContainer"] p, [data-testid="stMainBlockContainer"] li {
  font-size: 1.2rem; line-height: 1.5;
}
[data-testid="stMainBlockContainer"] h1 { font-size: 2.6rem; }
[data-testid="stMainBlockContainer"] h2 { font-size: 2.2rem; }
[data-testid="stMainBlockContainer"] h3 { font-size: 1.6rem; }
</style>
"""


def _names(m: Any, ids: Any) -> str:
    return join(sorted((unit_name(m, u) for u in ids), key=str.casefold)) or "–"


FORMS = ("workshop", "principles", "citizen_groups", "decisions")
CONFLICT_KEY = "ws_conflict"


def _fresh_forms() -> None:
    """New widget keys and freshly seen versions for every form on the page."""
    for table in FORMS:
        state.bump_form(table)


def _saved(what: str, before: set[str]) -> None:
    """After a recorded edit: remember the findings before it, say so, and rerun."""
    st.session_state[CHANGED_KEY] = before
    msg = t("ws.saved", what=what)
    if not state.author():
        msg += " " + t("form.saved_as_unknown")
    flash(md(msg))
    _fresh_forms()
    st.rerun()


def _save(cur: state.Current, table: str, record: Any, base: int | None, what: str) -> bool:
    """One recorded edit; on a conflict nothing is written and the page says who saved."""
    try:
        storage.save_record(state.engine(), cur.map_id, table, record, base, state.actor())
    except storage.ConflictError:
        from mapping.storage.closings import last_change

        change = last_change(state.engine(), cur.map_id, table, storage.record_key(table, record))
        who = (change.author if change else "") or t("common.anonymous")
        st.session_state[CONFLICT_KEY] = t("ws.conflict", what=what, who=who)
        _fresh_forms()
        st.rerun()
    except storage.StorageError as exc:
        st.error(md(exc.message(lang())))
        return False
    return True


def _show_changes(m: Any, gaps: list) -> None:
    before = st.session_state.pop(CHANGED_KEY, None)
    if before is None:
        return
    now = {f.id: f for f in gaps}
    closed = sorted(before - set(now))
    opened = [now[i] for i in sorted(set(now) - before)]
    if closed:
        st.success(t("ws.closed", ids=md(", ".join(closed))))
    if opened:
        st.warning(t("ws.opened", ids=md(", ".join(subject_title(m, f) for f in opened))))
    if not closed and not opened:
        st.info(t("ws.unchanged"))


st.markdown(BIG, unsafe_allow_html=True)  # a fixed style, no user text
st.title(t("ws.title"))
cur = state.require_current()
m = cur.map
show_flash()

with guard(stop=True):
    if not m.citizen_groups:
        st.info(t("citizen.none"))
        st.stop()
    gaps = state.gaps(cur)
    if CONFLICT_KEY in st.session_state:
        st.error(md(st.session_state.pop(CONFLICT_KEY)))
    _show_changes(m, gaps)
    gids = [g.id for g in m.citizen_groups]

    # A link opens its group; otherwise the group with most findings.
    def busiest() -> str:
        counts = Counter(g for f in gaps for g in f.groups)
        return max(gids, key=lambda g: counts.get(g, 0))

    follow_link(URL_PARAM, "ws_group", set(gids), busiest)
    gid = st.selectbox(t("ws.pick"), gids, format_func=lambda g: m.group(g).name, key="ws_group")
    keep_in_link(URL_PARAM, "ws_group", gid)
    group = m.group(gid)
    found = group_findings(gaps, gid)
    serving = list(m.serving_units.get(gid, ()))
    points = contact_points(m, gid)

    st.markdown(f"## {md(group.name)}")
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("ws.contact_points"), len(points))
    c2.metric(t("ws.units"), len(serving))
    c3.metric(t("ws.findings"), len(found))
    size = group.est_size
    c4.metric(t("ws.citizens"), formats.number(size, lang()) if size is not None else "–")
    lead = (
        t("ws.lead", name=with_leader(m, group.lead_unit_id))
        if group.lead_unit_id
        else t("ws.no_lead")
    )
    st.markdown(md(lead))

    st.markdown(f"### {t('ws.meets')}")
    if not points:
        st.info(t("ws.no_units"))
    for i, point in enumerate(points, start=1):
        if point.label:
            label = point.label[:1].upper() + point.label[1:]
            st.markdown(
                f"{i}. **{md(t('ws.parallel', label=label, n=len(point.units)))}** "
                f"{md(_names(m, point.units))}"
            )
        else:
            st.markdown(f"{i}. **{md(with_leader(m, point.units[0]))}**")

    left, right = st.columns(2)
    for col, attr in ((left, "paradigm"), (right, "goal")):
        with col:
            st.markdown(f"### {t(f'ws.camps_{attr}')}")
            found_camps = camps(m, gid, attr)
            if not found_camps:
                st.caption(t("ws.no_values"))
            for camp in found_camps:
                value = f"»{camp.value}«" if camp.value else t("ws.not_stated")
                with st.container(border=True):
                    st.markdown(f"**{md(value)}**")
                    st.markdown(md(_names(m, camp.units)))

    st.markdown(f"### {t('ws.pairs')}")
    pairs, total = unknown_pairs(found, gid)
    if not pairs:
        st.success(t("ws.no_pairs"))
    else:
        shown = pairs[:30]
        st.markdown(md("; ".join(f"{unit_name(m, a)} + {unit_name(m, b)}" for a, b in shown)))
        if total > len(shown):
            st.caption(t("find.more", n=total - len(shown)))

    st.markdown(f"### {t('ws.principles')}")
    covering = m.principles_by_group.get(gid, ())
    if not covering:
        st.info(t("citizen.no_principles"))
    for p in covering:
        joined = m.adopters.get(p.id, frozenset())
        missing = [u for u in serving if u not in joined]
        with st.container(border=True):
            st.markdown(
                f"**{md(p.name)}** · {t('kind.' + p.kind.value)} · {t('status.' + p.status.value)}"
            )
            st.markdown(md(t("ws.joined", names=_names(m, joined))))
            if missing:
                st.markdown(md(t("ws.not_joined", names=_names(m, missing))))

    st.markdown(f"### {t('ws.questions')}")
    questions = list(dict.fromkeys(f.question.get(lang()) for f in found))
    if not questions:
        st.success(t("ws.no_findings"))
    for q in questions:
        st.markdown(f"- _{md(q)}_")

    st.markdown(f"### {t('ws.findings_title', n=len(found))}")
    finding_cards(m, found, "ws_cards")

    # --- What the room agrees ------------------------------------------
    st.divider()
    st.markdown(f"## {t('ws.agree')}")
    if not state.can("edit"):  # a reader follows the workshop; the storage refuses edits anyway
        st.info(t("auth.read_only"))
        st.stop()
    st.caption(t("ws.agree_help"))
    before = {f.id for f in gaps}
    nonce = state.form_nonce("workshop")
    others = sorted((u.id for u in m.units if u.id not in serving), key=lambda u: unit_name(m, u))
    pickable = [*serving, *others]
    tabs = st.tabs(
        [t("ws.act_principle"), t("ws.act_join"), t("ws.act_lead"), t("ws.act_relation"),
         t("ws.act_decision")]
    )  # fmt: skip

    with tabs[0], st.form(f"ws_new:{gid}:{nonce}"):
        name = st.text_input(t("ws.p_name"), key=f"ws_p_name:{nonce}")
        k1, k2, k3 = st.columns(3)
        kind = k1.selectbox(
            t("ws.p_kind"),
            [k.value for k in PrincipleKind],
            format_func=localized(lambda v: t(f"kind.{v}")),
            key=lk(f"ws_p_kind:{nonce}"),
        )
        status = k2.selectbox(
            t("ws.p_status"),
            [s.value for s in PrincipleStatus],
            index=2,
            format_func=localized(lambda v: t(f"status.{v}")),
            key=lk(f"ws_p_status:{nonce}", keep=False),
        )
        owner = k3.selectbox(
            t("ws.p_owner"),
            ["", *pickable],
            format_func=lambda u: unit_name(m, u) if u else "–",
            key=f"ws_p_owner:{nonce}",
        )
        adopters = st.multiselect(
            t("ws.p_adopters"),
            serving,
            format_func=lambda u: unit_name(m, u),
            key=f"ws_p_adopters:{nonce}",
            placeholder=t("common.choose_many"),
        )
        if st.form_submit_button(t("ws.p_save"), type="primary"):
            if not name.strip():
                st.error(t("ws.need_name"))
            else:
                pid = unique_id(slugify(name), m.principles_by_id)
                agreed = PrincipleStatus(status).is_binding
                p = Principle(
                    pid,
                    name.strip(),
                    PrincipleKind(kind),
                    owner_unit_id=owner or None,
                    status=PrincipleStatus(status),
                    agreed_on=dt.date.today() if agreed else None,
                    group_ids=(gid,),
                )
                what = t("ws.saved_principle", name=p.name, n=len(adopters))
                if _save(cur, "principles", p, None, what) and all(
                    _save(cur, "adoptions", Adoption(pid, u), None, what) for u in adopters
                ):
                    _saved(what, before)

    with tabs[1], st.form(f"ws_join:{gid}:{nonce}"):
        ordered = [*covering, *(p for p in m.principles if p not in covering)]
        if not ordered:
            st.caption(t("ws.no_principles_yet"))
        pid = st.selectbox(
            t("ws.j_principle"),
            [p.id for p in ordered],
            format_func=lambda x: m.principle(x).name,
            key=f"ws_j_p:{nonce}",
        )
        units = st.multiselect(
            t("ws.j_units"),
            serving,
            format_func=lambda u: unit_name(m, u),
            key=f"ws_j_units:{nonce}",
            placeholder=t("common.choose_many"),
        )
        if st.form_submit_button(t("ws.j_save"), type="primary") and pid:
            p = m.principle(pid)
            key = ("principles", (pid,))
            seen_p = state.seen_version(*key, cur.stored.versions.get(key))
            new = [u for u in units if u not in m.adopters.get(pid, frozenset())]
            what = t("ws.saved_join", name=p.name, n=len(new))
            ok = True
            if gid not in p.group_ids:  # joining for this group means covering it
                covers = dataclasses.replace(p, group_ids=(*p.group_ids, gid))
                ok = _save(cur, "principles", covers, seen_p, what)
            if ok and all(_save(cur, "adoptions", Adoption(pid, u), None, what) for u in new):
                _saved(what, before)

    with tabs[2], st.form(f"ws_lead:{gid}:{nonce}"):
        gkey = ("citizen_groups", (gid,))
        seen_g = state.seen_version(*gkey, cur.stored.versions.get(gkey))
        current = group.lead_unit_id or ""
        options = ["", *pickable]
        lead_id = st.selectbox(
            t("ws.l_unit"),
            options,
            index=options.index(current) if current in options else 0,
            format_func=lambda u: with_leader(m, u) if u else "–",
            key=f"ws_l_unit:{nonce}",
        )
        if st.form_submit_button(t("ws.l_save"), type="primary"):
            g = dataclasses.replace(group, lead_unit_id=lead_id or None)
            what = t("ws.saved_lead", name=unit_name(m, lead_id) if lead_id else "–")
            if _save(cur, "citizen_groups", g, seen_g, what):
                _saved(what, before)

    with tabs[3], st.form(f"ws_rel:{gid}:{nonce}"):
        pair_opts = ["", *(f"{a}+{b}" for a, b in pairs)]

        def _pair_label(x: str) -> str:
            return " + ".join(unit_name(m, u) for u in x.split("+")) if x else t("ws.r_choose")

        chosen = st.selectbox(
            t("ws.r_pair"),
            pair_opts,
            format_func=localized(_pair_label),
            key=lk(f"ws_r_pair:{nonce}"),
        )
        r1, r2 = st.columns(2)
        ua = r1.selectbox(
            t("ws.r_a"),
            ["", *serving],
            format_func=lambda u: unit_name(m, u) if u else "–",
            key=f"ws_r_a:{nonce}",
        )
        ub = r2.selectbox(
            t("ws.r_b"),
            ["", *serving],
            format_func=lambda u: unit_name(m, u) if u else "–",
            key=f"ws_r_b:{nonce}",
        )
        note = st.text_input(t("ws.r_note"), key=f"ws_r_note:{nonce}")
        if st.form_submit_button(t("ws.r_save"), type="primary"):
            a, b = chosen.split("+") if chosen else (ua, ub)
            if not a or not b or a == b:
                st.error(t("ws.r_need_two"))
            elif frozenset((a, b)) in m.related_pairs:
                st.error(t("ws.r_exists"))
            else:
                a, b = sorted((a, b))
                what = t("ws.saved_relation", a=unit_name(m, a), b=unit_name(m, b))
                if _save(cur, "relations", Relation(a, b, note=note.strip()), None, what):
                    _saved(what, before)

    with tabs[4]:
        if not found:
            st.caption(t("ws.no_findings"))
        else:
            fid = st.selectbox(
                t("ws.d_finding"),
                [f.id for f in found],
                format_func=localized(
                    lambda x: subject_title(m, next(f for f in found if f.id == x))
                ),
                key=lk("ws_d_finding"),
            )
            decision_form(cur, fid, next(f for f in found if f.id == fid), "ws_dec")
