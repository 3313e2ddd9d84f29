"""CSV files named ``<table>.csv``, in a folder or a .zip.

Text cells are neutralised against formula injection when written and the
reader undoes exactly that, so a round trip gives back the same text.

>>> neutralise_csv_cell("=1+1"), neutralise_csv_cell("'=x"), neutralise_csv_cell("a=b")
("'=1+1", "''=x", 'a=b')
>>> unneutralise_csv_cell(neutralise_csv_cell("'-x"))
"'-x"
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from mapping.model import Map
from mapping.problems import MapValidationError, Problem
from mapping.readwrite.build import (
    RawTable,
    build_map,
    file_problem,
    normalise_header,
    stray_cells_problem,
    unknown_name,
)
from mapping.readwrite.safety import (
    EXCEL_ROWS,
    ZIP_ERRORS,
    Budget,
    ensure_safe_zip,
    ensure_small,
    thousands,
)
from mapping.readwrite.tables import TABLES, record_values
from mapping.schema import TABLE_NAMES

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
_BOM = b"\xef\xbb\xbf"


def neutralise_csv_cell(text: str) -> str:
    """Prefix ``'`` when a spreadsheet could take the text for a formula."""
    return "'" + text if text.lstrip("'").startswith(_TRIGGERS) else text


def unneutralise_csv_cell(text: str) -> str:
    """Undo one :func:`neutralise_csv_cell` prefix (and nothing else)."""
    if text.startswith("'") and text[1:].lstrip("'").startswith(_TRIGGERS):
        return text[1:]
    return text


_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _refuse_encoding(source: str, line: int, da: str, en: str) -> MapValidationError:
    return MapValidationError(
        [
            Problem(
                source,
                "",
                line,
                None,
                f"{da}; gem filen som UTF-8",
                f"{en}; save it as UTF-8",
                "csv",
            )
        ]
    )


def _decode(data: bytes, source: str) -> str:
    """One decoding for the whole file, never a silent mix.

    UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark
    (Excel's "Unicode text"), or Windows-1252, what Danish Excel writes as
    "CSV (semikolonsepareret)". A file that is UTF-8 in places and something
    else in others, or that is valid in none of them, is refused naming the
    first line that does not fit.

    >>> _decode("æble".encode(), "x.csv"), _decode("æble".encode("cp1252"), "x.csv")
    ('æble', 'æble')
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise _refuse_encoding(
                source,
                1 + data[: e.start].count(b"\n\x00"),
                "filen er ikke gyldig UTF-16",
                "the file is not valid UTF-16",
            ) from None
    bom = data.startswith(_BOM)
    try:
        return data[len(_BOM) :].decode("utf-8") if bom else data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = _line_of(data, e.start + (len(_BOM) if bom else 0))
        if bom or _UTF8_SEQUENCE.search(data):
            raise _refuse_encoding(
                source,
                line,
                "rækken er ikke UTF-8, men resten af filen er: tegnsættene er blandet",
                "the row is not UTF-8 while the rest of the file is: mixed encodings",
            ) from None
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as e:
        line = _line_of(data, e.start)
        raise _refuse_encoding(
            source,
            line,
            "rækken kan hverken læses som UTF-8 eller som Windows-1252",
            "the row is neither UTF-8 nor Windows-1252",
        ) from None
    if "¤" in text:  # Latin-9 writes € there; read as Windows-1252 it would become ¤
        line = text.count("\n", 0, text.index("¤")) + 1
        raise _refuse_encoding(
            source,
            line,
            "rækken har tegnet ¤, som tyder på et andet tegnsæt (fx ISO-8859-15, hvor det er €)",
            "the row holds ¤, a sign of another encoding (e.g. ISO-8859-15, where it is €)",
        )
    return text


def sniff_delimiter(text: str) -> str:
    """``;``, ``,`` or tab, whichever the header line uses most.

    >>> sniff_delimiter("id;name,x\\n"), sniff_delimiter("id,name\\n")
    (';', ',')
    """
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def parse_csv(data: bytes, source: str, budget: Budget | None = None) -> RawTable:
    """One CSV file as a raw table; header is row 1, the first data row is 2.

    Its rows and filled cells count against ``budget`` (shared by the files
    of one zip or folder) while they are read, and the reading stops as soon
    as a limit is passed; a file may not have more lines than Excel has rows.
    Empty cells are not kept.
    """
    ensure_small(len(data), source)
    if budget is None:
        budget = Budget(source)
    text = _decode(data, source)
    # strict: a quote left open to the end is an error, not one giant cell
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text), strict=True)
    del text
    raw = RawTable(source, "csv", header=(), header_row=1)
    header: tuple[str, ...] = ()
    width = 0
    try:
        for n, cells in enumerate(reader, start=1):
            if n == 1:
                header = tuple(normalise_header(unneutralise_csv_cell(c)) for c in cells)
                raw.header = header
                width = len(header)
                continue
            if n > EXCEL_ROWS:
                raise MapValidationError([_too_long(source)])
            if not any(cells) or not any(map(str.strip, cells)):
                continue  # C-speed checks: a line of empty cells costs nothing more
            row: dict[str, object] = {}
            stray = 0
            for col, cell in zip(header, cells, strict=False):  # to the header's end
                if not cell:
                    continue
                if col and col not in row:
                    row[col] = unneutralise_csv_cell(cell)
                elif not col and cell.strip():
                    stray += 1
            if len(cells) > width and any(extra := cells[width:]):
                stray += sum(map(bool, map(str.strip, extra)))
            budget.add_row(len(row) + stray, (f"{source}, række {n}", f"{source}, row {n}"))
            if stray:
                raw.problems.append(stray_cells_problem(raw, "", n, stray))
            raw.rows.append((n, row))
    except csv.Error as e:
        if "end of data" in str(e):  # a quoted cell runs to the end of the file
            start = (raw.rows[-1][0] + 1) if raw.rows else 2
            da = (
                f'et anførselstegn (") åbnes i række {start} eller senere og lukkes aldrig; '
                "resten af filen ville blive til én celle"
            )
            en = (
                f'a quote (") opens in row {start} or later and is never closed; the rest of '
                "the file would become one cell"
            )
            place = start
        else:
            da, en, place = f"ugyldig CSV: {e}", f"invalid CSV: {e}", reader.line_num
        raise MapValidationError([Problem(source, "", place, None, da, en, "csv")]) from None
    return raw


def _too_long(source: str) -> Problem:
    limit = thousands(EXCEL_ROWS)
    return file_problem(
        source,
        f"filen har flere end {limit} linjer (det højeste antal rækker i Excel)",
        f"the file has more than {EXCEL_ROWS:,} lines (the most rows Excel holds)",
        "csv",
    )


def read_csv_folder(folder: Path, name: str) -> Map:
    """Read ``<table>.csv`` files from a folder; only units.csv must exist."""
    by_name = {p.name.lower(): p for p in folder.iterdir() if p.is_file()}
    raws: dict[str, RawTable] = {}
    problems = [
        _unknown_file(p.name)
        for key, p in sorted(by_name.items())
        if key.endswith(".csv") and key[:-4] not in TABLES
    ]
    budget = Budget(f"{folder.name}/")
    for table in TABLE_NAMES:
        path = by_name.get(f"{table}.csv")
        if path is not None:
            ensure_small(path.stat().st_size, path.name)
            try:
                data = path.read_bytes()
            except OSError as e:
                raise MapValidationError(
                    [
                        file_problem(
                            path.name,
                            f"filen kan ikke læses ({e.strerror})",
                            f"cannot read the file ({e.strerror})",
                        )
                    ]
                ) from None
            raws[table] = parse_csv(data, path.name, budget)
    return build_map(raws, name=name, source=f"{folder.name}/", extra=problems)


def _unknown_file(place: str) -> Problem:
    base = place.replace("\\", "/").rsplit("/", 1)[-1]
    da, en = unknown_name(("CSV-fil", "CSV file"), base, [f"{t}.csv" for t in TABLES])
    return file_problem(place, da, en, "csv")


def read_csv_zip(data: bytes, source: str, name: str) -> Map:
    """Read ``<table>.csv`` members of a zip (at its top or in one folder)."""
    ensure_small(len(data), source)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except ZIP_ERRORS:
        raise MapValidationError(
            [
                file_problem(
                    source,
                    "filen er ikke et gyldigt zip-arkiv",
                    "the file is not a valid zip archive",
                )
            ]
        ) from None
    with zf:
        ensure_safe_zip(zf, source)
        found: dict[str, list[zipfile.ZipInfo]] = {}
        problems: list[Problem] = []
        for info in zf.infolist():
            base = info.filename.replace("\\", "/").rsplit("/", 1)[-1].lower()
            if info.is_dir() or info.filename.startswith("__MACOSX/"):
                continue
            if base.endswith(".csv") and base[:-4] in TABLES:
                found.setdefault(base[:-4], []).append(info)
            elif base.endswith(".csv"):
                problems.append(_unknown_file(f"{source}/{info.filename}"))
        raws: dict[str, RawTable] = {}
        budget = Budget(source)
        for table, infos in found.items():
            if len(infos) > 1:
                names = ", ".join(i.filename for i in infos)
                problems.append(
                    file_problem(
                        source,
                        f"{table}.csv findes flere gange: {names}",
                        f"{table}.csv occurs more than once: {names}",
                    )
                )
                continue
            try:
                member = zf.read(infos[0])
            except ZIP_ERRORS as e:
                raise MapValidationError(
                    [
                        file_problem(
                            source,
                            f"kan ikke pakke {infos[0].filename} ud: {e}",
                            f"cannot unpack {infos[0].filename}: {e}",
                        )
                    ]
                ) from None
            raws[table] = parse_csv(member, f"{source}/{infos[0].filename}", budget)
            del member
    return build_map(raws, name=name, source=source, extra=problems)


def _cell(value: object, excel_danish: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(value)
        return text.replace(".", ",") if excel_danish else text
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        value = ";".join(value)
    return neutralise_csv_cell(str(value))


def table_csv_bytes(m: Map, table: str, *, excel_danish: bool = False) -> bytes:
    """One table as CSV: UTF-8 with ``,``; or ``;`` and a BOM for Danish Excel."""
    spec = TABLES[table]
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=";" if excel_danish else ",", lineterminator="\r\n")
    writer.writerow(spec.names)
    for rec in getattr(m, table):
        writer.writerow([_cell(v, excel_danish) for v in record_values(rec, spec).values()])
    data = buf.getvalue().encode("utf-8")
    return _BOM + data if excel_danish else data


def write_csv_folder(m: Map, folder: Path, *, excel_danish: bool = False) -> None:
    """Write the six ``<table>.csv`` files into ``folder`` (created if needed)."""
    folder.mkdir(parents=True, exist_ok=True)
    for table in TABLE_NAMES:
        (folder / f"{table}.csv").write_bytes(table_csv_bytes(m, table, excel_danish=excel_danish))


def map_to_zip_bytes(m: Map, *, excel_danish: bool = False) -> bytes:
    """The six CSV files in one .zip."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for table in TABLE_NAMES:
            zf.writestr(f"{table}.csv", table_csv_bytes(m, table, excel_danish=excel_danish))
    return buf.getvalue()
