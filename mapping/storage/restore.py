"""Restore: an SQLite copy, or a JSON backup folder. All or nothing, checked first.

A JSON folder is read whole before anything is written: the manifest, every
map file it names (only files inside the folder) and every map's settings.
Then all maps are created in one transaction. An SQLite copy is accepted only
when its schema objects (tables, indexes, triggers, views) are exactly those
the migrations create at its revision, so a file cannot bring its own triggers
or views into the database.
"""

from __future__ import annotations

import functools
import json
import os
import re
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert
from sqlalchemy.exc import IntegrityError

from mapping.model import Map
from mapping.settings import Settings
from mapping.storage import schema as s
from mapping.storage.access import Actor, check_admin, normalise_principal, normalise_role
from mapping.storage.backup import MANIFEST, _copy, open_readonly, refuse_live, sqlite_path
from mapping.storage.engine import write_tx
from mapping.storage.errors import MapNameTakenError, StorageError
from mapping.storage.maps import check_name, insert_map, list_maps
from mapping.storage.settings_store import settings_from_values, write_settings

SQLITE_MAGIC = b"SQLite format 3\x00"
KIND_DA = {"table": "tabel", "index": "indeks", "trigger": "trigger", "view": "view"}


class RestoreError(StorageError):
    """A backup cannot be restored; ``problems`` lists every reason, ``source`` names it."""

    def __init__(self, source: Path, problems: list[str]) -> None:
        super().__init__(
            f"{source}: {len(problems)} problem(er); intet er gendannet: " + " | ".join(problems),
            f"{source}: {len(problems)} problem(s); nothing was restored: " + " | ".join(problems),
        )
        self.source = str(source)
        self.problems = problems


def is_sqlite_file(path: Path) -> bool:
    if not path.is_file():
        return False
    with path.open("rb") as f:
        return f.read(16) == SQLITE_MAGIC


# --- SQLite ------------------------------------------------------------------------------


def _normal_sql(sql: str | None) -> str:
    """SQL text without quoting and layout, so only a real difference counts."""
    if not sql:
        return ""
    out = re.sub(r"[\"`\[\]]", "", sql.lower())
    out = re.sub(r"\s+", " ", out)
    return re.sub(r"\s*([(),])\s*", r"\1", out).strip()


Schema = frozenset[tuple[str, str, str, str]]  # (type, name, table, normalised SQL)


def _schema(conn: sqlite3.Connection) -> Schema:
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    # sqlite_stat* hold SQLite's own planner statistics (ANALYZE), never our objects.
    return frozenset(
        (kind, name, table, _normal_sql(sql))
        for kind, name, table, sql in rows
        if not name.startswith("sqlite_stat")
    )


@functools.lru_cache(maxsize=8)
def expected_schema(revision: str) -> Schema:
    """The schema objects of an empty SQLite database migrated to ``revision``."""
    from mapping.storage.engine import create_storage_engine
    from mapping.storage.migrate import upgrade

    with tempfile.TemporaryDirectory(prefix="helhedskort-schema-") as folder:
        path = Path(folder) / "schema.sqlite3"
        engine = create_storage_engine(f"sqlite:///{path.as_posix()}")
        try:
            upgrade(engine, revision)
        finally:
            engine.dispose()
        conn = sqlite3.connect(path)
        try:
            return _schema(conn)
        finally:
            conn.close()


def _schema_difference(found: Schema, expected: Schema) -> list[str]:
    """Danish descriptions of what differs (extra, missing or changed objects)."""
    by_name = {(k, n): sql for k, n, _, sql in expected}
    got = {(k, n): sql for k, n, _, sql in found}
    out = []
    for kind, name in sorted(got.keys() - by_name.keys()):
        out.append(f"ekstra {KIND_DA.get(kind, kind)} {name!r}")
    for kind, name in sorted(by_name.keys() - got.keys()):
        out.append(f"mangler {KIND_DA.get(kind, kind)} {name!r}")
    for kind, name in sorted(got.keys() & by_name.keys()):
        if got[(kind, name)] != by_name[(kind, name)]:
            out.append(f"ændret {KIND_DA.get(kind, kind)} {name!r}")
    return out


def check_sqlite_source(src: Path) -> None:
    """Refuse ``src`` unless it is a Helhedskort database, exactly as the migrations made it.

    Read-only: the file is opened with ``mode=ro`` and never changed. Checked:
    a schema revision this program knows, SQLite's own consistency check, and
    every table, index, trigger and view against an empty database migrated
    to the same revision.
    """
    from mapping.storage.migrate import known_revisions

    def refuse(da: str, en: str) -> StorageError:
        return StorageError(
            f"{src}: {da}; intet er gendannet, og databasen er uændret.",
            f"{src}: {en}; nothing was restored and the database is unchanged.",
        )

    try:
        conn = open_readonly(src)
        try:
            found = _schema(conn)
            names = {n for k, n, _, _ in found if k == "table"}
            revs = (
                [r[0] for r in conn.execute("SELECT version_num FROM alembic_version")]
                if "alembic_version" in names
                else []
            )
            check = conn.execute("PRAGMA quick_check").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise refuse(
            f"kan ikke læses som SQLite ({exc})", f"cannot be read as SQLite ({exc})"
        ) from None
    if "maps" not in names or len(revs) != 1:
        raise refuse(
            "er ikke en Helhedskort-database (tabellen maps eller versionsmærket mangler)",
            "is not a Helhedskort database (the maps table or the version stamp is missing)",
        )
    if revs[0] not in known_revisions():
        raise refuse(
            f"har skemaversion {revs[0]}, som dette program ikke kender "
            "(lavet af en nyere version?)",
            f"has schema revision {revs[0]}, unknown to this program (made by a newer version?)",
        )
    if check is None or check[0] != "ok":
        detail = check[0] if check else "?"
        raise refuse(f"er beskadiget ({detail})", f"is damaged ({detail})")
    diff = _schema_difference(found, expected_schema(revs[0]))
    if diff:
        shown = ", ".join(diff[:8]) + (f" og {len(diff) - 8} mere" if len(diff) > 8 else "")
        raise refuse(
            f"har et andet skema end en Helhedskort-database ved version {revs[0]}: {shown}",
            f"has a different schema from a Helhedskort database at revision {revs[0]}: {shown}",
        )


def restore_sqlite(engine: Engine, src: Path, author: Actor = "") -> None:
    """Replace the SQLite database's whole content with the backup file ``src``.

    ``src`` is copied to a private temporary file first and that copy is
    checked (:func:`check_sqlite_source`), so what is checked is what is
    restored; the target is untouched when the check fails. An older schema
    is migrated. The instance administrator's right.
    """
    check_admin(engine, author, "restore")
    if engine.dialect.name != "sqlite":
        raise StorageError(
            "En SQLite-kopi kan kun gendannes i en SQLite-database; brug en JSON-kopi.",
            "An SQLite copy can only be restored into an SQLite database; use a JSON backup.",
        )
    live = Path(sqlite_path(engine))
    refuse_live(
        src, live, "den kan ikke gendannes fra sig selv", "it cannot be restored from itself"
    )
    check_sqlite_source(src)  # a clear message before anything is copied
    fd, name = tempfile.mkstemp(prefix=f".{live.name}.restore.", suffix=".tmp", dir=live.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        _copy(str(src), str(tmp), readonly=True)
        try:
            check_sqlite_source(tmp)
        except StorageError:
            raise StorageError(
                f"{src}: filen blev ændret, mens den blev læst; intet er gendannet, "
                "og databasen er uændret.",
                f"{src}: the file changed while it was read; nothing was restored "
                "and the database is unchanged.",
            ) from None
        engine.dispose()  # no pooled connection may hold the old file open mid-restore
        _copy(str(tmp), str(live))
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    from mapping.storage.migrate import upgrade

    upgrade(engine)


# --- JSON folder -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    name: str
    path: Path
    settings: Settings
    map: Map
    members: tuple[tuple[str, str], ...] = ()  # (principal, role)


def _manifest(folder: Path) -> tuple[Path, list[Any]]:
    path = folder / MANIFEST
    if not path.is_file():
        raise StorageError(
            f"{folder}: ingen {MANIFEST}; er det en sikkerhedskopi fra helhedskort db backup? "
            "Intet er gendannet.",
            f"{folder}: no {MANIFEST}; is this a backup made by helhedskort db backup? "
            "Nothing was restored.",
        )
    if not path.resolve().is_relative_to(folder.resolve()):
        raise RestoreError(path, [f"{MANIFEST} peger uden for mappen {folder}"])
    try:
        data = json.loads(path.read_text("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise RestoreError(path, [f"er ikke gyldig JSON ({exc})"]) from None
    maps = data.get("maps") if isinstance(data, dict) else None
    if not isinstance(maps, list):
        raise RestoreError(path, ["listen 'maps' mangler"])
    return path, maps


def _inside(root: Path, named: str) -> Path | None:
    """The file ``named`` (relative to ``root``) when it lies inside ``root``, else None.

    Resolved first, so ``..``, absolute paths and symlinks pointing out all count as outside.
    """
    p = Path(named)
    if p.is_absolute():
        return None
    resolved = (root / p).resolve()
    return resolved if resolved.is_relative_to(root) else None


def read_backup(folder: Path) -> list[_Entry]:
    """Every map of a JSON backup, read and validated; nothing is written.

    Raises :class:`RestoreError` listing every problem found in the manifest,
    the map files and the settings.
    """
    from mapping.readwrite import MapValidationError, read_map

    _, maps = _manifest(folder)
    root = folder.resolve()
    problems: list[str] = []
    entries: list[_Entry] = []
    seen: set[str] = set()
    for n, raw in enumerate(maps, 1):
        if not isinstance(raw, dict) or not all(
            isinstance(raw.get(k), str) and raw[k].strip() for k in ("name", "file")
        ):
            problems.append(f"{MANIFEST}, kort nr. {n}: skal have et navn og en fil (tekst)")
            continue
        name, named = check_name(raw["name"]), raw["file"]
        if name in seen:
            problems.append(f"{MANIFEST}: kortet {name!r} står der flere gange")
        seen.add(name)
        file = _inside(root, named)
        if file is None:
            problems.append(
                f"{MANIFEST}: kortet {name!r} peger på {named!r}, som ligger uden for "
                f"sikkerhedskopiens mappe {folder}; kun filer i mappen læses"
            )
            continue
        if not file.is_file():
            problems.append(f"{MANIFEST}: kortet {name!r}: filen {named!r} findes ikke")
            continue
        values = raw.get("settings") or {}
        try:
            if not isinstance(values, dict):
                raise ValueError(f"{values!r} er ikke en liste af navne og værdier")
            settings = settings_from_values(values)
        except ValueError as exc:
            problems.append(f"{MANIFEST}: kortet {name!r}, indstillinger: {exc}")
            settings = Settings()
        members = []
        raw_members = raw.get("members") or []
        for i, mem in enumerate(raw_members if isinstance(raw_members, list) else [None], 1):
            try:
                if not isinstance(mem, dict):
                    raise StorageError("skal have principal og role", "needs principal and role")
                members.append(
                    (normalise_principal(str(mem.get("principal"))), normalise_role(mem["role"]))
                )
            except (StorageError, KeyError, TypeError) as exc:
                problems.append(f"{MANIFEST}: kortet {name!r}, medlem nr. {i}: {exc}")
        try:
            m = read_map(file, name=name)
        except MapValidationError as exc:
            problems += [
                p.text() if named in p.text() or file.name in p.text() else f"{named}: {p.text()}"
                for p in exc.problems
            ]
            continue
        except OSError as exc:
            problems.append(f"{named}: kan ikke læses ({exc.strerror or exc})")
            continue
        entries.append(_Entry(name, file, settings, m, tuple(members)))
    if problems:
        raise RestoreError(folder, problems)
    return entries


def restore_json(engine: Engine, folder: Path, author: Actor = "") -> list[str]:
    """Create every map of a JSON backup in one transaction: all of them, or none.

    Everything is read and checked first (:func:`read_backup`); a map whose
    name exists already is refused. Members come back with their maps. The
    instance administrator's right.
    """
    author = check_admin(engine, author, "restore").author
    entries = read_backup(folder)
    existing = {i.name for i in list_maps(engine, counts=False)}
    clash = [e.name for e in entries if e.name in existing]
    if clash:
        raise StorageError(
            "Kortene findes allerede i databasen: " + ", ".join(clash) + ". Intet er gendannet.",
            "These maps already exist in the database: "
            + ", ".join(clash)
            + ". Nothing was restored.",
        )
    try:
        with write_tx(engine) as conn:
            for e in entries:
                lock = insert_map(conn, e.name, e.map, author)
                write_settings(conn, lock, e.settings.to_dict(), author)
                rows = [
                    {"map_id": lock.map_id, "principal": p, "role": r}
                    | {"added_at": lock.at, "added_by": author}
                    for p, r in dict(e.members).items()
                ]
                if rows:
                    conn.execute(insert(s.map_members), rows)
    except IntegrityError:  # someone created one of the names meanwhile
        raise MapNameTakenError(", ".join(e.name for e in entries)) from None
    return [e.name for e in entries]
