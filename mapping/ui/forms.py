"""One form per record, with conflict detection and confirmed deletes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from mapping import storage
from mapping.model import Map
from mapping.ui import state
from mapping.ui.common import group_label, md, principle_label, unit_label
from mapping.ui.errors import describe
from mapping.ui.fields import (
    FIELDS,
    TABLES,
    FieldSpec,
    build_record,
    record_values,
    suggestions,
)
from mapping.ui.i18n import lang, lk, t

FLASH_KEY = "flash"
# Dates a principle can sensibly carry; Streamlit's default range is only ±10 years.
DATE_MIN = dt.date(1990, 1, 1)
DATE_MAX = dt.date(2100, 12, 31)
DELETED_WITH = ("services", "adoptions", "relations")


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
        return st.date_input(
            label,
            value=value,
            key=wkey,
            format="DD-MM-YYYY" if lang() == "da" else "YYYY-MM-DD",
            min_value=min(DATE_MIN, value) if value else DATE_MIN,
            max_value=max(DATE_MAX, value) if value else DATE_MAX,
        )
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
        opts = ["", *suggestions(m, spec.name, spec.table or "services")]
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
    if kind == "enum":
        col = spec.column
        assert col is not None
        opts = [c.value for c in col.choices]
        if not col.required and col.default is None:
            opts.insert(0, "")
        chosen = value if value in opts else (col.default or opts[0])
        return st.selectbox(
            label,
            opts,
            index=opts.index(chosen),
            key=wkey,
            format_func=lambda v: col.choice_label(v, lang()) if v else "–",
        )
    if kind == "groups":
        opts = [g.id for g in m.citizen_groups]
        return st.multiselect(
            label,
            opts,
            default=[g for g in (value or ()) if g in opts],
            key=wkey,
            format_func=lambda x: group_label(m, x),
            placeholder=t("form.placeholder_many"),
        )
    raise ValueError(f"unknown field kind {kind!r}")


def _conflict_key(table: str) -> str:
    return f"conflict:{st.session_state.get(state.MAP_KEY)}:{table}"


def show_conflict(table: str, m: Map | None = None) -> bool:
    """Show a pending conflict (theirs vs yours) with a reload button; True if shown."""
    conflict = st.session_state.get(_conflict_key(table))
    if not conflict:
        return False
    mine, theirs = conflict["mine"], conflict["theirs"]
    st.error(md(conflict["message"]))
    m = m if m is not None else Map()
    specs = {spec.name: spec for spec in FIELDS[table]}
    rows = []
    for name in mine:
        a = theirs.get(name) if theirs else None
        b = mine.get(name)
        spec = specs.get(name)
        rows.append(
            {
                t("conflict.field"): t(f"field.{name}"),
                t("conflict.theirs"): display_value(m, spec, a),
                t("conflict.yours"): display_value(m, spec, b),
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
            "message": _sentence(t("conflict.message", what=describe_record(cur.map, table, rec))),
            "mine": record_values(rec),
            "theirs": record_values(current) if current is not None else None,
        }
        st.rerun()
    except Exception as exc:
        st.error(_message(exc))
        return
    state.bump_form(table)
    saved = t("form.saved", what=md(_sentence(describe_record(cur.map, table, rec))))
    if not state.author():
        # Workshops must not stall on a missing name: save, but say how it is recorded.
        saved += " " + t("form.saved_as_unknown")
    flash(saved)
    st.rerun()


def _message(exc: BaseException) -> str:
    return describe(exc)


def record_name(m: Map, table: str, rec: Any) -> str:
    """A record by name: ``Familiehuset`` or ``Familiehuset → Småbørnsfamilier``."""

    def unit(uid: str | None) -> str:
        u = m.units_by_id.get(uid or "")
        return u.name if u else (uid or "–")

    def group(gid: str) -> str:
        g = m.groups_by_id.get(gid)
        return g.name if g else gid

    if table == "services":
        return f"{unit(rec.unit_id)} → {group(rec.group_id)}"
    if table == "adoptions":
        p = m.principles_by_id.get(rec.principle_id)
        return f"{unit(rec.unit_id)} ✓ {p.name if p else rec.principle_id}"
    if table == "relations":
        return f"{unit(rec.unit_a)} ↔ {unit(rec.unit_b)}"
    return getattr(rec, "name", "") or getattr(rec, "id", "")


def describe_record(m: Map, table: str, rec: Any) -> str:
    """``enheden »Familiehuset«`` (lower case, for use inside a sentence)."""
    return t(f"what.{table}", name=record_name(m, table, rec))


def _sentence(text_: str) -> str:
    return text_[:1].upper() + text_[1:]


def display_value(m: Map, spec: FieldSpec | str | None, value: Any) -> str:
    """A field value as a reader sees it: names for references, Ja/Nej, labels, dates."""
    kind = spec if isinstance(spec, str) else spec.kind if spec is not None else "text"
    if value is None or value == "" or value == ():
        return "–"
    if kind == "bool":
        return t("common.yes") if value else t("common.no")
    if kind == "unit":
        u = m.units_by_id.get(value)
        return u.name if u else str(value)
    if kind == "group":
        g = m.groups_by_id.get(value)
        return g.name if g else str(value)
    if kind == "principle":
        p = m.principles_by_id.get(value)
        return p.name if p else str(value)
    if kind == "groups":
        return ", ".join(display_value(m, "group", g) for g in value)
    if kind == "enum" and isinstance(spec, FieldSpec) and spec.column is not None:
        return spec.column.choice_label(str(value), lang())
    if kind == "date" and isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y") if lang() == "da" else value.isoformat()
    return str(value)


def _effect(table: str, dep_table: str) -> str:
    """What deleting a record of ``table`` does to a dependent in ``dep_table``."""
    if dep_table in DELETED_WITH:
        return t("delete.effect_deleted")
    if dep_table == "units":
        return t("delete.effect_moved_up")
    if dep_table == "citizen_groups":
        return t("delete.effect_lead")
    if table == "citizen_groups":
        return t("delete.effect_group")
    return t("delete.effect_owner")


def delete_section(cur: state.Current, table: str, record: Any) -> None:
    """A delete button that asks first, lists dependents, and cascades only then."""
    key = storage.record_key(table, record)
    pending_key = f"del:{cur.map_id}:{table}"
    if st.session_state.get(pending_key) != key:
        if st.button(t("delete.start"), key=f"del_start_{table}_{'/'.join(key)}"):
            st.session_state[pending_key] = key
            st.rerun()
        return
    m = cur.map
    st.warning(t("delete.question", what=md(describe_record(m, table, record))))
    deps = storage.dependents(m, table, key)
    # Deleted dependents first, then those that only lose their reference.
    deps = sorted(deps, key=lambda d: d[0] not in DELETED_WITH)
    if deps:
        n_deleted = sum(d[0] in DELETED_WITH for d in deps)
        st.markdown(t("delete.summary", deleted=n_deleted, kept=len(deps) - n_deleted))
        lookup = {tb: {storage.record_key(tb, r): r for r in getattr(m, tb)} for tb in TABLES}
        rows = []
        for dep_table, dep_key, _ in deps:
            rec = lookup[dep_table].get(dep_key)
            name = record_name(m, dep_table, rec) if rec is not None else "/".join(dep_key)
            rows.append(
                {
                    t("delete.dep_effect"): _effect(table, dep_table),
                    t("delete.dep_what"): f"{t(f'dep.{dep_table}')}: {name}",
                }
            )
        st.dataframe(pd.DataFrame(rows), hide_index=True)
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
        flash(t("delete.done", what=md(_sentence(describe_record(m, table, record)))))
        st.rerun()
    if c2.button(t("delete.cancel"), key=f"del_no_{table}"):
        st.session_state.pop(pending_key, None)
        st.rerun()
