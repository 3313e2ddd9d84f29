"""Tables for the progress page: findings opened and closed, decisions, changed records.

Records are named as people know them (``Familiehuset → Udsatte børn``),
never by their keys, and every change says when and by whom.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from mapping import formats
from mapping.model import Map
from mapping.ui.i18n import lang, t


def gaps_frame(findings: Sequence[Any], m: Map | None = None) -> pd.DataFrame:
    """One row per finding: its id, severity, title and subject, explanation."""
    from mapping.actionplan import subject_name

    code = lang()
    return pd.DataFrame(
        [
            {
                t("gaps.col_rule"): f.id,
                t("gaps.col_severity"): t(f"severity.{f.severity}"),
                t("gaps.col_title"): f.title.get(code)
                + (f" — {subject_name(m, f.id)}" if m is not None else ""),
                t("gaps.col_message"): f.message.get(code),
            }
            for f in findings
        ]
    )


def _unit(m: Map, uid: object) -> str:
    u = m.units_by_id.get(str(uid or ""))
    return u.name if u else str(uid or "–")


def record_title(m: Map, table: str, key: Sequence[str], values: Mapping[str, Any] | None) -> str:
    """A record by name: the unit's name, ``unit → group``, ``unit ✓ principle``, ``a ↔ b``."""
    from mapping.actionplan import subject_name

    v = dict(values or {})
    if table in ("units", "citizen_groups", "principles"):
        return str(v.get("name") or key[0])
    if table == "services":
        g = m.groups_by_id.get(key[1])
        return f"{_unit(m, key[0])} → {g.name if g else key[1]}"
    if table == "adoptions":
        p = m.principles_by_id.get(key[0])
        return f"{_unit(m, key[1])} ✓ {p.name if p else key[0]}"
    if table == "relations":
        return f"{_unit(m, key[0])} ↔ {_unit(m, key[1])}"
    if table == "decisions":
        return f"{key[0].split(':', 1)[0]} · {subject_name(m, key[0])}"
    if table == "settings":
        return str(key[0]) if key else ""
    return "/".join(str(k) for k in key)


def _table(table: str) -> str:
    if table in ("settings", "maps"):
        return t(f"progress.table_{table}")
    return t(f"dep.{table}")


def _when(at: dt.datetime | None) -> str:
    if at is None:
        return ""
    return formats.moment(at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at, lang())


def _action(action: str) -> str:
    return t(f"progress.act_{action}") if action else ""


def changes_frame(
    changes: Sequence[Any], m: Map, who: Mapping[tuple[str, tuple[str, ...]], Any] | None = None
) -> pd.DataFrame:
    """Changed records (history rows or compared records) with time, author and name.

    ``who`` gives, for a compared record, its latest change (time and author).
    """
    rows = []
    for c in changes:
        key = tuple(c.key)
        latest = (who or {}).get((c.table, key))
        at = getattr(c, "at", None) or (latest.at if latest else None)
        author = getattr(c, "author", None)
        if author is None:
            author = latest.author if latest else ""
        rows.append(
            {
                t("progress.col_when"): _when(at),
                t("progress.col_who"): author or "",
                t("progress.col_table"): _table(c.table),
                t("progress.col_key"): record_title(m, c.table, key, c.after or c.before),
                t("progress.col_what"): _action(c.action),
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            t("progress.col_when"),
            t("progress.col_who"),
            t("progress.col_table"),
            t("progress.col_key"),
            t("progress.col_what"),
        ],
    )


def decisions_frame(
    changes: Sequence[Any], m: Map, who: Mapping[tuple[str, tuple[str, ...]], Any] | None = None
) -> pd.DataFrame:
    """Decisions recorded or changed between the dates: status before and after."""
    from mapping.ui.findings_view import status_label

    def status(values: Mapping[str, Any] | None) -> str:
        return status_label(str(values["status"])) if values and values.get("status") else "–"

    rows = []
    for c in changes:
        key = tuple(c.key)
        latest = (who or {}).get((c.table, key))
        rows.append(
            {
                t("progress.col_when"): _when(latest.at if latest else None),
                t("progress.col_who"): latest.author if latest else "",
                t("progress.col_finding"): record_title(m, "decisions", key, None),
                t("progress.col_before"): status(c.before),
                t("progress.col_after"): status(c.after),
                t("progress.col_note"): str((c.after or c.before or {}).get("note") or ""),
            }
        )
    return pd.DataFrame(rows)
