"""Refusing hostile or absurd files before any parser sees them.

A .zip or .xlsx is a zip archive: its directory is inspected first (sizes,
ratios, member count, paths) and nothing is unpacked when it looks like a
bomb. Python's zipfile never returns more than a member's declared size and
checks its CRC, so a lying directory fails instead of exploding.

>>> ensure_small(10, "kort.json")
"""

from __future__ import annotations

import re
import zipfile

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
_DRIVE = re.compile(r"^[A-Za-z]:")


def _refuse(source: str, da: str, en: str) -> MapValidationError:
    return MapValidationError([Problem(source, "", None, None, da, en)])


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
