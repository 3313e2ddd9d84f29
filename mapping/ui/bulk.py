"""Bulk edits of one table with ``st.data_editor``, saved record by record.

Every row is tied to its record key and the version the user saw (see
:mod:`mapping.ui.bulk_state`); a row someone else changed meanwhile becomes a
conflict with a per-field choice, the other rows save, and a refused row keeps
the user's input with the problem beside it.
"""

from __future__ import annotations

import dataclasses
import functools
from types import SimpleNamespace
from typing import Any

import pandas as pd
import streamlit as st

from mapping import formats, schema, storage
from mapping.catalogue import sector_label
from mapping.ui import bulk_state as bs
from mapping.ui import state
from mapping.ui.bulk_save import (
    ENTITY,
    conflict_note,
    conflict_of,
    plain_problem,
    save_sheet,
    sheet_options,
)
from mapping.ui.common import md
from mapping.ui.conflicts import choices, comparison, headline
from mapping.ui.fields import FIELDS, build_record
from mapping.ui.forms import DATE_MAX, DATE_MIN, count_text, describe_record, flash, show_flash
from mapping.ui.i18n import lang, t

SHEETS_KEY = "bulk_sheets"  # (map id, table) -> Sheet
DELTA_KEY = "bulk_delta"  # (map id, table) -> (editor key, last reported delta)
PROBLEM_COL = "_problem"


# Option labels of the table's columns (bound with functools.partial per column).
def _sector_in(code: str, v: str) -> str:
    return sector_label(v, code)


def _name_in(names: dict[str, str], v: str) -> str:
    return names.get(v, v)


def _choice_in(col: schema.Column, v: str) -> str:
    return col.choice_label(v, lang())


def _sheets() -> dict[tuple[int, str], bs.Sheet]:
    return st.session_state.setdefault(SHEETS_KEY, {})


def _fresh(cur: state.Current, table: str) -> bs.Sheet:
    sheet = bs.load(table, cur.map, cur.stored.versions, cur.version)
    return dataclasses.replace(sheet, options=sheet_options(cur))


def sheet_of(cur: state.Current, table: str) -> bs.Sheet:
    """The frozen sheet of ``table`` for this session (loaded on first use)."""
    sheets = _sheets()
    if (cur.map_id, table) not in sheets:
        sheets[(cur.map_id, table)] = _fresh(cur, table)
    return sheets[(cur.map_id, table)]


def _editor_key(map_id: int, sheet: bs.Sheet, show_ids: bool) -> str:
    # Language and id column are part of the key: both change the editor's identity.
    return f"bulk:{sheet.table}:{map_id}.{sheet.gen}:{lang()}:{int(show_ids)}"


def unsaved_elsewhere(map_id: int, table: str) -> list[tuple[str, int]]:
    """(table, count) of other tables of the map with unsaved edits in this session."""
    out = []
    deltas = st.session_state.get(DELTA_KEY, {})
    for (mid, tb), sheet in _sheets().items():
        if mid != map_id or tb == table:
            continue
        last = deltas.get((mid, tb))
        n = bs.pending(bs.fold(sheet, last[1] if last else None))
        if n:
            out.append((tb, n))
    return out


def _current_sheet(cur: state.Current, table: str, show_ids: bool) -> tuple[bs.Sheet, str]:
    """The sheet with any edits the editor reported before its state was dropped."""
    sheets = _sheets()
    sheet = sheet_of(cur, table)
    deltas = st.session_state.setdefault(DELTA_KEY, {})
    ekey = _editor_key(cur.map_id, sheet, show_ids)
    last = deltas.get((cur.map_id, table))
    if ekey not in st.session_state and last:
        # The user left the page, the table, the language or the id view: keep the edits.
        sheet = bs.fold(sheet, last[1])
        sheets[(cur.map_id, table)] = sheet
        deltas.pop((cur.map_id, table), None)
        ekey = _editor_key(cur.map_id, sheet, show_ids)
    return sheet, ekey


def bulk_editor(cur: state.Current, table: str) -> None:
    """Editable table; the save applies each changed row with conflict detection."""
    show_ids = False
    if table in ENTITY:
        show_ids = st.toggle(t("bulk.show_ids"), key=f"bulk_ids:{table}")
    sheet, ekey = _current_sheet(cur, table, show_ids)
    if cur.version != sheet.map_version and not bs.pending(_folded(cur, table, ekey)):
        # Nothing typed that could be lost: simply show the latest values.
        _store(cur, dataclasses.replace(_fresh(cur, table), gen=sheet.gen + 1))
        sheet, ekey = _current_sheet(cur, table, show_ids)
    if cur.version != sheet.map_version:
        st.info(t("bulk.changed_by_others"))
        if st.button(t("bulk.refresh"), key=f"bulk_refresh:{table}:{sheet.gen}"):
            _store(
                cur,
                bs.refresh(_folded(cur, table, ekey), cur.map, cur.stored.versions, cur.version),
            )
            st.rerun()
    st.data_editor(
        _frame(sheet),
        key=ekey,
        num_rows="dynamic",
        hide_index=True,
        column_config=_column_config(sheet),
        column_order=_order(sheet, show_ids),
        width="stretch",
        placeholder="–",  # an empty cell, not Streamlit's English "None"
    )
    delta = st.session_state.get(ekey) or {}
    st.session_state.setdefault(DELTA_KEY, {})[(cur.map_id, table)] = (ekey, _copy(delta))
    folded = bs.fold(sheet, delta)
    n = bs.pending(folded)
    if n:
        st.caption(count_text("bulk.unsaved", n))
    c1, c2 = st.columns([1, 3])
    save = c1.button(t("bulk.save"), key=f"bulk_save:{table}:{sheet.gen}", type="primary")
    if n and c2.button(t("bulk.discard"), key=f"bulk_discard:{table}:{sheet.gen}"):
        _store(cur, dataclasses.replace(_fresh(cur, table), gen=sheet.gen + 1))
        st.rerun()
    show_flash(f"bulk:{table}")
    if save:
        after, message, ok = save_sheet(cur, folded)
        _store(cur, dataclasses.replace(after, gen=folded.gen + 1))
        flash(message, f"bulk:{table}", ok)
        st.rerun()
    for row in folded.rows:
        if row.conflict is not None:
            _conflict_panel(cur, folded, row, ekey)


def _copy(delta: Any) -> dict[str, Any]:
    return {
        "edited_rows": {k: dict(v) for k, v in (delta.get("edited_rows") or {}).items()},
        "added_rows": [dict(r) for r in delta.get("added_rows") or ()],
        "deleted_rows": list(delta.get("deleted_rows") or ()),
    }


def _folded(cur: state.Current, table: str, ekey: str) -> bs.Sheet:
    return bs.fold(sheet_of(cur, table), st.session_state.get(ekey))


def _store(cur: state.Current, sheet: bs.Sheet) -> None:
    _sheets()[(cur.map_id, sheet.table)] = sheet
    st.session_state.get(DELTA_KEY, {}).pop((cur.map_id, sheet.table), None)


def _frame(sheet: bs.Sheet) -> pd.DataFrame:
    names = [f.name for f in FIELDS[sheet.table]]
    rows = [
        {PROBLEM_COL: r.problem or None, **{n: r.cells.get(n) for n in names}} for r in sheet.rows
    ]
    frame = pd.DataFrame(rows, columns=[PROBLEM_COL, *names])
    code = lang()
    for spec in FIELDS[sheet.table]:
        if spec.kind == "float":
            frame[spec.name] = [_decimal_text(v, code) for v in frame[spec.name]]
        elif spec.kind == "int":
            frame[spec.name] = pd.to_numeric(frame[spec.name], errors="coerce")
        elif spec.kind == "bool":
            frame[spec.name] = frame[spec.name].fillna(False).astype(bool)
    return frame


def _decimal_text(value: Any, code: str) -> str | None:
    """A decimal cell as the language writes it (3,5 in Danish); text not yet a number as typed."""
    if isinstance(value, int | float) and not pd.isna(value):
        return formats.number(float(value), code)
    return value if isinstance(value, str) and value else None


def _order(sheet: bs.Sheet, show_ids: bool) -> list[str]:
    names = [f.name for f in FIELDS[sheet.table] if show_ids or f.name != "id"]
    return [PROBLEM_COL, *names] if any(r.problem for r in sheet.rows) else names


def _column_config(sheet: bs.Sheet) -> dict[str, Any]:
    cc = st.column_config
    problem = cc.TextColumn(t("bulk.col_problem"), disabled=True, width="large")
    cfg: dict[str, Any] = {PROBLEM_COL: problem}
    for spec in FIELDS[sheet.table]:
        label = t(f"field.{spec.name}")
        kind = spec.kind
        if kind == "float":
            # A text cell read as the language writes it: Streamlit's number cell takes
            # the browser's decimal mark, so 3,7 typed in an English browser became 37
            # and then the column's maximum (the same reason as decimal_input).
            cfg[spec.name] = cc.TextColumn(label, alignment="right")
        elif kind == "int" and spec.column is not None:
            col = spec.column
            cfg[spec.name] = cc.NumberColumn(
                label,
                min_value=col.minimum,
                max_value=col.maximum,
                step=1,
                # by the page's locale, which page_language sets to the app's: 1.200 in Danish
                format="localized",
            )
        elif kind == "bool":
            cfg[spec.name] = cc.CheckboxColumn(label)
        elif kind == "date":
            cfg[spec.name] = cc.DateColumn(
                label,
                format=formats.widget_date_format(lang()),
                min_value=DATE_MIN,
                max_value=DATE_MAX,
            )
        elif kind == "sector":
            code = lang()
            cfg[spec.name] = cc.SelectboxColumn(
                label,
                options=list(sheet.options.get(kind, {})),
                format_func=functools.partial(_sector_in, code),
            )
        elif kind in ("unit", "group", "principle"):
            names = sheet.options.get(kind, {})
            cfg[spec.name] = cc.SelectboxColumn(
                label, options=list(names), format_func=functools.partial(_name_in, names)
            )
        elif kind == "enum" and spec.column is not None:
            col = spec.column
            cfg[spec.name] = cc.SelectboxColumn(
                label,
                options=[c.value for c in col.choices],
                format_func=functools.partial(_choice_in, col),
                required=col.required,
            )
        elif kind == "groups":
            names = sheet.options.get("group", {})
            cfg[spec.name] = cc.MultiselectColumn(
                label, options=list(names), format_func=functools.partial(_name_in, names)
            )
        else:
            cfg[spec.name] = cc.TextColumn(label)
    return cfg


def _conflict_panel(cur: state.Current, sheet: bs.Sheet, row: bs.Row, ekey: str) -> None:
    """Both versions and a per-field choice for one conflicting row, saved on request."""
    c = row.conflict
    assert c is not None and row.key is not None
    table, m = sheet.table, cur.map
    mine = bs.values_of(table, row.cells)
    name = describe_record(m, table, _as_record(table, c.theirs or mine))
    tag = f"bulk_conflict:{table}:{'/'.join(row.key)}:{sheet.gen}"
    with st.container(border=True):
        st.error(md(headline(name, c.who, c.when, c.theirs is None)))
        comparison(m, table, c.theirs, mine)
        if c.theirs is None:
            merged, base = mine, None
            label = t("conflict.recreate")
        else:
            merged = choices(m, table, row.seen, mine, c.theirs, tag)
            base, label = c.version, t("conflict.save_choice")
        b1, b2 = st.columns([1, 1])
        go = b1.button(label, key=f"{tag}:save", type="primary")
        drop = b2.button(t("conflict.drop_mine"), key=f"{tag}:drop")
    if not (go or drop):
        return
    idx = next(i for i, r in enumerate(sheet.rows) if r.key == row.key)
    rows = list(sheet.rows)
    if drop:
        fresh = _fresh(cur, table)
        now = next((r for r in fresh.rows if r.key == row.key), None)
        rows[idx : idx + 1] = [now] if now is not None else []
    else:
        rec, missing = build_record(table, merged, m)
        try:
            if missing:
                raise ValueError(", ".join(t(f"field.{n}") for n in missing))
            version = storage.save_record(
                state.engine(),
                cur.map_id,
                table,
                rec,
                base,
                state.actor(),
            )
        except storage.ConflictError as exc:
            rows[idx] = dataclasses.replace(
                row, problem=conflict_note(cur, table, exc), conflict=conflict_of(exc)
            )
        except Exception as exc:
            rows[idx] = dataclasses.replace(row, problem=plain_problem(cur, exc))
        else:
            seen = {k: merged.get(k) for k in merged}
            rows[idx] = bs.Row(row.key, version, seen, bs.cells_of(table, seen))
            flash(count_text("bulk.saved", 1), f"bulk:{table}", True)
    _store(cur, dataclasses.replace(sheet, rows=rows, gen=sheet.gen + 1))
    st.rerun()


def _as_record(table: str, values: dict[str, Any]) -> Any:
    """Just enough of a record for :func:`describe_record` (its name and keys)."""
    return SimpleNamespace(**values)
