"""One form per record, with conflict detection and confirmed deletes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from mapping import formats, storage
from mapping.catalogue import sector_label
from mapping.model import Adoption, Map
from mapping.ui import state
from mapping.ui.common import md
from mapping.ui.decimal_input import INVALID, decimal_input
from mapping.ui.fields import (
    FIELDS,
    TABLES,
    FieldSpec,
    build_record,
    record_values,
    suggestions,
)
from mapping.ui.i18n import lang, lk, localized, t
from mapping.ui.names import POOLS, labels

FLASH_KEY = "flash"
# Dates a principle can sensibly carry; Streamlit's default range is only ±10 years.
DATE_MIN = dt.date(1990, 1, 1)
DATE_MAX = dt.date(2100, 12, 31)
DELETED_WITH = ("services", "adoptions", "relations")


def flash(message: str, where: str = "", ok: bool = True) -> None:
    """Show ``message`` on the next run where :func:`show_flash` is called with ``where``.

    ``where`` names the place next to the button that caused it (a form, the
    bulk table); ``ok`` False shows it as a warning (something was refused).
    """
    st.session_state[FLASH_KEY] = (where, message, ok)


def show_flash(where: str = "") -> None:
    pending = st.session_state.get(FLASH_KEY)
    if not pending:
        return
    if isinstance(pending, str):  # an older session's plain note
        pending = ("", pending, True)
    place, msg, ok = pending
    if place != where:
        return
    st.session_state.pop(FLASH_KEY, None)
    (st.success if ok else st.warning)(msg)


def count_text(key: str, n: int, **kw: Any) -> str:
    """``1 ændring er gemt.`` / ``3 ændringer er gemt.``: the ``key_one`` entry for one."""
    return t(f"{key}_one", n=n, **kw) if n == 1 else t(key, n=n, **kw)


def _sector(s: str) -> str:
    return sector_label(s, lang())


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
    if kind in ("int", "float"):
        col, whole = spec.column, kind == "int"
        low = None if col is None or col.minimum is None else col.minimum
        high = None if col is None or col.maximum is None else col.maximum
        if not whole:  # typed as the language writes it (3,5), see decimal_input
            return decimal_input(label, value, key=wkey, minimum=low, maximum=high)
        cast = int if whole else float
        return st.number_input(
            label,
            value=value,
            min_value=None if low is None else cast(low),
            max_value=None if high is None else cast(high),
            step=1 if whole else 0.1,
            key=wkey,
        )
    if kind == "bool":
        return st.checkbox(label, value=bool(value), key=wkey)
    if kind == "date":
        return st.date_input(
            label,
            value=value,
            key=wkey,
            format=formats.widget_date_format(lang()),
            min_value=min(DATE_MIN, value) if value else DATE_MIN,
            max_value=max(DATE_MAX, value) if value else DATE_MAX,
        )
    if kind in ("unit", "group", "principle"):
        names = labels(m, POOLS[kind])
        opts = ["", *names]
        if value and value not in opts:
            opts.append(value)
        return st.selectbox(
            label,
            opts,
            index=opts.index(value or ""),
            key=wkey,
            format_func=lambda x: names.get(x, x) if x else "–",
        )
    if kind == "sector":
        opts = ["", *dict.fromkeys([*settings.sectors, *(u.sector for u in m.units if u.sector)])]
        if value and value not in opts:
            opts.append(value)
        return st.selectbox(
            label,
            opts,
            index=opts.index(value or ""),
            key=wkey,
            format_func=localized(_sector),
            accept_new_options=True,
            placeholder=t("form.placeholder_new"),
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
            placeholder=t("form.placeholder_new"),
        )
    if kind == "enum":
        col = spec.column
        assert col is not None
        opts = [c.value for c in col.choices]
        if not col.required and col.default is None:
            opts.insert(0, "")
        # An enum column's default is one of its (StrEnum) values.
        default = col.default if isinstance(col.default, str) else None
        chosen: str = value if value in opts else (default or opts[0])

        def choice(v: str) -> str:
            return col.choice_label(v, lang()) if v else "–"

        return st.selectbox(
            label,
            opts,
            index=opts.index(chosen),
            key=wkey,
            format_func=localized(choice),
        )
    if kind == "groups":
        names = labels(m, "citizen_groups")
        return st.multiselect(
            label,
            list(names),
            default=[g for g in (value or ()) if g in names],
            key=wkey,
            format_func=lambda x: names.get(x, x),
            placeholder=t("form.placeholder_many"),
        )
    raise ValueError(f"unknown field kind {kind!r}")


def record_form(cur: state.Current, table: str, record: Any | None) -> None:
    """Render the form for one record (``None``: a new one) and save on submit.

    Ids are made from names and shown only under "Avanceret"; a principle's
    adopters are chosen in the same form and saved with it.
    """
    from mapping.ui import record_save as rs

    if table == "citizen_groups":
        from mapping.ui.group_form import group_form

        group_form(cur, record)
        return
    if rs.ask_duplicate(cur, table):
        return
    new = record is None
    nonce = state.form_nonce(table)
    key = None if record is None else storage.record_key(table, record)
    seen = None if new else state.seen_version(table, key, cur.stored.versions.get((table, key)))
    values = {} if new else record_values(record)
    prefix = lk(f"f:{table}:{'new' if key is None else '/'.join(key)}:{nonce}")
    m = cur.map
    if not new:
        st.session_state.setdefault(f"{prefix}:seen_values", values)
    with st.form(prefix, clear_on_submit=False):
        entered = {
            spec.name: _widget(
                spec, values.get(spec.name), m, cur.settings, f"{prefix}:{spec.name}", new
            )
            for spec in FIELDS[table]
            if spec.name != "id"
        }
        adopters = None
        seen_adopt: dict[str, int | None] = {}
        if table == "principles":
            names = labels(m, "units")
            rid = "" if record is None else record.id  # a new principle has no adopters yet
            had = sorted(m.adopters.get(rid, ())) if record is not None else []
            # The adoptions' versions as first shown in this form, to check the save against.
            seen_adopt = st.session_state.setdefault(
                f"{prefix}:seen_adopt",
                {u: cur.stored.versions.get(("adoptions", (rid, u))) for u in had},
            )
            adopters = st.multiselect(
                t("form.adopters"),
                list(names),
                default=[u for u in had if u in names],
                format_func=lambda u: names.get(u, u),
                placeholder=t("form.placeholder_many"),
                key=f"{prefix}:adopters",
            )
        id_spec = next((s for s in FIELDS[table] if s.name == "id"), None)
        if id_spec is not None:
            with st.expander(t("form.advanced")):
                entered["id"] = _widget(
                    id_spec, values.get("id"), m, cur.settings, f"{prefix}:id", new
                )
        submitted = st.form_submit_button(
            t("form.create") if new else t("form.save"), type="primary"
        )
    show_flash(f"form:{table}")
    if not submitted:
        return
    if INVALID in entered.values():
        st.error(t("form.fix_numbers"))
        return
    try:
        rec, missing = build_record(table, entered, m)
    except (TypeError, ValueError) as exc:
        st.error(t("error.invalid", detail=str(exc)))
        return
    if missing:
        st.error(t("form.missing", fields=", ".join(t(f"field.{n}") for n in missing)))
        return
    extra = adoption_writes(cur, rec.id, adopters, seen_adopt) if adopters is not None else []
    # The values as first shown in this form (the map may have moved on since).
    first = st.session_state.get(f"{prefix}:seen_values")
    rs.save_or_ask(cur, table, rec, seen, extra, first, new)


def adoption_writes(
    cur: state.Current, pid: str, chosen: list[str], seen: dict[str, int | None]
) -> list[Any]:
    """Adoption records to add and remove so that exactly ``chosen`` units have joined."""
    had = set(cur.map.adopters.get(pid, ()))
    writes: list[Any] = [
        storage.Write("adoptions", Adoption(pid, u)) for u in chosen if u not in had
    ]
    # Only adopters the user saw can be removed: one someone else added meanwhile stays.
    for u in sorted(set(seen) - set(chosen)):
        writes.append(storage.Write("adoptions", None, seen.get(u), (pid, u)))
    return writes


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
        return formats.day(value, lang())
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
                state.actor(),
                cascade=bool(deps),
            )
        except Exception as exc:
            from mapping.ui.record_save import refusal

            st.error(md(refusal(m, exc)))  # names who deleted or changed it meanwhile
            return
        st.session_state.pop(pending_key, None)
        state.bump_form(table)
        flash(
            t("delete.done", what=md(_sentence(describe_record(m, table, record)))), f"form:{table}"
        )
        st.rerun()
    if c2.button(t("delete.cancel"), key=f"del_no_{table}"):
        st.session_state.pop(pending_key, None)
        st.rerun()
