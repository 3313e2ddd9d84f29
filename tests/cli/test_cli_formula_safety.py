"""Every CSV the command line writes (gap list and map tables) neutralises formula text.

Records start with each character a spreadsheet may take for a formula. The
test also checks that such cells really occur in every file, each with the
apostrophe in front, so that dropping the prefix anywhere makes it fail.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from mapping.cli import main
from mapping.model import CitizenGroup, Map, Relation, Service, Unit
from mapping.readwrite import read_map, write_map

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
ID_TRIGGERS = ("=", "+", "-", "@")  # an id may not start with white space


def hostile_map() -> Map:
    # "+u"/"-u" lead the gap list's unit lists, "=g" its groups, "@dir" who acts
    units = [Unit("@dir", "Direktion")]
    units += [
        Unit(
            f"{t}u",
            f"{t}Enhed {i}",
            sector=f"{t}sektor",
            parent_id="@dir",
            leader=f"{t}leder",
            description=f"{t}beskrivelse",
        )
        for i, t in enumerate(ID_TRIGGERS)
    ]
    units += [
        Unit(f"w{i}", f"{t}Enhed", parent_id="@dir", description=f"{t}=1+1")
        for i, t in enumerate(("\t", "\r"))
    ]
    group = CitizenGroup("=g", "=Gruppe", description="\t=HYPERLINK()")
    services = tuple(Service(u.id, group.id, goal=f"{u.id}mål", paradigm=u.id) for u in units[1:5])
    relations = tuple(
        Relation(units[i].id, units[i + 1].id, 2.0, note=TRIGGERS[i] + "note") for i in range(1, 6)
    )
    return Map(
        units=tuple(units),
        citizen_groups=(group,),
        services=services,
        relations=relations,
        name="=kort",
    )


def cells(data: bytes) -> list[str]:
    text = data.decode("utf-8-sig")
    delimiter = ";" if text.split("\n", 1)[0].count(";") else ","
    return [
        c for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter) for c in row
    ]


def check(found: list[str], triggers: tuple[str, ...]) -> None:
    """No cell starts a formula, and every trigger occurred (behind its apostrophe)."""
    assert [c for c in found if c.startswith(TRIGGERS)] == []
    for t in triggers:
        assert any(c.startswith("'" + t) for c in found), f"no cell started with {t!r}"


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "kort.json"
    write_map(hostile_map(), path)
    assert read_map(path) == hostile_map()
    return path


@pytest.mark.parametrize("danish", [False, True])
def test_the_gap_csv_neutralises_every_formula_cell(
    source: Path, danish: bool, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    flag = ["--excel-danish"] if danish else []
    assert main(["gaps", str(source), "--format", "csv", "--today", "2026-11-23", *flag]) == 0
    check(cells(capsysbinary.readouterr().out), ID_TRIGGERS)


def test_the_exported_gap_csv_file_neutralises_every_formula_cell(
    source: Path, tmp_path: Path
) -> None:
    out = tmp_path / "huller.csv"
    assert main(["export", str(source), str(out)]) == 0
    check(cells(out.read_bytes()), ID_TRIGGERS)


@pytest.mark.parametrize("danish", [False, True])
def test_the_map_csv_files_neutralise_every_formula_cell(
    source: Path, tmp_path: Path, danish: bool
) -> None:
    flag = ["--excel-danish"] if danish else []
    folder = tmp_path / "kort"
    assert main(["export", str(source), f"{folder}/", *flag]) == 0
    found = [c for f in sorted(folder.glob("*.csv")) for c in cells(f.read_bytes())]
    check(found, TRIGGERS)
    assert read_map(folder, name="=kort") == hostile_map()  # the prefix is undone on reading
