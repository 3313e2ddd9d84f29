"""Findings for leaders: who acts, decision status, compact cards, *Start her*, decisions.

Shared by Huller, Mit ledelsesrum, Ledelseskæden, Handlingsplan and Workshop.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import streamlit as st

from mapping import formats, storage
from mapping.gaps.core import Finding
from mapping.model import Decision, DecisionStatus, Map
from mapping.rooms import lands_on
from mapping.schema import TABLES
from mapping.ui import state
from mapping.ui.common import SEVERITY_ICON, md, severity_label, text
from mapping.ui.i18n import lang, localized, t

PLAN_PAGE = "mapping/ui/pages/plan.py"
STATUS_COLUMN = TABLES["decisions"].column("status")
STATUS_ICON = {
    "none": ":grey[○]",
    "proposed": ":orange[◔]",
    "decided": ":blue[◑]",
    "in_progress": ":blue[◕]",
    "done": ":green[●]",
    "accepted": ":grey[◌]",
}
CARD_LIMIT = 10


def status_label(status: str) -> str:
    """A decision status as people read it; ``none`` is "no decision yet"."""
    if status == "none":
        return t("find.no_decision")
    return STATUS_COLUMN.choice_label(status, lang())


def fmt_date(value: dt.date | dt.datetime | None) -> str:
    """31-12-2026 in Danish, 2026-12-31 in English."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.astimezone() if value.tzinfo else value
    return formats.day(value, lang())


def unit_name(m: Map, uid: str | None) -> str:
    u = m.units_by_id.get(uid or "")
    return u.name if u else (uid or "–")


def with_leader(m: Map, uid: str) -> str:
    """``Børn og Unge (Torben Ahlgreen)``: the unit and its leader when registered."""
    u = m.units_by_id.get(uid)
    if u is None:
        return uid
    return f"{u.name} ({u.leader.strip()})" if u.leader.strip() else u.name


def leader_label(m: Map, uid: str) -> str:
    """``Torben Ahlgreen – Børn og Unge``: a leader first, for pickers of leaders."""
    u = m.units_by_id.get(uid)
    if u is None:
        return uid
    return f"{u.leader.strip()} – {u.name}" if u.leader.strip() else u.name


def decision_summary(m: Map, d: Decision | None) -> str:
    """``Besluttet · ansvarlig: X · frist: 31-03-2027 · besluttet 15-10-2026 af Y``."""
    if d is None:
        return t("find.no_decision")
    parts = [status_label(d.status.value)]
    if d.owner_unit_id:
        parts.append(t("find.owner", name=unit_name(m, d.owner_unit_id)))
    if d.due:
        parts.append(t("find.due", date=fmt_date(d.due)))
    if d.decided_on or d.decided_by:
        when = t("find.decided", date=fmt_date(d.decided_on)) if d.decided_on else ""
        who = t("find.by", who=d.decided_by) if d.decided_by else ""
        parts.append(" ".join(x for x in (when, who) if x))
    return " · ".join(p for p in parts if p)


def who_acts(m: Map, f: Finding, viewer: str | None = None) -> str:
    """Who acts on ``f``, said to the leader of ``viewer`` when it is them."""
    if f.acts == "chain":
        if viewer is not None and lands_on(m, f, viewer):
            return t("find.who_you_decide", name=with_leader(m, viewer))
        if f.escalate_to is None:
            return t("find.who_top")
        return with_leader(m, f.escalate_to)
    involved = list(f.involved)
    others = [u for u in involved if u != viewer]
    if len(others) > 4:
        named = t("find.n_units", n=len(others))
    else:
        named = join([with_leader(m, u) for u in sorted(others, key=lambda u: unit_name(m, u))])
    if viewer is not None and viewer in involved:
        return t("find.who_you_with", others=named) if others else t("find.who_you_alone")
    return t("find.who_leaders", names=named)


def join(names: Sequence[str]) -> str:
    """``A, B og C`` / ``A, B and C``."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {t('find.and')} {names[-1]}"


def details_line(m: Map, f: Finding, limit: int = 8) -> tuple[str, str]:
    """(label, text) for the camps or the unknown pairs of a finding; ('', '') when none."""
    if not f.details:
        return "", ""
    parts = []
    for d in f.details[:limit]:
        if isinstance(d, tuple):
            parts.append(f"{unit_name(m, d[0])} + {unit_name(m, d[1])}")
        else:
            parts.append(f"»{d.value}«: " + ", ".join(unit_name(m, u) for u in d.units))
    total = max(f.detail_total, len(f.details))
    if total > limit:
        parts.append(t("find.more", n=total - limit))
    pairs = isinstance(f.details[0], tuple)
    return t("find.pairs") if pairs else t("find.camps"), ("; " if pairs else " | ").join(parts)


def subject_title(m: Map, f: Finding) -> str:
    from mapping.actionplan import subject_name

    return f"{f.code} · {text(f.title)} — {subject_name(m, f.id)}"


def _next_step(m: Map, f: Finding, decision: Decision | None, viewer: str | None) -> None:
    """Who acts, what to do, the question to settle and the decision, with a link to the plan."""
    code = lang()
    st.markdown(f"**{t('find.who')}:** {md(who_acts(m, f, viewer))}")
    st.markdown(f"**{t('gaps.action')}** {md(f.action.get(code))}")
    st.markdown(f"**{t('gaps.question')}** _{md(f.question.get(code))}_")
    status = decision.status.value if decision else "none"
    c1, c2 = st.columns([4, 1])
    c1.markdown(
        f"{STATUS_ICON[status]} **{t('find.decision')}:** {md(decision_summary(m, decision))}"
    )
    with c2:
        st.page_link(
            PLAN_PAGE,
            label=t("find.open_plan"),
            icon=":material/checklist:",
            query_params={"fund": f.id},
        )


def finding_card(
    m: Map, f: Finding, decision: Decision | None, key: str, viewer: str | None = None
) -> None:
    """One finding for a leader: what, who acts, the action, the question, the decision."""
    code = lang()
    citizens = t("find.citizens", n=formats.number(f.citizens, code))
    with st.container(border=True):
        st.markdown(f"{SEVERITY_ICON.get(f.severity, '')} **{md(subject_title(m, f))}**")
        st.caption(f"{severity_label(f.severity)} · {citizens} · {f.id}")
        st.markdown(md(f.message.get(code)))
        label, detail = details_line(m, f)
        if detail:
            st.markdown(f"**{label}:** {md(detail)}")
        _next_step(m, f, decision, viewer)


def finding_cards(
    m: Map,
    findings: Sequence[Finding],
    key: str,
    viewer: str | None = None,
    limit: int = CARD_LIMIT,
) -> None:
    """Cards for the first findings, with a control to show more."""
    if len(findings) > limit:
        limit = int(
            st.number_input(
                t("find.show_n", total=len(findings)),
                min_value=limit,
                max_value=len(findings),
                step=limit,
                value=limit,
                key=f"{key}:n",
            )
        )
    decisions = m.decisions_by_finding
    for i, f in enumerate(findings[:limit]):
        finding_card(m, f, decisions.get(f.id), f"{key}:{i}", viewer)
    if len(findings) > limit:
        st.caption(t("find.more_hidden", n=len(findings) - limit))


def start_here(
    m: Map, findings: Sequence[Finding], key: str, viewer: str | None = None
) -> list[Finding]:
    """*Start her*: the five open findings to take first, numbered; returns them."""
    from mapping.rooms import start_here as first

    chosen = first(findings, m.decisions_by_finding)
    st.header(t("find.start_title"))
    if not chosen:
        st.success(t("find.start_none"))
        return chosen
    st.caption(t("find.start_help", n=len(chosen)))
    decisions = m.decisions_by_finding
    for i, f in enumerate(chosen, start=1):
        with st.container(border=True):
            st.markdown(
                f"**{i}.** {SEVERITY_ICON.get(f.severity, '')} **{md(subject_title(m, f))}**"
            )
            _next_step(m, f, decisions.get(f.id), viewer)
    return chosen


# --- Recording a decision -------------------------------------------------


def _conflict_key(fid: str) -> str:
    return f"decision_conflict:{st.session_state.get(state.MAP_KEY)}:{fid}"


def _prefill_key(fid: str) -> str:
    return f"decision_prefill:{st.session_state.get(state.MAP_KEY)}:{fid}"


def _values(m: Map, d: Decision | None) -> dict[str, str]:
    """A decision's fields as people read them, for the conflict table."""
    if d is None:
        return {k: "–" for k in ("status", "owner", "due", "decided_on", "decided_by", "note")}
    return {
        "status": status_label(d.status.value),
        "owner": unit_name(m, d.owner_unit_id) if d.owner_unit_id else "–",
        "due": fmt_date(d.due) or "–",
        "decided_on": fmt_date(d.decided_on) or "–",
        "decided_by": d.decided_by or "–",
        "note": d.note or "–",
    }


def _show_conflict(cur: state.Current, fid: str) -> bool:
    import pandas as pd

    conflict = st.session_state.get(_conflict_key(fid))
    if not conflict:
        return False
    m = cur.map
    st.error(md(conflict["message"]))
    mine: Decision = conflict["mine"]
    theirs: Decision | None = cur.map.decisions_by_finding.get(fid)
    a, b = _values(m, theirs), _values(m, mine)
    rows = [
        {
            t("conflict.field"): t(f"find.f_{k}"),
            t("conflict.theirs"): a[k],
            t("conflict.yours"): b[k],
            t("conflict.differs"): "≠" if a[k] != b[k] else "",
        }
        for k in a
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True)
    st.caption(t("find.conflict_help"))
    c1, c2 = st.columns(2)
    if c1.button(t("conflict.reload"), key=f"dec_reload:{fid}", type="primary"):
        st.session_state.pop(_conflict_key(fid), None)
        st.session_state.pop(_prefill_key(fid), None)
        state.bump_form("decisions")
        st.rerun()
    if c2.button(t("find.keep_mine"), key=f"dec_mine:{fid}"):
        st.session_state.pop(_conflict_key(fid), None)
        st.session_state[_prefill_key(fid)] = mine
        state.bump_form("decisions")
        st.rerun()
    return True


def _owner_options(m: Map, f: Finding | None) -> list[str]:
    """The units most likely to carry it out first (escalation point, involved), then all."""
    first = []
    if f is not None:
        first = [u for u in (f.escalate_to, *f.units) if u]
    rest = sorted((u.id for u in m.units if not u.external), key=lambda u: unit_name(m, u))
    return ["", *dict.fromkeys([*first, *rest])]


def decision_form(cur: state.Current, fid: str, f: Finding | None, key: str) -> bool:
    """Record or change the decision on ``fid``; True when it was saved (then reruns).

    The save is checked against the version the user first saw; on a conflict
    nothing is written, and the other person's and the user's versions are
    shown side by side, naming who saved.
    """
    from mapping.ui.forms import flash

    if not state.can("edit"):  # a reader sees the decision, not the form
        st.caption(t("auth.read_only"))
        return False
    if _show_conflict(cur, fid):
        return False
    m = cur.map
    stored = m.decisions_by_finding.get(fid)
    seen = state.seen_version("decisions", (fid,), cur.stored.versions.get(("decisions", (fid,))))
    shown = st.session_state.get(_prefill_key(fid)) or stored
    nonce = state.form_nonce("decisions")
    wkey = f"{key}:{fid}:{nonce}:{lang()}"
    date_fmt = formats.widget_date_format(lang())
    statuses = [s.value for s in DecisionStatus]
    owners = _owner_options(m, f)
    owner = shown.owner_unit_id if shown and shown.owner_unit_id in owners else ""
    with st.form(wkey, border=True):
        c1, c2 = st.columns(2)
        status = c1.selectbox(
            t("find.f_status"),
            statuses,
            index=statuses.index(shown.status.value) if shown else 0,
            format_func=localized(status_label),
            key=f"{wkey}:status",
        )
        owner_id = c2.selectbox(
            t("find.f_owner"),
            owners,
            index=owners.index(owner),
            format_func=lambda u: with_leader(m, u) if u else "–",
            key=f"{wkey}:owner",
        )
        c3, c4, c5 = st.columns(3)
        due = c3.date_input(
            t("find.f_due"), value=shown.due if shown else None, format=date_fmt, key=f"{wkey}:due"
        )
        decided_on = c4.date_input(
            t("find.f_decided_on"),
            value=shown.decided_on if shown else None,
            format=date_fmt,
            key=f"{wkey}:on",
        )
        decided_by = c5.text_input(
            t("find.f_decided_by"), value=shown.decided_by if shown else "", key=f"{wkey}:by"
        )
        note = st.text_area(
            t("find.f_note"), value=shown.note if shown else "", height=80, key=f"{wkey}:note"
        )
        submitted = st.form_submit_button(t("find.save_decision"), type="primary")
    if not submitted:
        return False
    record = Decision(
        fid,
        DecisionStatus(status),
        owner_id or None,
        due,
        decided_on,
        (decided_by or "").strip(),
        (note or "").strip(),
    )
    author = state.actor()
    try:
        storage.save_record(state.engine(), cur.map_id, "decisions", record, seen, author)
    except storage.ConflictError:
        st.session_state[_conflict_key(fid)] = {
            "message": conflict_message(cur, fid, subject_title(m, f) if f else fid),
            "mine": record,
        }
        st.rerun()
    except storage.StorageError as exc:
        st.error(md(exc.message(lang())))
        return False
    st.session_state.pop(_prefill_key(fid), None)
    state.bump_form("decisions")
    done = t("find.decision_saved", what=subject_title(m, f) if f else fid)
    if not state.author():
        done += " " + t("form.saved_as_unknown")
    flash(md(done))
    st.rerun()
    return True


def conflict_message(cur: state.Current, fid: str, what: str) -> str:
    """Who saved the decision on ``what`` (and when) after the user opened it."""
    from mapping.storage.closings import last_change

    change = last_change(state.engine(), cur.map_id, "decisions", (fid,))
    if change is None:
        return t("find.conflict_deleted", id=what)
    at = change.at.replace(tzinfo=dt.UTC).astimezone()
    return t(
        "find.conflict",
        id=what,
        who=change.author or t("common.anonymous"),
        when=f"{fmt_date(at)} {formats.clock(at, lang())}",
    )


def lazy_section(label: str, key: str, expanded: bool) -> Any:
    """An expander whose content is only worth drawing when it is open.

    It reruns the page when opened or closed, so a page with hundreds of
    sections draws the cards of the open ones only. Use ``.open`` on the
    result (None or True: draw).
    """
    return st.expander(label, expanded=expanded, key=key, on_change="rerun")


def is_open(section: Any) -> bool:
    """Whether a :func:`lazy_section` is open (unknown counts as open)."""
    return getattr(section, "open", True) is not False


def follow_link(param: str, key: str, valid: Any, default: Any = None) -> None:
    """Let ``?param=value`` in the URL choose the widget ``key`` when it is a new link.

    A link followed from another page (a card's *Beslut*, the chain's *Åbn
    ledelsesrummet*) wins over the choice the session made before; the URL the
    page writes itself does not. With no usable value, an invalid choice
    falls back to ``default`` (a value, or a function computing it only then).
    """
    wanted = st.query_params.get(param)
    followed = f"{key}:link"
    if wanted and wanted in valid and wanted != st.session_state.get(followed):
        st.session_state[key] = wanted
    elif st.session_state.get(key) not in valid:
        st.session_state[key] = default() if callable(default) else default
    st.session_state[followed] = wanted


def keep_in_link(param: str, key: str, value: str) -> None:
    """Write the chosen ``value`` into the URL (so it can be bookmarked) as the page's own."""
    if st.query_params.get(param) != value:
        st.query_params[param] = value
    st.session_state[f"{key}:link"] = value
