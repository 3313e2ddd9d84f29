"""What a file at the import limits costs: wall time, CPU time and peak memory.

Builds worst-case files right at the limits of ``mapping.readwrite.safety``
(or just past one, where a case shows how fast the refusal comes) and reads
each with ``mapping.readwrite.read_map`` in a fresh child process; the parent
takes the child's peak RSS from ``wait4`` and kills it after ``--timeout``
seconds. Every accepted file of the limits' size should take under 30 s and
1 GB.

    python bench/bench_limits.py               # every case
    python bench/bench_limits.py csv-zip xlsx-rows   # some cases
    python bench/bench_limits.py --list

Figures depend on the machine (and on what else runs on it: CPU seconds stay
meaningful on a busy machine); nothing here asserts a time. The limits are
read from the code under test, with today's values as the fallback so that an
older checkout can be measured on the same files (PYTHONPATH=old/checkout).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.append(str(HERE.parent))  # after PYTHONPATH, so that an older checkout can be measured

MB = 1024 * 1024
# Set by load_limits() in the child that builds the files: the parent imports
# nothing from the product, so its own memory does not count in a child's peak
# (Linux starts a child's peak RSS at its parent's size).
CELLS = ROWS = STRINGS = STYLES = ELEMENTS = MEMBER = UNPACKED = FILE = EXCEL_ROWS = 0


def load_limits() -> str:
    """Read the limits from the code under test (today's values where it has none)."""
    from mapping.readwrite import safety

    global CELLS, ROWS, STRINGS, STYLES, ELEMENTS, MEMBER, UNPACKED, FILE, EXCEL_ROWS
    CELLS = getattr(safety, "MAX_CELLS", 1_500_000)
    ROWS = getattr(safety, "MAX_ROWS", 400_000)
    STRINGS = getattr(safety, "MAX_SHARED_STRINGS", CELLS)
    STYLES = getattr(safety, "MAX_STYLE_RECORDS", 64_000)
    ELEMENTS = getattr(safety, "MAX_XML_ELEMENTS", 5_000_000)
    EXCEL_ROWS = getattr(safety, "EXCEL_ROWS", 1_048_576)
    MEMBER, UNPACKED, FILE = (
        safety.MAX_MEMBER_BYTES,
        safety.MAX_UNPACKED_BYTES,
        safety.MAX_FILE_BYTES,
    )
    return (
        f"{CELLS:,} cells, {ROWS:,} rows, {STRINGS:,} shared strings, "
        f"{STYLES:,} style records, {ELEMENTS:,} XML elements"
    )


WORDS = (
    "skole", "sfo", "dagtilbud", "familie", "sundhed", "pleje", "jobcenter", "unge", "bosted",
    "misbrug", "borger", "indsats", "team", "nord", "syd", "øst", "vest", "område", "afdeling",
    "leder", "fælles", "mål", "trivsel",
)  # fmt: skip
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def words(rng: random.Random, size: int) -> str:
    """Danish-looking text of about ``size`` characters (compresses like real text)."""
    out, n = [], 0
    while n < size:
        w = rng.choice(WORDS)
        out.append(w)
        n += len(w) + 1
    return " ".join(out)[:size]


# --- CSV --------------------------------------------------------------------------


def csv_zip_at_limits(path: Path) -> str:
    """A valid map with all the rows and filled cells allowed, and ~all unpacked bytes."""
    rng = random.Random(1)
    # units: id, name, parent_id (not the root), description; relations: unit_a, unit_b, note
    units = min(ROWS, max(1, CELLS - 3 * ROWS))
    rel_rows = min(ROWS - units, (CELLS - 7 - 4 * units + 1) // 3)
    member = min(MEMBER, FILE) - MB  # a CSV member is also held to the upload size
    budget = min(UNPACKED, 2 * member) - 2 * MB
    unit_pad = (min(member, budget * 6 // 10) - units * 30) // units
    rel_pad = (budget - units * (30 + unit_pad) - rel_rows * 20) // max(rel_rows, 1)
    lines = ["id,name,parent_id,description"]
    for i in range(units):
        parent = f"u{(i - 1) // 8}" if i else ""
        lines.append(f"u{i},Enhed {i},{parent},{words(rng, unit_pad)}")
    rels = ["unit_a,unit_b,note"]
    for i in range(rel_rows):
        rels.append(f"u{i},u{(i + 1 + i % 7) % units},{words(rng, rel_pad)}")
    files = {"units.csv": "\n".join(lines) + "\n", "relations.csv": "\n".join(rels) + "\n"}
    _zip(path, {k: v.encode() for k, v in files.items()})
    cells = 4 * units - 1 + 3 * rel_rows
    return f"units {units:,} rows, relations {rel_rows:,} rows, {cells:,} filled cells"


def csv_zip_tiny_cells(path: Path) -> str:
    """The shape that cost 56 s and 4.7 GB: ~98 MB unpacked of one-character cells."""
    rng = random.Random(5)
    member = min(MEMBER, FILE, UNPACKED // 2) - MB
    letters = "abcdefghijklmnopqrstuvwxyz"

    def body(header: str, width: int) -> bytes:
        n = member // (2 * width)
        cells = rng.choices(letters, k=n * width)
        rows = (",".join(cells[i : i + width]) for i in range(0, len(cells), width))
        return (header + "\n" + "\n".join(rows) + "\n").encode()

    _zip(
        path,
        {
            "units.csv": body("id,name,sector,leader,description,a,b,c", 8),
            "relations.csv": body("unit_a,unit_b,note", 3),
        },
    )
    return f"{2 * member / MB:.0f} MB unpacked of 1-character cells"


def json_at_limits(path: Path) -> str:
    """A valid JSON map with all the rows and fields allowed, filling the 50 MB."""
    import json

    rng = random.Random(6)
    units = min(ROWS, max(1, CELLS - 3 * ROWS))
    rel_rows = min(ROWS - units, (CELLS - 4 * units) // 3)
    pad = (FILE - 3 * MB) // (units + rel_rows) - 90
    doc = {
        "units": [
            {
                "id": f"u{i}",
                "name": f"Enhed {i}",
                "parent_id": f"u{(i - 1) // 8}" if i else None,
                "description": words(rng, pad),
            }
            for i in range(units)
        ],
        "relations": [
            {"unit_a": f"u{i}", "unit_b": f"u{(i + 1 + i % 7) % units}", "note": words(rng, pad)}
            for i in range(rel_rows)
        ],
    }
    path.write_text(json.dumps(doc, ensure_ascii=False))
    return f"units {units:,} rows, relations {rel_rows:,} rows"


def _zip(path: Path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for name, data in members.items():
            zf.writestr(name, data)


# --- workbooks --------------------------------------------------------------------


def _workbook(
    path: Path, sheets: dict[str, bytes], *, strings: bytes = b"", styles: bytes = b""
) -> None:
    """A minimal .xlsx that Excel and openpyxl accept."""
    over = [
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/>'
    ]
    rels, entries = [], []
    for i, title in enumerate(sheets, start=1):
        over.append(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        )
        rels.append(
            f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        )
        entries.append(f'<sheet name="{title}" sheetId="{i}" r:id="rId{i}"/>')
    members: dict[str, bytes] = {}
    if strings:
        over.append(
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        )
        rels.append(
            f'<Relationship Id="rIdS" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
        )
        members["xl/sharedStrings.xml"] = strings
    if styles:
        over.append(
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        )
        rels.append(f'<Relationship Id="rIdT" Type="{REL}/styles" Target="styles.xml"/>')
        members["xl/styles.xml"] = styles
    members["[Content_Types].xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
        'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
        '"application/xml"/>' + "".join(over) + "</Types>"
    ).encode()
    members["_rels/.rels"] = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
        f'{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ).encode()
    members["xl/workbook.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">'
        f"<sheets>{''.join(entries)}</sheets></workbook>"
    ).encode()
    members["xl/_rels/workbook.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships">' + "".join(rels) + "</Relationships>"
    ).encode()
    for i, data in enumerate(sheets.values(), start=1):
        members[f"xl/worksheets/sheet{i}.xml"] = data
    _zip(path, members)


def _sheet(rows: Iterator[str], dimension: str = "") -> bytes:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    body = "".join(rows)
    return f'<worksheet xmlns="{MAIN}">{dim}<sheetData>{body}</sheetData></worksheet>'.encode()


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def xlsx_shared_strings(path: Path) -> str:
    """STRINGS shared texts filling a member; the units sheet uses them up to CELLS."""
    rng = random.Random(2)
    rows = min(ROWS, (CELLS - 2) // 2, (ELEMENTS - 2 * STRINGS - 100) // 5)
    pad = max(1, (min(MEMBER, UNPACKED // 2) - 2 * MB) // STRINGS - 16)
    texts = [f"u{i}" for i in range(rows)] + [words(rng, pad) for _ in range(STRINGS - rows - 2)]
    texts += ["id", "name"]
    si = "".join(f"<si><t>{t}</t></si>" for t in texts)
    strings = (
        f'<sst xmlns="{MAIN}" count="{len(texts)}" uniqueCount="{len(texts)}">{si}</sst>'
    ).encode()
    hid, hname = len(texts) - 2, len(texts) - 1

    def sheet_rows() -> Iterator[str]:
        yield f'<row r="1"><c r="A1" t="s"><v>{hid}</v></c><c r="B1" t="s"><v>{hname}</v></c></row>'
        for i in range(rows):
            n = i + 2
            yield (
                f'<row r="{n}"><c r="A{n}" t="s"><v>{i}</v></c>'
                f'<c r="B{n}" t="s"><v>{rows + i}</v></c></row>'
            )

    _workbook(path, {"units": _sheet(sheet_rows())}, strings=strings)
    return f"{STRINGS:,} shared strings ({len(strings) / MB:.0f} MB), {rows:,} rows"


def xlsx_styles(path: Path) -> str:
    """STYLES style records filling a member: half of them number formats with long
    date codes (each checked for being a date), half cell formats using them."""
    rng = random.Random(4)
    n_fmt = STYLES // 2
    n_xf = STYLES - n_fmt - 3  # and one font, fill and border
    pad = max(1, (min(MEMBER, UNPACKED // 2) - 2 * MB) // n_fmt - 60)
    fmts = "".join(
        f'<numFmt numFmtId="{164 + i}" formatCode="yyyy-mm-dd&quot; {words(rng, pad)}&quot;"/>'
        for i in range(n_fmt)
    )
    xfs = "".join(
        f'<xf numFmtId="{164 + i % n_fmt}" fontId="0" fillId="0" borderId="0" '
        'applyNumberFormat="1"/>'
        for i in range(n_xf)
    )
    styles = (
        f'<styleSheet xmlns="{MAIN}"><numFmts count="{n_fmt}">{fmts}</numFmts>'
        '<fonts count="1"><font><sz val="11"/></font></fonts>'
        '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        f'<cellXfs count="{n_xf}">{xfs}</cellXfs></styleSheet>'
    ).encode()
    rows = [
        '<row r="1">' + _inline("A1", "id") + _inline("B1", "name") + "</row>",
        '<row r="2">' + _inline("A2", "u") + _inline("B2", "U") + "</row>",
    ]
    princ = [
        '<row r="1">'
        + "".join(
            _inline(f"{c}1", h)
            for c, h in zip("ABCD", ("id", "name", "kind", "agreed_on"), strict=True)
        )
        + "</row>",
        *(
            f'<row r="{r}">{_inline(f"A{r}", f"p{r}")}{_inline(f"B{r}", "P")}'
            f'{_inline(f"C{r}", "method")}<c r="D{r}" s="{n_xf - 1 - r}"><v>45658</v></c></row>'
            for r in range(2, 1002)
        ),
    ]
    _workbook(
        path,
        {"units": _sheet(iter(rows)), "principles": _sheet(iter(princ))},
        styles=styles,
    )
    return f"{STYLES:,} style records ({len(styles) / MB:.0f} MB), 1,000 date cells"


def xlsx_most_rows(path: Path) -> str:
    """All the rows allowed: units by name only (ids made from it), each with a blank
    cell in XFD and row numbers spread up to 1,048,576; relations between them."""
    units = ROWS // 2
    rels = min(ROWS - units, (CELLS - units - 3) // 2)
    step = (EXCEL_ROWS - 2) // units

    def unit_rows() -> Iterator[str]:
        yield f'<row r="1">{_inline("A1", "name")}<c r="XFD1" s="0"/></row>'
        for i in range(units):
            r = 2 + i * step
            yield f'<row r="{r}">{_inline(f"A{r}", f"E{i}")}<c r="XFD{r}" s="0"/></row>'

    def rel_rows() -> Iterator[str]:
        yield f'<row r="1">{_inline("A1", "unit_a")}{_inline("B1", "unit_b")}</row>'
        for i in range(rels):
            r = i + 2
            b = f"e{(i + 1) % units}"
            yield f'<row r="{r}">{_inline(f"A{r}", f"e{i}")}{_inline(f"B{r}", b)}</row>'

    _workbook(
        path,
        {"units": _sheet(unit_rows(), "A1:XFD1048576"), "relations": _sheet(rel_rows())},
    )
    return f"units {units:,} rows up to row {2 + (units - 1) * step:,}, relations {rels:,} rows"


def xlsx_blank_elements(path: Path) -> str:
    """ELEMENTS elements, nearly all blank cells with a style (rows full to XFD), in two
    sheets so that neither passes the per-member size."""
    rng = random.Random(3)
    per_row = 16_384
    n_rows = max(1, (ELEMENTS - 100) // (per_row + 1))

    def rows(data: tuple[tuple[str, str], ...], count: int) -> Iterator[str]:
        for r, (a, b) in enumerate(data, start=1):
            yield f'<row r="{r}">{_inline(f"A{r}", a)}{_inline(f"B{r}", b)}</row>'
        for i in range(count):
            blank = "".join(f'<c s="{rng.randrange(10)}"/>' for _ in range(per_row))
            yield f'<row r="{len(data) + 1 + i}">{blank}</row>'

    half = n_rows // 2
    sheets = {
        "units": _sheet(rows((("id", "name"), ("u", "U"), ("v", "V")), half)),
        "relations": _sheet(rows((("unit_a", "unit_b"), ("u", "v")), n_rows - half)),
    }
    _workbook(path, sheets)
    return f"{n_rows * (per_row + 1):,} blank elements in {n_rows:,} rows"


def xlsx_huge_row_number(path: Path) -> str:
    """The 1.6 KB file that never returned: one row numbered 10^18."""
    rows = [
        f'<row r="1">{_inline("A1", "id")}</row>',
        f'<row r="1000000000000000000">{_inline("A1000000000000000000", "x")}</row>',
    ]
    _workbook(path, {"units": _sheet(iter(rows))})
    return "row r=1000000000000000000"


def national(fmt: str) -> Callable[[Path], str]:
    def build(path: Path) -> str:
        from synthetic import generate_map

        from mapping.readwrite import write_map

        m = generate_map(98)
        write_map(m, path)
        return f"98 municipalities, {len(m.units):,} units"

    build.__doc__ = f"The national synthetic map (bench/synthetic.py) as .{fmt}."
    return build


CASES: dict[str, tuple[str, Callable[[Path], str]]] = {
    "csv-zip": ("zip", csv_zip_at_limits),
    "csv-zip-tiny-cells": ("zip", csv_zip_tiny_cells),
    "json": ("json", json_at_limits),
    "xlsx-shared-strings": ("xlsx", xlsx_shared_strings),
    "xlsx-styles": ("xlsx", xlsx_styles),
    "xlsx-rows": ("xlsx", xlsx_most_rows),
    "xlsx-blank-elements": ("xlsx", xlsx_blank_elements),
    "xlsx-huge-row-number": ("xlsx", xlsx_huge_row_number),
    "national-xlsx": ("xlsx", national("xlsx")),
    "national-zip": ("zip", national("zip")),
}


# --- measuring ----------------------------------------------------------------------


def read(path: str) -> None:
    """Read one file; print the outcome (the parent measures time and memory)."""
    from mapping.readwrite import MapValidationError, read_map

    try:
        m = read_map(path)
    except MapValidationError as e:
        first = e.problems[0].text("en") if e.problems else ""
        print(f"refused ({len(e.problems)}): {first[:150]}")
    else:
        print(f"accepted: {len(m.units):,} units, {len(m.relations):,} relations")


def measure(path: Path, timeout: float) -> tuple[float, float, float, str]:
    """(wall s, CPU s, peak RSS MB, outcome) of reading ``path`` in a fresh process."""
    t = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, __file__, "--read", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    killed = False
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() - t > timeout:
            proc.kill()
            _, status, usage = os.wait4(proc.pid, 0)
            killed = True
            break
        time.sleep(0.05)
    wall = time.perf_counter() - t
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code  # reaped above
    lines = (proc.stdout.read() if proc.stdout else "").strip().splitlines()
    if killed:
        out = f"killed after {timeout:.0f} s (never finished)"
    elif code:
        out = f"crashed (exit {code}): {lines[-1] if lines else ''}"
    else:
        out = lines[-1] if lines else "no output"
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out


def run(*args: str) -> str:
    """Run this script in a child (building a file, reading the limits); its output."""
    res = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True)
    if res.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{res.stderr[-3000:]}")
    return res.stdout.strip()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("cases", nargs="*", help="cases to run (default: all)")
    ap.add_argument("--list", action="store_true", help="list the cases")
    ap.add_argument("--timeout", type=float, default=120, help="kill a reader after this (s)")
    ap.add_argument("--read", help=argparse.SUPPRESS)
    ap.add_argument("--build", nargs=2, help=argparse.SUPPRESS)
    ap.add_argument("--limits", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.read:
        read(args.read)
        return 0
    if args.limits:
        print(load_limits())
        return 0
    if args.build:
        load_limits()
        print(CASES[args.build[0]][1](Path(args.build[1])))
        return 0
    if args.list:
        for name, (_, build) in CASES.items():
            print(f"{name:22} {(build.__doc__ or '').splitlines()[0]}")
        return 0
    unknown = set(args.cases) - set(CASES)
    if unknown:
        ap.error(f"unknown case(s): {', '.join(sorted(unknown))}; see --list")
    load = os.getloadavg()[0]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load {load:.1f}")
    print(f"limits: {run('--limits')}")
    print(f"{'case':22} {'file MB':>7} {'unpacked':>8} {'wall s':>7} {'CPU s':>6} {'RSS MB':>6}")
    with tempfile.TemporaryDirectory(prefix="hk-limits-") as tmp:
        for name in args.cases or CASES:
            path = Path(tmp) / f"{name}.{CASES[name][0]}"
            what = run("--build", name, str(path))
            if zipfile.is_zipfile(path):
                with zipfile.ZipFile(path) as zf:
                    unpacked = sum(i.file_size for i in zf.infolist()) / MB
            else:
                unpacked = path.stat().st_size / MB
            wall, cpu, rss, out = measure(path, args.timeout)
            size = path.stat().st_size / MB
            print(f"{name:22} {size:>7.1f} {unpacked:>8.1f} {wall:>7.1f} {cpu:>6.1f} {rss:>6.0f}")
            print(f"{'':4}file: {what}\n{'':4}read: {out}", flush=True)
            path.unlink()
    print("wall and CPU seconds and peak RSS of a fresh process reading the file")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
