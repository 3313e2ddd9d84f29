"""The JSON document format: ``{"name": ..., "units": [...], ...}``."""

from __future__ import annotations

import datetime as dt
import json
from itertools import chain

from mapping.model import Map
from mapping.problems import MapValidationError, Problem
from mapping.readwrite.build import (
    RawTable,
    build_map,
    file_problem,
    normalise_header,
    unknown_name,
)
from mapping.readwrite.safety import MAX_CELLS, MAX_ROWS, Budget, ensure_small
from mapping.readwrite.tables import TABLES, record_values
from mapping.schema import TABLE_NAMES


def read_json_bytes(data: bytes, source: str, name: str | None, default_name: str) -> Map:
    """Parse and validate a JSON document; ``name`` overrides the document's own."""
    ensure_small(len(data), source)

    def fail(da: str, en: str) -> MapValidationError:
        return MapValidationError([file_problem(source, da, en, "json")])

    try:
        doc = _parse(data)
    except UnicodeDecodeError as e:
        raise fail("filen er ikke UTF-8", f"the file is not UTF-8 ({e.reason})") from None
    except json.JSONDecodeError as e:
        raise fail(
            f"ugyldig JSON i linje {e.lineno}, kolonne {e.colno}: {e.msg}",
            f"invalid JSON at line {e.lineno}, column {e.colno}: {e.msg}",
        ) from None
    except RecursionError:
        raise fail(
            "JSON-dokumentet er for dybt indlejret", "the JSON document is nested too deeply"
        ) from None
    if not isinstance(doc, dict):
        raise fail(
            'dokumentet skal være et JSON-objekt: {"units": [...], ...}',
            'the document must be a JSON object: {"units": [...], ...}',
        )
    doc_name = doc.get("name")
    budget = Budget(source)
    raws: dict[str, RawTable] = {}
    problems = [
        file_problem(source, *unknown_name(("nøgle", "key"), str(k), _TOP_KEYS), "json")
        for k in doc
        if k not in _TOP_KEYS
    ]
    for table in TABLE_NAMES:
        if table not in doc:
            continue
        records = doc[table]
        raw = RawTable(source, "json")
        keys: dict[str, str] = {}
        plain = set(TABLES[table].names)
        unknown: set[str] = set()
        raws[table] = raw
        if not isinstance(records, list):
            problems.append(
                file_problem(
                    source,
                    f"{table} skal være en liste af objekter",
                    f"{table} must be a list of objects",
                    "json",
                )
            )
            continue
        if _plain_records(records, plain, budget):
            raw.rows = list(enumerate(records, start=1))
            continue
        for i, rec in enumerate(records, start=1):
            # the same row and cell limits as the other formats (each field counts as a cell)
            budget.add_row(
                len(rec) if isinstance(rec, dict) else 1,
                (f"{table} post {i}", f"{table} record {i}"),
            )
            if not isinstance(rec, dict):
                problems.append(
                    Problem(
                        source,
                        table,
                        i,
                        None,
                        "posten skal være et objekt {...}",
                        "the record must be an object {...}",
                        "json",
                    )
                )
                continue
            if rec.keys() <= plain:  # already exact column names: no copy needed
                raw.rows.append((i, rec))
                continue
            row = {keys.get(k) or _key(keys, k): v for k, v in rec.items()}
            raw.rows.append((i, row))
            for k in rec:
                if keys[k] not in plain and keys[k] not in unknown:
                    unknown.add(keys[k])  # reported at its first record only
                    da, en = unknown_name(("felt", "field"), k, TABLES[table].names)
                    problems.append(Problem(source, table, i, k, da, en, "json"))
    chosen = name if name is not None else doc_name if isinstance(doc_name, str) else default_name
    return build_map(raws, name=chosen, source=source, extra=problems)


_BOM = "\ufeff".encode()
_DIGITS = bytes.maketrans(b"0123456789", b"0" * 10)
_LONG_RUN = b"0" * 13
"""13 digits in a row: the shortest run a number token of more than 40 characters must
have (at most 4 of its characters are not digits), and longer than any integer orjson
keeps exact (64 bits) needs."""


_BIG = 1_000_000
"""From this many bytes orjson's speed pays for its import (a few milliseconds)."""


def _parse(data: bytes) -> object:
    """The document as ``json.loads`` with :func:`_int` and :func:`_float` gives it.

    orjson parses a big file about twice as fast and gives the same values:
    it refuses what it cannot read exactly like the standard library (NaN, a lone
    surrogate, an escape it rejects, deep nesting, a stray BOM), and a file with a long
    run of digits anywhere might hold a number it would turn into a float where
    ``json`` keeps an int or the text; both go the standard library's way, which
    also words every error message. (orjson reads nesting down to 1,024 levels, json
    to about 990: a document nested in between is refused by naming the field that
    holds the nest instead of the depth.)
    """
    body = data[len(_BOM) :] if data.startswith(_BOM) else data
    if len(body) >= _BIG and body.translate(_DIGITS).find(_LONG_RUN) < 0:
        import orjson  # (importing it takes longer than json needs for a small file)

        try:
            doc = orjson.loads(body)
        except orjson.JSONDecodeError:
            pass
        else:  # (a name that is no text is ignored: json may find it too deep to read)
            if not (type(doc) is dict and isinstance(doc.get("name"), list | dict)):
                return doc
    # Numbers too long to be counts stay text, so the cell is refused with its place
    # instead of failing the whole file (Python will not convert 4,300+ digits).
    return json.loads(data.decode("utf-8-sig"), parse_int=_int, parse_float=_float)


def _plain_records(records: list[object], plain: set[str], budget: Budget) -> bool:
    """True (and the records counted) when every record is an object with exact column
    names and the file stays within the row and cell limits: the usual file, taken
    whole. Otherwise the record-by-record loop names each problem and where the
    limit was passed."""
    if not all(type(rec) is dict for rec in records):
        return False
    dicts: list[dict[str, object]] = records  # type: ignore[assignment]  # (all dicts)
    if not set(chain.from_iterable(dicts)) <= plain:
        return False
    cells = sum(map(len, dicts))
    if budget.rows + len(dicts) > MAX_ROWS or budget.cells + cells > MAX_CELLS:
        return False
    budget.rows += len(dicts)
    budget.cells += cells
    return True


_TOP_KEYS = ("name", *TABLE_NAMES)
_LONG = 40


def _int(text: str) -> int | str:
    return int(text) if len(text) <= _LONG else text


def _float(text: str) -> float | str:
    return float(text) if len(text) <= _LONG else text


def _key(keys: dict[str, str], key: str) -> str:
    keys[key] = normalise_header(key)
    return keys[key]


def _plain(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def map_to_json_bytes(m: Map) -> bytes:
    """The map as a UTF-8 JSON document with a stable key order, one record per line.

    (``indent=`` would switch json to its slow pure-Python encoder on big maps.)
    """
    dump = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    parts = ["{\n", f'  "name": {dump(m.name)}']
    for table in TABLE_NAMES:
        spec = TABLES[table]
        records = [
            dump({k: _plain(v) for k, v in record_values(rec, spec).items()})
            for rec in getattr(m, table)
        ]
        body = "\n    " + ",\n    ".join(records) + "\n  " if records else ""
        parts.append(f',\n  "{table}": [{body}]')
    parts.append("\n}\n")
    return "".join(parts).encode("utf-8")
