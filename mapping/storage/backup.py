"""Backup: SQLite's online backup API, or every map as interchange JSON.

The JSON form works for both databases: a folder with one ``<id>.json`` per map
(written by :func:`mapping.readwrite.write_map`) and ``manifest.json`` holding
the map names and settings. :mod:`.restore` reads both back.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from mapping.storage.access import Actor, check_admin
from mapping.storage.errors import StorageError
from mapping.storage.maps import list_maps, load_map
from mapping.storage.settings_store import load_settings

MANIFEST = "manifest.json"


def sqlite_path(engine: Engine) -> str:
    """The file of an SQLite engine (as its URL names it)."""
    return str(make_url(str(engine.url)).database)


def open_readonly(path: Path) -> sqlite3.Connection:
    """Open a database file read-only without leaving files beside it.

    Without a ``-wal`` file beside it there is nothing SQLite would have to
    merge, so it is opened as immutable: no ``-shm``/``-wal`` files are made
    next to the user's file. With one, a plain read-only open reads it.
    """
    uri = f"{path.resolve().as_uri()}?mode=ro"
    if not Path(f"{path}-wal").exists():
        uri += "&immutable=1"
    return sqlite3.connect(uri, uri=True, timeout=30)


def _copy(source: str, target: str, readonly: bool = False) -> None:
    """Copy with SQLite's backup API; ``readonly``: see :func:`open_readonly`."""
    src = open_readonly(Path(source)) if readonly else sqlite3.connect(source, timeout=30)
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


def refuse_live(path: Path, live: Path, reason_da: str, reason_en: str) -> None:
    """Raise when ``path`` is the live SQLite database (see :func:`_is_live`)."""
    if _is_live(path, live):
        raise StorageError(
            f"{path}: er selve den database, der er i brug ({live}); {reason_da}. "
            "Vælg en anden fil. Databasen er uændret.",
            f"{path}: is the live database itself ({live}); {reason_en}. "
            "Choose another file. The database is unchanged.",
        )


def backup_sqlite(engine: Engine, dst: Path, author: Actor = "") -> None:
    """Copy a live SQLite database to ``dst`` with the online backup API (consistent copy).

    The copy is written to a temporary file in ``dst``'s folder and renamed into
    place only when complete: an existing ``dst`` is replaced in one step or, if
    anything fails, left as it was. ``dst`` may not be the live database itself.
    The instance administrator's right (a backup holds every map).
    """
    check_admin(engine, author, "backup")
    if engine.dialect.name != "sqlite":
        raise StorageError(
            "Databasen er ikke SQLite; brug en JSON-sikkerhedskopi (en mappe).",
            "The database is not SQLite; use a JSON backup (a folder).",
        )
    live = Path(sqlite_path(engine))
    refuse_live(
        dst,
        live,
        "en sikkerhedskopi må ikke skrives oven i den",
        "a backup must not be written over it",
    )
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


def backup_json(engine: Engine, folder: Path, author: Actor = "") -> list[str]:
    """Write every map to ``folder`` as JSON plus a manifest; returns the map names.

    The manifest holds each map's name, settings and members. The instance
    administrator's right.
    """
    from mapping.readwrite import write_map
    from mapping.storage.members import members_of_all

    check_admin(engine, author, "backup")
    folder.mkdir(parents=True, exist_ok=True)
    entries: list[dict[str, Any]] = []  # one JSON object per map
    members = members_of_all(engine)
    for info in list_maps(engine):
        stored = load_map(engine, info.id)
        filename = f"{info.id}.json"
        write_map(stored.map, folder / filename)
        settings = load_settings(engine, info.id).to_dict()
        people = [{"principal": m.principal, "role": m.role} for m in members.get(info.id, [])]
        entries.append(
            {"name": info.name, "file": filename, "settings": settings, "members": people}
        )
    manifest = {"format": "helhedskort-backup", "version": 1, "maps": entries}
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), "utf-8")
    return [e["name"] for e in entries]
