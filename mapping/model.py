"""The domain model of a Helhedskort map as immutable values.

A :class:`Map` holds units, citizen groups, services, principles, adoptions,
relations and the leaders' decisions about findings. Everything here is pure
data: no I/O, no database, no Streamlit. What each table's columns are, how
they are labelled and checked, is declared once in :mod:`mapping.schema`.

>>> from mapping.model import Map, Unit
>>> m = Map(units=(Unit(id="dir", name="Direktionen"),))
>>> m.unit("dir").name
'Direktionen'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cached_property

from mapping.value import Value, set_field

TYPE_CHECKING = False  # typing's own flag, without importing typing as the module loads
if TYPE_CHECKING:
    from typing import TypedDict, TypeVar, Unpack


class PrincipleKind(StrEnum):
    """The three ways to build a community across silos: a shared view, method or knowledge."""

    PERSPECTIVE = "perspective"
    METHOD = "method"
    KNOWLEDGE = "knowledge"


class PrincipleStatus(StrEnum):
    """How far a principle has come; only ``agreed`` and ``practised`` bind."""

    IDEA = "idea"
    DRAFT = "draft"
    AGREED = "agreed"
    PRACTISED = "practised"

    @property
    def is_binding(self) -> bool:
        return self in (PrincipleStatus.AGREED, PrincipleStatus.PRACTISED)


class UnitLevel(StrEnum):
    """A unit's level in the management chain, as an org system states it."""

    TOP = "topledelse"
    ADMINISTRATION = "forvaltning"
    DEPARTMENT = "afdeling"
    UNIT = "enhed"


class DecisionStatus(StrEnum):
    """Where the leaders' decision about a finding stands."""

    PROPOSED = "proposed"
    DECIDED = "decided"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    ACCEPTED = "accepted"  # a barrier the leaders knowingly accept


@dataclass(frozen=True, slots=True, init=False, eq=False, repr=False)
class Unit(Value):
    """An organisational unit in the management chain, or an external partner.

    ``leader_count`` is the number of leaders sharing the leadership (None = 1);
    ``level`` overrides the level read from the unit's depth in the chain;
    units with the same ``parallel_set`` are alternatives for a citizen (the
    schools of a municipality: a child attends one of them).
    """

    id: str
    name: str
    sector: str = ""
    parent_id: str | None = None
    leader: str = ""
    staff_count: int | None = None
    external: bool = False
    description: str = ""
    leader_count: int | None = None
    level: UnitLevel | None = None
    parallel_set: str = ""

    def __init__(
        self,
        id: str,
        name: str,
        sector: str = "",
        parent_id: str | None = None,
        leader: str = "",
        staff_count: int | None = None,
        external: bool = False,
        description: str = "",
        leader_count: int | None = None,
        level: UnitLevel | None = None,
        parallel_set: str = "",
    ) -> None:
        set_field(self, "id", id)
        set_field(self, "name", name)
        set_field(self, "sector", sector)
        set_field(self, "parent_id", parent_id)
        set_field(self, "leader", leader)
        set_field(self, "staff_count", staff_count)
        set_field(self, "external", external)
        set_field(self, "description", description)
        set_field(self, "leader_count", leader_count)
        set_field(self, "level", level)
        set_field(self, "parallel_set", parallel_set)


@dataclass(frozen=True, slots=True, init=False, eq=False, repr=False)
class CitizenGroup(Value):
    """A group of citizens served by several units."""

    id: str
    name: str
    description: str = ""
    lead_unit_id: str | None = None
    est_size: int | None = None

    def __init__(
        self,
        id: str,
        name: str,
        description: str = "",
        lead_unit_id: str | None = None,
        est_size: int | None = None,
    ) -> None:
        set_field(self, "id", id)
        set_field(self, "name", name)
        set_field(self, "description", description)
        set_field(self, "lead_unit_id", lead_unit_id)
        set_field(self, "est_size", est_size)


@dataclass(frozen=True, slots=True, init=False, eq=False, repr=False)
class Service(Value):
    """A unit works with a citizen group, with its own goal and paradigm."""

    unit_id: str
    group_id: str
    goal: str = ""
    paradigm: str = ""

    def __init__(self, unit_id: str, group_id: str, goal: str = "", paradigm: str = "") -> None:
        set_field(self, "unit_id", unit_id)
        set_field(self, "group_id", group_id)
        set_field(self, "goal", goal)
        set_field(self, "paradigm", paradigm)


@dataclass(frozen=True, slots=True, init=False, eq=False, repr=False)
class Principle(Value):
    """An agreed principle, method or process between units."""

    id: str
    name: str
    kind: PrincipleKind
    description: str = ""
    owner_unit_id: str | None = None
    funding_unit_id: str | None = None
    status: PrincipleStatus = PrincipleStatus.DRAFT
    agreed_on: dt.date | None = None
    review_by: dt.date | None = None
    group_ids: tuple[str, ...] = ()

    def __init__(
        self,
        id: str,
        name: str,
        kind: PrincipleKind,
        description: str = "",
        owner_unit_id: str | None = None,
        funding_unit_id: str | None = None,
        status: PrincipleStatus = PrincipleStatus.DRAFT,
        agreed_on: dt.date | None = None,
        review_by: dt.date | None = None,
        group_ids: tuple[str, ...] = (),
    ) -> None:
        set_field(self, "id", id)
        set_field(self, "name", name)
        set_field(self, "kind", kind)
        set_field(self, "description", description)
        set_field(self, "owner_unit_id", owner_unit_id)
        set_field(self, "funding_unit_id", funding_unit_id)
        set_field(self, "status", status)
        set_field(self, "agreed_on", agreed_on)
        set_field(self, "review_by", review_by)
        set_field(self, "group_ids", group_ids)


@dataclass(frozen=True, slots=True, init=False, eq=False, repr=False)
class Adoption(Value):
    """A unit has joined a principle."""

    principle_id: str
    unit_id: str

    def __init__(self, principle_id: str, unit_id: str) -> None:
        set_field(self, "principle_id", principle_id)
        set_field(self, "unit_id", unit_id)


@dataclass(frozen=True, slots=True, init=False, eq=False, repr=False)
class Relation(Value):
    """Two units know and work with each other (undirected)."""

    unit_a: str
    unit_b: str
    rc_score: float | None = None
    note: str = ""

    def __init__(
        self, unit_a: str, unit_b: str, rc_score: float | None = None, note: str = ""
    ) -> None:
        set_field(self, "unit_a", unit_a)
        set_field(self, "unit_b", unit_b)
        set_field(self, "rc_score", rc_score)
        set_field(self, "note", note)

    @property
    def pair(self) -> frozenset[str]:
        return frozenset((self.unit_a, self.unit_b))


@dataclass(frozen=True, slots=True, init=False, eq=False, repr=False)
class Decision(Value):
    """What the leaders decided about one finding, kept while the map changes.

    ``finding_id`` is a finding's stable id (``CODE:subject``); it may name a
    finding that no longer fires (its decision is then history).
    """

    finding_id: str
    status: DecisionStatus = DecisionStatus.PROPOSED
    owner_unit_id: str | None = None
    due: dt.date | None = None
    decided_on: dt.date | None = None
    decided_by: str = ""
    note: str = ""

    def __init__(
        self,
        finding_id: str,
        status: DecisionStatus = DecisionStatus.PROPOSED,
        owner_unit_id: str | None = None,
        due: dt.date | None = None,
        decided_on: dt.date | None = None,
        decided_by: str = "",
        note: str = "",
    ) -> None:
        set_field(self, "finding_id", finding_id)
        set_field(self, "status", status)
        set_field(self, "owner_unit_id", owner_unit_id)
        set_field(self, "due", due)
        set_field(self, "decided_on", decided_on)
        set_field(self, "decided_by", decided_by)
        set_field(self, "note", note)


Record = Unit | CitizenGroup | Service | Principle | Adoption | Relation | Decision
"""A record of any of the seven tables."""

if TYPE_CHECKING:  # (what the checker reads of the tables and Map.replace)
    R = TypeVar("R", bound=Record)

    class MapChanges(TypedDict, total=False):
        """What :meth:`Map.replace` may change: any table and the name."""

        units: tuple[Unit, ...]
        citizen_groups: tuple[CitizenGroup, ...]
        services: tuple[Service, ...]
        principles: tuple[Principle, ...]
        adoptions: tuple[Adoption, ...]
        relations: tuple[Relation, ...]
        decisions: tuple[Decision, ...]
        name: str


@dataclass(frozen=True, init=False, eq=False, repr=False)
class Map(Value):
    """One municipality's or one project's map: seven tables of records.

    The map is immutable; derived look-ups are computed once and cached.
    Use :meth:`replace` to get a changed copy.
    """

    units: tuple[Unit, ...] = ()
    citizen_groups: tuple[CitizenGroup, ...] = ()
    services: tuple[Service, ...] = ()
    principles: tuple[Principle, ...] = ()
    adoptions: tuple[Adoption, ...] = ()
    relations: tuple[Relation, ...] = ()
    decisions: tuple[Decision, ...] = ()
    name: str = field(default="", compare=True)
    validated: bool = field(default=False, compare=False, repr=False)
    """True when :func:`mapping.validation.validate_map` found nothing wrong with these
    very tables (the readers set it); storage then need not check the map again."""

    def __init__(
        self,
        units: tuple[Unit, ...] = (),
        citizen_groups: tuple[CitizenGroup, ...] = (),
        services: tuple[Service, ...] = (),
        principles: tuple[Principle, ...] = (),
        adoptions: tuple[Adoption, ...] = (),
        relations: tuple[Relation, ...] = (),
        decisions: tuple[Decision, ...] = (),
        name: str = "",
        validated: bool = False,
    ) -> None:
        set_field(self, "units", units)
        set_field(self, "citizen_groups", citizen_groups)
        set_field(self, "services", services)
        set_field(self, "principles", principles)
        set_field(self, "adoptions", adoptions)
        set_field(self, "relations", relations)
        set_field(self, "decisions", decisions)
        set_field(self, "name", name)
        set_field(self, "validated", validated)

    def replace(self, **changes: Unpack[MapChanges]) -> Map:
        """Return a copy with some tables (or the name) replaced; the copy is unchecked."""
        return replace(self, validated=False, **changes)

    @classmethod
    def from_tables(cls, tables: Mapping[str, Iterable[Record]], name: str = "") -> Map:
        """A map from table name -> its records; a missing table is empty.

        The records of a table are the table's own class (as the readers and
        storage build them); the checker cannot follow a table given by name.
        """

        def rows(table: str, _kind: type[R]) -> tuple[R, ...]:
            return tuple(tables.get(table, ()))  # type: ignore[arg-type]

        return cls(
            units=rows("units", Unit),
            citizen_groups=rows("citizen_groups", CitizenGroup),
            services=rows("services", Service),
            principles=rows("principles", Principle),
            adoptions=rows("adoptions", Adoption),
            relations=rows("relations", Relation),
            decisions=rows("decisions", Decision),
            name=name,
        )

    # Look-ups ---------------------------------------------------------
    @cached_property
    def units_by_id(self) -> dict[str, Unit]:
        return {u.id: u for u in self.units}

    @cached_property
    def groups_by_id(self) -> dict[str, CitizenGroup]:
        return {g.id: g for g in self.citizen_groups}

    @cached_property
    def principles_by_id(self) -> dict[str, Principle]:
        return {p.id: p for p in self.principles}

    @cached_property
    def decisions_by_finding(self) -> dict[str, Decision]:
        return {d.finding_id: d for d in self.decisions}

    @cached_property
    def serving_units(self) -> dict[str, tuple[str, ...]]:
        """Group id -> ids of the units serving it, in file order, no repeats."""
        out: dict[str, dict[str, None]] = {g.id: {} for g in self.citizen_groups}
        for s in self.services:
            out.setdefault(s.group_id, {})[s.unit_id] = None
        return {g: tuple(us) for g, us in out.items()}

    @cached_property
    def adopters(self) -> dict[str, frozenset[str]]:
        """Principle id -> ids of the units that adopted it."""
        out: dict[str, set[str]] = {p.id: set() for p in self.principles}
        for a in self.adoptions:
            out.setdefault(a.principle_id, set()).add(a.unit_id)
        return {p: frozenset(us) for p, us in out.items()}

    @cached_property
    def adopted_by_unit(self) -> dict[str, frozenset[str]]:
        """Unit id -> ids of the principles it adopted."""
        out: dict[str, set[str]] = {}
        for a in self.adoptions:
            out.setdefault(a.unit_id, set()).add(a.principle_id)
        return {u: frozenset(ps) for u, ps in out.items()}

    @cached_property
    def principles_by_group(self) -> dict[str, tuple[Principle, ...]]:
        """Group id -> principles covering it."""
        out: dict[str, list[Principle]] = {}
        for p in self.principles:
            for g in dict.fromkeys(p.group_ids):
                out.setdefault(g, []).append(p)
        return {g: tuple(ps) for g, ps in out.items()}

    @cached_property
    def related_pairs(self) -> frozenset[frozenset[str]]:
        """Unordered unit pairs that have a relation, in either direction."""
        return frozenset(r.pair for r in self.relations)

    def unit(self, unit_id: str) -> Unit:
        """The unit with this id; ``KeyError`` naming the id when unknown."""
        try:
            return self.units_by_id[unit_id]
        except KeyError:
            raise KeyError(f"unknown unit id {unit_id!r}") from None

    def group(self, group_id: str) -> CitizenGroup:
        """The citizen group with this id; ``KeyError`` naming it when unknown."""
        try:
            return self.groups_by_id[group_id]
        except KeyError:
            raise KeyError(f"unknown citizen group id {group_id!r}") from None

    def principle(self, principle_id: str) -> Principle:
        """The principle with this id; ``KeyError`` naming it when unknown."""
        try:
            return self.principles_by_id[principle_id]
        except KeyError:
            raise KeyError(f"unknown principle id {principle_id!r}") from None
