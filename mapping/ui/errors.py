"""Turn failures into a clear message in the user's language, never a traceback."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from mapping.ui.common import md
from mapping.ui.i18n import lang, t

log = logging.getLogger("helhedskort.ui")


def describe(exc: BaseException) -> str:
    """A short, user-facing explanation of an error (Danish by default)."""
    name = type(exc).__name__
    message = getattr(exc, "message", None)
    if callable(message):  # storage errors carry both languages
        try:
            return str(message(lang()))
        except TypeError:
            pass
    if name == "MapValidationError":
        return t("error.validation", n=len(getattr(exc, "problems", ()) or ()))
    if name == "ConflictError":
        return t("error.conflict")
    if name == "DependencyError":
        return t("error.dependency")
    if isinstance(exc, (ValueError, KeyError)):
        return t("error.invalid", detail=str(exc).strip("'\""))
    if isinstance(exc, OSError) or name.endswith(("OperationalError", "DatabaseError")):
        return t("error.database")
    return t("error.unexpected")


@contextmanager
def guard(*, stop: bool = False) -> Iterator[None]:
    """Show any error raised inside as ``st.error`` (logged with its traceback).

    Streamlit's own stop/rerun signals are BaseExceptions and pass through.
    With ``stop=True`` the page stops after the message.
    """
    try:
        yield
    except Exception as exc:
        log.exception("page error")
        st.error(md(describe(exc)))
        if stop:
            st.stop()
