"""Indstillinger: thresholds, sectors and language of the current map.

The form starts from the settings as loaded when it was opened, and a save
writes only what the user changed, checked against those versions: a setting
someone else saved meanwhile is kept and shown as a conflict, never overwritten.
"""

from typing import Any

import pandas as pd
import streamlit as st

from mapping import storage
from mapping.settings import Settings
from mapping.ui import state
from mapping.ui.catalogue import CATALOGUE
from mapping.ui.common import md
from mapping.ui.errors import guard
from mapping.ui.forms import flash, show_flash
from mapping.ui.i18n import LANGUAGES, t

LABELS = {
    "leadership_span_threshold": "settings.span",
    "contact_points_threshold": "settings.contacts",
    "weak_rc_threshold": "settings.weak_rc",
    "sectors": "settings.sectors",
    "language": "settings.language",
}


def _shown(key: str, value: Any) -> str:
    if key == "sectors":
        return "; ".join(str(v) for v in value or ())
    if key == "language":
        return LANGUAGES.get(value, str(value))
    return str(value)


def _show_conflict(conflict_key: str) -> None:
    clashes = st.session_state.get(conflict_key)
    if not clashes:
        return
    names = ", ".join(t(LABELS.get(c.key, c.key)) for c in clashes)
    who = ", ".join(dict.fromkeys(c.author or t("common.anonymous") for c in clashes))
    st.error(md(t("settings.conflict", names=names, who=who)))
    rows = [
        {
            t("settings.conflict_setting"): t(LABELS.get(c.key, c.key)),
            t("settings.conflict_theirs"): _shown(c.key, c.theirs),
            t("settings.conflict_by"): (c.author or t("common.anonymous"))
            + (f", {c.at:%Y-%m-%d %H:%M} UTC" if c.at else ""),
            t("settings.conflict_yours"): _shown(c.key, c.yours),
        }
        for c in clashes
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True)
    if st.button(t("settings.conflict_reload"), type="primary", key="settings_reload"):
        st.session_state.pop(conflict_key, None)
        state.bump_form("settings")
        st.rerun()


st.title(t("settings.title"))
cur = state.require_current()

with guard(stop=True):
    show_flash()
    eng = state.engine()
    nonce = state.form_nonce("settings")
    seen_key, probe = f"settings_seen:{nonce}", f"set_language:{nonce}"
    conflict_key = f"settings_conflict:{cur.map_id}"
    if probe not in st.session_state or seen_key not in st.session_state:
        # The form is drawn anew (first visit, or back from another page): start from now.
        st.session_state[seen_key] = storage.load_stored_settings(eng, cur.map_id)
        st.session_state.pop(conflict_key, None)
    seen = st.session_state[seen_key]
    s = seen.settings
    _show_conflict(conflict_key)
    with st.form(f"settings:{nonce}"):
        span = st.number_input(
            t("settings.span"),
            min_value=0,
            step=1,
            value=int(s.leadership_span_threshold),
            help=t("settings.span_help"),
            key=f"set_span:{nonce}",
        )
        contacts = st.number_input(
            t("settings.contacts"),
            min_value=2,
            step=1,
            value=int(s.contact_points_threshold),
            help=t("settings.contacts_help"),
            key=f"set_contacts:{nonce}",
        )
        weak = st.number_input(
            t("settings.weak_rc"),
            min_value=1.0,
            max_value=5.0,
            step=0.1,
            value=float(s.weak_rc_threshold),
            help=t("settings.weak_rc_help"),
            key=f"set_weak:{nonce}",
        )
        sectors = st.text_area(
            t("settings.sectors"),
            value="\n".join(s.sectors),
            height=260,
            help=t("settings.sectors_help"),
            key=f"set_sectors:{nonce}",
        )
        language = st.selectbox(
            t("settings.language"),
            list(LANGUAGES),
            index=list(LANGUAGES).index(s.language),
            format_func=lambda c: LANGUAGES[c],
            key=probe,
        )
        submitted = st.form_submit_button(t("settings.save"), type="primary")
    if submitted:
        try:
            new = Settings(
                leadership_span_threshold=int(span),
                contact_points_threshold=int(contacts),
                weak_rc_threshold=float(weak),
                sectors=tuple(x.strip() for x in sectors.splitlines() if x.strip()),
                language=language,
            )
        except ValueError as exc:
            st.error(t("error.invalid", detail=str(exc)))
        else:
            who = state.author() or t("common.anonymous")
            try:
                storage.save_settings(eng, cur.map_id, new, author=who, base=seen)
            except storage.SettingsConflictError as exc:
                # Shown above the form on the next run; the form keeps the user's values.
                st.session_state[conflict_key] = exc.clashes
                st.rerun()
            st.session_state.pop(conflict_key, None)
            state.select_language(new.language)
            state.bump_form("settings")
            # Said in the language just chosen, which the next run shows.
            flash(CATALOGUE["settings.saved"][1 if new.language == "en" else 0])
            st.rerun()
