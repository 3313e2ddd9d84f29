"""A decimal number typed as the session's language writes it (3,5 in Danish).

Streamlit's ``st.number_input`` always shows and takes a decimal point (3.50),
whatever the page's language, and no option changes that. Decimal fields (an
RC score, a threshold) are therefore text fields read and written through
:mod:`mapping.formats` (Babel). Whole numbers keep ``st.number_input``.
"""

from __future__ import annotations

import streamlit as st

from mapping import formats
from mapping.ui.common import md
from mapping.ui.i18n import lang, t

INVALID = object()
"""What :func:`decimal_input` returns for text that is no number in range: the
caller saves nothing (the problem is shown under the field)."""


def decimal_input(
    label: str,
    value: float | None,
    *,
    key: str,
    minimum: float | None = None,
    maximum: float | None = None,
    help: str | None = None,
) -> float | object | None:
    """The number typed, ``None`` when left empty, or :data:`INVALID`."""
    code = lang()
    raw = st.text_input(
        label,
        value="" if value is None else formats.number(value, code),
        key=key,
        help=help,
        placeholder=formats.number(minimum if minimum is not None else 0, code),
    )
    if not raw.strip():
        return None
    try:
        number = formats.parse_number(raw, code)
    except ValueError:
        st.error(t("form.not_a_number", value=md(raw), example=formats.number(3.5, code)))
        return INVALID
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        low = "" if minimum is None else formats.number(minimum, code)
        high = "" if maximum is None else formats.number(maximum, code)
        st.error(t("form.out_of_range", value=md(raw), low=low, high=high))
        return INVALID
    return number
