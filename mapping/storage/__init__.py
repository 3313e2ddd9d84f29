"""Storage: maps in SQLite (default) or PostgreSQL, with versions and full history.

Public API (the app and the CLI code against these names only)::

    engine = get_engine()          # URL: argument > HELHEDSKORT_DATABASE_URL > secrets > SQLite
    upgrade(engine)                # migrate to head (app and CLI call it on start)
    map_id = create_map(engine, "Kommune", m, author="anna")
    stored = load_map(engine, map_id)            # .map, .versions, .map_version
    v = stored.versions[("units", ("skole",))]
    save_record(engine, map_id, "units", new_unit, base_version=v, author="anna")

Every write locks its map row first, compares versions in SQL and records its
changes in the append-only ``changes`` table in the same transaction.
"""

from __future__ import annotations

from mapping.storage.config import resolve_url
from mapping.storage.edits import Write, delete_record, dependents, save_record, save_records
from mapping.storage.engine import create_storage_engine, dispose_engines, get_engine
from mapping.storage.errors import (
    ConflictError,
    DependencyError,
    MapChangedError,
    MapNameTakenError,
    MapNotFoundError,
    RecordValidationError,
    StorageError,
    UnknownTableError,
)
from mapping.storage.history import Change, Comparison, EntityChange, compare, history
from mapping.storage.imports import ImportSummary, import_map, preview_import
from mapping.storage.maps import (
    MapInfo,
    StoredMap,
    create_map,
    delete_map,
    find_map,
    list_maps,
    load_map,
    load_record,
    map_version,
    rename_map,
)
from mapping.storage.migrate import upgrade
from mapping.storage.records import record_key
from mapping.storage.settings_store import load_settings, save_settings

__all__ = [
    "Change",
    "Comparison",
    "ConflictError",
    "DependencyError",
    "EntityChange",
    "ImportSummary",
    "MapChangedError",
    "MapInfo",
    "MapNameTakenError",
    "MapNotFoundError",
    "RecordValidationError",
    "StorageError",
    "StoredMap",
    "UnknownTableError",
    "Write",
    "compare",
    "create_map",
    "create_storage_engine",
    "delete_map",
    "delete_record",
    "dependents",
    "dispose_engines",
    "find_map",
    "get_engine",
    "history",
    "import_map",
    "list_maps",
    "load_map",
    "load_record",
    "load_settings",
    "map_version",
    "preview_import",
    "record_key",
    "rename_map",
    "resolve_url",
    "save_record",
    "save_records",
    "save_settings",
    "upgrade",
]
