"""The table declarations are the one place a column lives.

The docs' column tables are current, and a column added to a copy of the
declarations reaches the readers and writers, validation, the database
tables, the app's form fields, the template and the docs without another edit.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from mapping.schema import TABLES
from mapping.schema.docs import fill_column_tables

REPO = Path(__file__).resolve().parents[2]
DATA_FORMAT = REPO / "docs" / "data-format.md"


def test_the_data_format_page_shows_the_current_columns() -> None:
    page = DATA_FORMAT.read_text(encoding="utf-8")
    assert fill_column_tables(page, TABLES) == page, "run: python scripts/docs_tables.py"
    for table in TABLES:
        assert f"<!-- columns:{table} -->" in page


def test_every_column_is_documented_for_people() -> None:
    for spec in TABLES.values():
        for col in spec.columns:
            assert col.label.da and col.label.en and col.help.da and col.help.en, col.name
            assert col.example, (spec.name, col.name)
            if col.type in ("ref", "reflist"):
                assert col.refers in TABLES and col.on_delete and col.depends, col.name
            if col.type == "enum":
                assert col.enum is not None and {c.value for c in col.choices} == {
                    e.value for e in col.enum
                }


ADD_A_COLUMN = textwrap.dedent(
    """
    import dataclasses, io, json, tempfile, zipfile
    from pathlib import Path

    import mapping.schema.tables as tables
    from mapping.model import Unit
    from mapping.schema.types import Column
    from mapping.text import Text

    @dataclasses.dataclass(frozen=True, slots=True)
    class CostedUnit(Unit):
        cost_centre: str = ""

    column = Column(
        "cost_centre", "text", Text("Omkostningssted", "Cost centre"),
        Text("Enhedens omkostningssted.", "The unit's cost centre."),
        default="", note="any text", example="4711",
    )
    units = tables.TABLES["units"]
    tables.TABLES["units"] = dataclasses.replace(
        units, record=CostedUnit, columns=(*units.columns, column)
    )
    tables.RECORD_TYPES["units"] = CostedUnit

    # Nothing below this line knows about the new column except through the schema.
    from mapping.readwrite import map_to_bytes, read_map_bytes, write_template
    from mapping.readwrite.build import MapValidationError
    from mapping.schema import TABLES
    from mapping.schema.docs import column_table
    from mapping.ui.fields import FIELDS
    from mapping.validation import validate_map

    doc = {"units": [{"id": "a", "name": "A", "cost_centre": "4711"}]}
    m = read_map_bytes(json.dumps(doc).encode(), "k.json")
    assert m.units[0].cost_centre == "4711", m.units
    for fmt, name in (("xlsx", "k.xlsx"), ("zip", "k.zip"), ("json", "k.json")):
        assert read_map_bytes(map_to_bytes(m, fmt), name, name="") == m.replace(name=""), fmt
    assert b"cost_centre" in zipfile.ZipFile(io.BytesIO(map_to_bytes(m, "zip"))).read("units.csv")

    bad = m.replace(units=(CostedUnit("a", "A", cost_centre="x" * 40000),))
    assert [p.column for p in validate_map(bad)] == ["cost_centre"]
    try:
        read_map_bytes(b'{"units": [{"id": "a", "name": "A", "cost_center": "1"}]}', "k.json")
    except MapValidationError as e:
        assert 'Mente du "cost_centre"?' in str(e), str(e)
    else:
        raise AssertionError("an unknown column was accepted")

    from sqlalchemy import create_engine
    from mapping.storage import create_map, load_map
    from mapping.storage.schema import ENTITY_TABLES, metadata
    assert "cost_centre" in ENTITY_TABLES["units"].c
    engine = create_engine("sqlite:///" + str(Path(tempfile.mkdtemp()) / "k.sqlite3"))
    metadata.create_all(engine)
    mid = create_map(engine, "K", m)
    assert load_map(engine, mid).map.units == m.units

    assert "cost_centre" in [f.name for f in FIELDS["units"]]
    assert "`cost_centre`" in column_table(TABLES["units"])
    buf = io.BytesIO()
    write_template(buf)
    template = zipfile.ZipFile(buf)
    assert any(b"cost_centre" in template.read(n) for n in template.namelist())
    print("ok")
    """
)


def test_adding_a_column_is_one_declaration() -> None:
    done = subprocess.run(
        [sys.executable, "-c", ADD_A_COLUMN],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0 and done.stdout.strip().endswith("ok"), done.stderr[-3000:]
