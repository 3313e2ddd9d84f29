"""The sidebar shown on every page: map selector, the editor's name, language."""

from __future__ import annotations

import streamlit as st

from mapping.storage.access import role_label
from mapping.ui import auth, name_store, policy, state
from mapping.ui.errors import guard
from mapping.ui.i18n import LANG_KEY, LANGUAGES, lang, t
from mapping.ui.page_language import mark_page_language


def _init_language() -> None:
    pending = st.session_state.pop(state.PENDING_LANG_KEY, None)
    if pending in LANGUAGES:
        st.session_state[LANG_KEY] = pending
    if LANG_KEY in st.session_state:
        return
    lang = "da"
    cur_id = state.current_map_id()
    if cur_id is not None:
        try:
            from mapping import storage

            lang = storage.load_settings(state.engine(), cur_id).language
        except Exception:
            lang = "da"
    st.session_state[LANG_KEY] = lang if lang in LANGUAGES else "da"


def render_sidebar() -> None:
    """Draw the sidebar; stops the script with a Danish message on a storage failure."""
    with guard(stop=True):
        _init_language()
        infos = state.map_infos()
        with st.sidebar:
            st.markdown(f"### {t('app.title')}")
            if infos:
                names = {info.id: info.name for info in infos}
                state.current_map_id()
                st.selectbox(
                    t("sidebar.map"),
                    options=list(names),
                    format_func=lambda i: names.get(i, str(i)),
                    key=state.MAP_KEY,
                )
                state.keep_map_in_url(st.session_state.get(state.MAP_KEY))
            else:
                state.keep_map_in_url(None)
                st.caption(t("common.no_map"))
            if auth.login_enabled():
                # Signed in: changes carry the login's name and e-mail, no typed name.
                auth.logout_button()
                if infos:
                    st.caption(t("auth.your_role", role=role_label(state.role(), lang())))
            else:
                if not policy.behind_auth_proxy():
                    st.caption(t("auth.local_mode"))
                # The local single-user tool: remembered in this browser (see name_store).
                name_store.remember(state.AUTHOR_KEY)
                st.text_input(
                    t("sidebar.author"),
                    key=state.AUTHOR_KEY,
                    help=t("sidebar.author_help"),
                    on_change=name_store.typed,
                )
            st.radio(
                t("sidebar.language"),
                options=list(LANGUAGES),
                format_func=lambda code: LANGUAGES[code],
                key=LANG_KEY,
                horizontal=True,
            )
            mark_page_language(lang())
