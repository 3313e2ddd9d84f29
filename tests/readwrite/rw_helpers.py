"""Shared builders for the interchange tests (a plain module; imported by name)."""

from __future__ import annotations

import datetime as dt
import io
import signal
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager

import openpyxl

from mapping.model import (
    Adoption,
    CitizenGroup,
    Map,
    Principle,
    PrincipleKind,
    PrincipleStatus,
    Relation,
    Service,
    Unit,
)


def small_map() -> Map:
    """A valid map touching every table and column type."""
    return Map(
        units=(
            Unit("dir", "Direktionen", sector="Stab", staff_count=6),
            Unit("bu", "Børn og Unge", sector="Stab", parent_id="dir"),
            Unit("007", "Skole Nord", sector="Skole og SFO", parent_id="bu", staff_count=45),
            Unit("fam", "Familieafdelingen", sector="Børn og familie", parent_id="bu"),
            Unit("hosp", "Regionshospitalet", sector="Ekstern", external=True),
        ),
        citizen_groups=(CitizenGroup("fravaer", "Skolefravær", lead_unit_id="fam", est_size=120),),
        services=(
            Service("007", "fravaer", "Fremmøde", "inkluderende"),
            Service("fam", "fravaer", "Trivsel", "beskyttende"),
        ),
        principles=(
            Principle(
                "sos",
                "SOS",
                PrincipleKind.METHOD,
                owner_unit_id="bu",
                status=PrincipleStatus.AGREED,
                agreed_on=dt.date(2025, 2, 1),
                review_by=dt.date(2027, 3, 1),
                group_ids=("fravaer",),
            ),
        ),
        adoptions=(Adoption("sos", "007"), Adoption("sos", "fam")),
        relations=(Relation("007", "fam", 3.5, "ugentligt møde"),),
        name="kort",
    )


def zip_of(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


class StillRunning(BaseException):
    """Raised by :func:`bounded`; not an Exception, so that no reader can swallow it."""


@contextmanager
def bounded(seconds: int) -> Iterator[None]:
    """Fail instead of hanging when the block runs past ``seconds`` (a guard, not a timing)."""

    def stop(signum: int, frame: object) -> None:
        raise StillRunning(f"still running after {seconds} s")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def inline(ref: str, text: str) -> str:
    """An inline-string cell as Excel's XML writes it."""
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def units_workbook(sheet_data: str, *, before: str = "", shared_strings: bytes = b"") -> bytes:
    """A workbook whose only sheet, units, has this ``<sheetData>`` content.

    ``before`` goes in front of ``<sheetData>`` (e.g. a ``<dimension>``);
    ``shared_strings`` becomes the shared-strings part.
    """
    wb = openpyxl.Workbook()
    wb.active.title = "units"
    wb.active.append(["id", "name"])
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    sheet = (
        f'<worksheet xmlns="{MAIN_NS}">{before}<sheetData>{sheet_data}</sheetData></worksheet>'
    ).encode()
    rel = (
        b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/sharedStrings" Target="sharedStrings.xml" Id="rIdS"/></Relationships>'
    )
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            data = sheet if info.filename == "xl/worksheets/sheet1.xml" else src.read(info)
            if shared_strings and info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", rel)
            zf.writestr(info.filename, data)
        if shared_strings:
            zf.writestr("xl/sharedStrings.xml", shared_strings)
    return out.getvalue()


def header_and(*rows: str) -> str:
    """Row 1 (id, name) followed by the given ``<row>`` elements."""
    return f'<row r="1">{inline("A1", "id")}{inline("B1", "name")}</row>' + "".join(rows)
