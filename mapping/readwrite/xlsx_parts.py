"""The parts of an .xlsx package, streamed through expat within the limits of ``safety``.

A workbook is a zip of XML parts: the workbook lists its sheets, relationship
parts say which member holds each one, the styles part says which cell
formats are dates and the shared-strings part holds the text that cells refer
to. Each part is read as a stream in chunks, every element is counted, and a
handler raises the moment a limit is passed, so a hostile part costs at most
what the limits allow. A DTD, entity or external reference is refused as
defusedxml refuses it (and with its exception types); expat is used directly
because it costs a quarter of ``iterparse`` per element.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Callable
from typing import NoReturn
from xml.parsers import expat

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format

from mapping.problems import Problem
from mapping.readwrite.safety import (
    MAX_MEMBERS,
    MAX_SHARED_STRINGS,
    MAX_STYLE_RECORDS,
    MAX_XML_ELEMENTS,
    ZIP_ERRORS,
    Budget,
    too_many,
)

MAIN_NS = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",  # "Strict Open XML"
)
CHUNK = 1 << 16
Start = Callable[[str, dict[str, str]], None]
End = Callable[[str], None]
Chars = Callable[[str], None]


def tags(*names: str) -> dict[str, str]:
    """Expat's names (``namespace}local``) of main-namespace elements -> the local name.

    >>> tags("c")[MAIN_NS[0] + "}c"], tags("c")["c"]
    ('c', 'c')
    """
    out = {}
    for name in names:
        out[name] = name  # a part without the namespace declaration
        for ns in MAIN_NS:
            out[f"{ns}}}{name}"] = name
    return out


def local(name: str) -> str:
    """An expat name without its namespace."""
    return name.rpartition("}")[2]


class Unreadable(Exception):
    """A part is missing or not well-formed; the message says which and why."""


def _no_dtd(name: str, sysid: str | None, pubid: str | None, _subset: bool) -> None:
    raise DTDForbidden(name, sysid, pubid)


def _no_entity(
    name: str,
    _p: bool,
    value: str | None,
    base: str | None,
    sysid: str | None,
    pubid: str | None,
    notation: str | None,
) -> None:
    raise EntitiesForbidden(name, value, base, sysid, pubid, notation)


def _no_unparsed(
    name: str, base: str | None, sysid: str | None, pubid: str | None, notation: str | None
) -> None:
    raise EntitiesForbidden(name, None, base, sysid, pubid, notation)


def _no_external(context: str, base: str | None, sysid: str | None, pubid: str | None) -> NoReturn:
    raise ExternalReferenceForbidden(context, base, sysid, pubid)


class Book:
    """An open workbook archive and what reading it has cost so far."""

    def __init__(self, zf: zipfile.ZipFile, source: str) -> None:
        self.zf = zf
        self.source = source
        self.elements = 0
        self.budget = Budget(source)
        self.problems: list[Problem] = []
        """Cells whose value cannot be used, found so far in any sheet."""

    def count(self) -> None:
        """One more XML element; raise past the limit (parts call this per element)."""
        self.elements += 1
        if self.elements > MAX_XML_ELEMENTS:
            self.too_many_elements()

    def too_many_elements(self) -> NoReturn:
        raise too_many(self.source, ("XML-elementer", "XML elements"), MAX_XML_ELEMENTS)

    def has(self, member: str) -> bool:
        try:
            self.zf.getinfo(member)
        except KeyError:
            return False
        return True

    def parse(
        self, member: str, start: Start, end: End | None = None, chars: Chars | None = None
    ) -> None:
        """Stream one member through a hardened expat parser with these handlers."""
        p = expat.ParserCreate(namespace_separator="}")
        p.buffer_text = True
        p.StartDoctypeDeclHandler = _no_dtd
        p.EntityDeclHandler = _no_entity
        p.UnparsedEntityDeclHandler = _no_unparsed
        p.ExternalEntityRefHandler = _no_external
        p.StartElementHandler = start
        if end is not None:
            p.EndElementHandler = end
        if chars is not None:
            p.CharacterDataHandler = chars
        try:
            info = self.zf.getinfo(member)
        except KeyError:
            raise Unreadable(f"delen {member} mangler") from None
        try:
            f = self.zf.open(info)
        except ZIP_ERRORS as e:
            raise Unreadable(f"{member}: {e}") from None
        with f:
            while True:
                try:
                    chunk = f.read(CHUNK)
                except ZIP_ERRORS as e:  # only the unpacking: a handler's error is not hidden
                    raise Unreadable(f"{member}: {e}") from None
                try:
                    p.Parse(chunk, not chunk)
                except expat.ExpatError as e:
                    where = f"{expat.ErrorString(e.code)}, linje {e.lineno}"
                    raise Unreadable(f"{member}: {where}") from None
                if not chunk:
                    return


def _resolve(part: str, target: str) -> str:
    """A relationship's target as a member name (relative to the part's folder)."""
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(part), target))


def relationships(book: Book, part: str, kinds: tuple[str, ...]) -> dict[str, tuple[str, str]]:
    """Id -> (kind, member) of the part's relationships whose type ends in one of ``kinds``."""
    rels = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
    out: dict[str, tuple[str, str]] = {}
    if not book.has(rels):
        return out

    def start(name: str, attrs: dict[str, str]) -> None:
        book.count()
        if local(name) != "Relationship" or attrs.get("TargetMode") == "External":
            return
        kind = attrs.get("Type", "").rpartition("/")[2]
        if kind in kinds:
            if len(out) >= MAX_MEMBERS:
                raise Unreadable(f"{rels}: over {MAX_MEMBERS} relationer")
            out[attrs.get("Id", "")] = (kind, _resolve(part, attrs.get("Target", "")))

    book.parse(rels, start)
    return out


def workbook_part(book: Book) -> str:
    """The member holding the workbook, as the package's root relationships name it."""
    for kind, member in relationships(book, "", ("officeDocument",)).values():
        if kind == "officeDocument":
            return member
    if book.has("xl/workbook.xml"):
        return "xl/workbook.xml"
    raise Unreadable("projektmappens hoveddel (xl/workbook.xml) mangler")


def sheets_and_epoch(book: Book, part: str) -> tuple[list[tuple[str, str]], bool]:
    """The sheets as (title, relationship id) in workbook order; whether dates count from 1904."""
    wb_tags = tags("sheet", "workbookPr")
    sheets: list[tuple[str, str]] = []
    mac = [False]

    def start(name: str, attrs: dict[str, str]) -> None:
        book.count()
        tag = wb_tags.get(name)
        if tag == "sheet":
            if len(sheets) >= MAX_MEMBERS:
                raise Unreadable(f"{part}: over {MAX_MEMBERS} ark")
            rid = next((v for k, v in attrs.items() if k.endswith("relationships}id")), "")
            sheets.append((attrs.get("name", ""), rid))
        elif tag == "workbookPr":
            mac[0] = attrs.get("date1904", "").lower() in ("1", "true")

    book.parse(part, start)
    return sheets, mac[0]


def date_styles(book: Book, member: str) -> tuple[frozenset[int], frozenset[int]]:
    """Indexes of the cell formats that show a date, and of those that show a duration."""
    st_tags = tags("numFmt", "cellXfs", "xf")
    custom: dict[int, str] = {}
    cell_formats: list[int] = []
    depth = [0, 0]  # element depth; records seen (children of the collections)
    in_cell_xfs = [False]

    def start(name: str, attrs: dict[str, str]) -> None:
        book.count()
        depth[0] += 1
        if depth[0] == 3:
            depth[1] += 1
            if depth[1] > MAX_STYLE_RECORDS:
                raise too_many(
                    book.source, ("formater (typografier)", "cell styles"), MAX_STYLE_RECORDS
                )
        tag = st_tags.get(name)
        if tag == "cellXfs" and depth[0] == 2:
            in_cell_xfs[0] = True
        elif tag == "xf" and in_cell_xfs[0] and depth[0] == 3:
            cell_formats.append(_int(attrs.get("numFmtId", "0")))
        elif tag == "numFmt":
            custom[_int(attrs.get("numFmtId", "-1"))] = attrs.get("formatCode", "")

    def end(name: str) -> None:
        depth[0] -= 1
        if depth[0] == 1:
            in_cell_xfs[0] = False

    book.parse(member, start, end)
    dates, durations = set(), set()
    kinds: dict[int, tuple[bool, bool]] = {}
    for i, fmt_id in enumerate(cell_formats):
        if fmt_id not in kinds:
            code = custom.get(fmt_id) or BUILTIN_FORMATS.get(fmt_id)
            kinds[fmt_id] = (is_date_format(code), is_timedelta_format(code))
        is_date, is_duration = kinds[fmt_id]
        if is_date:
            dates.add(i)
        if is_duration:
            durations.add(i)
    return frozenset(dates), frozenset(durations)


def _int(text: str) -> int:
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else -1


def shared_strings(book: Book, member: str) -> list[str]:
    """The shared texts; rich-text runs are joined and phonetic guides left out (as openpyxl)."""
    ss_tags = tags("si", "t", "rPh")
    strings: list[str] = []
    parts: list[str] = []
    capture: list[list[str] | None] = [None]
    rph = [0]
    in_si = [False]

    def start(name: str, attrs: dict[str, str]) -> None:
        book.count()
        tag = ss_tags.get(name)
        if tag == "si":
            in_si[0] = True
            parts.clear()
        elif tag == "t" and in_si[0] and not rph[0]:
            capture[0] = parts
        elif tag == "rPh":
            rph[0] += 1

    def end(name: str) -> None:
        tag = ss_tags.get(name)
        if tag == "t":
            capture[0] = None
        elif tag == "rPh":
            rph[0] -= 1
        elif tag == "si":
            in_si[0] = False
            if len(strings) >= MAX_SHARED_STRINGS:
                raise too_many(book.source, ("delte tekster", "shared strings"), MAX_SHARED_STRINGS)
            strings.append("".join(parts).replace("x005F_", ""))

    def chars(data: str) -> None:
        if capture[0] is not None:
            capture[0].append(data)

    book.parse(member, start, end, chars)
    return strings
