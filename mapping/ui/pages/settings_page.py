"""Indstillinger: thresholds, sectors and language of the current map."""

import streamlit as st

from mapping import storage
from mapping.settings import Settings
from mapping.ui import state
from mapping.ui.catalogue import CATALOGUE
from mapping.ui.errors import guard
from mapping.ui.forms import flash, show_flash
from mapping.ui.i18n import LANGUAGES, t

st.title(t("settings.title"))
cur = state.require_current()
s = cur.settings

with guard(stop=True):
    show_flash()
    with st.form(f"settings:{cur.map_id}:{state.form_nonce('settings')}"):
        span = st.number_input(
            t("settings.span"),
            min_value=0,
            step=1,
            value=int(s.leadership_span_threshold),
            help=t("settings.span_help"),
        )
        contacts = st.number_input(
            t("settings.contacts"),
            min_value=2,
            step=1,
            value=int(s.contact_points_threshold),
            help=t("settings.contacts_help"),
        )
        weak = st.number_input(
            t("settings.weak_rc"),
            min_value=1.0,
            max_value=5.0,
            step=0.1,
            value=float(s.weak_rc_threshold),
            help=t("settings.weak_rc_help"),
        )
        sectors = st.text_area(
            t("settings.sectors"),
            value="\n".join(s.sectors),
            height=260,
            help=t("settings.sectors_help"),
        )
        language = st.selectbox(
            t("settings.language"),
            list(LANGUAGES),
            index=list(LANGUAGES).index(s.language),
            format_func=lambda c: LANGUAGES[c],
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
            storage.save_settings(
                state.engine(), cur.map_id, new, author=state.author() or t("common.anonymous")
            )
            state.select_language(new.language)
            state.bump_form("settings")
            # Said in the language just chosen, which the next run shows.
            flash(CATALOGUE["settings.saved"][1 if new.language == "en" else 0])
            st.rerun()
