"""Remember "Dit navn" in the browser's localStorage until the app has a login.

A tiny ``st.components.v2`` component (inline JavaScript, no build step, no
iframe): on mount it reads the stored name and hands it to Python; when the
user types a name, Python hands it back and the component stores it. The name
stays in that browser only: no cookie, so it never travels with a request,
and nothing is kept on the server.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

STORE_KEY = "author_store"  # the component's widget key
KNOWN_KEY = "author_stored"  # what the browser last reported (None: not yet)
TOUCHED_KEY = "author_touched"  # the user typed a name in this session
STORAGE_ITEM = "helhedskort.dit-navn"

_JS = """
export default function ({ data, setStateValue }) {
  const ITEM = "__ITEM__";
  let stored = "";
  try {
    stored = window.localStorage.getItem(ITEM) || "";
    if (data && typeof data.save === "string") {
      if (data.save) window.localStorage.setItem(ITEM, data.save);
      else window.localStorage.removeItem(ITEM);
      stored = data.save;
    }
  } catch (e) {
    return;  // storage blocked by the browser: the name is simply not remembered
  }
  // Only a difference is reported: a browser with no stored name causes no rerun.
  const known = data && typeof data.known === "string" ? data.known : "";
  if (stored !== known) setStateValue("stored", stored);
}
""".replace("__ITEM__", STORAGE_ITEM)

_component: Any = None


def _mount() -> Any:
    global _component
    if _component is None:
        _component = st.components.v2.component("helhedskort.name_store", js=_JS)
    return _component


def _restore(author_key: str) -> None:
    """The browser reported its stored name: fill an empty name field with it."""
    result = st.session_state.get(STORE_KEY) or {}
    stored = result.get("stored") if hasattr(result, "get") else None
    if stored is None:
        return
    st.session_state[KNOWN_KEY] = stored
    if stored and not str(st.session_state.get(author_key, "") or "").strip():
        st.session_state[author_key] = stored


def typed() -> None:
    """``on_change`` of the name field: from now on the typed name is stored."""
    st.session_state[TOUCHED_KEY] = True


def remember(author_key: str) -> None:
    """Mount the store (invisible); call it before the name field is drawn."""
    save = None
    if st.session_state.get(TOUCHED_KEY):
        save = str(st.session_state.get(author_key, "") or "").strip()
    try:
        _mount()(
            key=STORE_KEY,
            # A name being saved is known already: no report back, no extra rerun.
            data={
                "save": save,
                "known": save if save is not None else st.session_state.get(KNOWN_KEY),
            },
            default={"stored": None},
            on_stored_change=lambda: _restore(author_key),
            height=0,
        )
    except Exception:  # a runtime without components (e.g. a bare script): no memory
        return
