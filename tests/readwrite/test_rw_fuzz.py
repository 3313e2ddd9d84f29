"""Fuzzing every reader: any bytes give a map or a clean MapValidationError, in bounded time.

The seeds are the example municipality as JSON, workbook and CSV zip. The
examples are arbitrary bytes, byte-level damage (flips, insertions,
deletions), and damage to the XML or CSV text inside the archives (attribute
values such as ``r=``, ``t=`` and ``s=`` replaced, rows and cells duplicated
or moved, spans cut or inserted), read from memory and, for CSV, from a
folder. Each example runs under Hypothesis' deadline and a hard alarm, so a
hang fails the test instead of stalling CI. ``derandomize`` makes every run
test the same examples (1,000 in all, about 30 s).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import tempfile
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mapping.problems import MapValidationError
from mapping.readwrite import map_to_bytes, read_map, read_map_bytes
from tests.readwrite.rw_helpers import bounded

EXAMPLE_JSON = Path(__file__).resolve().parents[2] / "data" / "example.json"
EXAMPLE = read_map(EXAMPLE_JSON)
SEEDS = {
    "json": EXAMPLE_JSON.read_bytes(),
    "xlsx": map_to_bytes(EXAMPLE, "xlsx"),
    "zip": map_to_bytes(EXAMPLE, "zip"),
    "danish.zip": map_to_bytes(EXAMPLE, "zip", excel_danish=True),
}
FUZZ = settings(
    max_examples=200,
    deadline=dt.timedelta(seconds=5),
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
ODD_VALUES = [
    "", "0", "-1", "1", "2", "1048576", "1048577", "1000000000000000000", "A0", "A1", "B2",
    "XFD1", "XFE1", "ZZZZ9", "$A$1", "a1", "s", "str", "inlineStr", "e", "b", "d", "n", "zz",
    "99999999", "1.5", "1e400", "nan", "-0", "٣", "A1:XFD1048577", "2025-13-45",
]  # fmt: skip
ATTRIBUTE = re.compile(rb'\b(r|t|s|ref|numFmtId|formatCode|date1904)="[^"]*"')
ELEMENT = re.compile(rb"<(row|c|si|xf|numFmt)\b[^>]*?(?:/>|>.*?</\1>)", re.S)


def check(data: bytes, filename: str) -> None:
    """The property: a map, or a clean error naming at least one problem; never a hang."""
    with bounded(30):
        try:
            read_map_bytes(data, filename)
        except MapValidationError as err:
            assert err.problems
            assert all(p.text("da") and p.text("en") for p in err.problems)


@st.composite
def damaged(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` with a few bytes flipped, inserted or deleted."""
    buf = bytearray(data)
    for _ in range(draw(st.integers(1, 6))):
        i = draw(st.integers(0, max(len(buf) - 1, 0)))
        op = draw(st.sampled_from(["flip", "insert", "delete", "copy"]))
        if op == "flip" and buf:
            buf[i] ^= 1 << draw(st.integers(0, 7))
        elif op == "insert":
            buf[i:i] = draw(st.binary(min_size=1, max_size=8))
        elif op == "delete":
            del buf[i : i + draw(st.integers(1, 64))]
        else:  # repeat a span somewhere else
            j = draw(st.integers(0, max(len(buf) - 1, 0)))
            buf[j:j] = buf[i : i + draw(st.integers(1, 256))]
    return bytes(buf)


@st.composite
def damaged_text(draw: st.DrawFn, text: bytes) -> bytes:
    """XML or CSV text with values, elements or lines changed."""
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["attribute", "element", "line", "bytes"]))
        if op == "attribute" and (found := list(ATTRIBUTE.finditer(text))):
            m = draw(st.sampled_from(found))
            value = draw(st.sampled_from(ODD_VALUES) | st.text("0123456789AXZ-.$:", max_size=12))
            text = text[: m.start()] + m[1] + b'="' + value.encode() + b'"' + text[m.end() :]
        elif op == "element" and (found := list(ELEMENT.finditer(text))):
            m = draw(st.sampled_from(found))
            where = draw(st.sampled_from(["twice", "drop", "move"]))
            if where == "twice":
                text = text[: m.end()] + m[0] + text[m.end() :]
            elif where == "drop":
                text = text[: m.start()] + text[m.end() :]
            else:
                rest = text[: m.start()] + text[m.end() :]
                j = draw(st.integers(0, len(rest)))
                text = rest[:j] + m[0] + rest[j:]
        elif op == "line" and (lines := text.split(b"\n")):
            i, j = (draw(st.integers(0, len(lines) - 1)) for _ in range(2))
            action = draw(st.sampled_from(["twice", "drop", "swap", "quote"]))
            if action == "twice":
                lines.insert(j, lines[i])
            elif action == "drop":
                del lines[i]
            elif action == "swap":
                lines[i], lines[j] = lines[j], lines[i]
            else:
                lines[i] = b'"' + lines[i]
            text = b"\n".join(lines)
        else:
            text = draw(damaged(text))
    return text


@st.composite
def damaged_archive(draw: st.DrawFn, data: bytes) -> bytes:
    """A zip whose members' text is damaged (then packed again, so the CRCs are right)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist()}
    names = sorted(members)
    for name in draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True)):
        members[name] = draw(damaged_text(members[name]))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, member in members.items():
            zf.writestr(name, member)
    return buf.getvalue()


FORMATS = st.sampled_from(["json", "xlsx", "zip"])


@FUZZ
@given(fmt=FORMATS, data=st.binary(max_size=3000))
def test_arbitrary_bytes(fmt: str, data: bytes) -> None:
    check(data, f"fuzz.{fmt}")


@FUZZ
@given(data=st.data(), seed=st.sampled_from(sorted(SEEDS)))
def test_damaged_files(data: st.DataObject, seed: str) -> None:
    check(data.draw(damaged(SEEDS[seed])), f"fuzz.{seed.rsplit('.', 1)[-1]}")


@FUZZ
@given(data=st.data(), seed=st.sampled_from(["xlsx", "zip", "danish.zip"]))
def test_damaged_archive_contents(data: st.DataObject, seed: str) -> None:
    check(data.draw(damaged_archive(SEEDS[seed])), f"fuzz.{seed.rsplit('.', 1)[-1]}")


@FUZZ
@given(data=st.data())
def test_damaged_json_text(data: st.DataObject) -> None:
    check(data.draw(damaged_text(SEEDS["json"])), "fuzz.json")


@FUZZ
@given(data=st.data(), seed=st.sampled_from(["zip", "danish.zip"]))
def test_damaged_csv_folder(data: st.DataObject, seed: str) -> None:
    with zipfile.ZipFile(io.BytesIO(data.draw(damaged_archive(SEEDS[seed])))) as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist()}
    with tempfile.TemporaryDirectory() as tmp, bounded(30):
        for name, member in members.items():
            (Path(tmp) / name).write_bytes(member)
        try:
            read_map(tmp)
        except MapValidationError as err:
            assert err.problems
