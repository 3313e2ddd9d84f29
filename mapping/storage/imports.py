"""Import a whole map into a stored one: replace it or merge into it, in one transaction."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import Engine, insert, select

from mapping.model import Map
from mapping.schema import TABLES
from mapping.storage import schema as s
from mapping.storage.access import Actor, check_map
from mapping.storage.engine import bulk_write, read_tx, write_tx
from mapping.storage.errors import (
    MapChangedError,
    MapNotFoundError,
    RecordValidationError,
    StorageError,
)
from mapping.storage.records import RECORD_TYPES, build_map, map_tables, record_key
from mapping.storage.snapshots import pack
from mapping.storage.store import (
    Diff,
    Positions,
    Tables,
    apply_diff,
    change_row,
    diff_tables,
    in_order,
    load_tables,
    lock_map,
)
from mapping.validation import validate_map as problems

Mode = Literal["replace", "merge"]


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """Records added, changed and removed per table (every table present, zeros too).

    ``map_version``: from :func:`preview_import`, the map version the preview was
    computed from (pass it to :func:`import_map` as ``base_map_version``); from
    :func:`import_map`, the map's version after the import. Not compared by ``==``.
    """

    mode: str
    added: dict[str, int] = field(default_factory=dict)
    changed: dict[str, int] = field(default_factory=dict)
    removed: dict[str, int] = field(default_factory=dict)
    map_version: int | None = field(default=None, compare=False)
    details: tuple[tuple[str, str, tuple[str, ...]], ...] = field(default=(), compare=False)
    """Every record the import touches: (``added``/``changed``/``removed``, table, key)."""

    @property
    def total(self) -> int:
        return sum(self.added.values()) + sum(self.changed.values()) + sum(self.removed.values())

    def describe(self) -> str:
        """A short Danish summary, e.g. ``units: +3 ~1 -0``."""
        parts = [
            f"{t}: +{self.added[t]} ~{self.changed[t]} -{self.removed[t]}"
            for t in RECORD_TYPES
            if self.added[t] or self.changed[t] or self.removed[t]
        ]
        return "; ".join(parts) if parts else "ingen ændringer"


def _summary(mode: str, diffs: list[Diff], map_version: int | None) -> ImportSummary:
    counts = Counter((d.table, d.action) for d in diffs)
    word = {"create": "added", "update": "changed", "delete": "removed"}
    return ImportSummary(
        mode,
        {t: counts[(t, "create")] for t in RECORD_TYPES},
        {t: counts[(t, "update")] for t in RECORD_TYPES},
        {t: counts[(t, "delete")] for t in RECORD_TYPES},
        map_version,
        tuple((word[d.action], d.table, tuple(d.key)) for d in diffs if d.action in word),
    )


def _duplicates(m: Map) -> list[str]:
    out = []
    for t in RECORD_TYPES:
        counts = Counter(record_key(t, r) for r in getattr(m, t))
        out += [
            f"{TABLES[t].one.da} {'/'.join(k)!r} findes {n} gange"
            for k, n in counts.items()
            if n > 1
        ]
    return out


def _target(current: Tables, m: Map, mode: str) -> Tables:
    if mode not in ("replace", "merge"):
        raise StorageError(
            f"Ukendt importmåde {mode!r} (brug replace eller merge).",
            f"Unknown import mode {mode!r} (use replace or merge).",
        )
    dup = [] if m.validated else _duplicates(m)  # validation refuses repeated keys
    if dup:
        raise RecordValidationError(dup)
    incoming = map_tables(m)
    if mode == "replace":
        return incoming
    return {t: {**current.get(t, {}), **incoming[t]} for t in RECORD_TYPES}


def _validate(current: Tables, target: Tables, mode: str, m: Map) -> None:
    if mode == "replace" and m.validated:
        return  # the target is the file's map, checked when it was read
    found = problems(build_map(target))
    if found and mode == "merge":  # a merge is only blamed for problems it brings
        old = {str(getattr(p, "message", p)) for p in problems(build_map(current))}
        found = [p for p in found if str(getattr(p, "message", p)) not in old]
    if found:
        raise RecordValidationError(found)


def preview_import(engine: Engine, map_id: int, m: Map, mode: Mode = "replace") -> ImportSummary:
    """What :func:`import_map` would change, without writing anything."""
    with read_tx(engine) as conn:
        version = conn.execute(select(s.maps.c.version).where(s.maps.c.id == map_id)).scalar()
        if version is None:
            raise MapNotFoundError(map_id)
        current, _ = load_tables(conn, map_id)
    target = _target(current, m, mode)
    _validate(current, target, mode, m)
    return _summary(mode, diff_tables(current, target), int(version))


def import_map(
    engine: Engine,
    map_id: int,
    m: Map,
    mode: Mode = "replace",
    author: Actor = "",
    base_map_version: int | None = None,
) -> ImportSummary:
    """Replace the stored map by ``m``, or merge ``m``'s records into it.

    Validates the resulting map first and writes everything in one transaction:
    an error or a crash leaves the stored map exactly as it was.
    ``base_map_version`` (the ``map_version`` of the preview the user approved):
    when the map has changed since, nothing is written and
    :class:`MapChangedError` (a :class:`ConflictError`) is raised. A merge needs
    an editor, a replace (which may remove records) the map's owner.
    """
    action = "import_replace" if mode == "replace" else "import_merge"
    with write_tx(engine) as conn:
        author = check_map(conn, author, map_id, action).author
        lock = lock_map(conn, map_id)
        before = lock.map_version - 1  # lock_map already counted this transaction
        if base_map_version is not None and base_map_version != before:
            raise MapChangedError(base_map_version, before)
        positions: Positions = {}
        current, versions = load_tables(conn, map_id, positions)
        target = _target(current, m, mode)
        _validate(current, target, mode, m)
        diffs = diff_tables(current, target)
        # Replace: the file's order becomes the map's; merge: new records go at the end.
        order = in_order(target) if mode == "replace" else None
        with bulk_write(conn):
            made = apply_diff(conn, lock, diffs, versions, author, positions, order, record=False)
        summary = _summary(mode, diffs, lock.map_version)
        # The history gets the whole map as imported in one row, not a row per record.
        kept = {k: v for k, v in versions.items() if k[1] in target.get(k[0], {})}
        after = {"mode": mode, "added": summary.added, "changed": summary.changed,
                 "removed": summary.removed}  # fmt: skip
        row = change_row(lock, author, "maps", [], "import", after=after,
                         snapshot=pack(target, kept | made))  # fmt: skip
        conn.execute(insert(s.changes), [row])
    return summary
