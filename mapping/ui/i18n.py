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


def lk(name: str, *, keep: bool = True) -> str:
    """A widget key scoped to the language, for widgets whose labels are translated.

    The browser keeps showing a widget's chosen label until the widget is made
    anew, so after a language switch a widget under the same key would still
    show, say, "Hele kortet" on an English page. Under a key of its own per
    language it is drawn afresh, and it starts from the value chosen in the
    other language (values are language-neutral: only their labels change).
    ``keep=False`` for a widget given its own ``index``: Streamlit warns when a
    value from the session state overrides one, so such a widget starts afresh.
    """
    code = lang()
    key = _keyed(name, code)
    running = get_script_run_ctx(suppress_warning=True) is not None
    if keep and running and key not in st.session_state:
        for other in LANGUAGES:
            if other != code and _keyed(name, other) in st.session_state:
                st.session_state[key] = st.session_state[_keyed(name, other)]
                break
    return key


def _keyed(name: str, code: str) -> str:
    return name if code == "da" else f"{name}:{code}"
