"""Members of a map: who holds which role, administered by its owners and the administrator.

A change names the role the user saw (``base_role``, None: not a member): when
someone else changed that member in between, :class:`MemberConflictError` says
who and when, and nothing is written. Every change is recorded in the history
(table ``members``), signed like every other change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, delete, insert, select, update

from mapping.storage import schema as s
from mapping.storage.access import (
    GROUP_PREFIX,
    Actor,
    Identity,
    check_map,
    identity,
    normalise_principal,
    normalise_role,
    role_in,
    role_label,
)
from mapping.storage.conflicts import last_change
from mapping.storage.engine import read_tx, write_tx
from mapping.storage.errors import ConflictError, StorageError
from mapping.storage.maps import MapInfo, list_maps
from mapping.storage.store import Lock, change_row, lock_map


@dataclass(frozen=True, slots=True)
class Member:
    principal: str  # lower-case e-mail, or group:<name>
    role: str  # reader, editor or owner
    added_at: dt.datetime
    added_by: str

    @property
    def is_group(self) -> bool:
        return self.principal.startswith(GROUP_PREFIX)


class MemberConflictError(ConflictError):
    """Someone else changed this member after the user looked; nothing was changed."""

    def __init__(
        self,
        principal: str,
        seen: str | None,
        current: str | None,
        changed_by: str | None,
        changed_at: dt.datetime | None,
    ) -> None:
        who = ""
        if changed_by and changed_at:
            who = f" ({changed_by}, {changed_at:%Y-%m-%d %H:%M} UTC)"

        def shown(role: str | None, lang: str) -> str:
            if role is None:
                return "intet medlemskab" if lang == "da" else "no membership"
            return role_label(role, lang)

        StorageError.__init__(
            self,
            f"En anden har ændret {principal} efter du så det{who}: nu {shown(current, 'da')}, "
            f"du så {shown(seen, 'da')}. Intet er ændret; se listen igen.",
            f"Someone else changed {principal} after you looked{who}: now "
            f"{shown(current, 'en')}, you saw {shown(seen, 'en')}. Nothing was changed; "
            "look at the list again.",
        )
        self.table = "members"
        self.key = (principal,)
        self.current = current
        self.current_version = None
        self.changed_by = changed_by
        self.changed_at = changed_at
        self.seen = seen


def list_members(engine: Engine, map_id: int) -> list[Member]:
    """The map's members: people by e-mail first, then groups, each alphabetically."""
    m = s.map_members
    with read_tx(engine) as conn:
        rows = conn.execute(select(m).where(m.c.map_id == map_id)).all()
    out = [Member(r.principal, r.role, r.added_at, r.added_by) for r in rows]
    return sorted(out, key=lambda x: (x.is_group, x.principal))


def my_role(engine: Engine, actor: Actor, map_id: int) -> str | None:
    """The identity's role on the map (``owner`` for the administrator and local operator)."""
    who = identity(engine, actor)
    with read_tx(engine) as conn:
        return role_in(conn, who, map_id)


def visible_maps(engine: Engine, actor: Actor, counts: bool = False) -> list[MapInfo]:
    """The maps the identity may see: all for the administrator, else those it has a role on."""
    who = identity(engine, actor)
    infos = list_maps(engine, counts=counts)
    if who.admin or who.local:
        return infos
    if not who.principals:
        return []
    m = s.map_members
    with read_tx(engine) as conn:
        ids = set(
            conn.execute(select(m.c.map_id).where(m.c.principal.in_(who.principals))).scalars()
        )
    return [i for i in infos if i.id in ids]


def _stored_role(conn: object, map_id: int, principal: str) -> str | None:
    m = s.map_members
    return conn.execute(  # type: ignore[attr-defined]
        select(m.c.role).where(m.c.map_id == map_id, m.c.principal == principal)
    ).scalar()


def _checked(
    conn: Connection,
    actor: Actor,
    map_id: int,
    principal: str,
    base_role: str | None,
    role: str | None,
) -> tuple[Identity, str | None, Lock]:
    """(who, stored role, map lock) once the actor may make the change and nobody else has.

    A change that gives or takes an owner's role is the administrator's.
    """
    who = check_map(conn, actor, map_id, "members")
    current = _stored_role(conn, map_id, principal)
    if "owner" in (role, current):
        check_map(conn, who, map_id, "owners")
    lock = lock_map(conn, map_id)
    if current != base_role:
        by, at = last_change(conn, map_id, "members", (principal,), None)
        raise MemberConflictError(principal, base_role, current, by, at)
    return who, current, lock


def set_member(
    engine: Engine,
    map_id: int,
    principal: str,
    role: str,
    actor: Actor,
    *,
    base_role: str | None,
) -> None:
    """Give ``principal`` (e-mail or group:<name>) the role on the map.

    Owners manage readers and editors; appointing, changing or removing an
    owner is the instance administrator's. ``base_role``: the role the user
    saw (None: not a member).
    """
    principal = normalise_principal(principal)
    role = normalise_role(role)
    with write_tx(engine) as conn:
        who, current, lock = _checked(conn, actor, map_id, principal, base_role, role)
        if current == role:
            return
        m = s.map_members
        if current is None:
            conn.execute(
                insert(m).values(
                    map_id=map_id,
                    principal=principal,
                    role=role,
                    added_at=lock.at,
                    added_by=who.author,
                )
            )
        else:
            conn.execute(
                update(m).where(m.c.map_id == map_id, m.c.principal == principal).values(role=role)
            )
        before = None if current is None else {"role": current}
        action = "create" if current is None else "update"
        row = change_row(lock, who.author, "members", [principal], action,
                         before=before, after={"role": role})  # fmt: skip
        conn.execute(insert(s.changes), [row])


def remove_member(
    engine: Engine, map_id: int, principal: str, actor: Actor, *, base_role: str
) -> None:
    """Take ``principal``'s role on the map away (an owner's: the administrator only)."""
    principal = normalise_principal(principal)
    with write_tx(engine) as conn:
        who, current, lock = _checked(conn, actor, map_id, principal, base_role, base_role)
        m = s.map_members
        conn.execute(delete(m).where(m.c.map_id == map_id, m.c.principal == principal))
        row = change_row(lock, who.author, "members", [principal], "delete",
                         before={"role": current})  # fmt: skip
        conn.execute(insert(s.changes), [row])


def members_of_all(engine: Engine) -> dict[int, list[Member]]:
    """Every map's members (for a backup)."""
    m = s.map_members
    out: dict[int, list[Member]] = {}
    with read_tx(engine) as conn:
        for r in conn.execute(select(m).order_by(m.c.map_id, m.c.principal)):
            out.setdefault(r.map_id, []).append(Member(r.principal, r.role, r.added_at, r.added_by))
    return out
