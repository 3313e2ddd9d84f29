"""The import page reads uploads in a limited child process: a hostile or heavy file
gives a clear message, and no process or thread of it outlives the page run."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from mapping import storage
from tests.processes import children

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def hanging_workbook() -> bytes:
    """The few-KB workbook that used to make the reader run forever: a row numbered 10^18."""
    import io
    import zipfile

    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "units"
    buf = io.BytesIO()
    wb.save(buf)
    far = 10**18
    sheet = (
        f'<worksheet xmlns="{MAIN_NS}"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row>'
        f'<row r="{far}"><c r="A{far}" t="inlineStr"><is><t>x</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            is_sheet = info.filename == "xl/worksheets/sheet1.xml"
            zf.writestr(info.filename, sheet if is_sheet else src.read(info))
    return out.getvalue()


def upload(app: Any, name: str, data: bytes) -> list[str]:
    """Upload on the import page; the problems shown (one per line)."""
    app.switch_page("mapping/ui/pages/transfer.py").run()
    app.file_uploader(key="imp_file").upload(name, data)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert any(name in e.value for e in app.error)
    frame = app.dataframe[0].value
    return [str(v) for v in frame.iloc[:, -1]]


def test_the_hanging_workbook_is_refused_and_leaves_nothing(app: Any, engine: Any) -> None:
    before = storage.load_map(engine, storage.list_maps(engine)[0].id).map_version
    procs, threads = children(), threading.active_count()
    lines = upload(app, "haenger.xlsx", hanging_workbook())
    assert lines == [
        'ugyldigt rækkenummer "1000000000000000000" (efter række 1); '
        "Excel har række 1 til 1.048.576"
    ]
    assert children() == procs and threading.active_count() == threads
    assert storage.load_map(engine, storage.list_maps(engine)[0].id).map_version == before


def test_a_read_past_the_bound_gives_a_clear_message_once(
    app: Any, engine: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mapping.readwrite import map_to_bytes, sandbox

    monkeypatch.setattr(sandbox, "WALL_SECONDS", 0.2)
    procs, threads = children(), threading.active_count()
    m = storage.load_map(engine, storage.list_maps(engine)[0].id).map
    lines = upload(app, "kort.xlsx", map_to_bytes(m, "xlsx"))
    assert lines == [
        "filen tog for lang tid at læse (over 0 sekunder eller 60 sekunders regnetid); "
        "del kortet op i mindre filer"
    ]
    assert children() == procs and threading.active_count() == threads
    # a rerun of the page shows the same result without reading the file again
    monkeypatch.setattr(sandbox, "read_upload", lambda *a, **k: pytest.fail("read again"))
    app.run()
    assert any("kort.xlsx" in e.value for e in app.error)
