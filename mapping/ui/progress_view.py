"""Tables for the progress page (findings opened/closed, changed entities)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import pandas as pd

from mapping.ui.i18n import lang, t


def _as_dict(item: Any) -> dict[str, Any]:
    if hasattr(item, "to_dict"):
        try:
            return dict(item.to_dict(lang()))
        except TypeError:
            return dict(item.to_dict())
    if dataclasses.is_dataclass(item):
        return dataclasses.asdict(item)
    if isinstance(item, dict):
        return item
    return {"value": str(item)}


def gaps_frame(findings: Sequence[Any]) -> pd.DataFrame:
    code = lang()
    return pd.DataFrame(
        [
            {
                t("gaps.col_rule"): f.id,
                t("gaps.col_severity"): t(f"severity.{f.severity}"),
                t("gaps.col_title"): f.title.get(code),
                t("gaps.col_message"): f.message.get(code),
            }
            for f in findings
        ]
    )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "/".join(str(v) for v in value)
    return str(value)


def changes_frame(changes: Sequence[Any]) -> pd.DataFrame:
    rows = []
    for c in changes:
        d = _as_dict(c)
        rows.append(
            {
                t("progress.col_when"): _text(d.get("at") or d.get("when") or d.get("changed_at")),
                t("progress.col_who"): _text(d.get("author") or d.get("who")),
                t("progress.col_table"): _text(d.get("table") or d.get("entity")),
                t("progress.col_key"): _text(d.get("key")),
                t("progress.col_what"): _text(d.get("action") or d.get("kind") or d.get("op")),
            }
        )
    return pd.DataFrame(rows)
