"""Reading and writing maps: JSON, Excel workbook, CSV folder or .zip.

Every reader validates the whole file and raises one
:class:`MapValidationError` listing all problems with file/sheet, row and
column. Writers give back exactly the same map when read again.

>>> from mapping.model import Map, Unit
>>> m = Map(units=(Unit(id="007", name="NA"),), name="x")
>>> read_map_bytes(map_to_bytes(m, "xlsx"), "x.xlsx") == m
True
"""

from __future__ import annotations

import os
from pathlib import Path

from mapping.model import Map
from mapping.problems import MapValidationError, Problem
from mapping.readwrite.build import file_problem
from mapping.readwrite.json_io import map_to_json_bytes, read_json_bytes
from mapping.readwrite.safety import ensure_small

TYPE_CHECKING = False  # typing's own flag, without importing typing as the module loads
if TYPE_CHECKING:
    from typing import Literal

    Format = Literal["json", "xlsx", "zip"]

    from mapping.readwrite.csv_io import neutralise_csv_cell
    from mapping.readwrite.template import write_template
    from mapping.readwrite.xlsx_io import write_workbook

# Workbooks need openpyxl (and pandas for report sheets), CSV files the csv and zip
# modules: loaded on first use, so reading a JSON map does not pay for them.
_LAZY = {
    "neutralise_csv_cell": "mapping.readwrite.csv_io",
    "write_template": "mapping.readwrite.template",
    "write_workbook": "mapping.readwrite.xlsx_io",
}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "MapValidationError",
    "Problem",
    "map_to_bytes",
    "neutralise_csv_cell",
    "read_map",
    "read_map_bytes",
    "write_map",
    "write_template",
    "write_workbook",
]

_HINT_DA = "brug .json, .xlsx, .zip eller en mappe med CSV-filer"
_HINT_EN = "use .json, .xlsx, .zip or a folder of CSV files"


def _wrong_type(source: str, suffix: str) -> MapValidationError:
    if suffix in (".xls", ".xlsm", ".xlsb", ".ods"):
        da = f"filtypen {suffix} understøttes ikke; gem filen som Excel-projektmappe (.xlsx)"
        en = f"file type {suffix} is not supported; save it as an Excel workbook (.xlsx)"
    elif suffix == ".csv":
        da = f"en enkelt CSV-fil er ikke et helt kort; {_HINT_DA}"
        en = f"a single CSV file is not a whole map; {_HINT_EN}"
    else:
        da = f'ukendt filtype "{suffix or "(ingen)"}"; {_HINT_DA}'
        en = f'unknown file type "{suffix or "(none)"}"; {_HINT_EN}'
    return MapValidationError([file_problem(source, da, en)])


def read_map_bytes(data: bytes, filename: str, *, name: str | None = None) -> Map:
    """Read an uploaded file by its name's extension (.json, .xlsx, .zip)."""
    p = Path(filename)
    suffix, stem = p.suffix.lower(), p.stem
    if suffix == ".json":
        return read_json_bytes(data, p.name, name, stem)
    if suffix == ".xlsx":
        from mapping.readwrite.xlsx_io import read_xlsx_bytes

        return read_xlsx_bytes(data, p.name, name if name is not None else stem)
    if suffix == ".zip":
        from mapping.readwrite.csv_io import read_csv_zip

        return read_csv_zip(data, p.name, name if name is not None else stem)
    raise _wrong_type(p.name, suffix)


def read_map(path: str | os.PathLike[str], *, name: str | None = None) -> Map:
    """Read and validate a map from a .json, .xlsx, .zip or a folder of CSV files.

    The map's name is ``name``, else the JSON document's ``"name"``, else the file stem.
    """
    p = Path(path)
    if p.is_dir():
        from mapping.readwrite.csv_io import read_csv_folder

        return read_csv_folder(p, name if name is not None else p.resolve().name)
    if not p.is_file():
        raise MapValidationError(
            [file_problem(p.name or str(p), "filen findes ikke", "the file does not exist")]
        )
    suffix = p.suffix.lower()
    if suffix not in (".json", ".xlsx", ".zip"):
        raise _wrong_type(p.name, suffix)
    ensure_small(p.stat().st_size, p.name)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise MapValidationError(
            [
                file_problem(
                    p.name,
                    f"filen kan ikke læses ({e.strerror})",
                    f"cannot read the file ({e.strerror})",
                )
            ]
        ) from None
    return read_map_bytes(data, p.name, name=name)


def map_to_bytes(m: Map, fmt: Format, *, excel_danish: bool = False) -> bytes:
    """The map as a JSON document, an Excel workbook or a .zip of CSV files."""
    if fmt == "json":
        return map_to_json_bytes(m)
    if fmt == "xlsx":
        from mapping.readwrite.xlsx_io import map_to_xlsx_bytes

        return map_to_xlsx_bytes(m)
    if fmt == "zip":
        from mapping.readwrite.csv_io import map_to_zip_bytes

        return map_to_zip_bytes(m, excel_danish=excel_danish)
    raise ValueError(f"unknown format {fmt!r}: use 'json', 'xlsx' or 'zip'")


def _umask() -> int:
    """The process umask, read without changing it where Linux allows (thread-safe)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _atomic_write(path: Path, data: bytes) -> None:
    """Write via a temporary file and rename, so readers never see half a file.

    mkstemp makes the file 0600; it gets the mode an ordinary open() would give
    (0666 less the umask), or the mode of the file it replaces.
    """
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        mode = 0o666 & ~_umask()
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            os.fchmod(f.fileno(), mode)
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_map(m: Map, path: str | os.PathLike[str], *, excel_danish: bool = False) -> None:
    """Write by target: a trailing ``/`` or an existing folder -> CSV files; .json, .xlsx, .zip.

    ``excel_danish`` makes CSV files as Danish Excel likes them: ``;`` and a UTF-8 BOM.
    """
    text = os.fspath(path)
    p = Path(text)
    if text.endswith(("/", os.sep)) or p.is_dir():
        from mapping.readwrite.csv_io import write_csv_folder

        write_csv_folder(m, p, excel_danish=excel_danish)
        return
    fmt = {".json": "json", ".xlsx": "xlsx", ".zip": "zip"}.get(p.suffix.lower())
    if fmt is None:
        raise ValueError(
            f"cannot write a map to {p.name!r}: unknown extension {p.suffix or '(none)'!r}; "
            "use .json, .xlsx, .zip or a folder ending in '/'"
        )
    p.parent.mkdir(parents=True, exist_ok=True)
    _atomic_write(p, map_to_bytes(m, fmt, excel_danish=excel_danish))  # type: ignore[arg-type]
