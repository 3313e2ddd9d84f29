"""Domain validation of an in-memory map: pure, no I/O.

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
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import fields
from itertools import chain
from operator import attrgetter, eq

from mapping.model import Map, Record
from mapping.problems import Problem
from mapping.schema import TABLE_NAMES, TABLES, Column, TableSpec

TYPE_CHECKING = False  # typing's own flag, without importing typing as the module loads
if TYPE_CHECKING:
    from typing import Any

XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters an XML 1.0 document (and so an .xlsx cell) cannot hold."""
EXCEL_TEXT_LIMIT = 32767
"""The most characters an Excel cell can hold; longer text could never be exported."""
FINDING_ID = re.compile(r"(HK\d{3}):(\S.*)")
"""A finding's stable id: its rule code, a colon and its subject."""
MAX_CHAIN_LEVELS = 50
"""The deepest management chain accepted: far more levels than any organisation has,
and few enough that every view of the chain stays cheap."""
MAX_MAP_NAME = 200
"""The longest map name (the database column holds 200 characters)."""
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"})

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
    out += map_name_problems(m.name)
    out += text_problems(m)
    out += _check_ids(m, record_name or _record_name)
    out += _check_references(m)
    out += _check_chain(m)
    out += _check_ranges(m)
    out += _check_decisions(m)
    return out


def map_name_problems(name: str) -> list[Problem]:
    """A map's name must be storable anywhere: no control characters, at most 200 characters.

    >>> [p.column for p in map_name_problems("Fjordby\\x00")]
    ['name']
    """
    hit = XML_ILLEGAL.search(name)
    if hit:
        code = f"U+{ord(hit.group()):04X}"
        return [
            _p(
                "",
                None,
                "name",
                f"kortets navn indeholder det ulovlige tegn {code}",
                f"the map's name holds the illegal character {code}",
            )
        ]
    if len(name) > MAX_MAP_NAME:
        return [
            _p(
                "",
                None,
                "name",
                f"kortets navn er for langt ({len(name)} tegn; højst {MAX_MAP_NAME})",
                f"the map's name is too long ({len(name)} characters; at most {MAX_MAP_NAME})",
            )
        ]
    return []


def invisible_character(text: str) -> str | None:
    """The first character of ``text`` a reader cannot see or tell apart, as ``U+XXXX``.

    Ids must be typeable and unambiguous: zero-width and formatting characters,
    line separators and spaces other than the plain space are refused in them.

    >>> invisible_character("skole\\u200bnord"), invisible_character("skole nord")
    ('U+200B', None)
    """
    if text.isascii() and text.isprintable():  # the usual id: nothing hidden in it
        return None
    for ch in text:
        if ch == " ":
            continue
        if unicodedata.category(ch) in _INVISIBLE_CATEGORIES or ch.isspace():
            return f"U+{ord(ch):04X}"
    return None


def _records(m: Map) -> Iterator[tuple[str, int, Record]]:
    for table in TABLE_NAMES:
        for i, rec in enumerate(getattr(m, table), start=1):
            yield table, i, rec


_TEXT_FIELDS = {
    spec.name: tuple(c.name for c in spec.columns if c.type in ("id", "text", "ref"))
    for spec in TABLES.values()
}
_LIST_FIELDS = {
    spec.name: tuple(c.name for c in spec.columns if c.type == "reflist")
    for spec in TABLES.values()
}


def _texts_of(records: tuple[object, ...], names: tuple[str, ...]) -> Iterator[str]:
    if len(names) == 1:  # attrgetter of one name gives values, not tuples
        return filter(None, map(attrgetter(names[0]), records))
    return filter(None, chain.from_iterable(map(attrgetter(*names), records)))


def _all_text(m: Map) -> Iterator[str]:
    # chained iterators, not a generator: a national map has half a million texts
    parts: list[Iterable[str]] = [
        _texts_of(getattr(m, table), names) for table, names in _TEXT_FIELDS.items()
    ]
    parts += [
        chain.from_iterable(map(attrgetter(name), getattr(m, table)))
        for table, names in _LIST_FIELDS.items()
        for name in names
    ]
    return chain.from_iterable(parts)


def text_problems(m: Map) -> Iterator[Problem]:
    """Text fields Excel cannot store: XML-illegal characters or over 32,767 characters."""
    texts = list(_all_text(m))
    if (
        not XML_ILLEGAL.search("\n".join(texts))
        and max(map(len, texts), default=0) <= EXCEL_TEXT_LIMIT
        and all(
            max(map(len, map(";".join, map(attrgetter(name), getattr(m, table)))), default=0)
            <= EXCEL_TEXT_LIMIT
            for table, names in _LIST_FIELDS.items()
            for name in names
        )
    ):
        return  # the usual case, checked in one pass
    for table, i, rec in _records(m):
        for f in fields(rec):
            value = getattr(rec, f.name)
            values = value if isinstance(value, tuple) else (value,)
            for text in values:
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


_SEPARATED = {c.refers for spec in TABLES.values() for c in spec.columns if c.type == "reflist"}
"""Tables whose ids appear in ``;``-separated lists, so ``;`` cannot be part of them."""


def _plain_ids(spec: TableSpec, records: tuple[Record, ...]) -> bool:
    """True when a table's ids are all plainly fine: present, printable ASCII without
    surrounding spaces, unique, without ``;`` where they go in lists, and every record
    named; the record-by-record check below then has nothing to say (the usual case)."""
    own = spec.own_id
    assert own is not None
    ids = list(map(attrgetter(own.name), records))
    joined = "".join(ids)
    if not (joined.isascii() and joined.isprintable()) or len(set(ids)) != len(ids):
        return False
    if "" in ids or list(map(str.strip, ids)) != ids:
        return False
    if spec.name in _SEPARATED and ";" in joined:
        return False
    if own.generate_from:
        return "" not in map(str.strip, map(attrgetter(own.generate_from), records))
    return True


def _unique_keys(spec: TableSpec, records: tuple[Record, ...]) -> bool:
    """True when no two records of a table without ids have the same key."""
    keys: list[tuple[str, ...]] = list(
        zip(*(map(attrgetter(c), records) for c in spec.key), strict=True)
    )
    if spec.unordered_key:
        return len(set(map(frozenset, keys))) == len(records)
    return len(set(keys)) == len(records)


def _check_ids(m: Map, name_of: RecordName) -> Iterator[Problem]:
    for spec in TABLES.values():
        own = spec.own_id
        if own is None or _plain_ids(spec, getattr(m, spec.name)):
            continue
        table, col = spec.name, own.name
        seen: dict[str, int] = {}
        for i, rec in enumerate(getattr(m, table), start=1):
            rid = getattr(rec, col)
            if not rid.strip():
                yield _p(table, i, col, "id mangler", "id is missing")
            elif rid != rid.strip():
                yield _p(
                    table,
                    i,
                    col,
                    f"id {_q(rid)} må ikke starte eller slutte med mellemrum",
                    f"id {_q(rid)} must not start or end with a space",
                )
            elif (bad := invisible_character(rid)) is not None:
                yield _p(
                    table,
                    i,
                    col,
                    f"id {_q(rid)} indeholder et usynligt tegn ({bad}); skriv id'et igen uden det",
                    f"id {_q(rid)} holds an invisible character ({bad}); type the id again",
                )
            elif not rid.isascii() and not unicodedata.is_normalized("NFC", rid):
                yield _p(
                    table,
                    i,
                    col,
                    f"id {_q(rid)} er ikke skrevet i Unicode-normalform (NFC)",
                    f"id {_q(rid)} is not in Unicode normal form (NFC)",
                )
            elif rid in seen:
                da, en = name_of(table, seen[rid])
                yield _p(
                    table,
                    i,
                    col,
                    f"id {_q(rid)} findes allerede ({da})",
                    f"duplicate id {_q(rid)} (first in {en})",
                )
            if table in _SEPARATED and ";" in rid:
                yield _p(
                    table,
                    i,
                    col,
                    f"id {_q(rid)} må ikke indeholde ; (det adskiller id'er i lister)",
                    f"id {_q(rid)} must not contain ; (it separates ids in lists)",
                )
            seen.setdefault(rid, i)
            if own.generate_from and not getattr(rec, own.generate_from).strip():
                yield _p(table, i, own.generate_from, "navn mangler", "name is missing")
    for spec in TABLES.values():
        if spec.own_id is not None or _unique_keys(spec, getattr(m, spec.name)):
            continue
        table, col = spec.name, spec.key[0]
        first: dict[object, int] = {}
        for i, rec in enumerate(getattr(m, table), start=1):
            key = tuple(getattr(rec, c) for c in spec.key)
            ident: object = frozenset(key) if spec.unordered_key else key
            if ident in first:
                yield _dup_key(table, i, col, key, name_of(table, first[ident]))
            first.setdefault(ident, i)


def _dup_key(table: str, i: int, col: str, key: tuple[str, ...], first: tuple[str, str]) -> Problem:
    shown = " / ".join(_q(k) for k in key)
    return _p(
        table,
        i,
        col,
        f"{shown} står der allerede ({first[0]})",
        f"{shown} is a duplicate (first in {first[1]})",
    )


_UNKNOWN = {
    "units": ("ukendt enhed", "unknown unit"),
    "citizen_groups": ("ukendt borgergruppe", "unknown citizen group"),
    "principles": ("ukendt princip", "unknown principle"),
}


def _refs(
    m: Map, known: Mapping[str, Mapping[str, object]]
) -> Iterator[tuple[str, int, str, str, str | None]]:
    """(table, record, column, referred table, referenced id or None) for every reference
    of the tables that have an unknown one (or None for every table when ``known`` is
    empty)."""
    for spec in TABLES.values():
        cols = list(spec.references())
        if not cols or (known and _all_known(spec, cols, getattr(m, spec.name), known)):
            continue
        for i, rec in enumerate(getattr(m, spec.name), 1):
            for col in cols:
                value = getattr(rec, col.name)
                if col.type == "reflist":
                    for v in value:
                        yield spec.name, i, col.name, col.refers or "", v
                else:
                    yield spec.name, i, col.name, col.refers or "", value


def _all_known(
    spec: TableSpec,
    cols: list[Column],
    records: tuple[Record, ...],
    known: Mapping[str, Mapping[str, object]],
) -> bool:
    """True when every reference of the table's records names a known record."""
    for col in cols:
        values: Iterable[Any] = map(attrgetter(col.name), records)
        if col.type == "reflist":
            values = chain.from_iterable(values)
        used = set(values)
        used.discard(None)
        if not used <= known[col.refers or ""].keys():
            return False
    return True


def _check_references(m: Map) -> Iterator[Problem]:
    known: dict[str, Mapping[str, object]] = {
        "units": m.units_by_id,
        "citizen_groups": m.groups_by_id,
    }
    known["principles"] = m.principles_by_id
    for table, i, col, kind, ref in _refs(m, known):
        if ref is None or ref in known[kind]:
            continue
        da, en = _UNKNOWN[kind]
        if not ref.strip():
            yield _p(table, i, col, "feltet er tomt", "the field is empty")
        else:
            yield _p(table, i, col, f"{da} {_q(ref)}", f"{en} {_q(ref)}")
    if not any(
        map(eq, map(attrgetter("unit_a"), m.relations), map(attrgetter("unit_b"), m.relations))
    ):
        return
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
    yield from _too_deep(m, row)


def chain_depths(parent_of: dict[str, str | None]) -> dict[str, int]:
    """Each unit's number of steps below its root (0 for a root), walking without recursion.

    A parent that is not a key counts as no parent; in a cycle the unit where
    the walk closes it counts as a root, so the walk always ends.

    >>> chain_depths({"a": None, "b": "a", "c": "b"})
    {'a': 0, 'b': 1, 'c': 2}
    """
    depth: dict[str, int] = {}
    for start in parent_of:
        walk: list[str] = []
        on_walk: set[str] = set()
        node: str | None = start
        while node is not None and node in parent_of and node not in depth:
            if node in on_walk:
                break
            walk.append(node)
            on_walk.add(node)
            node = parent_of[node]
        base = depth[node] if node is not None and node in depth else -1
        for n in reversed(walk):
            base += 1
            depth[n] = base
    return depth


def too_deep(parent_of: dict[str, str | None]) -> tuple[str, int] | None:
    """The first unit (in the mapping's order) more than :data:`MAX_CHAIN_LEVELS` levels down,
    and its level; None when the chain is within the limit."""
    depth = chain_depths(parent_of)
    for uid in parent_of:
        if depth.get(uid, 0) >= MAX_CHAIN_LEVELS:
            return uid, depth[uid] + 1
    return None


def too_deep_text(level: int) -> tuple[str, str]:
    return (
        f"ledelseskæden er for dyb: enheden ligger {level} niveauer nede; "
        f"højst {MAX_CHAIN_LEVELS} niveauer",
        f"the management chain is too deep: the unit is {level} levels down; "
        f"at most {MAX_CHAIN_LEVELS} levels",
    )


def _too_deep(m: Map, row: dict[str, int]) -> Iterator[Problem]:
    found = too_deep({u.id: u.parent_id for u in m.units})
    if found is not None:
        uid, level = found
        yield _p("units", row[uid], "parent_id", *too_deep_text(level))


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
    for spec in TABLES.values():
        cols = [c for c in spec.columns if c.minimum is not None or c.maximum is not None]
        if not cols or all(_in_range(getattr(m, spec.name), c) for c in cols):
            continue
        for i, rec in enumerate(getattr(m, spec.name), 1):
            for col in cols:
                value = getattr(rec, col.name)
                if value is not None:
                    yield from _range_problems(spec.name, i, col.name, value, col)


def _in_range(records: tuple[Record, ...], col: Column) -> bool:
    """True when every value of the column is empty or a finite number within its bounds."""
    values = [v for v in map(attrgetter(col.name), records) if v is not None]
    if not values:
        return True
    try:
        if not all(map(math.isfinite, values)):
            return False
    except (TypeError, OverflowError):
        return False  # not a number, or an int too large for a float: checked one by one
    return (col.minimum is None or min(values) >= col.minimum) and (
        col.maximum is None or max(values) <= col.maximum
    )


def _shown(number: float) -> tuple[str, str]:
    """A bound in Danish and English writing: 10.000.000 / 10,000,000."""
    en = f"{number:,g}" if isinstance(number, float) else f"{number:,}"
    return en.replace(",", "."), en


def _range_problems(table: str, i: int, name: str, value: float, col: Column) -> Iterator[Problem]:
    low, high = col.minimum, col.maximum
    if isinstance(value, float) and not math.isfinite(value):
        yield _p(table, i, name, f"{name} er ikke et tal ({value})", f"{name} is not a number")
    elif col.type == "float" and (
        (low is not None and value < low) or (high is not None and value > high)
    ):
        yield _p(
            table,
            i,
            name,
            f"{name} skal ligge mellem {low:g} og {high:g} (fik {value})",
            f"{name} must be between {low:g} and {high:g} (got {value})",
        )
    elif low is not None and value < low:
        if low == 0:
            da, en = (
                f"tallet må ikke være negativt ({value})",
                f"the number must not be negative ({value})",
            )
        else:
            da = f"tallet skal være mindst {int(low)} (fik {value})"
            en = f"the number must be at least {int(low)} (got {value})"
        yield _p(table, i, name, da, en)
    elif high is not None and value > high:
        da_max, en_max = _shown(int(high))
        yield _p(
            table,
            i,
            name,
            f"tallet er for stort ({value}); højst {da_max}",
            f"the number is too large ({value}); at most {en_max}",
        )


def _check_decisions(m: Map) -> Iterator[Problem]:
    from mapping.gaps.registry import RULE_CODES

    for i, d in enumerate(m.decisions, 1):
        found = FINDING_ID.fullmatch(d.finding_id)
        if not d.finding_id.strip():
            continue  # reported as a missing id
        if found is None:
            yield _p(
                "decisions",
                i,
                "finding_id",
                f"{_q(d.finding_id)} er ikke et fund-id; skriv regelkode, kolon og emnets id, "
                "fx HK301:udsatte-familier",
                f"{_q(d.finding_id)} is not a finding id; write the rule code, a colon and the "
                "subject's id, e.g. HK301:udsatte-familier",
            )
        elif found[1] not in RULE_CODES:
            codes = ", ".join(RULE_CODES)
            yield _p(
                "decisions",
                i,
                "finding_id",
                f"ukendt regelkode {found[1]} (kendte: {codes})",
                f"unknown rule code {found[1]} (known: {codes})",
            )
