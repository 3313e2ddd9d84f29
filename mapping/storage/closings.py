"""When did a finding stop firing? Read from the map's history.

A decision can name a finding that no longer fires: an edit removed the
barrier. The action plan shows when. The map is rebuilt as it was at earlier
change times (:func:`mapping.storage.history.reconstruct`) and analysed
there; :func:`mapping.actionplan.last_firing` keeps the number of rebuilds
logarithmic in the number of changes, and the analyses are shared by all
the findings asked about.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import partial

from sqlalchemy import Engine, select

from mapping.actionplan import Closing, last_firing
from mapping.gaps.core import Finding
from mapping.storage import schema as s
from mapping.storage.engine import read_tx
from mapping.storage.history import Change, reconstruct


def change_times(engine: Engine, map_id: int) -> list[dt.datetime]:
    """The distinct times the map changed, oldest first (naive UTC)."""
    c = s.changes
    with read_tx(engine) as conn:
        return list(
            conn.execute(select(c.c.at).where(c.c.map_id == map_id).distinct().order_by(c.c.at))
            .scalars()
            .all()
        )


def closings(engine: Engine, map_id: int, finding_ids: Iterable[str]) -> dict[str, Closing]:
    """For findings that do not fire now: the change that closed each, and how it looked.

    ``at`` is the time of the change after which the finding no longer fired
    (naive UTC); ``None`` when it never fired in the map's history (it was
    already closed when the map was created or imported).
    """
    from mapping.gaps import find_findings

    ids = list(dict.fromkeys(finding_ids))
    times = change_times(engine, map_id)
    seen: dict[int, dict[str, Finding]] = {}

    def found(i: int) -> dict[str, Finding]:
        if i not in seen:
            snap = reconstruct(engine, map_id, times[i])
            fs = find_findings(snap.map, snap.settings, today=snap.at.date())
            seen[i] = {f.id: f for f in fs}
        return seen[i]

    def fires_at(fid: str, i: int) -> bool:
        return fid in found(i)

    out: dict[str, Closing] = {}
    for fid in ids:
        last = last_firing(range(len(times)), partial(fires_at, fid))
        if last is None or last + 1 >= len(times):
            out[fid] = Closing()
        else:
            out[fid] = Closing(times[last + 1], found(last)[fid])
    return out


def last_change(engine: Engine, map_id: int, table: str, key: tuple[str, ...]) -> Change | None:
    """The latest recorded change of one record (who saved it, and when)."""
    c = s.changes
    query = (
        select(c)
        .where(c.c.map_id == map_id, c.c.table_name == table)
        .order_by(c.c.id.desc())
        .execution_options(yield_per=200)
    )
    with read_tx(engine) as conn:
        for r in conn.execute(query):
            if tuple(r.key) == tuple(key):
                return Change.from_row(r)
    return None


def changes_between(
    engine: Engine, map_id: int, t1: dt.datetime, t2: dt.datetime
) -> dict[tuple[str, tuple[str, ...]], Change]:
    """The latest change of each record after ``t1`` up to ``t2`` (who and when)."""
    from mapping.storage.store import as_utc

    c = s.changes
    query = (
        select(c)
        .where(c.c.map_id == map_id, c.c.at > as_utc(t1), c.c.at <= as_utc(t2))
        .order_by(c.c.id)
    )
    out: dict[tuple[str, tuple[str, ...]], Change] = {}
    with read_tx(engine) as conn:
        for r in conn.execute(query):
            out[(r.table_name, tuple(r.key))] = Change.from_row(r)
    return out
