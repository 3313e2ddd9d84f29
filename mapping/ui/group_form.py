"""One form for a citizen group and every unit serving it, with each unit's goal and paradigm.

Not an ``st.form``: the goal and paradigm rows appear as units are chosen. The
group and its services are saved in one transaction, each checked against the
version the user saw.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from mapping import storage
from mapping.model import Service
from mapping.ui import record_save as rs
from mapping.ui import state
from mapping.ui.common import md
from mapping.ui.fields import FIELDS, build_record, record_values, suggestions
from mapping.ui.forms import _widget, show_flash
from mapping.ui.i18n import lk, t
from mapping.ui.names import labels

TABLE = "citizen_groups"


def _suggest(label: str, options: list[str], value: str, key: str) -> str:
    opts = ["", *options]
    if value and value not in opts:
        opts.append(value)
    return str(
        st.selectbox(
            label,
            opts,
            index=opts.index(value or ""),
            key=key,
            accept_new_options=True,
            placeholder=t("form.placeholder_new"),
            label_visibility="collapsed",
            format_func=lambda v: v or "–",
        )
        or ""
    )


def group_form(cur: state.Current, record: Any | None) -> None:
    """The citizen group form with its serving units; saves everything at once."""
    if rs.ask_duplicate(cur, TABLE):
        return
    m = cur.map
    new = record is None
    nonce = state.form_nonce(TABLE)
    key = None if record is None else storage.record_key(TABLE, record)
    seen = None if new else state.seen_version(TABLE, key, cur.stored.versions.get((TABLE, key)))
    values = {} if new else record_values(record)
    prefix = lk(f"g:{'new' if record is None else record.id}:{nonce}")
    if not new:  # the values as first shown (the map may move on while the form is open)
        st.session_state.setdefault(f"{prefix}:seen_values", values)
    entered: dict[str, Any] = {}
    with st.container(border=True):
        for spec in FIELDS[TABLE]:
            if spec.name != "id":
                entered[spec.name] = _widget(
                    spec, values.get(spec.name), m, cur.settings, f"{prefix}:{spec.name}", new
                )
        names = labels(m, "units")
        had = (
            {} if record is None else {s.unit_id: s for s in m.services if s.group_id == record.id}
        )
        # The services' versions as first shown in this form, to check the save against.
        seen_links = st.session_state.setdefault(
            f"{prefix}:seen",
            {u: cur.stored.versions.get(("services", (u, s.group_id))) for u, s in had.items()},
        )
        chosen = st.multiselect(
            t("form.serving_units"),
            list(names),
            default=[u for u in had if u in names],
            format_func=lambda u: names.get(u, u),
            placeholder=t("form.placeholder_many"),
            help=t("form.serving_help"),
            key=f"{prefix}:units",
        )
        rows = _service_rows(m, prefix, chosen, names, had)
        # Only what the user saw can be removed: a unit someone else added meanwhile stays.
        gone = [u for u in seen_links if u not in chosen]
        if gone:
            st.caption(
                md(t("form.removed_services", names=", ".join(names.get(u, u) for u in gone)))
            )
        with st.expander(t("form.advanced")):
            id_spec = FIELDS[TABLE][0]
            entered["id"] = _widget(id_spec, values.get("id"), m, cur.settings, f"{prefix}:id", new)
        clicked = st.button(
            t("form.create") if new else t("form.save"), type="primary", key=f"{prefix}:go"
        )
        show_flash(f"form:{TABLE}")
    if not clicked:
        return
    rec, missing = build_record(TABLE, entered, m)
    if missing:
        st.error(t("form.missing", fields=", ".join(t(f"field.{n}") for n in missing)))
        return
    extra = _service_writes(rec.id, rows, had, gone, seen_links)
    rs.save_or_ask(cur, TABLE, rec, seen, extra, st.session_state.get(f"{prefix}:seen_values"), new)


def _service_rows(
    m: Any, prefix: str, chosen: list[str], names: dict[str, str], had: dict[str, Service]
) -> list[tuple[str, str, str]]:
    """A goal and a paradigm per chosen unit, offering values already used in the map."""
    if not chosen:
        return []
    goals, paradigms = suggestions(m, "goal"), suggestions(m, "paradigm")
    head = st.columns([2, 3, 3])
    head[0].markdown(f"**{t('field.unit_id')}**")
    head[1].markdown(f"**{t('field.goal')}**")
    head[2].markdown(f"**{t('field.paradigm')}**")
    out = []
    for uid in chosen:
        old = had.get(uid)
        c0, c1, c2 = st.columns([2, 3, 3])
        c0.markdown(md(names.get(uid, uid)))
        with c1:
            goal = _suggest(
                t("form.goal_for", unit=names.get(uid, uid)),
                goals,
                old.goal if old else "",
                f"{prefix}:goal:{uid}",
            )
        with c2:
            paradigm = _suggest(
                t("form.paradigm_for", unit=names.get(uid, uid)),
                paradigms,
                old.paradigm if old else "",
                f"{prefix}:paradigm:{uid}",
            )
        out.append((uid, goal.strip(), paradigm.strip()))
    return out


def _service_writes(
    gid: str,
    rows: list[tuple[str, str, str]],
    had: dict[str, Service],
    gone: list[str],
    seen: dict[str, int | None],
) -> list[Any]:
    writes: list[Any] = []
    for uid, goal, paradigm in rows:
        svc = Service(uid, gid, goal=goal, paradigm=paradigm)
        old = had.get(uid)
        if old is None:
            writes.append(storage.Write("services", svc))
        elif old != svc:
            writes.append(storage.Write("services", svc, seen.get(uid)))
    for uid in gone:
        writes.append(storage.Write("services", None, seen.get(uid), (uid, gid)))
    return writes
