"""Domain validation of an in-memory map (DESIGN §4): pure, no I/O.

Problems name the table, the 1-based record number and the field; the
interchange layer turns those into file, sheet and row numbers.

>>> from mapping.model import Map, Unit
>>> m = Map(units=(Unit(id="a", name="A", parent_id="b"), Unit(id="b", name="B", parent_id="a")))
>>> [str(p) for p in validate_map(m)]
['units post 1, felt parent_id: ledelseskæden går i ring: "a" → "b" → "a"']
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import fields
from itertools import chain
from operator import attrgetter

from mapping.model import (
    Adoption,
    CitizenGroup,
    Map,
    Principle,
    Relation,
    Service,
    Unit,
)
from mapping.problems import Problem

XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters an XML 1.0 document (and so an .xlsx cell) cannot hold."""
EXCEL_TEXT_LIMIT = 32767
"""The most characters an Excel cell can hold; longer text could never be exported."""
MAX_COUNT = 10_000_000
"""Upper bound of staff_count and est_size (more people than Denmark has)."""

RecordName = Callable[[str, int], tuple[str, str]]
"""Names record ``i`` of a table in Danish and English, e.g. ``("række 2", "row 2")``."""


def _record_name(table: str, i: int) -> tuple[str, str]:
    return f"post {i}", f"record {i}"


def _p(table: str, row: int | None, column: str | None, da: str, en: str) -> Problem:
    return Problem("", table, row, column, da, en)


def _q(value: object) -> str:
    return f'"{value}"'


def validate_map(m: Map, *, record_name: RecordName | None = None) -> list[Problem]:
    """Every domain problem of ``m``: ids, references, chain, ranges, characters, lengths.

    ``record_name`` says how a message refers to another record (a duplicate's
    first occurrence); by default "post N", readers pass the row the user sees.

    >>> from mapping.model import Map, Relation, Unit
    >>> m = Map(units=(Unit(id="a", name="A"),), relations=(Relation("a", "a", rc_score=7),))
    >>> [p.column for p in validate_map(m)]
    ['unit_b', 'rc_score']
    """
    out: list[Problem] = []
    out += text_problems(m)
    out += _check_ids(m, record_name or _record_name)
    out += _check_references(m)
    out += _check_chain(m)
    out += _check_ranges(m)
    return out


def _records(m: Map) -> Iterator[tuple[str, int, object]]:
    for table in ("units", "citizen_groups", "services", "principles", "adoptions", "relations"):
        for i, rec in enumerate(getattr(m, table), start=1):
            yield table, i, rec


_TEXT_FIELDS = {
    table: tuple(f.name for f in fields(record) if f.type in ("str", "str | None"))
    for table, record in (
        ("units", Unit),
        ("citizen_groups", CitizenGroup),
        ("services", Service),
        ("principles", Principle),
        ("adoptions", Adoption),
        ("relations", Relation),
    )
}


def _all_text(m: Map) -> Iterator[str]:
    for table, names in _TEXT_FIELDS.items():
        yield from filter(None, chain.from_iterable(map(attrgetter(*names), getattr(m, table))))
    yield from chain.from_iterable(p.group_ids for p in m.principles)


def text_problems(m: Map) -> Iterator[Problem]:
    """Text fields Excel cannot store: XML-illegal characters or over 32,767 characters."""
    texts = list(_all_text(m))
    if (
        not XML_ILLEGAL.search("\n".join(texts))
        and all(len(t) <= EXCEL_TEXT_LIMIT for t in texts)
        and all(len(";".join(p.group_ids)) <= EXCEL_TEXT_LIMIT for p in m.principles)
    ):
        return  # the usual case, checked in one pass
    for table, i, rec in _records(m):
        for f in fields(rec):  # type: ignore[arg-type]
            value = getattr(rec, f.name)
            texts = value if isinstance(value, tuple) else (value,)
            for text in texts:
                if isinstance(text, str) and (hit := XML_ILLEGAL.search(text)):
                    code = f"U+{ord(hit.group()):04X}"
                    yield _p(
                        table,
                        i,
                        f.name,
                        f"ulovligt kontroltegn {code} i teksten (kan ikke gemmes i Excel/XML)",
                        f"illegal control character {code} in the text (XML cannot hold it)",
                    )
            whole = ";".join(value) if isinstance(value, tuple) else value
            if isinstance(whole, str) and len(whole) > EXCEL_TEXT_LIMIT:
                yield _p(
                    table,
                    i,
                    f.name,
                    f"feltet {f.name} er for langt ({len(whole)} tegn; højst "
                    f"{EXCEL_TEXT_LIMIT} tegn, som en Excel-celle kan rumme)",
                    f"the field {f.name} is too long ({len(whole)} characters; at most "
                    f"{EXCEL_TEXT_LIMIT}, what an Excel cell can hold)",
                )


def _check_ids(m: Map, name_of: RecordName) -> Iterator[Problem]:
    for table in ("units", "citizen_groups", "principles"):
        seen: dict[str, int] = {}
        for i, rec in enumerate(getattr(m, table), start=1):
            rid, name = rec.id, rec.name
            if not rid.strip():
                yield _p(table, i, "id", "id mangler", "id is missing")
            elif rid != rid.strip():
                yield _p(
                    table,
                    i,
                    "id",
                    f"id {_q(rid)} må ikke starte eller slutte med mellemrum",
                    f"id {_q(rid)} must not start or end with a space",
                )
            elif rid in seen:
                da, en = name_of(table, seen[rid])
                yield _p(
                    table,
                    i,
                    "id",
                    f"id {_q(rid)} findes allerede ({da})",
                    f"duplicate id {_q(rid)} (first in {en})",
                )
            if table == "citizen_groups" and ";" in rid:
                yield _p(
                    table,
                    i,
                    "id",
                    f"id {_q(rid)} må ikke indeholde ; (det adskiller group_ids)",
                    f"id {_q(rid)} must not contain ; (it separates group_ids)",
                )
            seen.setdefault(rid, i)
            if not name.strip():
                yield _p(table, i, "name", "navn mangler", "name is missing")
    keyed = (
        ("services", ("unit_id", "group_id"), "unit_id"),
        ("adoptions", ("principle_id", "unit_id"), "principle_id"),
    )
    for table, cols, col in keyed:
        first: dict[tuple[str, ...], int] = {}
        for i, rec in enumerate(getattr(m, table), start=1):
            key = tuple(getattr(rec, c) for c in cols)
            if key in first:
                yield _dup_key(table, i, col, key, name_of(table, first[key]))
            first.setdefault(key, i)
    pairs: dict[frozenset[str], int] = {}
    for i, r in enumerate(m.relations, start=1):
        if r.pair in pairs:
            where = name_of("relations", pairs[r.pair])
            yield _dup_key("relations", i, "unit_a", (r.unit_a, r.unit_b), where)
        pairs.setdefault(r.pair, i)


def _dup_key(table: str, i: int, col: str, key: tuple[str, ...], first: tuple[str, str]) -> Problem:
    shown = " / ".join(_q(k) for k in key)
    return _p(
        table,
        i,
        col,
        f"{shown} står der allerede ({first[0]})",
        f"{shown} is a duplicate (first in {first[1]})",
    )


_KINDS = {
    "unit": ("ukendt enhed", "unknown unit"),
    "group": ("ukendt borgergruppe", "unknown citizen group"),
    "principle": ("ukendt princip", "unknown principle"),
}


def _refs(m: Map) -> Iterator[tuple[str, int, str, str, str | None]]:
    """(table, record, column, kind, referenced id or None) for every reference."""
    for i, u in enumerate(m.units, 1):
        yield "units", i, "parent_id", "unit", u.parent_id
    for i, g in enumerate(m.citizen_groups, 1):
        yield "citizen_groups", i, "lead_unit_id", "unit", g.lead_unit_id
    for i, s in enumerate(m.services, 1):
        yield "services", i, "unit_id", "unit", s.unit_id
        yield "services", i, "group_id", "group", s.group_id
    for i, p in enumerate(m.principles, 1):
        yield "principles", i, "owner_unit_id", "unit", p.owner_unit_id
        yield "principles", i, "funding_unit_id", "unit", p.funding_unit_id
        for g in p.group_ids:
            yield "principles", i, "group_ids", "group", g
    for i, a in enumerate(m.adoptions, 1):
        yield "adoptions", i, "principle_id", "principle", a.principle_id
        yield "adoptions", i, "unit_id", "unit", a.unit_id
    for i, r in enumerate(m.relations, 1):
        yield "relations", i, "unit_a", "unit", r.unit_a
        yield "relations", i, "unit_b", "unit", r.unit_b


def _check_references(m: Map) -> Iterator[Problem]:
    known = {"unit": m.units_by_id, "group": m.groups_by_id, "principle": m.principles_by_id}
    for table, i, col, kind, ref in _refs(m):
        if ref is None or ref in known[kind]:
            continue
        da, en = _KINDS[kind]
        if not ref.strip():
            yield _p(table, i, col, "feltet er tomt", "the field is empty")
        else:
            yield _p(table, i, col, f"{da} {_q(ref)}", f"{en} {_q(ref)}")
    for i, r in enumerate(m.relations, 1):
        if r.unit_a == r.unit_b:
            yield _p(
                "relations",
                i,
                "unit_b",
                f"enheden {_q(r.unit_a)} kan ikke have en relation til sig selv",
                f"unit {_q(r.unit_a)} cannot have a relation with itself",
            )


def _check_chain(m: Map) -> Iterator[Problem]:
    units = m.units_by_id
    row = {u.id: i for i, u in enumerate(m.units, 1)}
    for i, u in enumerate(m.units, 1):
        parent = units.get(u.parent_id) if u.parent_id is not None else None
        if u.external and u.parent_id is not None:
            yield _p(
                "units",
                i,
                "parent_id",
                f"en ekstern partner kan ikke have en overordnet enhed ({_q(u.parent_id)})",
                f"an external partner cannot have a parent unit ({_q(u.parent_id)})",
            )
        elif parent is not None and parent.external:
            yield _p(
                "units",
                i,
                "parent_id",
                f"den overordnede enhed {_q(parent.id)} er en ekstern samarbejdspartner",
                f"the parent unit {_q(parent.id)} is an external partner",
            )
    yield from _cycles(m, row)


def _cycles(m: Map, row: dict[str, int]) -> Iterator[Problem]:
    parent = {u.id: u.parent_id for u in m.units if u.parent_id in row}
    state: dict[str, int] = {}  # 1 = on the current walk, 2 = done
    for start in row:
        walk: list[str] = []
        node: str | None = start
        while node is not None and node not in state:
            state[node] = 1
            walk.append(node)
            node = parent.get(node)
        if node is not None and state[node] == 1:
            cycle = walk[walk.index(node) :]
            first = min(cycle, key=row.__getitem__)
            k = cycle.index(first)
            ordered = [*cycle[k:], *cycle[:k], first]
            shown = " → ".join(_q(c) for c in ordered)
            yield _p(
                "units",
                row[first],
                "parent_id",
                f"ledelseskæden går i ring: {shown}",
                f"the management chain is a cycle: {shown}",
            )
        for n in walk:
            state[n] = 2


def _check_ranges(m: Map) -> Iterator[Problem]:
    numbers: Iterable[tuple[str, int, str, int | None]] = [
        *(("units", i, "staff_count", u.staff_count) for i, u in enumerate(m.units, 1)),
        *(("citizen_groups", i, "est_size", g.est_size) for i, g in enumerate(m.citizen_groups, 1)),
    ]
    for table, i, col, value in numbers:
        if value is not None and value < 0:
            yield _p(
                table,
                i,
                col,
                f"tallet må ikke være negativt ({value})",
                f"the number must not be negative ({value})",
            )
        elif value is not None and value > MAX_COUNT:
            yield _p(
                table,
                i,
                col,
                f"tallet er for stort ({value}); højst {MAX_COUNT:,}".replace(",", "."),
                f"the number is too large ({value}); at most {MAX_COUNT:,}",
            )
    for i, r in enumerate(m.relations, 1):
        s = r.rc_score
        if s is not None and not (math.isfinite(s) and 1 <= s <= 5):
            yield _p(
                "relations",
                i,
                "rc_score",
                f"rc_score skal ligge mellem 1 og 5 (fik {s})",
                f"rc_score must be between 1 and 5 (got {s})",
            )
