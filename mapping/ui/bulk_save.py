"""Saving a bulk table: each changed row written with its own version check.

A row someone else changed meanwhile comes back as a conflict, a refused row
keeps the user's input with the problem beside it, and the rest is saved.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from mapping import formats, storage
from mapping.ids import unique_id
from mapping.ui import bulk_state as bs
from mapping.ui import state
from mapping.ui.conflicts import when_text
from mapping.ui.errors import describe
from mapping.ui.fields import build_record, record_values, slug
from mapping.ui.forms import count_text, describe_record
from mapping.ui.i18n import lang, t
from mapping.ui.names import labels, problem_lines, same_name

ENTITY = ("units", "citizen_groups", "principles")


def sheet_options(cur: state.Current) -> dict[str, dict[str, str]]:
    """Name labels for the reference and sector columns of every table."""
    m = cur.map
    sectors = dict.fromkeys([*cur.settings.sectors, *(u.sector for u in m.units if u.sector)])
    return {
        "unit": labels(m, "units"),
        "group": labels(m, "citizen_groups"),
        "principle": labels(m, "principles"),
        "sector": {s: s for s in sectors},
    }


def save_sheet(cur: state.Current, sheet: bs.Sheet) -> tuple[bs.Sheet, str, bool]:
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
                refuse(row, plain_problem(cur, exc))
            else:
                refuse(row, conflict_note(cur, table, exc), conflict_of(exc))
            continue
        except Exception as exc:
            refuse(row, plain_problem(cur, exc))
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
            removed_back[row.key] = conflict_note(cur, table, exc)
        except Exception as exc:
            removed_back[row.key] = t("bulk.not_deleted", detail=plain_problem(cur, exc))
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
    fresh_options = sheet_options(
        state.Current(map_id=cur.map_id, stored=stored, settings=cur.settings)
    )
    new = bs.Sheet(table, int(stored.map_version), rows, [], sheet.gen, fresh_options)
    parts = [count_text("bulk.saved", done)] if done or not refused else []
    if refused:
        parts.append(count_text("bulk.refused", refused))
    message = " ".join(parts)
    if done and not state.author():
        message += " " + t("form.saved_as_unknown")
    return new, message, not refused


def plain_problem(cur: state.Current, exc: BaseException) -> str:
    """A refused write in the user's words, with names instead of ids."""
    lines = problem_lines(cur.map, exc, lang())
    return "; ".join(lines) if lines else describe(exc)


def conflict_of(exc: storage.ConflictError) -> bs.Conflict:
    """The other person's version of a row, as the conflict panel shows it."""
    theirs = record_values(exc.current) if exc.current is not None else None
    return bs.Conflict(theirs, exc.current_version, exc.changed_by, exc.changed_at)


def conflict_note(cur: state.Current, table: str, exc: storage.ConflictError) -> str:
    """Who changed or deleted the row meanwhile, and when."""
    who = exc.changed_by or t("conflict.someone")
    key = "bulk.deleted_by" if exc.current is None else "bulk.changed_by"
    return t(key, who=who, when=when_text(exc.changed_at)).replace("  ", " ")


def _dup_text(cur: state.Current, table: str, twin: Any) -> str:
    return t("bulk.dup_name", what=describe_record(cur.map, table, twin))
