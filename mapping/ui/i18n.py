"""Every user-facing string of the app, in Danish (default) and English.

``t(key, **kw)`` looks a key up in the current language and fills ``{name}``
placeholders. A test checks that both languages have every key and that
every key used in the code exists.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from mapping.ui.catalogue import CATALOGUE

LANG_KEY = "lang"
LANGUAGES: dict[str, str] = {"da": "Dansk", "en": "English"}


def lang() -> str:
    """The session's language code: ``da`` unless the user chose ``en``."""
    try:
        code = st.session_state.get(LANG_KEY, "da")
    except Exception:
        code = "da"
    return code if code in LANGUAGES else "da"


def t(key: str, **kw: Any) -> str:
    """The text for ``key`` in the current language, with ``{placeholders}`` filled.

    An unknown key shows as the key itself rather than failing the page.
    """
    entry = CATALOGUE.get(key)
    if entry is None:
        return key
    template = entry[1] if lang() == "en" else entry[0]
    if not kw:
        return template
    try:
        return template.format(**kw)
    except (KeyError, IndexError, ValueError):
        return template
