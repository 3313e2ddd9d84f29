"""A conflict, shown the same way in the record form and the bulk table.

Both versions side by side, who saved the other one and when, and a choice per
differing field ("keep mine" / "take theirs"), so nobody retypes an edit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd
import streamlit as st

from mapping import formats
from mapping.model import Map
from mapping.ui.fields import FIELDS
from mapping.ui.i18n import lang, lk, localized, t

MINE, THEIRS = "mine", "theirs"
HOME_ZONE = "Europe/Copenhagen"  # when the browser does not say


def _zone() -> ZoneInfo:
    try:
        name = st.context.timezone or HOME_ZONE
    except Exception:  # outside a browser session (tests, scripts)
        name = HOME_ZONE
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(HOME_ZONE)


def when_text(at: dt.datetime | None, now: dt.datetime | None = None) -> str:
    """``i dag kl. 14.03`` / ``den 21-11-2026 kl. 09.15`` in the reader's time zone."""
    if at is None:
        return ""
    zone = _zone()
    local = at.replace(tzinfo=dt.UTC).astimezone(zone)
    today = (now or dt.datetime.now(dt.UTC)).astimezone(zone).date()
    code = lang()
    time_, date_ = formats.clock(local, code), formats.day(local.date(), code)
    if code == "en":
        return f"today at {time_}" if local.date() == today else f"on {date_} at {time_}"
    if local.date() == today:
        return f"i dag kl. {time_}"
    return f"den {date_} kl. {time_}"


def headline(what: str, who: str | None, at: dt.datetime | None, deleted: bool) -> str:
    """``Enheden »PPR« er ændret af Anna i dag kl. 14.03, mens du arbejdede. …``"""
    who_text = who or t("conflict.someone")
    key = "conflict.deleted_by" if deleted else "conflict.by"
    text_ = t(key, what=what, who=who_text, when=when_text(at)).replace("  ", " ")
    return text_[:1].upper() + text_[1:]


def comparison(m: Map, table: str, theirs: dict[str, Any] | None, mine: dict[str, Any]) -> None:
    """Every field side by side: the stored version and the user's."""
    from mapping.ui.forms import display_value

    kinds = {spec.name: spec for spec in FIELDS[table]}
    rows = []
    for name in kinds:
        if name == "id":
            continue
        a = theirs.get(name) if theirs else None
        b = mine.get(name)
        rows.append(
            {
                t("conflict.field"): t(f"field.{name}"),
                t("conflict.theirs"): display_value(m, kinds[name], a),
                t("conflict.yours"): display_value(m, kinds[name], b),
                t("conflict.differs"): "≠" if _norm(a) != _norm(b) else "",
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True)


def _norm(value: Any) -> Any:
    return None if value in ("", (), None) else value


def choices(
    m: Map,
    table: str,
    seen: dict[str, Any] | None,
    mine: dict[str, Any],
    theirs: dict[str, Any],
    key: str,
) -> dict[str, Any]:
    """A "keep mine / take theirs" choice per differing field; returns the merged values.

    A field the user did not change starts on "take theirs" (only the other
    person changed it), a field the user changed on "keep mine".
    """
    from mapping.ui.forms import display_value

    kinds = {spec.name: spec for spec in FIELDS[table]}
    merged = dict(theirs)
    differing = [n for n in kinds if n != "id" and _norm(mine.get(n)) != _norm(theirs.get(n))]
    if not differing:
        return merged
    st.markdown(f"**{t('conflict.choose')}**")
    for name in differing:
        mine_changed = seen is None or _norm(mine.get(name)) != _norm(seen.get(name))
        c1, c2 = st.columns([2, 3])
        theirs_v = _md(display_value(m, kinds[name], theirs.get(name)))
        mine_v = _md(display_value(m, kinds[name], mine.get(name)))
        c1.markdown(
            f"**{t(f'field.{name}')}**  \n"
            f"{t('conflict.theirs_short')}: {theirs_v}  \n{t('conflict.yours_short')}: {mine_v}"
        )
        pick = c2.radio(
            t(f"field.{name}"),
            [MINE, THEIRS],
            index=0 if mine_changed else 1,
            format_func=localized(
                lambda v: t("conflict.keep_mine") if v == MINE else t("conflict.take_theirs")
            ),
            key=lk(f"{key}:{name}", keep=False),
            horizontal=True,
            label_visibility="collapsed",
        )
        if pick == MINE:
            merged[name] = mine.get(name)
    return merged


def _md(value: str) -> str:
    from mapping.ui.common import md

    return md(value)
