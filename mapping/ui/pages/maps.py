"""Kort: create, rename, delete and bring back maps, and who may do what on them.

The sidebar holds the selector. What is offered follows the user's role (the
storage refuses the rest anyway): the instance administrator creates maps and
brings deleted ones back, an owner renames, deletes and manages members.
"""

from typing import Any

import streamlit as st

from mapping import storage
from mapping.ui import state
from mapping.ui.common import md
from mapping.ui.conflicts import when_text
from mapping.ui.errors import guard
from mapping.ui.forms import flash, show_flash
from mapping.ui.i18n import lk, localized, t
from mapping.ui.members_view import members_section

MAX_DELETED_SHOWN = 30


def _err(exc: Exception) -> str:
    msg = getattr(exc, "message", None)
    return str(msg(t("lang.code"))) if callable(msg) else t("error.invalid", detail=str(exc))


def _create_form(eng: Any, who: Any) -> None:
    st.header(t("maps.create"))
    with st.form("map_create", clear_on_submit=True):
        name = st.text_input(t("maps.name"), key="mp_new_name")
        start = st.radio(
            t("maps.start"),
            ["empty", "example"],
            format_func=localized(lambda v: t(f"maps.start_{v}")),
            horizontal=True,
            key=lk("mp_new_start"),
        )
        created = st.form_submit_button(t("maps.create_button"), type="primary")
    if not created:
        return
    if not name.strip():
        st.error(t("maps.need_name"))
        return
    m = None
    if start == "example" and state.EXAMPLE_JSON.exists():
        from mapping.readwrite import read_map

        m = read_map(state.EXAMPLE_JSON)
    try:
        new_id = storage.create_map(eng, name.strip(), m, author=who)
    except Exception as exc:
        st.error(_err(exc))
    else:
        state.select_map(new_id)
        flash(t("maps.created", name=md(name.strip())))
        st.rerun()


def _rename(eng: Any, current: Any, who: Any) -> None:
    cur_id = current.id
    st.header(t("maps.rename"))
    ren_key, seen_key = f"mp_ren_{cur_id}", f"mp_ren_seen_{cur_id}"
    if ren_key not in st.session_state or seen_key not in st.session_state:
        st.session_state[seen_key] = current.name  # the name the user is looking at
    with st.form(f"map_rename:{cur_id}"):
        new_name = st.text_input(t("maps.name"), value=st.session_state[seen_key], key=ren_key)
        renamed = st.form_submit_button(t("maps.rename_button"))
    if renamed:
        try:
            storage.rename_map(
                eng, cur_id, new_name.strip(), author=who, base_name=st.session_state[seen_key]
            )
        except storage.MapRenamedError as exc:
            st.error(_err(exc))
            # The message shows the new name: a second click renames knowingly.
            st.session_state[seen_key] = exc.current
        except Exception as exc:
            st.error(_err(exc))
        else:
            st.session_state.pop(seen_key, None)
            st.session_state.pop(ren_key, None)
            flash(t("maps.renamed", name=md(new_name.strip())))
            st.rerun()


def _delete(eng: Any, current: Any, who: Any) -> None:
    cur_id = current.id
    st.header(t("maps.delete"))
    st.caption(t("maps.delete_help", name=md(current.name)))
    confirm = st.text_input(t("maps.delete_confirm"), key=f"mp_del_{cur_id}")
    if st.button(t("maps.delete_button"), key="mp_delete", disabled=confirm != current.name):
        try:
            storage.delete_map(eng, cur_id, author=who)
        except Exception as exc:
            st.error(_err(exc))
        else:
            state.select_map(None)
            flash(t("maps.deleted", name=md(current.name)))
            st.rerun()


def _deleted_maps(eng: Any, infos: list[Any], who: Any) -> None:
    st.header(t("maps.deleted_title"))
    gone = storage.deleted_maps(eng)
    st.caption(t("maps.deleted_help") if gone else t("maps.deleted_none"))
    taken = {i.name for i in infos}
    for d in gone[:MAX_DELETED_SHOWN]:
        with st.container(border=True):
            when = when_text(d.deleted_at)
            by = md(d.deleted_by or t("common.anonymous"))
            st.markdown(t("maps.deleted_row", name=md(d.name), when=when, who=by))
            wanted = d.name
            if d.name in taken:  # the old name is in use: ask for another
                wanted = st.text_input(
                    t("maps.undelete_name", name=md(d.name)),
                    value=f"{d.name} {t('maps.undelete_suffix')}",
                    key=f"mp_undel_name_{d.id}",
                )
            if st.button(t("maps.undelete_button"), key=f"mp_undel_{d.id}"):
                try:
                    new_id = storage.undelete_map(eng, d.id, wanted.strip(), author=who)
                except Exception as exc:
                    st.error(_err(exc))
                else:
                    state.select_map(new_id)
                    flash(t("maps.undeleted", name=md(wanted.strip())))
                    st.rerun()
    if len(gone) > MAX_DELETED_SHOWN:
        st.caption(t("maps.deleted_more", shown=MAX_DELETED_SHOWN, n=len(gone)))


st.title(t("maps.title"))

with guard(stop=True):
    show_flash()
    infos = state.map_infos()
    eng = state.engine()
    who = state.actor()

    if state.can("create"):
        _create_form(eng, who)
    else:
        st.caption(t("auth.admin_creates"))

    cur_id = state.current_map_id()
    current = next((i for i in infos if i.id == cur_id), None)
    if current is not None and state.can("rename", cur_id):
        _rename(eng, current, who)
    if current is not None and state.can("members", cur_id):
        members_section(eng, current, who)
    if current is not None and state.can("delete", cur_id):
        _delete(eng, current, who)

    st.header(t("maps.all"))
    st.dataframe([{t("maps.col_id"): i.id, t("maps.name"): i.name} for i in infos], hide_index=True)
    if state.can("undelete"):
        _deleted_maps(eng, infos, who)
