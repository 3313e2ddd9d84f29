"""Bulk edits of one table with ``st.data_editor``, saved record by record."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from mapping import storage
from mapping.ui import state
from mapping.ui.common import md
from mapping.ui.fields import FIELDS, build_record, record_values
from mapping.ui.forms import flash
from mapping.ui.i18n import lang, t


def _to_cell(value: Any) -> Any:
    if isinstance(value, tuple):
        return ";".join(value)
    return value


def _from_cell(kind: str, value: Any) -> Any:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if kind == "groups":
        return tuple(s.strip() for s in str(value).split(";") if s.strip())
    if kind == "date" and isinstance(value, str):
        return dt.date.fromisoformat(value) if value.strip() else None
    if kind == "date" and isinstance(value, pd.Timestamp):
        return value.date()
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    if kind == "bool":
        return bool(value)
    return value


def table_frame(m: Any, table: str) -> pd.DataFrame:
    """The table as a DataFrame with one column per form field."""
    names = [f.name for f in FIELDS[table]]
    rows = [{n: _to_cell(record_values(r)[n]) for n in names} for r in getattr(m, table)]
    return pd.DataFrame(rows, columns=names)


def _column_config(table: str) -> dict[str, Any]:
    cfg: dict[str, Any] = {}
    for spec in FIELDS[table]:
        label = t(f"field.{spec.name}")
        if spec.kind == "int":
            cfg[spec.name] = st.column_config.NumberColumn(label, min_value=0, step=1)
        elif spec.kind == "float":
            cfg[spec.name] = st.column_config.NumberColumn(label, min_value=1, max_value=5)
        elif spec.kind == "bool":
            cfg[spec.name] = st.column_config.CheckboxColumn(label)
        elif spec.kind == "date":
            cfg[spec.name] = st.column_config.DateColumn(
                label,
                format="DD-MM-YYYY" if lang() == "da" else "YYYY-MM-DD",
                min_value=dt.date(1990, 1, 1),
                max_value=dt.date(2100, 12, 31),
            )
        else:
            cfg[spec.name] = st.column_config.TextColumn(label)
    return cfg


def bulk_editor(cur: state.Current, table: str) -> None:
    """Editable table; the save applies each changed row with conflict detection."""
    _show_problems(table)
    nonce = state.form_nonce(table)
    base = table_frame(cur.map, table)
    snap_key = f"bulk_versions:{table}:{nonce}"
    # The versions the user saw when the editor was first drawn.
    snapshot: dict[tuple[str, ...], int] = st.session_state.setdefault(
        snap_key,
        {k: v for (tb, k), v in cur.stored.versions.items() if tb == table},
    )
    editor_key = f"bulk:{table}:{nonce}"
    st.data_editor(
        base,
        key=editor_key,
        num_rows="dynamic",
        hide_index=True,
        column_config=_column_config(table),
        width="stretch",
    )
    if not st.button(t("bulk.save"), key=f"bulk_save_{table}_{nonce}", type="primary"):
        return
    changes = st.session_state.get(editor_key) or {}
    records = list(getattr(cur.map, table))
    kinds = {f.name: f.kind for f in FIELDS[table]}
    done, problems = 0, []
    author = state.author() or t("common.anonymous")
    eng = state.engine()

    def values_of(row: dict[str, Any], start: dict[str, Any]) -> dict[str, Any]:
        merged = dict(start)
        for col, v in row.items():
            merged[col] = _from_cell(kinds.get(col, "text"), v)
        return merged

    for idx, edit in sorted((changes.get("edited_rows") or {}).items()):
        i = int(idx)
        if i >= len(records):
            continue
        old = records[i]
        key = storage.record_key(table, old)
        try:
            rec, missing = build_record(table, values_of(edit, record_values(old)), cur.map)
            if missing:
                raise ValueError(", ".join(t(f"field.{n}") for n in missing))
            storage.save_record(eng, cur.map_id, table, rec, snapshot.get(key), author)
            done += 1
        except Exception as exc:
            problems.append(t("bulk.row_error", row=i + 1, detail=_msg(exc)) + _entered(edit))
    for j, row in enumerate(changes.get("added_rows") or []):
        try:
            rec, missing = build_record(table, values_of(row, {}), cur.map)
            if missing:
                raise ValueError(", ".join(t(f"field.{n}") for n in missing))
            storage.save_record(eng, cur.map_id, table, rec, None, author)
            done += 1
        except Exception as exc:
            problems.append(t("bulk.new_row_error", row=j + 1, detail=_msg(exc)) + _entered(row))
    for idx in changes.get("deleted_rows") or []:
        i = int(idx)
        if i >= len(records):
            continue
        key = storage.record_key(table, records[i])
        try:
            storage.delete_record(eng, cur.map_id, table, key, snapshot.get(key), author)
            done += 1
        except Exception as exc:
            problems.append(t("bulk.row_error", row=i + 1, detail=_msg(exc)))
    # The table is reloaded either way; refused rows stay listed with what was entered.
    state.bump_form(table)
    if problems:
        st.session_state[f"bulk_problems:{table}"] = (done, problems)
    else:
        saved = t("bulk.saved", n=done)
        if done and not state.author():
            saved += " " + t("form.saved_as_unknown")
        flash(saved)
    st.rerun()


def _entered(row: dict[str, Any]) -> str:
    shown = "; ".join(f"{t('field.' + k)}: {v}" for k, v in row.items() if v not in (None, ""))
    return f" — {shown}" if shown else ""


def _show_problems(table: str) -> None:
    pending = st.session_state.pop(f"bulk_problems:{table}", None)
    if pending:
        done, problems = pending
        st.error(t("bulk.problems", done=done, n=len(problems)))
        for p in problems:
            st.markdown(f"- {md(p)}")


def _msg(exc: BaseException) -> str:
    from mapping.ui.forms import _message

    return _message(exc)
