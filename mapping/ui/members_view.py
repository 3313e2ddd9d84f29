"""Who may do what on the selected map: the members list, add or change, remove.

Each change names the role the user saw; when someone else changed that
member meanwhile, the storage refuses it and the message says who and when.
Owners manage readers and editors; owners are appointed by the instance
administrator (the storage enforces both).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from mapping import storage
from mapping.storage.access import ROLES, normalise_principal, role_label
from mapping.ui.common import md
from mapping.ui.forms import flash
from mapping.ui.i18n import lang, t


def _seen_key(map_id: int) -> str:
    return f"members_seen:{map_id}"


def _message(exc: Exception) -> str:
    msg = getattr(exc, "message", None)
    return str(msg(lang())) if callable(msg) else t("error.invalid", detail=str(exc))


def _done(map_id: int, text: str) -> None:
    st.session_state.pop(_seen_key(map_id), None)  # the next run shows the list afresh
    flash(text, "members")
    st.rerun()


def members_section(eng: Any, current: Any, who: storage.Identity) -> None:
    """The members of ``current`` with add/change and remove (owners and the administrator)."""
    from mapping.ui.forms import show_flash

    map_id = current.id
    st.subheader(t("auth.members_title"))
    st.caption(t("auth.members_help"))
    members = storage.list_members(eng, map_id)
    # The roles as the user sees them now: a later save is checked against these.
    seen: dict[str, str] = st.session_state.setdefault(
        _seen_key(map_id), {m.principal: m.role for m in members}
    )
    show_flash("members")
    appoint = who.admin or who.local
    for m in members:
        c1, c2, c3 = st.columns([4, 2, 1])
        c1.markdown(md(m.principal))
        c2.markdown(role_label(m.role, lang()))
        if (m.role != "owner" or appoint) and c3.button(
            t("auth.member_remove"), key=f"mem_rm:{map_id}:{m.principal}"
        ):
            try:
                storage.remove_member(
                    eng, map_id, m.principal, who, base_role=seen.get(m.principal, m.role)
                )
            except storage.StorageError as exc:
                st.session_state.pop(_seen_key(map_id), None)
                st.error(md(_message(exc)))
            else:
                _done(map_id, t("auth.member_removed", who=md(m.principal)))
    if not members:
        st.caption(t("auth.members_none"))
    roles = [r for r in ROLES if r != "owner" or appoint]
    with st.form(f"mem_add:{map_id}", clear_on_submit=True):
        c1, c2 = st.columns([3, 2])
        principal = c1.text_input(t("auth.member_principal"), help=t("auth.member_principal_help"))
        role = c2.selectbox(
            t("auth.member_role"), roles, format_func=lambda r: role_label(r, lang()), index=0
        )
        added = st.form_submit_button(t("auth.member_add"), type="primary")
    if added:
        try:
            key = normalise_principal(principal)
            storage.set_member(eng, map_id, key, role, who, base_role=seen.get(key))
        except storage.StorageError as exc:
            st.session_state.pop(_seen_key(map_id), None)
            st.error(md(_message(exc)))
        else:
            _done(map_id, t("auth.member_added", who=md(key), role=role_label(role, lang())))
