"""Validate one edited record against the stored map without loading the whole map.

Field checks run :func:`mapping.validation.validate_map` on a tiny map: the record plus
stand-ins for everything it refers to. Cross-record rules (references exist,
no cycle in the management chain, no unit under an external partner, one
relation per pair) are asked of the database, so an edit of a national map
costs a few indexed queries instead of a full load.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, exists, select

from mapping.model import Map, Record, Relation, Unit
from mapping.problems import Problem
from mapping.schema import RECORD_TYPES, TABLES
from mapping.storage import schema as s
from mapping.storage.records import record_key
from mapping.validation import too_deep, too_deep_text
from mapping.validation import validate_map as problems

MAX_DEPTH = 10_000


def _refs(table: str, r: Record) -> list[tuple[str, str, str]]:
    """(column, referred table, id) of every reference the record makes."""
    out: list[tuple[str, str, str]] = []
    for col in TABLES[table].references():
        value = getattr(r, col.name)
        values = value if col.type == "reflist" else (value,)
        out += [(col.name, col.refers or "", v) for v in values if v is not None]
    return out


def _stand_in(table: str, rid: str) -> Record:
    """A record that only exists so references to ``rid`` resolve in a field check."""
    spec = TABLES[table]
    values: dict[str, Any] = {c.name: c.default for c in spec.columns if c.default is not None}
    values.update({c.name: "x" for c in spec.columns if c.required and c.type == "text"})
    values.update(
        {c.name: c.enum(c.choices[0].value) for c in spec.columns if c.required and c.enum}
    )
    values[spec.key[0]] = rid
    return RECORD_TYPES[table](**values)


def _mini_map(table: str, record: Record) -> Map:
    own = record_key(table, record)[0] if TABLES[table].own_id is not None else None
    tables: dict[str, dict[str, Record]] = {}
    for _, refers, ref in _refs(table, record):
        if not (refers == table and ref == own):
            tables.setdefault(refers, {})[ref] = _stand_in(refers, ref)
    lists = {t: list(recs.values()) for t, recs in tables.items()}
    lists.setdefault(table, []).insert(0, record)
    return Map.from_tables(lists)


_UNKNOWN_DA = {"units": "enhed", "citizen_groups": "borgergruppe", "principles": "princip"}
_UNKNOWN_EN = {"units": "unit", "citizen_groups": "citizen group", "principles": "principle"}


class RecordProblem(Problem):
    """A problem of the one record being saved: no row number; ``str()`` says where.

    ``message``/``message_en`` hold only what is wrong (for a reader that names the
    record and field itself, like the app); ``str()`` adds table, key and field.
    """

    __slots__ = ("where",)
    where: str

    def __init__(self, where: str, table: str, column: str | None, da: str, en: str) -> None:
        super().__init__("", table, None, column, da, en)
        object.__setattr__(self, "where", where)

    def text(self, lang: str = "da") -> str:
        msg = self.message_en if lang == "en" else self.message
        field = f", {'field' if lang == 'en' else 'felt'} {self.column}" if self.column else ""
        return f"{self.where}{field}: {msg}"

    def __str__(self) -> str:
        return self.text("da")


def record_problems(conn: Connection, map_id: int, table: str, record: Record) -> list[Problem]:
    """Problems the record would bring into the stored map (empty when it fits)."""
    found: list[Problem] = list(problems(_mini_map(table, record)))
    where = f"{table} {'/'.join(record_key(table, record))!r}"
    own = getattr(record, "id", None)
    for col, refers, ref in _refs(table, record):
        if table == "units" and ref == own:
            continue  # a self-parent is reported by the field check as a cycle
        t = s.ENTITY_TABLES[refers]
        hit = conn.execute(select(exists().where(t.c.map_id == map_id, t.c.id == ref))).scalar()
        if not hit:
            found.append(
                RecordProblem(
                    where,
                    table,
                    col,
                    f"ukendt {_UNKNOWN_DA[refers]} {ref!r}",
                    f"unknown {_UNKNOWN_EN[refers]} {ref!r}",
                )
            )
    if isinstance(record, Unit):  # the table is "units"
        found += _unit_chain(conn, map_id, record, where)
        found += _chain_depth(conn, map_id, record, where)
    if isinstance(record, Relation):  # the table is "relations"
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


def _chain_depth(conn: Connection, map_id: int, unit: Unit, where: str) -> list[Problem]:
    """Refuse an edit that makes the chain deeper than the import would accept.

    Moving a unit moves everything below it, so the whole chain's parent
    pointers (one small query) are checked with the edit applied.
    """
    u = s.units
    parent_of: dict[str, str | None] = dict(
        conn.execute(select(u.c.id, u.c.parent_id).where(u.c.map_id == map_id)).all()
    )
    if unit.id in parent_of and parent_of[unit.id] == unit.parent_id:
        return []  # not moved: the depth below it cannot change
    parent_of[unit.id] = unit.parent_id
    found = too_deep(parent_of)
    if found is None:
        return []
    return [RecordProblem(where, "units", "parent_id", *too_deep_text(found[1]))]


def _unit_chain(conn: Connection, map_id: int, unit: Unit, where: str) -> list[Problem]:
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
