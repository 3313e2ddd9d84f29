"""Storage: maps in SQLite (default) or PostgreSQL, with versions and full history.

Public API (the app and the CLI code against these names only)::

    engine = get_engine()          # URL: argument > HELHEDSKORT_DATABASE_URL > secrets > SQLite
    upgrade(engine)                # migrate to head (app and CLI call it on start)
    map_id = create_map(engine, "Kommune", m, author="anna")
    stored = load_map(engine, map_id)            # .map, .versions, .map_version
    v = stored.versions[("units", ("skole",))]
    save_record(engine, map_id, "units", new_unit, base_version=v, author="anna")
    seen = load_stored_settings(engine, map_id)   # settings, each with its version
    save_settings(engine, map_id, changed, author="anna", base=seen)
    delete_map(engine, map_id, author="anna")    # its history stays:
    undelete_map(engine, deleted_maps(engine)[0].id, "Kommune igen", author="anna")

Every write names the acting identity (an :class:`Identity` from the login, or a
plain name for the local operator) and is refused with
:class:`PermissionDeniedError` unless its role on the map allows it
(:mod:`.access`). Every write locks its map row first, compares versions in SQL and records its
changes in the append-only ``changes`` table in the same transaction.

The package loads lazily: each name is imported from its module on first use,
so a command that needs none of the SQLAlchemy-backed modules (``db import
--create`` into a new SQLite file, :mod:`.sqlite_new`) does not pay ~0.5 s to
import SQLAlchemy.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mapping.storage.access import (
        ROLES,
        Identity,
        LoginRequiredError,
        PermissionDeniedError,
        require_identities,
    )
    from mapping.storage.config import resolve_url
    from mapping.storage.deleted import DeletedMap, deleted_maps, undelete_map
    from mapping.storage.edits import Write, delete_record, dependents, save_record, save_records
    from mapping.storage.engine import create_storage_engine, dispose_engines, get_engine
    from mapping.storage.errors import (
        ConflictError,
        DependencyError,
        MapChangedError,
        MapNameTakenError,
        MapNotFoundError,
        MapRenamedError,
        RecordValidationError,
        SettingsConflictError,
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
    from mapping.storage.members import (
        Member,
        MemberConflictError,
        list_members,
        my_role,
        remove_member,
        set_member,
        visible_maps,
    )
    from mapping.storage.migrate import upgrade
    from mapping.storage.records import record_key
    from mapping.storage.settings_store import (
        StoredSettings,
        load_settings,
        load_stored_settings,
        save_settings,
    )

_FROM: dict[str, tuple[str, ...]] = {
    "access": (
        "ROLES",
        "Identity",
        "LoginRequiredError",
        "PermissionDeniedError",
        "require_identities",
    ),
    "config": ("resolve_url",),
    "deleted": ("DeletedMap", "deleted_maps", "undelete_map"),
    "edits": ("Write", "delete_record", "dependents", "save_record", "save_records"),
    "engine": ("create_storage_engine", "dispose_engines", "get_engine"),
    "errors": (
        "ConflictError",
        "DependencyError",
        "MapChangedError",
        "MapNameTakenError",
        "MapNotFoundError",
        "MapRenamedError",
        "RecordValidationError",
        "SettingsConflictError",
        "StorageError",
        "UnknownTableError",
    ),
    "history": ("Change", "Comparison", "EntityChange", "compare", "history"),
    "imports": ("ImportSummary", "import_map", "preview_import"),
    "maps": (
        "MapInfo",
        "StoredMap",
        "create_map",
        "delete_map",
        "find_map",
        "list_maps",
        "load_map",
        "load_record",
        "map_version",
        "rename_map",
    ),
    "members": (
        "Member",
        "MemberConflictError",
        "list_members",
        "my_role",
        "remove_member",
        "set_member",
        "visible_maps",
    ),
    "migrate": ("upgrade",),
    "records": ("record_key",),
    "settings_store": ("StoredSettings", "load_settings", "load_stored_settings", "save_settings"),
}
"""Module -> the names of the API it holds."""

_SOURCE = {name: module for module, names in _FROM.items() for name in names}

__all__ = [
    "ROLES",
    "Change",
    "Comparison",
    "ConflictError",
    "DeletedMap",
    "DependencyError",
    "EntityChange",
    "Identity",
    "ImportSummary",
    "LoginRequiredError",
    "MapChangedError",
    "MapInfo",
    "MapNameTakenError",
    "MapNotFoundError",
    "MapRenamedError",
    "Member",
    "MemberConflictError",
    "PermissionDeniedError",
    "RecordValidationError",
    "SettingsConflictError",
    "StorageError",
    "StoredMap",
    "StoredSettings",
    "UnknownTableError",
    "Write",
    "compare",
    "create_map",
    "create_storage_engine",
    "delete_map",
    "delete_record",
    "deleted_maps",
    "dependents",
    "dispose_engines",
    "find_map",
    "get_engine",
    "history",
    "import_map",
    "list_maps",
    "list_members",
    "load_map",
    "load_record",
    "load_settings",
    "load_stored_settings",
    "map_version",
    "my_role",
    "preview_import",
    "record_key",
    "remove_member",
    "rename_map",
    "require_identities",
    "resolve_url",
    "save_record",
    "save_records",
    "save_settings",
    "set_member",
    "undelete_map",
    "upgrade",
    "visible_maps",
]


class _Package(types.ModuleType):
    def __setattr__(self, name: str, value: Any) -> None:
        # Importing the submodule .history must not hide the function history().
        if name in _SOURCE and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package

if not TYPE_CHECKING:  # for mypy the names are the imports above

    def __getattr__(name: str) -> Any:
        """An API name from its module (or a submodule), imported on first use and kept."""
        module = _SOURCE.get(name)
        if module is None:
            try:
                return importlib.import_module(f"{__name__}.{name}")
            except ModuleNotFoundError as exc:
                if exc.name != f"{__name__}.{name}":
                    raise
                raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
        value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
        globals()[name] = value
        return value
