"""The printable report: findings and view sheets plus the interchange tables, and CSV.

The report's sheets come first (names in the chosen language), each with a
frozen header and a filter: the findings, "Borgerens perspektiv" (each group
with the units serving it, their goals and paradigms), "Ledelseskæden" (each
unit with its level and the gaps escalated to it) and the two matrices units x
groups and principles x units, written as the pairs that exist (one row per
service or adoption). Cells are written as text by
:func:`mapping.readwrite.write_workbook`, so nothing in them can become a formula.

>>> from mapping.model import Map, Unit
>>> gaps_csv([], excel_danish=True)[:3] == b"\\xef\\xbb\\xbf"
True
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING

from mapping.catalogue import say, sector_label, words
from mapping.chain import ManagementChain, level_name
from mapping.model import Map
from mapping.readwrite.tables import REPORT_SHEETS

from .filters import GapLike

if TYPE_CHECKING:  # pandas only where a table is built: the CSV and the CLI need none
    import pandas as pd

SHEETS: dict[str, dict[str, str]] = REPORT_SHEETS
"""Sheet titles by language; declared with the interchange tables so readers skip them."""


def _col(lang: str) -> dict[str, str]:
    """The report's and CSV's column names in ``lang`` (the catalogue's ``report.`` entries)."""
    return words("report", lang)


def _names(ids: Sequence[str], lookup: dict) -> str:
    return "; ".join(lookup[i].name if i in lookup else i for i in ids)


def severity_label(severity: str, lang: str = "da") -> str:
    """``Høj``/``High``: a severity as people read it."""
    return say(f"severity.{severity}", lang)


def acts_label(acts: str, lang: str = "da") -> str:
    """Who acts on a finding, as people read it."""
    return say(f"acts.{acts}", lang)


def details_text(g: GapLike, names: dict | None = None) -> str:
    """A finding's camps (``»value«: A, B | »value«: C``) or pairs (``A + B; C + D``)."""
    lookup = names or {}

    def name(uid: str) -> str:
        rec = lookup.get(uid)
        return rec.name if rec is not None else uid

    parts = []
    for d in g.details:
        if isinstance(d, tuple):
            parts.append(f"{name(d[0])} + {name(d[1])}")
        else:
            parts.append(f"»{d.value}«: " + ", ".join(name(u) for u in d.units))
    sep = "; " if g.details and isinstance(g.details[0], tuple) else " | "
    return sep.join(parts)


def gaps_frame(m: Map, gaps: Sequence[GapLike], lang: str = "da") -> pd.DataFrame:
    """One row per finding, with names, who acts, the escalation point, action and question."""
    import pandas as pd

    c = _col(lang)
    units, groups, principles = m.units_by_id, m.groups_by_id, m.principles_by_id
    rows = []
    for g in gaps:
        esc = g.escalate_to
        rows.append({
            c["id"]: g.id,
            c["severity"]: severity_label(g.severity, lang),
            c["title"]: g.title.get(lang),
            c["acts"]: acts_label(g.acts, lang),
            c["escalate_name"]: units[esc].name if esc in units else c["top"],
            c["level"]: level_name(g.escalation_level, lang),
            c["citizens"]: g.citizens,
            c["message"]: g.message.get(lang),
            c["action"]: g.action.get(lang),
            c["question"]: g.question.get(lang),
            c["units"]: _names(g.units, units),
            c["partners"]: _names(g.partners, units),
            c["groups"]: _names(g.groups, groups),
            c["principles"]: _names(g.principles, principles),
            c["details"]: details_text(g, units),
            c["escalate_to"]: esc or "",
        })  # fmt: skip
    cols = ["id", "severity", "title", "acts", "escalate_name", "level", "citizens", "message",
            "action", "question", "units", "partners", "groups", "principles", "details",
            "escalate_to"]  # fmt: skip
    return pd.DataFrame(rows, columns=[c[k] for k in cols])


def citizen_frame(m: Map, lang: str = "da") -> pd.DataFrame:
    """Each citizen group with every unit serving it, side by side."""
    import pandas as pd

    c = _col(lang)
    units = m.units_by_id
    rows = []
    for s in sorted(m.services, key=lambda s: (s.group_id, s.unit_id)):
        grp = m.groups_by_id.get(s.group_id)
        u = units.get(s.unit_id)
        joined = [
            p.name for p in m.principles_by_group.get(s.group_id, ())
            if p.id in m.adopted_by_unit.get(s.unit_id, frozenset())
        ]  # fmt: skip
        rows.append({
            c["group"]: grp.name if grp else s.group_id,
            c["unit"]: u.name if u else s.unit_id,
            c["sector"]: sector_label(u.sector, lang) if u else "",
            c["goal"]: s.goal,
            c["paradigm"]: s.paradigm,
            c["lead"]: "x" if grp and grp.lead_unit_id == s.unit_id else "",
            c["joined"]: "; ".join(joined),
        })  # fmt: skip
    keys = ["group", "unit", "sector", "goal", "paradigm", "lead", "joined"]
    return pd.DataFrame(rows, columns=[c[k] for k in keys])


def chain_frame(m: Map, gaps: Sequence[GapLike], lang: str = "da") -> pd.DataFrame:
    """Each unit in chain order (indented by depth) with the findings escalated to it."""
    import pandas as pd

    c = _col(lang)
    chain = ManagementChain(m)
    to_unit: dict[str | None, list[GapLike]] = {}
    for g in gaps:
        to_unit.setdefault(g.escalate_to, []).append(g)
    kids: dict[str | None, list] = {}
    for u in sorted(m.units, key=lambda u: (u.name.casefold(), u.id)):
        parent = u.parent_id if u.parent_id in m.units_by_id else None
        kids.setdefault(parent, []).append(u)
    rows: list[dict] = []

    def row(name: str, level: str, depth: object, parent: str, mine: list[GapLike]) -> None:
        rows.append({
            c["unit"]: name, c["level"]: level, c["depth"]: depth, c["parent"]: parent,
            c["escalated"]: len(mine), c["codes"]: "; ".join(sorted({g.code for g in mine})),
        })  # fmt: skip

    row(c["top"], level_name(chain.level(None), lang), "", "", to_unit.get(None, []))
    stack = list(reversed(kids.get(None, [])))
    seen: set[str] = set()
    while stack:
        u = stack.pop()
        if u.id in seen:
            continue
        seen.add(u.id)
        depth = chain.depth(u.id)
        parent = m.units_by_id[u.parent_id].name if u.parent_id in m.units_by_id else ""
        level = level_name(chain.level(u.id), lang)
        row("  " * depth + u.name, level, depth, parent, to_unit.get(u.id, []))
        stack.extend(reversed(kids.get(u.id, [])))
    keys = ("unit", "level", "depth", "parent", "escalated", "codes")
    return pd.DataFrame(rows, columns=[c[k] for k in keys])


def _unique_names(records: Sequence) -> dict[str, str]:
    seen: dict[str, int] = {}
    for r in records:
        seen[r.name] = seen.get(r.name, 0) + 1
    return {r.id: r.name if seen[r.name] == 1 else f"{r.name} ({r.id})" for r in records}


def units_groups_frame(m: Map, lang: str = "da") -> pd.DataFrame:
    """Units x groups as pairs: one row per unit serving a group (never a dense grid).

    A national map has thousands of units and hundreds of groups; a grid of them
    is millions of mostly empty cells, the pairs are only the services. The last
    column lists the binding principles covering the group that the unit joined.
    """
    import pandas as pd

    c = _col(lang)
    uname, gname = _unique_names(m.units), _unique_names(m.citizen_groups)
    order = {u.id: i for i, u in enumerate(m.units)}
    rows = []
    for s in sorted(m.services, key=lambda s: (order.get(s.unit_id, -1), s.group_id)):
        u = m.units_by_id.get(s.unit_id)
        adopted = m.adopted_by_unit.get(s.unit_id, frozenset())
        covering = [p.name for p in m.principles_by_group.get(s.group_id, ())
                    if p.id in adopted and p.status.is_binding]  # fmt: skip
        rows.append((uname.get(s.unit_id, s.unit_id), sector_label(u.sector, lang) if u else "",
                     gname.get(s.group_id, s.group_id), "; ".join(covering)))  # fmt: skip
    return pd.DataFrame(rows, columns=[c["unit"], c["sector"], c["group"], c["joined"]])


def principles_units_frame(m: Map, lang: str = "da") -> pd.DataFrame:
    """Principles x units as pairs: one row per unit that joined a principle."""
    import pandas as pd

    c = _col(lang)
    uname = _unique_names(m.units)
    order = {p.id: i for i, p in enumerate(m.principles)}
    rows = []
    for a in sorted(m.adoptions, key=lambda a: (order.get(a.principle_id, -1), a.unit_id)):
        p, u = m.principles_by_id.get(a.principle_id), m.units_by_id.get(a.unit_id)
        label = say(f"status.{p.status.value}", lang) if p else ""
        sector = sector_label(u.sector, lang) if u else ""
        rows.append(
            (p.name if p else a.principle_id, label, uname.get(a.unit_id, a.unit_id), sector)
        )
    return pd.DataFrame(rows, columns=[c["principle"], c["status"], c["unit"], c["sector"]])


def report_sheets(m: Map, gaps: Sequence[GapLike], lang: str = "da") -> dict[str, pd.DataFrame]:
    """The extra sheets of the report workbook, by sheet name."""
    s = SHEETS.get(lang, SHEETS["da"])
    return {
        s["gaps"]: gaps_frame(m, gaps, lang),
        s["citizen"]: citizen_frame(m, lang),
        s["chain"]: chain_frame(m, gaps, lang),
        s["units_groups"]: units_groups_frame(m, lang),
        s["principles_units"]: principles_units_frame(m, lang),
    }


def report_workbook(
    m: Map, gaps: Sequence[GapLike], target: str | os.PathLike[str] | IO[bytes], lang: str = "da"
) -> None:
    """Write the report sheets, then the interchange tables, to a path or binary buffer.

    The findings sheet comes first, so the workbook opens on it.
    """
    from mapping.readwrite import write_workbook

    write_workbook(m, target, extra_sheets=report_sheets(m, gaps, lang), extras_first=True)


def report_workbook_bytes(m: Map, gaps: Sequence[GapLike], lang: str = "da") -> bytes:
    """:func:`report_workbook` as bytes (for a download button)."""
    buf = io.BytesIO()
    report_workbook(m, gaps, buf, lang)
    return buf.getvalue()


def gaps_csv(gaps: Sequence[GapLike], excel_danish: bool = False, *, lang: str = "da") -> bytes:
    """The findings as CSV: the JSON keys in their order, headed in ``lang``.

    Lists of ids are ``;``-joined; severity and who acts are written in ``lang``.
    ``excel_danish`` gives what Danish Excel opens directly: ``;`` between cells
    and UTF-8 with a byte-order mark. Cells that a spreadsheet could take for a
    formula are neutralised.
    """
    from mapping.gaps.core import FINDING_KEYS
    from mapping.readwrite import neutralise_csv_cell

    c = _col(lang)
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";" if excel_danish else ",", lineterminator="\r\n")
    w.writerow([c.get(k, k) for k in FINDING_KEYS])
    for g in gaps:
        d = g.to_dict(lang)  # type: ignore[attr-defined]
        d["severity"] = severity_label(g.severity, lang)
        d["acts"] = acts_label(g.acts, lang)
        d["details"] = details_text(g)
        cells = [";".join(d[k]) if isinstance(d[k], list) else d[k] for k in FINDING_KEYS]
        w.writerow([neutralise_csv_cell(str(v)) if v is not None else "" for v in cells])
    return buf.getvalue().encode("utf-8-sig" if excel_danish else "utf-8")
