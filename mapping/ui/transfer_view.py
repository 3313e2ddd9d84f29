"""Tables for the import page: validation problems and the import preview."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import pandas as pd

from mapping.ui.i18n import t

PREVIEW_SEEN_KEY = "imp_preview_seen"
"""Session key: ((map id, upload id, mode), map version) of the preview last shown."""
PARSED_KEY = "imp_parsed"
"""Session key: (upload id, the map read from it or None, its problems)."""

_REPREVIEW = {"da": "Vis forhåndsvisningen igen", "en": "Preview again"}


def repreview_label(lang: str = "da") -> str:
    """The label of the button that recomputes a preview after a conflict.

    >>> repreview_label("en")
    'Preview again'
    """
    return _REPREVIEW.get(lang, _REPREVIEW["da"])


def problems_frame(problems: Sequence[Any], lang: str = "da") -> pd.DataFrame:
    """Every validation problem with its sheet/file, row and column."""
    rows = [
        {
            t("transfer.col_source"): getattr(p, "source", "") or getattr(p, "table", ""),
            t("transfer.col_table"): getattr(p, "table", ""),
            t("transfer.col_row"): getattr(p, "row", None),
            t("transfer.col_column"): getattr(p, "column", ""),
            t("transfer.col_message"): (getattr(p, "message_en", "") if lang == "en" else "")
            or getattr(p, "message", str(p)),
        }
        for p in problems
    ]
    return pd.DataFrame(rows)


def _count(value: Any) -> int:
    if isinstance(value, int):
        return value
    try:
        return len(value)
    except TypeError:
        return 0


def summary_frame(summary: Any) -> pd.DataFrame:
    """Added / changed / removed per table from an import summary."""
    is_record = dataclasses.is_dataclass(summary) and not isinstance(summary, type)
    data = dataclasses.asdict(summary) if is_record else dict(summary)
    rows: dict[str, dict[str, int]] = {}
    for what in ("added", "changed", "removed"):
        part = data.get(what) or {}
        if isinstance(part, dict):
            for table, items in part.items():
                rows.setdefault(table, {})[what] = _count(items)
    return pd.DataFrame(
        [
            {
                t("transfer.col_table"): t(f"table.{table}"),
                t("transfer.added"): counts.get("added", 0),
                t("transfer.changed"): counts.get("changed", 0),
                t("transfer.removed"): counts.get("removed", 0),
            }
            for table, counts in rows.items()
        ]
    )


def _names(before: Any, after: Any, table: str) -> dict[str, str]:
    attr = {"units": "units", "citizen_groups": "citizen_groups", "principles": "principles"}
    out: dict[str, str] = {}
    for m in (before, after):  # the uploaded name wins for records it still has
        out.update({r.id: r.name for r in getattr(m, attr[table])})
    return out


def change_lines(summary: Any, before: Any, after: Any) -> dict[str, list[str]]:
    """Per action (added/changed/removed), one readable line per record, by name.

    ``before`` is the stored map, ``after`` the uploaded one; keys come from
    ``summary.details`` as written by :func:`mapping.storage.preview_import`.
    """
    units = _names(before, after, "units")
    groups = _names(before, after, "citizen_groups")
    principles = _names(before, after, "principles")
    named = {"units": units, "citizen_groups": groups, "principles": principles}

    def describe(table: str, key: tuple[str, ...]) -> str:
        if table in named:
            what = named[table].get(key[0], key[0])
        elif table == "services":
            what = f"{units.get(key[0], key[0])} → {groups.get(key[1], key[1])}"
        elif table == "adoptions":
            what = f"{units.get(key[1], key[1])} → {principles.get(key[0], key[0])}"
        else:  # relations
            what = f"{units.get(key[0], key[0])} ↔ {units.get(key[1], key[1])}"
        return f"{t(f'table_one.{table}')}: {what}"

    out: dict[str, list[str]] = {"added": [], "changed": [], "removed": []}
    old_records = _by_key(before)
    new_records = _by_key(after)
    for action, table, key in getattr(summary, "details", ()):
        line = describe(table, tuple(key))
        if action == "changed":
            fields_ = field_changes(
                after,
                table,
                old_records.get((table, tuple(key))),
                new_records.get((table, tuple(key))),
            )
            if fields_:
                line += " — " + "; ".join(fields_)
        out[action].append(line)
    return out


def _by_key(m: Any) -> dict[tuple[str, tuple[str, ...]], Any]:
    from mapping.storage import record_key

    return {
        (table, record_key(table, r)): r
        for table in ("units", "citizen_groups", "services", "principles", "adoptions", "relations")
        for r in getattr(m, table)
    }


def field_changes(m: Any, table: str, old: Any, new: Any) -> list[str]:
    """``Leder: Anna → Bo`` for every field that differs, values as a reader sees them."""
    if old is None or new is None:
        return []
    from mapping.ui.fields import FIELDS, record_values
    from mapping.ui.forms import display_value

    kinds = {spec.name: spec for spec in FIELDS[table]}
    a, b = record_values(old), record_values(new)
    out = []
    for name, kind in kinds.items():
        if a.get(name) != b.get(name):
            out.append(
                t(
                    "transfer.field_change",
                    field=t(f"field.{name}"),
                    old=display_value(m, kind, a.get(name)),
                    new=display_value(m, kind, b.get(name)),
                )
            )
    return out
