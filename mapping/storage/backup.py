"""Backup and restore: SQLite's online backup API, or every map as interchange JSON.

The JSON form works for both databases: a folder with one ``<id>.json`` per map
(written by :func:`mapping.readwrite.write_map`) and ``manifest.json`` holding
the map names and settings. Restoring it recreates each map identically (the
history of the restored database starts at the restore).
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import tempfile
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from mapping.storage.errors import StorageError
from mapping.storage.maps import create_map, list_maps, load_map
from mapping.storage.settings_store import (
    load_settings,
    load_stored_settings,
    save_settings,
    settings_from_values,
)

MANIFEST = "manifest.json"
SQLITE_MAGIC = b"SQLite format 3\x00"


def _sqlite_path(engine: Engine) -> str:
    return str(make_url(str(engine.url)).database)


def _copy(source: str, target: str) -> None:
    src = sqlite3.connect(source, timeout=30)
    try:
        out = sqlite3.connect(target, timeout=30)
        try:
            src.backup(out)
        finally:
            out.close()
    finally:
        src.close()


# SQLite keeps committed data in these companions of the database file as well.
COMPANIONS = ("", "-wal", "-shm", "-journal")


def _is_live(path: Path, live: Path) -> bool:
    """True when ``path`` is the live database or one of its companions, by any route.

    Compares the files themselves (device and inode, so symlinks, hard links,
    ``..`` and relative paths all count) and, for a companion that does not
    exist at the moment, the resolved path.
    """
    for suffix in COMPANIONS:
        twin = Path(f"{live}{suffix}")
        try:
            if path.exists() and twin.exists() and os.path.samefile(path, twin):
                return True
        except OSError:
            pass
        if path.resolve() == twin.resolve():
            return True
    return False


def refuse_live(path: Path, live: Path, what_da: str, what_en: str) -> None:
    """Raise when ``path`` is the live SQLite database (see :func:`_is_live`)."""
    if _is_live(path, live):
        raise StorageError(
            f"{path}: er selve databasen ({live}) i brug; {what_da} kan ikke bruge den. "
            "Vælg en anden fil. Databasen er uændret.",
            f"{path}: is the live database ({live}) itself; {what_en} cannot use it. "
            "Choose another file. The database is unchanged.",
        )


def backup_sqlite(engine: Engine, dst: Path) -> None:
    """Copy a live SQLite database to ``dst`` with the online backup API (consistent copy).

    The copy is written to a temporary file in ``dst``'s folder and renamed into
    place only when complete: an existing ``dst`` is replaced in one step or, if
    anything fails, left as it was. ``dst`` may not be the live database itself.
    """
    if engine.dialect.name != "sqlite":
        raise StorageError(
            "Databasen er ikke SQLite; brug en JSON-sikkerhedskopi (en mappe).",
            "The database is not SQLite; use a JSON backup (a folder).",
        )
    live = Path(_sqlite_path(engine))
    refuse_live(dst, live, "sikkerhedskopien", "the backup")
    if dst.is_dir():
        raise StorageError(
            f"{dst}: er en mappe; angiv en fil til SQLite-kopien (eller brug --format json).",
            f"{dst}: is a folder; give a file for the SQLite copy (or use --format json).",
        )
    folder = dst.parent
    if not folder.is_dir():
        raise StorageError(
            f"{dst}: mappen {folder} findes ikke; opret den først.",
            f"{dst}: the folder {folder} does not exist; create it first.",
        )
    fd, tmp_name = tempfile.mkstemp(prefix=f".{dst.name}.", suffix=".tmp", dir=folder)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        # mkstemp makes the file private; the copy holds the same data as the live file,
        # so it gets the same access.
        os.chmod(tmp, stat.S_IMODE(live.stat().st_mode))
        _copy(str(live), str(tmp))
        with tmp.open("rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, dst)
    finally:
        tmp.unlink(missing_ok=True)


def backup_json(engine: Engine, folder: Path) -> list[str]:
    """Write every map to ``folder`` as JSON plus a manifest; returns the map names."""
    from mapping.readwrite import write_map

    folder.mkdir(parents=True, exist_ok=True)
    entries = []
    for info in list_maps(engine):
        stored = load_map(engine, info.id)
        filename = f"{info.id}.json"
        write_map(stored.map, folder / filename)
        settings = load_settings(engine, info.id).to_dict()
        entries.append({"name": info.name, "file": filename, "settings": settings})
    manifest = {"format": "helhedskort-backup", "version": 1, "maps": entries}
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), "utf-8")
    return [e["name"] for e in entries]


def is_sqlite_file(path: Path) -> bool:
    if not path.is_file():
        return False
    with path.open("rb") as f:
        return f.read(16) == SQLITE_MAGIC


def check_sqlite_source(src: Path) -> None:
    """Refuse ``src`` unless it is a Helhedskort database at a migration this version knows.

    Read-only: the file is opened with ``mode=ro`` and never changed.
    """
    from mapping.storage.migrate import known_revisions

    def refuse(da: str, en: str) -> StorageError:
        return StorageError(
            f"{src}: {da}; intet er gendannet, og databasen er uændret.",
            f"{src}: {en}; nothing was restored and the database is unchanged.",
        )

    try:
        conn = sqlite3.connect(f"{src.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
        try:
            names = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            revs = (
                [r[0] for r in conn.execute("SELECT version_num FROM alembic_version")]
                if "alembic_version" in names
                else []
            )
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise refuse(
            f"kan ikke læses som SQLite ({exc})", f"cannot be read as SQLite ({exc})"
        ) from None
    if "maps" not in names or not revs:
        raise refuse(
            "er ikke en Helhedskort-database (tabellen maps eller versionsmærket mangler)",
            "is not a Helhedskort database (the maps table or the version stamp is missing)",
        )
    unknown = [r for r in revs if r not in known_revisions()]
    if unknown:
        raise refuse(
            f"har skemaversion {', '.join(unknown)}, som dette program ikke kender "
            "(lavet af en nyere version?)",
            f"has schema revision {', '.join(unknown)}, unknown to this program "
            "(made by a newer version?)",
        )


def restore_sqlite(engine: Engine, src: Path) -> None:
    """Replace the SQLite database's whole content with the backup file ``src``.

    ``src`` is checked first (:func:`check_sqlite_source`); the target is
    untouched when it is not a Helhedskort database. An older schema is migrated.
    """
    if engine.dialect.name != "sqlite":
        raise StorageError(
            "En SQLite-kopi kan kun gendannes i en SQLite-database; brug en JSON-kopi.",
            "An SQLite copy can only be restored into an SQLite database; use a JSON backup.",
        )
    refuse_live(src, Path(_sqlite_path(engine)), "gendannelsen", "the restore")
    check_sqlite_source(src)
    engine.dispose()  # no pooled connection may hold the old file open mid-restore
    _copy(str(src), _sqlite_path(engine))
    from mapping.storage.migrate import upgrade

    upgrade(engine)


def restore_json(engine: Engine, folder: Path, author: str = "") -> list[str]:
    """Create every map of a JSON backup; a map whose name exists already is refused."""
    from mapping.readwrite import read_map

    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        raise StorageError(
            f"{folder}: ingen {MANIFEST}; er det en sikkerhedskopi fra helhedskort db backup?",
            f"{folder}: no {MANIFEST}; is this a backup made by helhedskort db backup?",
        )
    manifest = json.loads(manifest_path.read_text("utf-8"))
    existing = {i.name for i in list_maps(engine)}
    clash = [e["name"] for e in manifest["maps"] if e["name"] in existing]
    if clash:
        raise StorageError(
            "Kortene findes allerede i databasen: " + ", ".join(clash),
            "These maps already exist in the database: " + ", ".join(clash),
        )
    names = []
    for entry in manifest["maps"]:
        m = read_map(folder / entry["file"], name=entry["name"])
        mid = create_map(engine, entry["name"], m, author)
        wanted = settings_from_values(entry.get("settings", {}))
        save_settings(engine, mid, wanted, author, base=load_stored_settings(engine, mid))
        names.append(entry["name"])
    return names
