"""Lean commands: reading and analysing a map loads no table, plotting or database library.

Each of pandas, numpy, igraph, matplotlib, openpyxl and SQLAlchemy costs a
tenth of a second to seconds to import; a small CLI run must not pay for the
ones it does not use. Run in a fresh interpreter, so nothing is loaded yet.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = "data/example.json"
HEAVY = ("pandas", "numpy", "igraph", "matplotlib", "openpyxl", "sqlalchemy", "streamlit")
PROBE = """
import contextlib, io, json, sys
from mapping.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(sys.argv[1:])
print(json.dumps([code, sorted(m for m in {heavy!r} if m in sys.modules)]))
"""


@pytest.mark.parametrize(
    "args",
    [
        ["gaps", "data/example.json"],
        ["validate", "data/example.json"],
        ["export", "data/example.json", "{tmp}/copy.json"],
    ],
)
def test_reading_and_analysing_a_json_map_imports_no_heavy_library(args, tmp_path) -> None:
    argv = [a.format(tmp=tmp_path) for a in args]
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *argv],
        cwd=REPO, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    code, loaded = json.loads(out.stdout.strip().splitlines()[-1])
    assert code == 0
    assert loaded == []


def test_db_commands_on_a_migrated_database_do_not_import_alembic(tmp_path) -> None:
    # Alembic (with Mako and Pygments) is only needed to migrate; a database already
    # at the newest revision is recognised without it.
    from mapping.cli import main

    db = f"sqlite:///{tmp_path / 'h.sqlite3'}"
    example = str(REPO / "data" / "example.json")
    assert main(["db", "import", example, "--map", "E", "--create", "--database", db]) == 0
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=("alembic", "mako", "pygments")),
         "db", "export", "E", str(tmp_path / "e.json"), "--database", db],
        cwd=REPO, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    code, loaded = json.loads(out.stdout.strip().splitlines()[-1])
    assert code == 0
    assert loaded == []
    assert (tmp_path / "e.json").stat().st_size > 1000


def test_a_one_shot_run_loads_inspect_only_when_something_reads_from_it(tmp_path) -> None:
    # dataclasses imports inspect (and ast, dis, tokenize) for one thing our classes never
    # need; the gaps command as a process leaves it unloaded and prints the same findings.
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "mapping.cli", "gaps", "data/example.json",
         "--format", "json"],
        cwd=REPO, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    loaded = {line.rsplit("|", 1)[-1].strip() for line in run.stderr.splitlines()}
    assert "dataclasses" in loaded and "mapping.gaps" in loaded
    assert not loaded & {"inspect", "ast", "dis", "tokenize"}
    # Nor typing: the modules a gaps run loads import it only for the type checker.
    assert "typing" not in loaded
    from mapping.gaps import find_findings
    from mapping.readwrite import read_map

    findings = json.loads(run.stdout)
    assert [f["id"] for f in findings] == [f.id for f in find_findings(read_map(REPO / EXAMPLE))]
    # The first read from the stand-in loads the real module, for its holders and anyone else.
    probe = """
import sys
sys.argv = ["helhedskort", "export", "data/example.json", sys.argv[1]]
from mapping.cli import main
main()
stand_in = sys.modules["inspect"]
print(type(stand_in).__name__, "ast" in sys.modules)
import dataclasses
print(dataclasses.inspect.signature(divmod), "ast" in sys.modules)
import inspect
same_file = inspect.getfile(inspect) == stand_in.__file__
print(inspect is sys.modules["inspect"], inspect.isclass(int), same_file)
"""
    out = subprocess.run(
        [sys.executable, "-c", probe, str(tmp_path / "copy.json")],
        cwd=REPO, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    assert out.stdout.splitlines()[-3:] == [
        "_LoadedOnUse False",
        "(x, y, /) True",
        "True True True",
    ]
