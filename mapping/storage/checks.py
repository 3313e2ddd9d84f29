"""Validate one edited record against the stored map without loading the whole map.

Field checks run :func:`.validate.problems` on a tiny map: the record plus
stand-ins for everything it refers to. Cross-record rules (references exist,
no cycle in the management chain, no unit under an external partner, one
relation per pair) are asked of the database, so an edit of a national map
costs a few indexed queries instead of a full load.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, exists, select

from mapping.model import CitizenGroup, Map, Principle, PrincipleKind, Unit
from mapping.problems import Problem
from mapping.storage import schema as s
from mapping.storage.records import Record
from mapping.storage.validate import problems

MAX_DEPTH = 10_000


def _refs(table: str, r: Any) -> list[tuple[str, str, str | None]]:
    """(column, kind, id) of every reference the record makes."""
    out: list[tuple[str, str, str | None]] = []
    if table == "units":
        out.append(("parent_id", "unit", r.parent_id))
    elif table == "citizen_groups":
        out.append(("lead_unit_id", "unit", r.lead_unit_id))
    elif table == "services":
        out += [("unit_id", "unit", r.unit_id), ("group_id", "group", r.group_id)]
    elif table == "principles":
        out += [("owner_unit_id", "unit", r.owner_unit_id)]
        out += [("funding_unit_id", "unit", r.funding_unit_id)]
        out += [("group_ids", "group", g) for g in r.group_ids]
    elif table == "adoptions":
        out += [("principle_id", "principle", r.principle_id), ("unit_id", "unit", r.unit_id)]
    elif table == "relations":
        out += [("unit_a", "unit", r.unit_a), ("unit_b", "unit", r.unit_b)]
    return [x for x in out if x[2] is not None]


def _mini_map(table: str, record: Record) -> Map:
    own = (
        getattr(record, "id", None) if table in ("units", "citizen_groups", "principles") else None
    )
    units: dict[str, Unit] = {}
    groups: dict[str, CitizenGroup] = {}
    principles: dict[str, Principle] = {}
    for _, kind, ref in _refs(table, record):
        if kind == "unit" and not (table == "units" and ref == own):
            units[ref] = Unit(ref, "x")
        elif kind == "group" and not (table == "citizen_groups" and ref == own):
            groups[ref] = CitizenGroup(ref, "x")
        elif kind == "principle":
            principles[ref] = Principle(ref, "x", PrincipleKind.METHOD)
    tables: dict[str, list[Any]] = {
        "units": list(units.values()),
        "citizen_groups": list(groups.values()),
        "principles": list(principles.values()),
    }
    tables.setdefault(table, []).insert(0, record)
    return Map(**{t: tuple(v) for t, v in tables.items()})


_KIND_TABLE = {"unit": s.units, "group": s.citizen_groups, "principle": s.principles}
_KIND_DA = {"unit": "enhed", "group": "borgergruppe", "principle": "princip"}
_KIND_EN = {"unit": "unit", "group": "citizen group", "principle": "principle"}


class RecordProblem(Problem):
    """A problem of the one record being saved: no row number; ``str()`` says where.

    ``message``/``message_en`` hold only what is wrong (for a reader that names the
    record and field itself, like the app); ``str()`` adds table, key and field.
    """

    __slots__ = ("where",)

    def __init__(self, where: str, table: str, column: str | None, da: str, en: str) -> None:
        super().__init__("", table, None, column, da, en)
        object.__setattr__(self, "where", where)

    def text(self, lang: str = "da") -> str:
        msg = self.message_en if lang == "en" else self.message
        field = f", {'field' if lang == 'en' else 'felt'} {self.column}" if self.column else ""
        return f"{self.where}{field}: {msg}"

    def __str__(self) -> str:
        return self.text("da")


def record_problems(conn: Connection, map_id: int, table: str, record: Record) -> list[Any]:
    """Problems the record would bring into the stored map (empty when it fits)."""
    found: list[Any] = list(problems(_mini_map(table, record)))
    where = f"{table} {'/'.join(_key(table, record))!r}"
    own = getattr(record, "id", None)
    for col, kind, ref in _refs(table, record):
        if table == "units" and ref == own:
            continue  # a self-parent is reported by the field check as a cycle
        t = _KIND_TABLE[kind]
        hit = conn.execute(select(exists().where(t.c.map_id == map_id, t.c.id == ref))).scalar()
        if not hit:
            found.append(
                RecordProblem(
                    where,
                    table,
                    col,
                    f"ukendt {_KIND_DA[kind]} {ref!r}",
                    f"unknown {_KIND_EN[kind]} {ref!r}",
                )
            )
    if table == "units":
        found += _unit_chain(conn, map_id, record, where)
    if table == "relations":
        r = s.relations
        twin = conn.execute(
            select(
                exists().where(
                    r.c.map_id == map_id, r.c.unit_a == record.unit_b, r.c.unit_b == record.unit_a
                )
            )
        ).scalar()
        if twin and record.unit_a != record.unit_b:
            found.append(
                RecordProblem(
                    where,
                    table,
                    None,
                    "relationen findes allerede med enhederne i omvendt rækkefølge",
                    "the relation already exists with the units in the other order",
                )
            )
    return found


def _key(table: str, record: Record) -> tuple[str, ...]:
    from mapping.storage.records import record_key

    return record_key(table, record)


def _unit_chain(conn: Connection, map_id: int, unit: Any, where: str) -> list[Problem]:
    u = s.units
    out: list[Problem] = []
    if unit.external:
        child = conn.execute(
            select(u.c.id).where(u.c.map_id == map_id, u.c.parent_id == unit.id).limit(1)
        ).scalar()
        if child is not None:
            out.append(
                RecordProblem(
                    where,
                    "units",
                    "external",
                    f"kan ikke være ekstern partner, fordi {child!r} ligger under den",
                    f"cannot be an external partner because {child!r} is below it",
                )
            )
    node, seen = unit.parent_id, [unit.id]
    first = True
    while node is not None and len(seen) < MAX_DEPTH:
        if node == unit.id:
            if len(seen) > 1:  # a self-parent is already reported by the field check
                chain = " → ".join(repr(x) for x in [*seen, node])
                out.append(
                    RecordProblem(
                        where,
                        "units",
                        "parent_id",
                        f"ledelseskæden går i ring: {chain}",
                        f"the management chain goes in a circle: {chain}",
                    )
                )
            break
        row = conn.execute(
            select(u.c.parent_id, u.c.external).where(u.c.map_id == map_id, u.c.id == node)
        ).first()
        if row is None:
            break  # unknown parent: reported above
        if first and row.external:
            out.append(
                RecordProblem(
                    where,
                    "units",
                    "parent_id",
                    f"den overordnede enhed {node!r} er en ekstern partner",
                    f"the unit above, {node!r}, is an external partner",
                )
            )
        first = False
        seen.append(node)
        node = row.parent_id
    return out
