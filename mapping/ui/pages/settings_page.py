"""Indstillinger: thresholds, sectors and language of the current map.

The form starts from the settings as loaded when it was opened, and a save
writes only what the user changed, checked against those versions: a setting
someone else saved meanwhile is kept and shown as a conflict, never overwritten.
"""

from typing import Any

import pandas as pd
import streamlit as st

from mapping import storage
from mapping.settings import SETTINGS, Settings, SettingSpec, spec
from mapping.ui import state
from mapping.ui.common import md
from mapping.ui.conflicts import when_text
from mapping.ui.decimal_input import INVALID, decimal_input
from mapping.ui.errors import guard
from mapping.ui.forms import flash, show_flash
from mapping.ui.i18n import LANGUAGES, lang, t


def _label(key: str) -> str:
    try:
        return spec(key).label.get(lang())
    except KeyError:
        return key


def _input(s: SettingSpec, value: Any, key: str) -> Any:
    """The form input of one setting, with the label, help and bounds it declares."""
    label, hint = s.label.get(lang()), s.hint.get(lang())
    if s.choices:
        opts = list(s.choices)
        return st.selectbox(
            label,
            opts,
            index=opts.index(value) if value in opts else 0,
            format_func=lambda c: LANGUAGES.get(c, c),
            help=hint,
            key=key,
        )
    if isinstance(s.default, tuple):
        text = st.text_area(label, value="\n".join(value), height=260, help=hint, key=key)
        return tuple(x.strip() for x in text.splitlines() if x.strip())
    whole = isinstance(s.default, int)
    kind = int if whole else float
    if not whole:  # typed as the language writes it (3,5), see decimal_input
        return decimal_input(
            label, float(value), key=key, minimum=s.minimum, maximum=s.maximum, help=hint
        )
    return st.number_input(
        label,
        min_value=None if s.minimum is None else kind(s.minimum),
        max_value=None if s.maximum is None else kind(s.maximum),
        step=1 if whole else 0.1,
        value=kind(value),
        help=hint,
        key=key,
    )


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
    names = ", ".join(_label(c.key) for c in clashes)
    who = ", ".join(dict.fromkeys(c.author or t("common.anonymous") for c in clashes))
    st.error(md(t("settings.conflict", names=names, who=who)))
    rows = [
        {
            t("settings.conflict_setting"): _label(c.key),
            t("settings.conflict_theirs"): _shown(c.key, c.theirs),
            t("settings.conflict_by"): (c.author or t("common.anonymous"))
            + (f", {when_text(c.at)}" if c.at else ""),
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
if not state.can("settings"):  # read-only: only the map's owner changes its settings
    st.info(t("auth.owner_only"))
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("auth.setting"): _label(x.name),
                    t("auth.value"): _shown(x.name, getattr(cur.settings, x.name)),
                }
                for x in SETTINGS
            ]
        ),
        hide_index=True,
    )
    st.stop()

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
        entered = {
            x.name: _input(
                x, getattr(s, x.name), probe if x.name == "language" else f"set_{x.name}:{nonce}"
            )
            for x in SETTINGS
        }
        submitted = st.form_submit_button(t("settings.save"), type="primary")
    if submitted and INVALID in entered.values():
        st.error(t("form.fix_numbers"))
    elif submitted:
        try:
            new = Settings(**entered)
        except ValueError as exc:
            st.error(t("error.invalid", detail=str(exc)))
        else:
            who = state.actor()
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
            flash(t("settings.saved", lang=new.language))
            st.rerun()
