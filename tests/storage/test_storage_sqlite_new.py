"""``db import --create`` into a new SQLite file, written without SQLAlchemy: the same
file the usual path writes, and the usual path whenever it is not sure."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import subprocess
import sys
import threading
import zlib
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from mapping.model import Unit
from mapping.readwrite import read_map
from mapping.storage import create_map, create_storage_engine, find_map, load_map, upgrade
from mapping.storage.sqlite_head import STATEMENTS
from mapping.storage.sqlite_new import create_map_file, new_file
from tests.storage.storage_samples import normal, run, sample_map

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "data" / "example.json"


def _content(path: Path) -> dict[str, object]:
    """Everything in the file but the moment of writing (and the snapshot as JSON)."""
    with sqlite3.connect(path) as conn:
        out: dict[str, object] = {
            "schema": conn.execute(
                "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid"
            ).fetchall(),
            "journal": conn.execute("PRAGMA journal_mode").fetchone(),
            "check": conn.execute("PRAGMA integrity_check").fetchone(),
            "orphans": conn.execute("PRAGMA foreign_key_check").fetchall(),
        }
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for t in tables:
            cols = [r[1] for r in conn.execute(f'PRAGMA table_info("{t}")')]
            shown = ", ".join(
                f'typeof("{c}")'
                if c in ("at", "created_at", "updated_at", "snapshot")
                else f'"{c}"'
                for c in cols
            )
            out[t] = conn.execute(f'SELECT {shown} FROM "{t}" ORDER BY rowid').fetchall()
        moments = conn.execute("SELECT created_at, updated_at FROM maps").fetchall()
        out["moments"] = [
            a == b == at
            for (a, b), (at,) in zip(moments, conn.execute("SELECT at FROM changes"), strict=True)
        ]
        out["snapshot"] = [
            json.loads(zlib.decompress(s)) for (s,) in conn.execute("SELECT snapshot FROM changes")
        ]
    conn.close()
    return out


def _create_example(db: Path) -> int:
    """``db import --create`` of the example map, called E, into ``db``."""
    return run(
        "db", "import", str(EXAMPLE), "--map", "E", "--create", "--database", f"sqlite:///{db}"
    )


def test_a_new_file_is_the_file_the_usual_path_writes(tmp_path: Path) -> None:
    fast, usual = tmp_path / "fast.sqlite3", tmp_path / "usual.sqlite3"
    assert _create_example(fast) == 0
    assert run("db", "list", "--database", f"sqlite:///{usual}") == 0  # exists: the usual path
    assert _create_example(usual) == 0
    got, want = _content(fast), _content(usual)
    assert got == want
    assert got["journal"] == ("wal",) and got["moments"] == [True] and got["orphans"] == []
    assert not any(Path(f"{fast}{end}").exists() for end in ("-journal", "-wal", "-shm"))
    engine = create_storage_engine(f"sqlite:///{fast}")
    assert load_map(engine, find_map(engine, "E")).map == read_map(EXAMPLE).replace(name="E")
    engine.dispose()


def test_the_command_loads_no_sqlalchemy_and_ends_with_the_file_complete(tmp_path: Path) -> None:
    path = tmp_path / "ny.sqlite3"
    probe = (
        "import sys\nfrom mapping.cli import main\ncode = main(sys.argv[1:])\n"
        "print(code, sorted(m for m in ('sqlalchemy', 'alembic') if m in sys.modules))"
    )
    args = [
        "db",
        "import",
        str(EXAMPLE),
        "--map",
        "E",
        "--create",
        "--database",
        f"sqlite:///{path}",
    ]
    out = subprocess.run(
        [sys.executable, "-c", probe, *args], cwd=REPO, capture_output=True, text=True,
        timeout=120, check=True,
    )  # fmt: skip
    assert out.stdout.splitlines()[-1] == "0 []"
    # As a process it ends at once after closing the file: the message is out, the file whole.
    again = tmp_path / "igen.sqlite3"
    args[-1] = f"sqlite:///{again}"
    done = subprocess.run(
        [sys.executable, "-m", "mapping", *args], cwd=REPO, capture_output=True, text=True,
        timeout=120, check=True,
    )  # fmt: skip
    assert done.stdout == f"Oprettede kortet 'E' fra {EXAMPLE}.\n"
    assert _content(again)["check"] == ("ok",)
    assert not any(Path(f"{again}{end}").exists() for end in ("-journal", "-wal", "-shm"))


@pytest.mark.parametrize(
    "url",
    ["sqlite:///rel/a b.db", "sqlite:///{tmp}/æø å.sqlite3", "sqlite:///{tmp}/x+y.db"],
)
def test_a_plain_url_names_the_file_the_engine_opens(
    url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rel").mkdir()
    url = url.format(tmp=tmp_path)
    assert new_file(url) == Path(str(make_url(url).database))


def test_only_a_missing_plain_file_is_new(tmp_path: Path) -> None:
    taken = tmp_path / "taken.sqlite3"
    taken.write_bytes(b"")
    Path(f"{tmp_path / 'hot.sqlite3'}-journal").write_bytes(b"")
    for url in (
        f"sqlite:///{taken}",  # exists (even empty)
        f"sqlite:///{tmp_path / 'hot.sqlite3'}",  # a journal left behind
        f"sqlite:///{tmp_path / 'missing' / 'x.sqlite3'}",  # no folder: the usual message
        f"sqlite:///{tmp_path / 'a'}?mode=rwc",
        f"sqlite:///{tmp_path / 'a%20b'}",
        "sqlite:///:memory:",
        "sqlite://",
        "postgresql://u@h/db",
    ):
        assert new_file(url) is None, url
    assert new_file(f"sqlite:///{tmp_path / 'new.sqlite3'}") == tmp_path / "new.sqlite3"


def test_what_it_cannot_write_is_left_to_the_usual_path(tmp_path: Path) -> None:
    # A bad name: nothing is written, not even the file.
    assert not create_map_file(tmp_path / "a.sqlite3", "   ", sample_map())
    assert not (tmp_path / "a.sqlite3").exists()
    # Text SQLite's JSON reader would change (a map marked checked, as a file's map is).
    nul = sample_map().replace(units=(*sample_map().units, Unit("nul", "a\x00b")))
    nul = dataclasses.replace(nul, validated=True)
    path = tmp_path / "b.sqlite3"
    assert not create_map_file(path, "B", nul)
    with sqlite3.connect(path) as conn:  # rolled back: a file SQLite sees as new
        assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone() == (0,)
    conn.close()
    engine = create_storage_engine(f"sqlite:///{path}")
    upgrade(engine)
    mid = create_map(engine, "B", nul)
    assert load_map(engine, mid).map == normal(nul, "B")
    engine.dispose()


def test_a_second_writer_waits_and_then_leaves_the_file_to_the_usual_path(tmp_path: Path) -> None:
    path = tmp_path / "two.sqlite3"
    first = sqlite3.connect(path, isolation_level=None)
    first.execute("BEGIN IMMEDIATE")
    for sql in STATEMENTS:
        first.execute(sql)
    result: list[bool] = []
    second = threading.Thread(
        target=lambda: result.append(create_map_file(path, "B", sample_map()))
    )
    second.start()
    second.join(0.3)
    assert second.is_alive()  # waiting on the first writer's lock
    first.execute("COMMIT")
    first.close()
    second.join(60)
    assert result == [False]
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM maps").fetchone() == (0,)
    conn.close()


def test_the_package_loads_its_names_lazily_and_history_stays_the_function() -> None:
    import mapping.storage as storage

    for name in storage.__all__:
        module = storage._SOURCE[name]
        assert getattr(storage, name) is getattr(
            __import__(f"mapping.storage.{module}", fromlist=[name]), name
        )
    assert set(storage._SOURCE) == set(storage.__all__)
    probe = (
        "import mapping.storage.history, mapping.storage as s, types\n"
        "print(callable(s.history) and not isinstance(s.history, types.ModuleType))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, timeout=60,
        check=True,
    )  # fmt: skip
    assert out.stdout.strip() == "True"


def test_its_settings_are_the_engines() -> None:
    from mapping.storage import engine, sqlite_new

    assert sqlite_new.BUSY_TIMEOUT_S * 1000 == engine.BUSY_TIMEOUT_MS
    assert sqlite_new.BULK_CACHE_KIB == engine.BULK_CACHE_KIB
