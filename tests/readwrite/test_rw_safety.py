"""Hostile files are refused from the zip directory alone, before any parsing."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path
from unittest import mock

import openpyxl
import pytest

from bench.synthetic import generate_map
from mapping.problems import MapValidationError
from mapping.readwrite import map_to_bytes, read_map, read_map_bytes, safety, write_map
from tests.readwrite.rw_helpers import small_map, zip_of


def bomb(member: str, size: int) -> bytes:
    """A small zip whose member unpacks to ``size`` bytes of zeros."""
    buf = io.BytesIO()
    chunk = b"\0" * (1 << 20)
    with (
        zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf,
        zf.open(member, "w", force_zip64=True) as f,
    ):
        for _ in range(size // len(chunk)):
            f.write(chunk)
    return buf.getvalue()


def test_defusedxml_is_used_by_openpyxl() -> None:
    assert openpyxl.DEFUSEDXML is True


@pytest.mark.parametrize("filename", ["kort.zip", "kort.xlsx"])
def test_zip_bomb_is_refused_without_extracting(filename: str) -> None:
    data = bomb("units.csv" if filename.endswith(".zip") else "xl/worksheets/sheet1.xml", 64 << 20)
    assert len(data) < 1 << 20  # 64 MB of zeros packs into well under 1 MB
    with (
        mock.patch.object(zipfile.ZipFile, "read", side_effect=AssertionError("extracted")),
        mock.patch.object(zipfile.ZipFile, "open", side_effect=AssertionError("extracted")),
        pytest.raises(MapValidationError) as err,
    ):
        read_map_bytes(data, filename)
    (p,) = err.value.problems
    assert str(p).startswith(f"{filename}: ")
    assert "pakket usandsynligt tæt" in p.message


def _directory(*sizes: int) -> mock.Mock:
    infos = []
    for i, size in enumerate(sizes):
        info = zipfile.ZipInfo(f"f{i}.csv")
        info.file_size, info.compress_size = size, size
        infos.append(info)
    zf = mock.Mock(spec=zipfile.ZipFile)
    zf.infolist.return_value = infos
    return zf


def test_over_100_mb_unpacked_in_total_is_refused() -> None:
    safety.ensure_safe_zip(_directory(*[1 << 20] * 100), "kort.zip")  # exactly 100 MB passes
    with pytest.raises(
        MapValidationError,
        match=r"kort.zip: arkivet fylder for meget udpakket \(101 MB; højst 100 MB\)",
    ):
        safety.ensure_safe_zip(_directory(*[1 << 20] * 101), "kort.zip")


def test_one_member_over_60_mb_is_refused() -> None:
    safety.ensure_safe_zip(_directory(60 << 20), "kort.zip")
    with pytest.raises(
        MapValidationError,
        match=r'kort.zip: "f0.csv" fylder for meget udpakket \(61 MB; højst 60 MB pr. fil\)',
    ):
        safety.ensure_safe_zip(_directory(61 << 20), "kort.zip")


def test_national_scale_synthetic_map_imports_as_zip(tmp_path: Path) -> None:
    m = generate_map(98)
    write_map(m, tmp_path / "danmark.zip")
    assert read_map(tmp_path / "danmark.zip", name=m.name) == m


def test_too_much_unpacked_in_total_is_refused() -> None:
    # many members, each below the ratio rule's 1 MB floor but 220 MB together
    infos = []
    for i in range(220):
        info = zipfile.ZipInfo(f"f{i}.csv")
        info.file_size, info.compress_size = 1 << 20, 1 << 20
        infos.append(info)
    zf = mock.Mock(spec=zipfile.ZipFile)
    zf.infolist.return_value = infos
    with pytest.raises(MapValidationError, match="fylder for meget udpakket"):
        safety.ensure_safe_zip(zf, "kort.zip")


def test_too_many_members_are_refused() -> None:
    data = zip_of({f"x{i}.txt": b"" for i in range(1001)} | {"units.csv": b"id,name\n"})
    with pytest.raises(MapValidationError, match=r"for mange filer \(1002; højst 1000\)"):
        read_map_bytes(data, "kort.zip")


@pytest.mark.parametrize(
    "name", ["../units.csv", "/etc/units.csv", "a/../../units.csv", "C:/units.csv"]
)
def test_paths_leaving_the_folder_are_refused(name: str) -> None:
    data = zip_of({name: b"id,name\na,A\n"})
    with pytest.raises(MapValidationError, match="ugyldig sti"):
        read_map_bytes(data, "kort.zip")


def test_big_files_are_refused_up_front(tmp_path: Path) -> None:
    path = tmp_path / "stor.json"
    with path.open("wb") as f:
        f.truncate(51 * 1024 * 1024)  # sparse: takes no disk space
    with (
        mock.patch.object(Path, "read_bytes", side_effect=AssertionError("read")),
        pytest.raises(MapValidationError, match=r"stor.json: filen er for stor \(51 MB"),
    ):
        read_map(path)


def test_big_upload_is_refused() -> None:
    with pytest.raises(MapValidationError, match="for stor"):
        read_map_bytes(b" " * (50 * 1024 * 1024 + 1), "kort.json")


def test_normal_files_pass_the_checks() -> None:
    for fmt in ("xlsx", "zip"):
        data = map_to_bytes(small_map(), fmt)  # type: ignore[arg-type]
        assert read_map_bytes(data, f"kort.{fmt}") == small_map()


def test_xml_entities_in_a_workbook_are_refused() -> None:
    good = map_to_bytes(small_map(), "xlsx")
    src = zipfile.ZipFile(io.BytesIO(good))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(
                    b"<worksheet",
                    b'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><worksheet',
                    1,
                )
            out.writestr(info, data)
    with pytest.raises(MapValidationError) as err:
        read_map_bytes(buf.getvalue(), "kort.xlsx")
    (p,) = err.value.problems
    assert str(p).startswith("kort.xlsx: Excel-filen indeholder XML-konstruktioner")


def test_a_lying_zip_directory_fails_instead_of_exploding() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("units.csv", b"id,name\n" + b"a,A\n" * 500_000)  # 2 MB, ratio > 100
    data = bytearray(buf.getvalue())
    # claim 1,000 bytes unpacked in both the local header and the central directory
    data[22:26] = struct.pack("<I", 1000)
    cd = data.find(b"PK\x01\x02")
    data[cd + 24 : cd + 28] = struct.pack("<I", 1000)
    with pytest.raises(MapValidationError, match=r"kort\.zip: kan ikke pakke units\.csv ud"):
        read_map_bytes(bytes(data), "kort.zip")
