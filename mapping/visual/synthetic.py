"""Deterministic synthetic maps of a chosen size, for benchmarks and scale tests.

>>> m = synthetic_map(100)
>>> len(m.units) + len(m.citizen_groups) + len(m.principles)
100
>>> synthetic_map(100) == m
True
"""

from __future__ import annotations

import random

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
from mapping.settings import DEFAULT_SECTORS


def synthetic_map(n_nodes: int, *, seed: int = 7) -> Map:
    """A plausible municipality-like map with about ``n_nodes`` nodes in total."""
    rnd = random.Random(seed)
    n_groups = max(1, n_nodes * 15 // 100)
    n_principles = max(1, n_nodes * 15 // 100)
    n_units = max(1, n_nodes - n_groups - n_principles)
    sectors = [s for s in DEFAULT_SECTORS if s != "Ekstern"]
    units = [Unit("u0", "Direktionen", sector="Stab", staff_count=8)]
    n_ext = max(0, n_units // 25)
    for i in range(1, n_units - n_ext):
        parent = units[rnd.randrange(max(1, min(len(units), 1 + i // 3)))]
        sector = parent.sector if parent.id != "u0" else sectors[i % len(sectors)]
        units.append(
            Unit(
                f"u{i}",
                f"{sector.split()[0]} enhed {i}",
                sector=sector,
                parent_id=parent.id,
                leader=f"Leder {i}",
                staff_count=rnd.randrange(3, 80),
            )
        )
    for i in range(n_units - n_ext, n_units):
        units.append(Unit(f"u{i}", f"Ekstern partner {i}", sector="Ekstern", external=True))
    groups = [
        CitizenGroup(f"g{i}", f"Borgergruppe {i}", est_size=rnd.randrange(10, 900))
        for i in range(n_groups)
    ]
    services: list[Service] = []
    paradigms = ("rehabiliterende", "kompensatorisk", "forebyggende", "")
    for g in groups:
        for u in rnd.sample(units, min(len(units), rnd.randrange(2, 6))):
            services.append(
                Service(
                    u.id,
                    g.id,
                    goal=rnd.choice(("job", "trivsel", "")),
                    paradigm=rnd.choice(paradigms),
                )
            )
    principles, adoptions = [], []
    kinds, statuses = list(PrincipleKind), list(PrincipleStatus)
    for i in range(n_principles):
        cover = tuple(g.id for g in rnd.sample(groups, min(len(groups), rnd.randrange(1, 3))))
        owner = rnd.choice(units).id if rnd.random() < 0.7 else None
        principles.append(
            Principle(
                f"p{i}",
                f"Princip {i}",
                kind=kinds[i % 3],
                owner_unit_id=owner,
                status=statuses[i % 4],
                group_ids=cover,
            )
        )
        for u in rnd.sample(units, min(len(units), rnd.randrange(1, 5))):
            adoptions.append(Adoption(f"p{i}", u.id))
    relations = []
    for _ in range(n_units // 3):
        a, b = rnd.sample(units, 2) if len(units) > 1 else (units[0], units[0])
        if a.id != b.id:
            relations.append(Relation(a.id, b.id, rc_score=round(rnd.uniform(1, 5), 1)))
    return Map(
        tuple(units),
        tuple(groups),
        tuple(services),
        tuple(principles),
        tuple(adoptions),
        tuple(relations),
        name=f"Syntetisk kort ({n_nodes})",
    )
