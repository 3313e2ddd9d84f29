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
from mapping.ids import unique_id
from mapping.ui import bulk_state as bs
from mapping.ui import state
from mapping.ui.common import md
from mapping.ui.conflicts import choices, comparison, headline, when_text
from mapping.ui.errors import describe
from mapping.ui.fields import FIELDS, build_record, record_values, slug
from mapping.ui.forms import DATE_MAX, DATE_MIN, count_text, describe_record, flash, show_flash
from mapping.ui.i18n import lang, t
from mapping.ui.names import labels, problem_lines, same_name

SHEETS_KEY = "bulk_sheets"  # (map id, table) -> Sheet
DELTA_KEY = "bulk_delta"  # (map id, table) -> (editor key, last reported delta)
PROBLEM_COL = "_problem"
ENTITY = ("units", "citizen_groups", "principles")


# Option labels of the table's columns (bound with functools.partial per column).
def _sector_in(code: str, v: str) -> str:
    return sector_label(v, code)


def _name_in(names: dict[str, str], v: str) -> str:
    return names.get(v, v)


def _choice_in(col: schema.Column, v: str) -> str:
    return col.choice_label(v, lang())


def _sheets() -> dict[tuple[int, str], bs.Sheet]:
    return st.session_state.setdefault(SHEETS_KEY, {})


def _options(cur: state.Current) -> dict[str, dict[str, str]]:
    m = cur.map
    sectors = dict.fromkeys([*cur.settings.sectors, *(u.sector for u in m.units if u.sector)])
    return {
        "unit": labels(m, "units"),
        "group": labels(m, "citizen_groups"),
        "principle": labels(m, "principles"),
        "sector": {s: s for s in sectors},
    }


def _fresh(cur: state.Current, table: str) -> bs.Sheet:
    sheet = bs.load(table, cur.map, cur.stored.versions, cur.version)
    return dataclasses.replace(sheet, options=_options(cur))


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
        after, message, ok = _save(cur, folded)
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


def _save(cur: state.Current, sheet: bs.Sheet) -> tuple[bs.Sheet, str, bool]:
    """Write every changed row; returns the reloaded sheet, the note and whether all saved."""
    table, m, eng = sheet.table, cur.map, state.engine()
    author = state.actor()
    taken: set[str] = set()
    if table in ENTITY:
        taken = {r.id for r in getattr(m, table)}
    done = 0
    kept: dict[tuple[str, ...], bs.Row] = {}  # rows to show again as the user left them
    extra: list[bs.Row] = []  # refused new rows

    def refuse(row: bs.Row, problem: str, conflict: bs.Conflict | None = None) -> None:
        out = dataclasses.replace(row, problem=problem, conflict=conflict)
        if row.key is None:
            extra.append(out)
        else:
            kept[row.key] = out

    for row in sheet.rows:
        if not bs.changed(table, row):
            continue
        values = bs.values_of(table, row.cells)
        if row.key is not None and "id" in values and values["id"] != row.key[0]:
            refuse(row, t("bulk.id_fixed"))
            continue
        if row.key is None and table in ENTITY and not values.get("id") and values.get("name"):
            values["id"] = unique_id(slug(values["name"]), taken)
        typed = [
            n for n, k in bs.kinds(table).items() if k == "float" and isinstance(values[n], str)
        ]
        if typed:
            name = typed[0]
            example = formats.number(3.5, lang())
            refuse(
                row,
                t(
                    "bulk.not_a_number",
                    value=values[name],
                    field=t(f"field.{name}"),
                    example=example,
                ),
            )
            continue
        try:
            rec, missing = build_record(table, values, m)
        except (TypeError, ValueError) as exc:
            refuse(row, t("error.invalid", detail=str(exc)))
            continue
        if missing:
            refuse(row, t("form.missing", fields=", ".join(t(f"field.{n}") for n in missing)))
            continue
        if row.key is None and table in ENTITY and not row.allow_duplicate:
            twin = same_name(m, table, rec.name)
            if twin is not None:
                refuse(dataclasses.replace(row, allow_duplicate=True), _dup_text(cur, table, twin))
                continue
        new_key = storage.record_key(table, rec)
        try:
            if row.key is not None and new_key != row.key:
                # A link row moved to other units/groups: remove the old, add the new, together.
                writes = [storage.Write(table, None, row.version, row.key)]
                storage.save_records(eng, cur.map_id, [*writes, storage.Write(table, rec)], author)
            else:
                storage.save_record(eng, cur.map_id, table, rec, row.version, author)
        except storage.ConflictError as exc:
            if row.key is None:
                refuse(row, _plain(cur, exc))
            else:
                refuse(row, _conflict_note(cur, table, exc), _conflict(exc))
            continue
        except Exception as exc:
            refuse(row, _plain(cur, exc))
            continue
        done += 1
        if table in ENTITY:
            taken.add(rec.id)
    removed_back: dict[tuple[str, ...], str] = {}
    for row in sheet.removed:
        if row.key is None:  # never stored, so nothing to delete (removed rows have keys)
            continue
        try:
            storage.delete_record(eng, cur.map_id, table, row.key, row.version, author)
            done += 1
        except storage.ConflictError as exc:
            removed_back[row.key] = _conflict_note(cur, table, exc)
        except Exception as exc:
            removed_back[row.key] = t("bulk.not_deleted", detail=_plain(cur, exc))
    stored = storage.load_map(eng, cur.map_id)
    after = bs.load(table, stored.map, stored.versions, int(stored.map_version))
    rows = []
    for r in after.rows:
        if r.key in kept:
            rows.append(kept.pop(r.key))
        elif r.key in removed_back:
            rows.append(dataclasses.replace(r, problem=removed_back[r.key]))
        else:
            rows.append(r)
    rows += list(kept.values()) + extra  # refused rows whose record is gone, and new ones
    refused = sum(1 for r in rows if r.problem)
    fresh_options = _options(state.Current(map_id=cur.map_id, stored=stored, settings=cur.settings))
    new = bs.Sheet(table, int(stored.map_version), rows, [], sheet.gen, fresh_options)
    parts = [count_text("bulk.saved", done)] if done or not refused else []
    if refused:
        parts.append(count_text("bulk.refused", refused))
    message = " ".join(parts)
    if done and not state.author():
        message += " " + t("form.saved_as_unknown")
    return new, message, not refused


def _plain(cur: state.Current, exc: BaseException) -> str:
    lines = problem_lines(cur.map, exc, lang())
    return "; ".join(lines) if lines else describe(exc)


def _conflict(exc: storage.ConflictError) -> bs.Conflict:
    theirs = record_values(exc.current) if exc.current is not None else None
    return bs.Conflict(theirs, exc.current_version, exc.changed_by, exc.changed_at)


def _conflict_note(cur: state.Current, table: str, exc: storage.ConflictError) -> str:
    who = exc.changed_by or t("conflict.someone")
    key = "bulk.deleted_by" if exc.current is None else "bulk.changed_by"
    return t(key, who=who, when=when_text(exc.changed_at)).replace("  ", " ")


def _dup_text(cur: state.Current, table: str, twin: Any) -> str:
    return t("bulk.dup_name", what=describe_record(cur.map, table, twin))


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
                row, problem=_conflict_note(cur, table, exc), conflict=_conflict(exc)
            )
        except Exception as exc:
            rows[idx] = dataclasses.replace(row, problem=_plain(cur, exc))
        else:
            seen = {k: merged.get(k) for k in merged}
            rows[idx] = bs.Row(row.key, version, seen, bs.cells_of(table, seen))
            flash(count_text("bulk.saved", 1), f"bulk:{table}", True)
    _store(cur, dataclasses.replace(sheet, rows=rows, gen=sheet.gen + 1))
    st.rerun()


def _as_record(table: str, values: dict[str, Any]) -> Any:
    """Just enough of a record for :func:`describe_record` (its name and keys)."""
    return SimpleNamespace(**values)
