"""Terse builders for the small maps in the rules' own cases (and tests).

Units are named ``Enhed <id>``, groups ``Gruppe <id>``, principles ``Princip <id>``.

>>> m = mini(units=[U("dir"), U("a", "dir"), U("b", "dir")], services=[S("a", "g"), S("b", "g")])
>>> [u.name for u in m.units], m.serving_units["g"]
(['Enhed dir', 'Enhed a', 'Enhed b'], ('a', 'b'))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from mapping.model import (
    Adoption,
    CitizenGroup,
    Map,
    Principle,
    PrincipleKind,
    PrincipleStatus,
    Relation,
    Service,
    Unit,
    UnitLevel,
)

TYPE_CHECKING = False  # typing's own flag, without importing typing as the module loads
if TYPE_CHECKING:
    from typing import TypedDict, Unpack


def U(
    uid: str,
    parent: str | None = None,
    *,
    sector: str = "",
    staff: int | None = None,
    leaders: int | None = None,
    level: str | None = None,
    parallel: str = "",
    external: bool = False,
    leader: str = "",
) -> Unit:
    """A unit named ``Enhed <id>``."""
    return Unit(
        id=uid,
        name=f"Enhed {uid}",
        sector=sector,
        parent_id=parent,
        leader=leader,
        staff_count=staff,
        external=external,
        leader_count=leaders,
        level=UnitLevel(level) if level else None,
        parallel_set=parallel,
    )


def G(gid: str, lead: str | None = None, size: int | None = None) -> CitizenGroup:
    """A citizen group named ``Gruppe <id>``."""
    return CitizenGroup(id=gid, name=f"Gruppe {gid}", lead_unit_id=lead, est_size=size)


def S(uid: str, gid: str, goal: str = "", paradigm: str = "") -> Service:
    """Unit ``uid`` serves group ``gid``."""
    return Service(unit_id=uid, group_id=gid, goal=goal, paradigm=paradigm)


def P(
    pid: str,
    groups: Iterable[str] = (),
    *,
    kind: str = "method",
    status: str = "agreed",
    owner: str | None = None,
    funding: str | None = None,
    review_by: dt.date | None = None,
) -> Principle:
    """A principle named ``Princip <id>`` (default: an agreed method)."""
    return Principle(
        id=pid,
        name=f"Princip {pid}",
        kind=PrincipleKind(kind),
        owner_unit_id=owner,
        funding_unit_id=funding,
        status=PrincipleStatus(status),
        review_by=review_by,
        group_ids=tuple(groups),
    )


def A(pid: str, *uids: str) -> list[Adoption]:
    """Adoptions of principle ``pid`` by each unit in ``uids``."""
    return [Adoption(principle_id=pid, unit_id=u) for u in uids]


def R(a: str, b: str, score: float | None = None) -> Relation:
    """A relation between ``a`` and ``b`` with an optional rc_score."""
    return Relation(unit_a=a, unit_b=b, rc_score=score)


def mini(
    *,
    units: Iterable[Unit] = (),
    groups: Iterable[CitizenGroup] = (),
    services: Iterable[Service] = (),
    principles: Iterable[Principle] = (),
    adoptions: Iterable[Adoption | list[Adoption]] = (),
    relations: Iterable[Relation] = (),
) -> Map:
    """A map from the builders above; groups named in services are added when missing."""
    group_list = list(groups)
    known = {g.id for g in group_list}
    service_list = list(services)
    for s in service_list:
        if s.group_id not in known:
            known.add(s.group_id)
            group_list.append(G(s.group_id))
    flat: list[Adoption] = []
    for a in adoptions:
        flat.extend(a if isinstance(a, list) else [a])
    return Map(
        units=tuple(units),
        citizen_groups=tuple(group_list),
        services=tuple(service_list),
        principles=tuple(principles),
        adoptions=tuple(flat),
        relations=tuple(relations),
        name="case",
    )


if TYPE_CHECKING:

    class UnitOptions(TypedDict, total=False):
        """The keyword options of :func:`U`, passed on by :func:`tree`."""

        sector: str
        staff: int | None
        leaders: int | None
        level: str | None
        parallel: str
        external: bool
        leader: str


def tree(
    *leaves: str, root: str = "dir", mid: str | None = None, **kw: Unpack[UnitOptions]
) -> list[Unit]:
    """A root (and optional middle unit) with ``leaves`` under it."""
    out = [U(root)]
    parent = root
    if mid is not None:
        out.append(U(mid, root))
        parent = mid
    out += [U(leaf, parent, **kw) for leaf in leaves]
    return out
