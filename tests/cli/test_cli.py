"""The helhedskort command line, run as a user would."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest

from mapping.cli import main

EXAMPLE_JSON = Path(__file__).resolve().parents[2] / "data" / "example.json"

# The contract's keys, in order (docs/gap-rules.md).
FINDING_KEYS = [
    "id", "code", "severity", "acts", "title", "message", "action", "question", "units",
    "partners", "groups", "principles", "escalate_to", "escalation_level", "citizens", "details",
]  # fmt: skip


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_gaps_json_has_exactly_the_contract_keys(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, "gaps", str(EXAMPLE_JSON), "--format", "json", "--today", "2026-11-23"
    )
    assert code == 0, err
    found = json.loads(out)
    assert found, "the example municipality has findings"
    for f in found:
        assert list(f) == FINDING_KEYS
        assert f["severity"] in ("high", "medium", "low") and f["acts"] in ("local", "chain")
        assert all(isinstance(f[k], list) for k in ("units", "partners", "groups", "principles"))
        assert f["id"].startswith(f["code"] + ":") and isinstance(f["citizens"], int)
    assert len({f["id"] for f in found}) == len(found)
    ranks = {"high": 0, "medium": 1, "low": 2}
    order = [(ranks[f["severity"]], -f["citizens"], -len(f["units"]), f["id"]) for f in found]
    assert order == sorted(order)
    codes = {f["code"] for f in found}
    assert {"HK101", "HK501", "HK601"} <= codes


def test_gaps_table_and_csv(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "gaps", str(EXAMPLE_JSON), "--today", "2026-11-23")
    assert code == 0 and "HK101:" in out
    assert "Hvem handler: Ledelseskæden" in out and "Løses af: Direktionen (topledelse)" in out
    assert "Handling: " in out and "Spørgsmål: " in out and " i alt" in out
    assert "high" not in out and "Høj" in out  # severities in Danish
    code, out, _ = run(capsys, "gaps", str(EXAMPLE_JSON), "--format", "csv", "--lang", "en")
    assert code == 0
    assert out.splitlines()[0].startswith("id,code,severity,who acts,title,message")
    code, out, _ = run(capsys, "gaps", str(EXAMPLE_JSON), "--format", "csv")
    assert out.splitlines()[0].startswith("id,kode,alvor,hvem handler,titel,forklaring")
    assert ",Høj,Ledelseskæden," in out


def test_settings_override_changes_the_result(capsys: pytest.CaptureFixture[str]) -> None:
    args = ("gaps", str(EXAMPLE_JSON), "--format", "json", "--today", "2026-11-23")
    base = json.loads(run(capsys, *args)[1])
    strict = json.loads(run(capsys, *args, "--set", "leadership_span_threshold=5")[1])
    count = lambda gs: sum(g["code"] == "HK601" for g in gs)  # noqa: E731
    assert count(strict) > count(base)
    code, _, err = run(capsys, *args, "--set", "nope=1")
    assert code == 2 and "unknown setting" in err


def _bad_csv_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "units.csv").write_text(
        "id;name;parent_id;staff_count\nu1;Enhed 1;;12\nu2;Enhed 2;ghost;mange\n",
        encoding="utf-8",
    )
    return folder


def test_invalid_input_gives_every_problem_and_no_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _bad_csv_folder(tmp_path)
    for command in ("gaps", "validate"):
        code, out, err = run(capsys, command, str(folder))
        assert code == 1 and out == ""
        assert "units.csv" in err and "parent_id" in err and "staff_count" in err
        assert "3" in err  # the row of both problems
        assert "Traceback" not in err


def test_missing_file_and_bad_export_type(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "gaps", str(tmp_path / "nope.xlsx"))
    assert code == 1 and "no such file" in err
    code, _, err = run(capsys, "export", str(EXAMPLE_JSON), str(tmp_path / "x.docx"))
    assert code == 1 and "unknown export type" in err
    assert not (tmp_path / "x.docx").exists()


def test_export_round_trip_through_every_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from mapping.readwrite import read_map

    original = read_map(EXAMPLE_JSON)
    steps = [
        str(EXAMPLE_JSON),
        str(tmp_path / "a.xlsx"),
        str(tmp_path / "b.zip"),
        str(tmp_path / "csv") + "/",
        str(tmp_path / "c.json"),
    ]
    for src, dst in itertools.pairwise(steps):
        code, _, err = run(capsys, "export", src, dst)
        assert code == 0, err
    back = read_map(tmp_path / "c.json")
    assert back.replace(name="") == original.replace(name="")


def test_template_and_example(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "template", str(tmp_path / "skabelon.xlsx"))
    assert code == 0, err
    assert (tmp_path / "skabelon.xlsx").read_bytes()[:2] == b"PK"
    code, _, err = run(capsys, "example", str(tmp_path / "eks.xlsx"))
    assert code == 0, err
    code, out, _ = run(capsys, "validate", str(tmp_path / "eks.xlsx"))
    assert code == 0 and "OK" in out


def test_console_script_runs_as_a_process(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "mapping", "gaps", str(EXAMPLE_JSON), "--today", "2026-99-01"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "not a date" in proc.stderr and "Traceback" not in proc.stderr


def test_csv_for_danish_excel(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys, "export", str(EXAMPLE_JSON), str(tmp_path / "dk") + "/", "--excel-danish"
    )
    assert code == 0, err
    raw = (tmp_path / "dk" / "units.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.splitlines()[0].count(b";") >= 7
    from mapping.readwrite import read_map

    assert read_map(tmp_path / "dk").units == read_map(EXAMPLE_JSON).units
