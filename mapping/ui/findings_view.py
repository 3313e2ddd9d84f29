"""Findings for leaders: who acts, decision status, compact cards and *Start her*.

Shared by Huller, Mit ledelsesrum, Ledelseskæden, Handlingsplan and Workshop.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import streamlit as st

from mapping import formats
from mapping.gaps.core import Finding
from mapping.model import Decision, Map
from mapping.rooms import lands_on
from mapping.schema import TABLES
from mapping.ui.common import SEVERITY_ICON, md, severity_label, text
from mapping.ui.i18n import lang, t

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
