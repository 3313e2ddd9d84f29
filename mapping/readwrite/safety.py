"""Refusing hostile or absurd files before any parser sees them.

A .zip or .xlsx is a zip archive: its directory is inspected first (sizes,
ratios, member count, paths) and nothing is unpacked when it looks like a
bomb. Python's zipfile never returns more than a member's declared size and
checks its CRC, so a lying directory fails instead of exploding.

>>> ensure_small(10, "kort.json")
"""

from __future__ import annotations

import re

from mapping.problems import MapValidationError, Problem

MB = 1024 * 1024
MAX_FILE_BYTES = 50 * MB
# Parsing CSV costs many times its size in memory, so unpacked sizes are kept
# low; the national-scale synthetic map (bench/synthetic.py) unpacks to 7.5 MB.
MAX_UNPACKED_BYTES = 100 * MB
MAX_MEMBER_BYTES = 60 * MB
MAX_RATIO = 100
RATIO_MIN_BYTES = 1 * MB
MAX_MEMBERS = 1000
# What one file may hold once parsed. The national map of all 98 municipalities
# (bench/synthetic.py: 30,003 units, 188,601 rows, 685,330 filled cells and
# 2.15 million XML elements as a workbook) fits about twice; one municipality
# (about 2,000 rows) fits two hundred times. Reading costs time per XML element
# and per row, so these bound it: bench/bench_limits.py measures files at them.
MAX_CELLS = 1_500_000
"""Filled cells in one file, all tables together (empty cells are not counted)."""
MAX_ROWS = 400_000
"""Rows with content in one file, all tables together (not counting headers)."""
MAX_SHARED_STRINGS = MAX_CELLS
"""Entries in a workbook's shared-strings part (a cell refers to at most one each)."""
MAX_STYLE_RECORDS = 64_000
"""Records in a workbook's styles part; Excel itself stops at 64,000 cell formats."""
MAX_XML_ELEMENTS = 5_000_000
"""XML elements in a workbook's parts together; a filled cell takes two or three."""
EXCEL_ROWS = 1_048_576
EXCEL_COLUMNS = 16_384  # column XFD
_DRIVE = re.compile(r"^[A-Za-z]:")
TYPE_CHECKING = False  # typing's own flag, without importing typing as the module loads
if TYPE_CHECKING:
    import zipfile
    from typing import NoReturn

    ZIP_ERRORS: tuple[type[BaseException], ...]


def __getattr__(name: str) -> object:
    # zipfile (and bz2, lzma, struct behind it) is imported for archives only
    if name == "ZIP_ERRORS":
        import struct
        import zipfile
        import zlib

        return (
            zipfile.BadZipFile,
            zipfile.LargeZipFile,
            zlib.error,  # a damaged compressed stream
            EOFError,
            OSError,
            NotImplementedError,  # an unknown compression method
            RuntimeError,  # an encrypted member
            ValueError,  # e.g. a negative offset in a damaged header
            struct.error,
            OverflowError,
        )
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# ZIP_ERRORS: what Python's zipfile raises on a damaged archive, when opening or unpacking it.


def _refuse(source: str, da: str, en: str) -> MapValidationError:
    return MapValidationError([Problem(source, "", None, None, da, en)])


def thousands(n: int) -> str:
    """A count as Danish text writes it.

    >>> thousands(1_048_576)
    '1.048.576'
    """
    return f"{n:,}".replace(",", ".")


def too_many(
    source: str, what: tuple[str, str], limit: int, where: tuple[str, str] = ("", "")
) -> MapValidationError:
    """The file passed a limit while it was read; ``where`` (da, en) says where it stopped.

    >>> print(too_many("k.zip", ("rækker", "rows"), 250_000).problems[0])
    k.zip: filen indeholder for mange rækker: mere end 250.000; del kortet op eller fjern \
det, der ikke hører til
    """
    da, en = (f" ({w})" if w else "" for w in where)
    return _refuse(
        source,
        f"filen indeholder for mange {what[0]}: mere end {thousands(limit)}{da}; "
        "del kortet op eller fjern det, der ikke hører til",
        f"the file holds too many {what[1]}: more than {limit:,}{en}; "
        "split the map or remove what does not belong in it",
    )


def ensure_small(size: int, source: str) -> None:
    """Refuse a file over 50 MB before reading it."""
    if size > MAX_FILE_BYTES:
        raise _refuse(
            source,
            f"filen er for stor ({size / MB:.0f} MB; højst {MAX_FILE_BYTES // MB} MB)",
            f"the file is too large ({size / MB:.0f} MB; at most {MAX_FILE_BYTES // MB} MB)",
        )


def unsafe_path(name: str) -> bool:
    """True for an absolute member path or one that climbs out with ``..``.

    >>> unsafe_path("../etc/passwd"), unsafe_path("/x"), unsafe_path("kort/units.csv")
    (True, True, False)
    """
    if name.startswith(("/", "\\")) or _DRIVE.match(name):
        return True
    return ".." in re.split(r"[/\\]", name)


def ensure_safe_zip(zf: zipfile.ZipFile, source: str) -> None:
    """Inspect the zip directory only; raise when it is a bomb or escapes its folder.

    Limits: 1000 members, 60 MB per member and 100 MB in total unpacked.
    """
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _refuse(
            source,
            f"arkivet har for mange filer ({len(infos)}; højst {MAX_MEMBERS})",
            f"the archive has too many members ({len(infos)}; at most {MAX_MEMBERS})",
        )
    total = 0
    for info in infos:
        if unsafe_path(info.filename):
            raise _refuse(
                source,
                f'arkivet indeholder en ugyldig sti "{info.filename}"',
                f'the archive holds an unsafe path "{info.filename}"',
            )
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_MIN_BYTES and ratio > MAX_RATIO:
            raise _refuse(
                source,
                f'"{info.filename}" er pakket usandsynligt tæt ({ratio:.0f}:1); filen afvises',
                f'"{info.filename}" is compressed implausibly well ({ratio:.0f}:1); refused',
            )
        if info.file_size > MAX_MEMBER_BYTES:
            limit = MAX_MEMBER_BYTES // MB
            size = info.file_size / MB
            raise _refuse(
                source,
                f'"{info.filename}" fylder for meget udpakket ({size:.0f} MB; højst {limit} MB '
                "pr. fil)",
                f'"{info.filename}" is too large unpacked ({size:.0f} MB; at most {limit} MB '
                "per member)",
            )
    if total > MAX_UNPACKED_BYTES:
        limit = MAX_UNPACKED_BYTES // MB
        raise _refuse(
            source,
            f"arkivet fylder for meget udpakket ({total / MB:.0f} MB; højst {limit} MB)",
            f"the archive is too large unpacked ({total / MB:.0f} MB; at most {limit} MB)",
        )


class Budget:
    """How much of :data:`MAX_ROWS` and :data:`MAX_CELLS` one file has used so far.

    Readers count while they parse and stop the moment a limit is passed.

    >>> b = Budget("k.zip")
    >>> b.add_row(3, ("units.csv, række 2", "units.csv, row 2"))
    >>> (b.rows, b.cells)
    (1, 3)
    """

    __slots__ = ("cells", "rows", "source")

    def __init__(self, source: str) -> None:
        self.source = source
        self.rows = 0
        self.cells = 0

    def add_row(self, cells: int, where: tuple[str, str]) -> None:
        """One more row with ``cells`` filled cells; ``where`` (da, en) names it."""
        self.rows += 1
        self.cells += cells
        if self.rows > MAX_ROWS:
            self.too_many_rows(where)
        if self.cells > MAX_CELLS:
            self.too_many_cells(where)

    def too_many_rows(self, where: tuple[str, str]) -> NoReturn:
        raise too_many(self.source, ("rækker", "rows"), MAX_ROWS, where)

    def too_many_cells(self, where: tuple[str, str]) -> NoReturn:
        raise too_many(self.source, ("udfyldte celler", "filled cells"), MAX_CELLS, where)
