"""Per-map settings (thresholds, sectors, language) stored as key/value JSON."""

from __future__ import annotations

import dataclasses

from sqlalchemy import Connection, Engine, delete, insert, select

from mapping.settings import Settings
from mapping.storage import schema as s
from mapping.storage.engine import read_tx, write_tx
from mapping.storage.errors import MapNotFoundError, RecordValidationError
from mapping.storage.store import change_row, lock_map

_KNOWN = {f.name for f in dataclasses.fields(Settings)}


def settings_from_values(values: dict[str, object]) -> Settings:
    """Settings from stored values; names this version does not know are ignored."""
    return Settings.from_dict({k: v for k, v in values.items() if k in _KNOWN})


def stored_values(conn: Connection, map_id: int) -> dict[str, object]:
    t = s.map_settings
    rows = conn.execute(select(t.c.key, t.c.value).where(t.c.map_id == map_id)).all()
    return {row[0]: row[1] for row in rows}


def load_settings(engine: Engine, map_id: int) -> Settings:
    """The map's settings (defaults for anything never saved)."""
    with read_tx(engine) as conn:
        if conn.execute(select(s.maps.c.id).where(s.maps.c.id == map_id)).first() is None:
            raise MapNotFoundError(map_id)
        values = stored_values(conn, map_id)
    try:
        return settings_from_values(values)
    except ValueError:  # a value this version rejects: fall back rather than lock users out
        return Settings()


def save_settings(engine: Engine, map_id: int, settings: Settings, author: str = "") -> None:
    """Store every setting that differs from what is stored (last write wins per key)."""
    if not isinstance(settings, Settings):
        raise RecordValidationError(["indstillingerne har en ugyldig form"])
    t = s.map_settings
    with write_tx(engine) as conn:
        lock = lock_map(conn, map_id)
        rows = {r[1]: r for r in conn.execute(select(t).where(t.c.map_id == map_id))}
        history = []
        defaults = Settings().to_dict()
        for key, value in settings.to_dict().items():
            old = rows.get(key)
            if (old.value if old is not None else defaults[key]) == value:
                continue
            version = 1 if old is None else old.version + 1
            if old is not None:
                conn.execute(delete(t).where(t.c.map_id == map_id, t.c.key == key))
            conn.execute(insert(t).values(map_id=map_id, key=key, value=value, version=version))
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
