"""The app's side of the text catalogue: the session's language and ``t(key)``.

The words live in :mod:`mapping.catalogue` (no Streamlit there); this module
only knows which language the session shows. ``t(key, **kw)`` looks a key up
in that language and fills ``{name}`` placeholders. Nothing here remembers a
language across sessions: outside a script run (a test harness formatting a
widget's options afterwards) a label function made with :func:`localized`
carries the language of the run that made it, and anything else is Danish
unless a ``lang`` is passed.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from mapping.catalogue import say

LANG_KEY = "lang"
LANGUAGES: dict[str, str] = {"da": "Dansk", "en": "English"}

_CALL_LANG: ContextVar[str | None] = ContextVar("helhedskort_label_lang", default=None)
"""The language of the run whose label function is being called (see :func:`localized`)."""

V = TypeVar("V")


def lang() -> str:
    """The session's language code: ``da`` unless the user chose ``en``."""
    bound = _CALL_LANG.get()
    if bound is not None:
        return bound
    if get_script_run_ctx(suppress_warning=True) is None:
        return "da"
    code = st.session_state.get(LANG_KEY, "da")
    return code if code in LANGUAGES else "da"


def t(key: str, *, lang: str | None = None, **kw: Any) -> str:
    """The text for ``key`` in the session's language (or ``lang``), placeholders filled.

    An unknown key shows as the key itself rather than failing the page.
    """
    return say(key, lang or _session_lang(), **kw)


_session_lang = lang  # ``t``'s keyword ``lang`` hides the function inside it


def localized(label: Callable[[V], str]) -> Callable[[V], str]:
    """``label`` fixed to the language of this run, for a widget's ``format_func``.

    Streamlit calls ``format_func`` while the script runs; a test harness also
    calls it afterwards, outside any run, to match the options it shows.
    Either way the options come out in the language they were made in.
    """
    code = lang()

    def call(value: V) -> str:
        token = _CALL_LANG.set(code)
        try:
            return label(value)
        finally:
            _CALL_LANG.reset(token)

    return call


def lk(name: str) -> str:
    """A widget key scoped to the language, for widgets whose labels are translated.

    Streamlit matches a widget's value by its shown label; after a language switch
    the old label is no longer an option, so such a widget starts afresh instead.
    """
    code = lang()
    return name if code == "da" else f"{name}:{code}"
