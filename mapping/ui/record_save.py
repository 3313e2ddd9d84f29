"""Saving a record form: version checks, duplicate names asked about, per-field conflicts."""

from __future__ import annotations

from typing import Any

import streamlit as st

from mapping import storage
from mapping.model import Map
from mapping.ui import state
from mapping.ui.common import md
from mapping.ui.conflicts import choices, comparison, headline
from mapping.ui.errors import describe
from mapping.ui.fields import build_record, record_values
from mapping.ui.forms import describe_record, flash, record_name
from mapping.ui.i18n import lang, t
from mapping.ui.names import problem_lines, same_name

ENTITY = ("units", "citizen_groups", "principles")


def conflict_key(table: str) -> str:
    return f"conflict:{st.session_state.get(state.MAP_KEY)}:{table}"


def dup_key(table: str) -> str:
    return f"dup:{st.session_state.get(state.MAP_KEY)}:{table}"


def sentence(text_: str) -> str:
    return text_[:1].upper() + text_[1:]


def refusal(m: Map, exc: BaseException) -> str:
    """An error in words: field labels and names, not table names and ids."""
    lines = problem_lines(m, exc, lang())
    if lines:
        return t("form.refused", detail="; ".join(lines))
    if isinstance(exc, storage.ConflictError):
        what = t(f"what.{exc.table}", name="/".join(exc.key))
        if exc.current is not None:
            what = t(f"what.{exc.table}", name=record_name(m, exc.table, exc.current))
        return headline(what, exc.changed_by, exc.changed_at, exc.current is None)
    return describe(exc)


def save_or_ask(
    cur: state.Current,
    table: str,
    rec: Any,
    base: int | None,
    extra: list[Any],
    seen: dict[str, Any] | None,
    new: bool,
) -> None:
    """:func:`commit`, but a new record named like an existing one first asks the user."""
    if new and table in ENTITY:
        twin = same_name(cur.map, table, rec.name)
        if twin is not None:
            st.session_state[dup_key(table)] = {"rec": rec, "extra": extra, "twin": twin}
            st.rerun()
    commit(cur, table, rec, base, extra, seen)


def commit(
    cur: state.Current,
    table: str,
    rec: Any,
    base: int | None,
    extra: list[Any] | None = None,
    seen: dict[str, Any] | None = None,
) -> None:
    """Save ``rec`` (and ``extra`` writes with it, atomically); report next to the button.

    A conflict on ``rec`` itself is kept in session state and shown by
    :func:`show_conflict` with a per-field choice; other problems are shown here
    and leave the form as the user filled it.
    """
    author = state.actor()
    try:
        if extra:
            writes = [storage.Write(table, rec, base), *extra]
            storage.save_records(state.engine(), cur.map_id, writes, author)
        else:
            storage.save_record(state.engine(), cur.map_id, table, rec, base, author)
    except storage.ConflictError as exc:
        if exc.table != table or storage.record_key(table, rec) != tuple(exc.key):
            st.error(md(refusal(cur.map, exc)))
            if st.button(t("conflict.reload"), key=f"reload_extra_{table}"):
                state.bump_form(table)
                st.rerun()
            return
        st.session_state[conflict_key(table)] = {
            "what": describe_record(cur.map, table, rec),
            "mine": record_values(rec),
            "theirs": record_values(exc.current) if exc.current is not None else None,
            "seen": seen,
            "version": exc.current_version,
            "who": exc.changed_by,
            "when": exc.changed_at,
            "extra": extra or [],
        }
        st.rerun()
    except Exception as exc:
        st.error(md(refusal(cur.map, exc)))
        return
    state.bump_form(table)
    saved = t("form.saved", what=md(sentence(describe_record(cur.map, table, rec))))
    if not state.author():
        # Workshops must not stall on a missing name: save, but say how it is recorded.
        saved += " " + t("form.saved_as_unknown")
    flash(saved, f"form:{table}")
    st.rerun()


def show_conflict(cur: state.Current, table: str) -> bool:
    """A pending conflict: who saved what and when, both versions, a choice per field."""
    conflict = st.session_state.get(conflict_key(table))
    if not conflict:
        return False
    m = cur.map
    mine, theirs = conflict["mine"], conflict["theirs"]
    st.error(md(headline(conflict["what"], conflict["who"], conflict["when"], theirs is None)))
    comparison(m, table, theirs, mine)
    tag = f"cf:{table}:{state.form_nonce(table)}"
    if theirs is None:
        merged, base, label = mine, None, t("conflict.recreate")
    else:
        merged = choices(m, table, conflict.get("seen"), mine, theirs, tag)
        base, label = conflict["version"], t("conflict.save_choice")
    st.caption(t("conflict.help"))
    c1, c2 = st.columns(2)
    if c1.button(label, key=f"{tag}:save", type="primary"):
        rec, missing = build_record(table, merged, m)
        if missing:
            st.error(t("form.missing", fields=", ".join(t(f"field.{n}") for n in missing)))
            return True
        st.session_state.pop(conflict_key(table), None)
        commit(cur, table, rec, base, conflict.get("extra"), theirs)
        st.session_state[conflict_key(table)] = conflict  # refused: keep the choice open
    if c2.button(t("conflict.reload"), key=f"reload_{table}"):
        st.session_state.pop(conflict_key(table), None)
        state.bump_form(table)
        st.rerun()
    return True


def ask_duplicate(cur: state.Current, table: str) -> bool:
    """A pending "create another with the same name?" question; True while it is shown."""
    pending = st.session_state.get(dup_key(table))
    if not pending:
        return False
    rec, extra, twin = pending["rec"], pending["extra"], pending["twin"]
    st.warning(md(t("form.dup_name", what=describe_record(cur.map, table, twin), name=rec.name)))
    c1, c2 = st.columns(2)
    if c1.button(t("form.dup_yes"), key=f"dup_yes_{table}", type="primary"):
        st.session_state.pop(dup_key(table), None)
        commit(cur, table, rec, None, extra)
    if c2.button(t("form.dup_no"), key=f"dup_no_{table}"):
        st.session_state.pop(dup_key(table), None)
        st.rerun()
    return True
