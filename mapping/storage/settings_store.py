"""Per-map settings (thresholds, sectors, language) stored as key/value JSON.

Each setting has its own version, like a record. A save names the settings the
user saw (:class:`StoredSettings`, from :func:`load_stored_settings`) and writes
only what the user changed; a changed setting that someone else saved in
between is refused with :class:`SettingsConflictError` and nothing is written.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select

from mapping.settings import Settings
from mapping.storage import schema as s
from mapping.storage.access import Actor, check_map
from mapping.storage.engine import read_tx, write_tx
from mapping.storage.errors import (
    MapNotFoundError,
    RecordValidationError,
    SettingClash,
    SettingsConflictError,
)
from mapping.storage.store import Lock, change_row, lock_map

_KNOWN = {f.name for f in dataclasses.fields(Settings)}


@dataclass(frozen=True)
class StoredSettings:
    """The map's settings as loaded, with each setting's version (0: never saved)."""

    settings: Settings
    versions: dict[str, int] = field(default_factory=dict)

    def version_of(self, key: str) -> int:
        return self.versions.get(key, 0)


def settings_from_values(values: dict[str, object]) -> Settings:
    """Settings from stored values; names this version does not know are ignored."""
    return Settings.from_dict({k: v for k, v in values.items() if k in _KNOWN})


def _stored_rows(conn: Connection, map_id: int) -> dict[str, Any]:
    t = s.map_settings
    return {r.key: r for r in conn.execute(select(t).where(t.c.map_id == map_id))}


def _settings_or_defaults(values: dict[str, object]) -> Settings:
    try:
        return settings_from_values(values)
    except ValueError:  # a value this version rejects: fall back rather than lock users out
        return Settings()


def load_stored_settings(engine: Engine, map_id: int) -> StoredSettings:
    """The map's settings (defaults for anything never saved) and their versions."""
    with read_tx(engine) as conn:
        if conn.execute(select(s.maps.c.id).where(s.maps.c.id == map_id)).first() is None:
            raise MapNotFoundError(map_id)
        rows = _stored_rows(conn, map_id)
    values = {k: r.value for k, r in rows.items()}
    return StoredSettings(
        _settings_or_defaults(values), {k: int(r.version) for k, r in rows.items()}
    )


def load_settings(engine: Engine, map_id: int) -> Settings:
    """The map's settings (defaults for anything never saved)."""
    return load_stored_settings(engine, map_id).settings


def write_settings(
    conn: Connection, lock: Lock, wanted: dict[str, Any], author: str = ""
) -> dict[str, int]:
    """Store ``wanted`` (key -> plain value) under the map lock, with history rows.

    Values equal to what is stored (or to the default, when nothing is) are
    skipped. No version check: callers check first. Returns the new versions.
    """
    t = s.map_settings
    rows = _stored_rows(conn, lock.map_id)
    defaults = Settings().to_dict()
    history = []
    versions = {}
    for key, value in wanted.items():
        old = rows.get(key)
        if (old.value if old is not None else defaults[key]) == value:
            continue
        version = 1 if old is None else old.version + 1
        if old is not None:
            conn.execute(delete(t).where(t.c.map_id == lock.map_id, t.c.key == key))
        conn.execute(insert(t).values(map_id=lock.map_id, key=key, value=value, version=version))
        versions[key] = version
        history.append(
            change_row(
                lock,
                author,
                "settings",
                [key],
                "create" if old is None else "update",
                version=version,
                before=None if old is None else {"value": old.value},
                after={"value": value},
            )
        )
    if history:
        conn.execute(insert(s.changes), history)
    return versions


def _last_change(conn: Connection, map_id: int, key: str) -> tuple[str, Any]:
    """Who stored the setting last, and when (a conflict names them)."""
    c = s.changes
    rows = conn.execute(
        select(c.c.author, c.c.at, c.c.key)
        .where(c.c.map_id == map_id, c.c.table_name == "settings")
        .order_by(c.c.id.desc())
    )
    for row in rows:  # JSON keys are not comparable in SQL on PostgreSQL; settings are few
        if list(row.key) == [key]:
            return row.author, row.at
    return "", None


def save_settings(
    engine: Engine,
    map_id: int,
    settings: Settings,
    author: Actor = "",
    *,
    base: StoredSettings,
) -> StoredSettings:
    """Store the settings the user changed, checked against what the user saw.

    ``base`` is what the user's form started from. Only settings whose value in
    ``settings`` differs from ``base.settings`` are written, each only if its
    stored version is still the one in ``base`` (or someone else already stored
    the very same value). Otherwise :class:`SettingsConflictError` names every
    such setting and nothing is written. Returns the settings as now stored.
    """
    if not isinstance(settings, Settings) or not isinstance(base, StoredSettings):
        raise RecordValidationError(["indstillingerne har en ugyldig form"])
    seen = base.settings.to_dict()
    mine = {k: v for k, v in settings.to_dict().items() if v != seen[k]}
    defaults = Settings().to_dict()
    with write_tx(engine) as conn:
        author = check_map(conn, author, map_id, "settings").author  # the owner's right
        if not mine:
            rows = _stored_rows(conn, map_id)
            values = {k: r.value for k, r in rows.items()}
            return StoredSettings(
                _settings_or_defaults(values), {k: int(r.version) for k, r in rows.items()}
            )
        lock = lock_map(conn, map_id)
        rows = _stored_rows(conn, map_id)
        clashes = []
        for key, value in mine.items():
            row = rows.get(key)
            now = row.value if row is not None else defaults[key]
            version = int(row.version) if row is not None else 0
            if version != base.version_of(key) and now != value:
                who, at = _last_change(conn, map_id, key)
                clashes.append(SettingClash(key, seen[key], now, value, who, at))
        if clashes:
            raise SettingsConflictError(clashes)
        write_settings(conn, lock, mine, author)
        rows = _stored_rows(conn, map_id)
    values = {k: r.value for k, r in rows.items()}
    return StoredSettings(
        _settings_or_defaults(values), {k: int(r.version) for k, r in rows.items()}
    )
