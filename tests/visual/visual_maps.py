"""Small maps for the visual tests: a hand-made one and one full of script payloads."""

from __future__ import annotations

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
)

PAYLOADS: tuple[str, ...] = (
    "<img src=x onerror=window.__pwned=1>",
    "</script><script>window.__pwned=1</script>",
    '" onmouseover="window.__pwned=1" x="',
    "javascript:window.__pwned=1",
    "<svg onload=window.__pwned=1></svg>",
    "'><a href=javascript:window.__pwned=1>klik</a>",
)


def p(i: int) -> str:
    return PAYLOADS[i % len(PAYLOADS)]


def payload_map() -> Map:
    """Every user field (ids included) holds a script payload; it still has gaps."""
    uid = [f"u{i}{p(i)}" for i in range(5)]
    units = (
        Unit(uid[0], f"Top {p(0)}", sector=p(1), leader=p(2), staff_count=99, description=p(3)),
        Unit(uid[1], f"A {p(1)}", sector=p(2), parent_id=uid[0], leader=p(3), description=p(4)),
        Unit(uid[2], f"B {p(2)}", sector=p(3), parent_id=uid[0], leader=p(4), description=p(5)),
        Unit(uid[3], f"C {p(3)}", sector=p(4), parent_id=uid[1], description=p(0)),
        Unit(uid[4], f"Ekstern {p(4)}", sector=p(5), external=True, description=p(1)),
    )
    gid = [f"g{i}{p(i + 2)}" for i in range(2)]
    groups = (
        CitizenGroup(gid[0], f"Gruppe {p(0)}", description=p(1), est_size=12),
        CitizenGroup(gid[1], f"Gruppe {p(1)}", description=p(2)),
    )
    services = tuple(
        Service(u, g, goal=f"{p(k)} mål {k}", paradigm=f"{p(k + 1)} {k}")
        for k, (u, g) in enumerate(
            [
                (uid[1], gid[0]),
                (uid[2], gid[0]),
                (uid[3], gid[0]),
                (uid[4], gid[1]),
                (uid[2], gid[1]),
            ]
        )
    )
    pid = [f"p{i}{p(i + 3)}" for i in range(2)]
    principles = (
        Principle(pid[0], f"Princip {p(5)}", PrincipleKind.METHOD, description=p(0),
                  owner_unit_id=uid[1], status=PrincipleStatus.AGREED, group_ids=(gid[0],)),
        Principle(pid[1], f"Princip {p(2)}", PrincipleKind.PERSPECTIVE, description=p(3),
                  status=PrincipleStatus.PRACTISED, group_ids=(gid[1],)),
    )  # fmt: skip
    adoptions = (Adoption(pid[0], uid[1]), Adoption(pid[1], uid[4]))
    relations = (Relation(uid[1], uid[3], rc_score=2.0, note=p(4)),)
    return Map(units, groups, services, principles, adoptions, relations, name=p(0))


def small_map() -> Map:
    """Two sectors, a chain of four units, an external partner, two groups, one principle."""
    units = (
        Unit("dir", "Direktionen", sector="Stab"),
        Unit("sund", "Sundhed og Ældre", sector="Ældre og pleje", parent_id="dir"),
        Unit("hjem", "Hjemmeplejen", sector="Ældre og pleje", parent_id="sund", staff_count=120),
        Unit("job", "Jobcentret", sector="Beskæftigelse", parent_id="dir"),
        Unit("hosp", "Hospitalet", sector="Ekstern", external=True),
    )
    groups = (CitizenGroup("aeldre", "Ældre patienter"), CitizenGroup("ledige", "Syge ledige"))
    services = (
        Service("hjem", "aeldre", goal="tryghed", paradigm="rehabiliterende"),
        Service("hosp", "aeldre", goal="udskrivning", paradigm="behandlende"),
        Service("job", "ledige", goal="job"),
        Service("hjem", "ledige", goal="trivsel"),
    )
    principles = (
        Principle("udsk", "Fælles udskrivning", PrincipleKind.METHOD, owner_unit_id="sund",
                  status=PrincipleStatus.AGREED, group_ids=("aeldre",)),
    )  # fmt: skip
    adoptions = (Adoption("udsk", "hjem"),)
    relations = (Relation("hjem", "job", rc_score=2.5, note="svag"),)
    return Map(units, groups, services, principles, adoptions, relations, name="Lille kort")
