"""The form that records a leader's decision on a finding, safe with two people.

The save is checked against the version the user first saw; on a conflict the
two versions are shown side by side with who saved, and the user reloads or
keeps their own.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from mapping import formats, storage
from mapping.gaps.core import Finding
from mapping.model import Decision, DecisionStatus, Map
from mapping.ui import state
from mapping.ui.common import md
from mapping.ui.findings_view import fmt_date, status_label, subject_title, unit_name, with_leader
from mapping.ui.i18n import lang, lk, localized, t


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
            key=lk(f"{wkey}:status", keep=False),
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
