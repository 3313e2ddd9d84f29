"""Small rendering helpers shared by several pages."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import streamlit as st

from mapping.model import Map
from mapping.ui.i18n import lang, t

EDIT_PAGE = "mapping/ui/pages/edit.py"
CARD_PAGE = 15
SEVERITY_ICON = {"high": ":red[●]", "medium": ":orange[●]", "low": ":blue[●]"}


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$])")


def md(value: object) -> str:
    """User text made inert for Markdown: no links, emphasis, HTML or colour tags.

    >>> md("[klik](javascript:alert(1)) <b>")
    '\\[klik\\](javascript:alert(1)) \\<b\\>'
    """
    return _MD_SPECIAL.sub(r"\\\1", str(value))


def text(value: Any) -> str:
    """A catalogue ``Text(da, en)`` (or a plain string) in the current language."""
    if isinstance(value, str):
        return value
    return str(getattr(value, lang(), None) or getattr(value, "da", "") or "")


def severity_label(sev: str) -> str:
    return t(f"severity.{sev}")


def unit_label(m: Map, uid: str | None) -> str:
    if not uid:
        return "–"
    u = m.units_by_id.get(uid)
    return f"{u.name} ({uid})" if u else uid


def group_label(m: Map, gid: str) -> str:
    g = m.groups_by_id.get(gid)
    return f"{g.name} ({gid})" if g else gid


def principle_label(m: Map, pid: str) -> str:
    p = m.principles_by_id.get(pid)
    return f"{p.name} ({pid})" if p else pid


def rule_label(code: str) -> str:
    """A rule code with its title in the current language, e.g. ``HK101 · …``."""
    from mapping.gaps import rule_by_code

    return f"{code} · {text(rule_by_code(code).title)}"


def escalation_label(m: Map, escalate_to: str | None, level: str) -> str:
    """Who must act, e.g. ``Børn og Unge (bu) · forvaltning``."""
    from mapping.chain import level_name

    lvl = level_name(level, lang())
    if escalate_to is None:
        return t("gaps.top_management", level=lvl)
    return f"{unit_label(m, escalate_to)} · {lvl}"


def record_links(m: Map, table: str, ids: Iterable[str]) -> None:
    """One link per record that opens it on the edit page (its name only for a reader)."""
    from mapping.ui import state

    labeler = {"units": unit_label, "citizen_groups": group_label, "principles": principle_label}[
        table
    ]
    editor = state.can("edit")
    for rid in ids:
        if not editor:
            st.markdown(f"- {md(labeler(m, rid))}")
            continue
        st.page_link(
            EDIT_PAGE,
            label=labeler(m, rid),
            icon=":material/edit:",
            query_params={"table": table, "id": rid},
        )


def gap_card(m: Map, gap: Any, idx: int, *, show_escalation: bool = True) -> None:
    """One finding: title, message, camps or pairs, why, who acts, action, question, links."""
    from mapping.gaps import rule_by_code
    from mapping.visual.report import acts_label, details_text

    rule = rule_by_code(gap.code)
    code = lang()
    with st.container(border=True):
        st.markdown(f"{SEVERITY_ICON.get(gap.severity, '')} **{gap.code} · {md(text(gap.title))}**")
        st.caption(f"{severity_label(gap.severity)} · {acts_label(gap.acts, code)} · {gap.id}")
        st.markdown(md(gap.message.get(code)))
        if gap.details:
            st.markdown(f"**{t('gaps.details')}** {md(details_text(gap, m.units_by_id))}")
        st.markdown(f"**{t('gaps.why')}** {text(rule.why)}")
        st.markdown(f"**{t('gaps.action')}** {md(gap.action.get(code))}")
        st.markdown(f"**{t('gaps.question')}** _{md(gap.question.get(code))}_")
        if show_escalation:
            st.markdown(
                f"**{t('gaps.escalate_to')}** "
                f"{md(escalation_label(m, gap.escalate_to, gap.escalation_level))}"
            )
        cols = st.columns(3)
        for col, table, ids in (
            (cols[0], "units", (*gap.units, *gap.partners)),
            (cols[1], "citizen_groups", gap.groups),
            (cols[2], "principles", gap.principles),
        ):
            if ids:
                with col:
                    st.caption(t(f"table.{table}"))
                    record_links(m, table, ids)


def gap_cards(m: Map, gaps: Sequence[Any], key: str, *, show_escalation: bool = True) -> None:
    """Cards for the first gaps, with a control to show more (cards are costly)."""
    if not gaps:
        return
    limit = CARD_PAGE
    if len(gaps) > CARD_PAGE:
        limit = int(
            st.number_input(
                t("gaps.limit"), min_value=CARD_PAGE, step=CARD_PAGE, value=CARD_PAGE, key=key
            )
        )
    for i, g in enumerate(gaps[:limit]):
        gap_card(m, g, i, show_escalation=show_escalation)
    if len(gaps) > limit:
        st.info(t("gaps.more_hidden"))


def gap_frame(m: Map, gaps: Sequence[Any]) -> Any:
    """One sortable row per gap: rule, severity, title, message and who acts."""
    import pandas as pd

    return pd.DataFrame(
        [
            {
                t("gaps.col_rule"): g.code,
                t("gaps.col_severity"): severity_label(g.severity),
                t("gaps.col_title"): g.title.get(lang()),
                t("gaps.col_message"): g.message.get(lang()),
                t("filter.escalation"): escalation_label(m, g.escalate_to, g.escalation_level),
            }
            for g in gaps
        ]
    )


def counts_table(gaps: Sequence[Any]) -> Any:
    """Counts by rule (rows) and severity (columns) as a DataFrame."""
    import pandas as pd

    from mapping.gaps import RULES

    rows = []
    for rule in RULES:
        n = sum(1 for g in gaps if g.code == rule.code)
        rows.append(
            {
                t("gaps.col_rule"): rule.code,
                t("gaps.col_title"): text(rule.title),
                t("gaps.col_severity"): severity_label(rule.severity),
                t("gaps.col_count"): n,
            }
        )
    return pd.DataFrame(rows)
