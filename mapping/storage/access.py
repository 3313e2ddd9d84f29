"""Who may change what: roles per map, the instance administrator, the local operator.

Every write in :mod:`mapping.storage` names the acting identity and calls
:func:`check_map` or :func:`check_admin` before it writes anything, so a page
can only hide what the storage would refuse anyway.

* ``reader`` (læser) sees the map; ``editor`` (redaktør) also edits records and
  decisions and merges imports; ``owner`` (ejer) also changes settings, replaces
  the map by an import, renames or deletes it and manages its readers and editors.
* The instance administrator (from the app's configuration) may do everything,
  and alone creates maps, appoints owners, brings back deleted maps, backs up
  and restores.
* The local operator (no login configured, or the command line) may do
  everything: a plain string given as the author means the local operator.
  An engine marked with :func:`require_identities` (the app with login on)
  refuses the local operator, so a code path that forgets the identity fails
  closed.

>>> anna = Identity("Anna Holm", "Anna@Kommune.dk")
>>> anna.email, anna.author
('anna@kommune.dk', 'Anna Holm <anna@kommune.dk>')
>>> Identity.local_operator("bo").author
'bo'
>>> normalise_role("redaktør"), role_label("owner", "da")
('editor', 'ejer')
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mapping.storage.errors import MapNotFoundError, StorageError

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

# SQLAlchemy is imported by the checks that read the database, not here: the
# creation of a new SQLite file (:mod:`.sqlite_new`) needs only Identity.

ROLES = ("reader", "editor", "owner")
_RANK = {r: i for i, r in enumerate(ROLES, 1)}
ROLE_LABELS = {
    "reader": ("læser", "reader"),
    "editor": ("redaktør", "editor"),
    "owner": ("ejer", "owner"),
    "admin": ("instansadministrator", "instance administrator"),
}
_ALIASES = {
    "læser": "reader",
    "laeser": "reader",
    "redaktør": "editor",
    "redaktoer": "editor",
    "ejer": "owner",
}
GROUP_PREFIX = "group:"
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")

# action -> (Danish, English, the role it needs; "admin": the instance administrator)
ACTIONS: dict[str, tuple[str, str, str]] = {
    "edit": ("redigere poster og beslutninger", "edit records and decisions", "editor"),
    "import_merge": ("flette en import ind i kortet", "merge an import into the map", "editor"),
    "import_replace": ("erstatte kortet ved en import", "replace the map by an import", "owner"),
    "settings": ("ændre kortets indstillinger", "change the map's settings", "owner"),
    "rename": ("omdøbe kortet", "rename the map", "owner"),
    "delete": ("slette kortet", "delete the map", "owner"),
    "members": ("ændre kortets læsere og redaktører", "change readers and editors", "owner"),
    "owners": ("udpege eller fjerne ejere", "appoint or remove owners", "admin"),
    "create": ("oprette kort", "create maps", "admin"),
    "undelete": ("gendanne slettede kort", "bring back deleted maps", "admin"),
    "backup": ("tage en sikkerhedskopi af databasen", "back up the database", "admin"),
    "restore": ("gendanne databasen fra en sikkerhedskopi", "restore the database", "admin"),
}


def _clean_name(name: str) -> str:
    # Angle brackets would blur "Navn <e-mail>"; control characters have no place in a name.
    text = re.sub(r"[<>\x00-\x1f\x7f]", " ", name or "")
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class Identity:
    """The person acting: from the login (name, e-mail, groups) or the local operator."""

    name: str
    email: str = ""
    groups: tuple[str, ...] = field(default=())
    admin: bool = False
    local: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", _clean_name(self.name))
        object.__setattr__(self, "email", (self.email or "").strip().lower())
        object.__setattr__(self, "groups", tuple(str(g) for g in self.groups))

    @classmethod
    def local_operator(cls, name: str = "") -> Identity:
        """The single user of a local install, or whoever runs the command line."""
        return cls(name, local=True)

    @property
    def author(self) -> str:
        """How a change is signed: ``Navn <e-mail>`` (the local operator: the name only)."""
        if self.email and self.name:
            return f"{self.name} <{self.email}>"
        return self.email or self.name

    @property
    def principals(self) -> tuple[str, ...]:
        """The member rows that apply to this identity: its e-mail and its groups."""
        own = (self.email,) if self.email else ()
        return own + tuple(GROUP_PREFIX + g for g in self.groups)


Actor = Identity | str


class PermissionDeniedError(StorageError, PermissionError):
    """The identity's role does not allow the write; nothing was written."""

    def __init__(self, action: str, identity: Identity, role: str | None, map_name: str = ""):
        da, en, need = ACTIONS[action]
        who = identity.author or "ukendt"
        who_en = identity.author or "unknown"
        if need == "admin":
            super().__init__(
                f"Kun instansadministratoren må {da}; {who} er ikke administrator. Intet er gemt.",
                f"Only the instance administrator may {en}; {who_en} is not one. "
                "Nothing was saved.",
            )
        else:
            has = f"rollen {role_label(role, 'da')}" if role else "ingen rolle"
            has_en = f"the role {role_label(role, 'en')}" if role else "no role"
            super().__init__(
                f"{who} må ikke {da} på kortet {map_name!r}: det kræver rollen "
                f"{role_label(need, 'da')}, og {who} har {has}. Intet er gemt.",
                f"{who_en} may not {en} on the map {map_name!r}: that needs the role "
                f"{role_label(need, 'en')}, and {who_en} has {has_en}. Nothing was saved.",
            )
        self.action = action
        self.identity = identity
        self.role = role


class LoginRequiredError(StorageError, PermissionError):
    """A write without a signed-in identity on a server that requires one."""

    def __init__(self) -> None:
        super().__init__(
            "Denne server kræver login: ændringen er ikke gemt. Log ind og prøv igen.",
            "This server requires signing in: the change was not saved. Sign in and try again.",
        )


def role_label(role: str | None, lang: str = "da") -> str:
    if role is None:
        return "-"
    da, en = ROLE_LABELS.get(role, (role, role))
    return en if lang == "en" else da


def normalise_role(role: str) -> str:
    """``reader``/``editor``/``owner`` from an English or Danish role name."""
    value = (role or "").strip().lower()
    value = _ALIASES.get(value, value)
    if value not in _RANK:
        raise StorageError(
            f"Ukendt rolle {role!r}: brug læser, redaktør eller ejer.",
            f"Unknown role {role!r}: use reader, editor or owner.",
        )
    return value


def normalise_principal(text: str) -> str:
    """A member's key: a lower-case e-mail address, or ``group:<name>`` (kept as written)."""
    value = (text or "").strip()
    if value.lower().startswith(GROUP_PREFIX):
        group = value[len(GROUP_PREFIX) :].strip()
        if group and len(group) <= 300 and not any(ord(c) < 32 for c in group):
            return GROUP_PREFIX + group
    elif _EMAIL.match(value) and len(value) <= 320:
        return value.lower()
    raise StorageError(
        f"{text!r} er hverken en e-mailadresse eller group:<gruppenavn>.",
        f"{text!r} is neither an e-mail address nor group:<group name>.",
    )


_strict: weakref.WeakSet[Engine] = weakref.WeakSet()


def require_identities(engine: Engine) -> None:
    """From now on ``engine`` refuses writes by the local operator (login is on)."""
    _strict.add(engine)


def identities_required(engine: Engine) -> bool:
    return engine in _strict


def identity(engine: Engine, actor: Actor) -> Identity:
    """The acting identity: a string is the local operator (refused on a strict engine)."""
    who = actor if isinstance(actor, Identity) else Identity.local_operator(str(actor or ""))
    if who.local and identities_required(engine):
        raise LoginRequiredError()
    return who


def rank(role: str | None) -> int:
    return _RANK.get(role or "", 0)


def role_in(conn: Connection, who: Identity, map_id: int) -> str | None:
    """The identity's role on the map: the highest of its own and its groups' rows."""
    from sqlalchemy import select

    from mapping.storage import schema as s

    if who.local or who.admin:
        return "owner"
    if not who.principals:
        return None
    m = s.map_members
    roles = conn.execute(
        select(m.c.role).where(m.c.map_id == map_id, m.c.principal.in_(who.principals))
    ).scalars()
    return max(roles, key=rank, default=None)


def check_map(conn: Connection, actor: Actor, map_id: int, action: str) -> Identity:
    """Refuse ``action`` on the map unless the identity's role allows it; returns it.

    Called first in a write transaction, before anything is written.
    """
    from sqlalchemy import select

    from mapping.storage import schema as s

    who = identity(conn.engine, actor)
    need = ACTIONS[action][2]
    name = conn.execute(select(s.maps.c.name).where(s.maps.c.id == map_id)).scalar()
    if name is None:
        raise MapNotFoundError(map_id)
    if need == "admin":
        if not (who.admin or who.local):
            raise PermissionDeniedError(action, who, role_in(conn, who, map_id), name)
        return who
    role = role_in(conn, who, map_id)
    if rank(role) < rank(need):
        raise PermissionDeniedError(action, who, role, name)
    return who


def check_admin(engine: Engine, actor: Actor, action: str) -> Identity:
    """Refuse ``action`` unless the identity is the instance administrator (or local)."""
    who = identity(engine, actor)
    if not (who.admin or who.local):
        raise PermissionDeniedError(action, who, None)
    return who


def can(role: str | None, action: str, who: Identity) -> bool:
    """Whether a page should offer ``action`` to ``who`` holding ``role`` (no database)."""
    need = ACTIONS[action][2]
    if who.local or who.admin:
        return True
    return need != "admin" and rank(role) >= rank(need)
