"""Every user-facing string of the app, in Danish (default) and English.

``t(key, **kw)`` looks a key up in the current language and fills ``{name}``
placeholders. A test checks that both languages have every key and that
every key used in the code exists.
"""

from __future__ import annotations

from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from mapping.ui.catalogue import CATALOGUE

LANG_KEY = "lang"
LANGUAGES: dict[str, str] = {"da": "Dansk", "en": "English"}


_last_lang = "da"


def lang() -> str:
    """The session's language code: ``da`` unless the user chose ``en``.

    Outside a script run (a test harness formatting widget options afterwards)
    the language of the latest run in this process is used.
    """
    global _last_lang
    if get_script_run_ctx(suppress_warning=True) is None:
        return _last_lang
    code = st.session_state.get(LANG_KEY, "da")
    _last_lang = code if code in LANGUAGES else "da"
    return _last_lang


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


def lk(name: str) -> str:
    """A widget key scoped to the language, for widgets whose labels are translated.

    Streamlit matches a widget's value by its shown label; after a language switch
    the old label is no longer an option, so such a widget starts afresh instead.
    """
    code = lang()
    return name if code == "da" else f"{name}:{code}"
