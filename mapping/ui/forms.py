"""One form per record, with conflict detection and confirmed deletes."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from mapping import storage
from mapping.model import Map, PrincipleKind, PrincipleStatus
from mapping.ui import state
from mapping.ui.common import group_label, md, principle_label, unit_label
from mapping.ui.errors import describe
from mapping.ui.fields import FIELDS, FieldSpec, build_record, record_values, suggestions
from mapping.ui.i18n import lk, t

FLASH_KEY = "flash"


def flash(message: str) -> None:
    """Show ``message`` as a success note on the next run."""
    st.session_state[FLASH_KEY] = message


def show_flash() -> None:
    msg = st.session_state.pop(FLASH_KEY, None)
    if msg:
        st.success(msg)


def _widget(spec: FieldSpec, value: Any, m: Map, settings: Any, wkey: str, new: bool) -> Any:
    label = t(f"field.{spec.name}")
    kind = spec.kind
    if spec.name == "id":
        if not new:
            st.text_input(label, value=value, disabled=True, key=wkey)
            return value
        return st.text_input(label, value="", key=wkey, help=t("field.id_help"))
    if kind == "text":
        return st.text_input(label, value=value or "", key=wkey)
    if kind == "textarea":
        return st.text_area(label, value=value or "", key=wkey, height=80)
    if kind == "int":
        return st.number_input(label, value=value, min_value=0, step=1, key=wkey)
    if kind == "float":
        return st.number_input(label, value=value, min_value=1.0, max_value=5.0, step=0.1, key=wkey)
    if kind == "bool":
        return st.checkbox(label, value=bool(value), key=wkey)
    if kind == "date":
        return st.date_input(label, value=value, key=wkey, format="YYYY-MM-DD")
    if kind in ("unit", "group", "principle"):
        pool = {"unit": m.units, "group": m.citizen_groups, "principle": m.principles}[kind]
        fmt = {"unit": unit_label, "group": group_label, "principle": principle_label}[kind]
        opts = ["", *(r.id for r in pool)]
        if value and value not in opts:
            opts.append(value)
        return st.selectbox(
            label,
            opts,
            index=opts.index(value or ""),
            key=wkey,
            format_func=lambda x: fmt(m, x) if x else "–",
        )
    if kind == "sector":
        opts = ["", *dict.fromkeys([*settings.sectors, *(u.sector for u in m.units if u.sector)])]
        if value and value not in opts:
            opts.append(value)
        return st.selectbox(
            label, opts, index=opts.index(value or ""), key=wkey, accept_new_options=True
        )
    if kind == "suggest":
        opts = ["", *suggestions(m, spec.name)]
        if value and value not in opts:
            opts.append(value)
        return st.selectbox(
            label,
            opts,
            index=opts.index(value or ""),
            key=wkey,
            accept_new_options=True,
            help=t("field.suggest_help"),
        )
    if kind == "kind_enum":
        opts = [k.value for k in PrincipleKind]
        return st.selectbox(
            label,
            opts,
            index=opts.index(value) if value in opts else 0,
            key=wkey,
            format_func=lambda v: t(f"kind.{v}"),
        )
    if kind == "status_enum":
        opts = [s.value for s in PrincipleStatus]
        return st.selectbox(
            label,
            opts,
            index=opts.index(value) if value in opts else 1,
            key=wkey,
            format_func=lambda v: t(f"status.{v}"),
        )
    if kind == "groups":
        opts = [g.id for g in m.citizen_groups]
        return st.multiselect(
            label,
            opts,
            default=[g for g in (value or ()) if g in opts],
            key=wkey,
            format_func=lambda x: group_label(m, x),
        )
    raise ValueError(f"unknown field kind {kind!r}")


def _conflict_key(table: str) -> str:
    return f"conflict:{st.session_state.get(state.MAP_KEY)}:{table}"


def show_conflict(table: str) -> bool:
    """Show a pending conflict (theirs vs yours) with a reload button; True if shown."""
    conflict = st.session_state.get(_conflict_key(table))
    if not conflict:
        return False
    mine, theirs = conflict["mine"], conflict["theirs"]
    st.error(md(conflict["message"]))
    rows = []
    for name in mine:
        a = theirs.get(name) if theirs else None
        b = mine.get(name)
        rows.append(
            {
                t("conflict.field"): t(f"field.{name}"),
                t("conflict.theirs"): "" if a is None else str(a),
                t("conflict.yours"): "" if b is None else str(b),
                t("conflict.differs"): "≠" if a != b else "",
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True)
    st.caption(t("conflict.help"))
    if st.button(t("conflict.reload"), key=f"reload_{table}", type="primary"):
        st.session_state.pop(_conflict_key(table), None)
        state.bump_form(table)
        st.rerun()
    return True


def record_form(cur: state.Current, table: str, record: Any | None) -> None:
    """Render the form for one record (``None``: a new one) and save on submit."""
    new = record is None
    nonce = state.form_nonce(table)
    key = None if new else storage.record_key(table, record)
    seen = None if new else state.seen_version(table, key, cur.stored.versions.get((table, key)))
    values = {} if new else record_values(record)
    prefix = lk(f"f:{table}:{'new' if new else '/'.join(key)}:{nonce}")
    with st.form(prefix, clear_on_submit=False):
        entered = {
            spec.name: _widget(
                spec, values.get(spec.name), cur.map, cur.settings, f"{prefix}:{spec.name}", new
            )
            for spec in FIELDS[table]
        }
        submitted = st.form_submit_button(
            t("form.create") if new else t("form.save"), type="primary"
        )
    if not submitted:
        return
    if not state.author():
        st.warning(t("form.need_author"))
    try:
        rec, missing = build_record(table, entered, cur.map)
    except (TypeError, ValueError) as exc:
        st.error(t("error.invalid", detail=str(exc)))
        return
    if missing:
        st.error(t("form.missing", fields=", ".join(t(f"field.{n}") for n in missing)))
        return
    try:
        storage.save_record(
            state.engine(), cur.map_id, table, rec, seen, state.author() or t("common.anonymous")
        )
    except storage.ConflictError as exc:
        current = exc.current
        st.session_state[_conflict_key(table)] = {
            "message": describe(exc),
            "mine": record_values(rec),
            "theirs": record_values(current) if current is not None else None,
        }
        st.rerun()
    except Exception as exc:
        st.error(_message(exc))
        return
    state.bump_form(table)
    flash(t("form.saved", what=md(_describe(table, rec))))
    st.rerun()


def _message(exc: BaseException) -> str:
    return describe(exc)


def _describe(table: str, rec: Any) -> str:
    return f"{t('table_one.' + table)} {'/'.join(storage.record_key(table, rec))}"


def delete_section(cur: state.Current, table: str, record: Any) -> None:
    """A delete button that asks first, lists dependents, and cascades only then."""
    key = storage.record_key(table, record)
    pending_key = f"del:{cur.map_id}:{table}"
    if st.session_state.get(pending_key) != key:
        if st.button(t("delete.start"), key=f"del_start_{table}_{'/'.join(key)}"):
            st.session_state[pending_key] = key
            st.rerun()
        return
    st.warning(t("delete.confirm", what=md(_describe(table, record))))
    deps = storage.dependents(cur.map, table, key)
    if deps:
        st.markdown(t("delete.dependents", n=len(deps)))
        st.dataframe(
            pd.DataFrame(
                [
                    {t("delete.dep_table"): t(f"table.{d[0]}"), t("delete.dep_what"): d[2]}
                    for d in deps
                ]
            ),
            hide_index=True,
        )
    c1, c2 = st.columns(2)
    label = t("delete.cascade") if deps else t("delete.yes")
    if c1.button(label, key=f"del_yes_{table}", type="primary"):
        seen = state.seen_version(table, key, cur.stored.versions.get((table, key)))
        try:
            storage.delete_record(
                state.engine(),
                cur.map_id,
                table,
                key,
                seen,
                state.author() or t("common.anonymous"),
                cascade=bool(deps),
            )
        except Exception as exc:
            st.error(md(describe(exc)))
            return
        st.session_state.pop(pending_key, None)
        state.bump_form(table)
        flash(t("delete.done", what=md(_describe(table, record))))
        st.rerun()
    if c2.button(t("delete.cancel"), key=f"del_no_{table}"):
        st.session_state.pop(pending_key, None)
        st.rerun()
