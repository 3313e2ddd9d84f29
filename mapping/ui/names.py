"""Records by name for the edit surfaces: pickers without ids, problems in plain words.

An id is shown only where two records share a name, so a leader picks
"Unge med psykisk sårbarhed", not "Unge med psykisk sårbarhed (unge-med-psykisk-saarbarhed)".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

from mapping.model import CitizenGroup, Map, Principle, Unit
from mapping.ui.i18n import t

POOLS = {"unit": "units", "group": "citizen_groups", "principle": "principles"}


def fold(name: str) -> str:
    """A name compared as people read it: case and spacing do not matter.

    >>> fold("  Socialpsykiatrien ") == fold("socialpsykiatrien")
    True
    """
    return " ".join(name.lower().split())


def labels(m: Map, table: str) -> dict[str, str]:
    """id -> name for a pool of records; a shared name gets its id to tell them apart.

    >>> from mapping.model import Unit
    >>> labels(Map(units=(Unit("ppr", "PPR"), Unit("ppr-2", "PPR"), Unit("a", "A"))), "units")
    {'ppr': 'PPR (ppr)', 'ppr-2': 'PPR (ppr-2)', 'a': 'A'}
    """
    records = getattr(m, table)
    counts = Counter(fold(r.name) for r in records)
    return {
        r.id: (f"{r.name} ({r.id})" if counts[fold(r.name)] > 1 or not r.name.strip() else r.name)
        for r in records
    }


Named = Unit | CitizenGroup | Principle  # the records people pick by name


def same_name(m: Map, table: str, name: str, own_id: str | None = None) -> Any | None:
    """Another record of ``table`` with the same name (as read), or None."""
    wanted = fold(name)
    if not wanted:
        return None
    return next((r for r in getattr(m, table) if fold(r.name) == wanted and r.id != own_id), None)


def name_of(m: Map, kind: str, rid: str | None) -> str:
    """The name of a unit, group or principle by id (the id when it is unknown)."""
    if not rid:
        return "–"
    by_id: dict[str, Mapping[str, Named]] = {
        "unit": m.units_by_id,
        "group": m.groups_by_id,
        "principle": m.principles_by_id,
    }
    rec = by_id[kind].get(rid)
    return rec.name if rec is not None else rid


_QUOTED = re.compile(r"""(["'])([^"']{1,200})\1""")


def with_names(m: Map, text: str) -> str:
    """Quoted ids in a storage message become »names« where they name a record.

    >>> from mapping.model import Unit
    >>> with_names(Map(units=(Unit("sp", "Socialpsykiatrien"),)), "ukendt enhed 'sp'")
    'ukendt enhed »Socialpsykiatrien«'
    """
    known: dict[str, Named] = {**m.principles_by_id, **m.groups_by_id, **m.units_by_id}

    def swap(match: re.Match[str]) -> str:
        rec = known.get(match.group(2))
        return f"»{rec.name}«" if rec is not None else f"»{match.group(2)}«"

    return _QUOTED.sub(swap, text)


def problem_lines(m: Map, exc: BaseException, lang: str) -> list[str] | None:
    """A refused record's problems as "Field label: what is wrong", or None if not such an error.

    Used for :class:`~mapping.storage.RecordValidationError`, whose problems name
    the table and field; the reader already knows which record it is about.
    """
    problems = getattr(exc, "problems", None)
    if not problems or type(exc).__name__ != "RecordValidationError":
        return None
    out = []
    for p in problems:
        msg = getattr(p, "message_en", "") if lang == "en" else ""
        msg = msg or getattr(p, "message", None) or str(p)
        column = getattr(p, "column", None)
        label = t(f"field.{column}") if column else ""
        if label.startswith("field."):
            label = column or ""
        out.append(f"{label}: {with_names(m, msg)}" if label else with_names(m, msg))
    return out
