"""Synthetic maps at municipal and national scale, for the benchmarks.

One municipality has about 306 units (a direktion, 4-6 forvaltninger, areas
under them and citizen-facing units under those), about 31 citizen groups,
102 principles and 1,530 links (services, adoptions and relations). External
partners (a hospital, general practice, a private provider) are shared by the
municipalities of one of five regions. The same arguments always give the
same map.

>>> m = generate_map(1)
>>> 300 <= len(m.units) <= 315, len(m.citizen_groups), len(m.principles)
(True, 31, 102)
>>> generate_map(1) == m
True
"""

from __future__ import annotations

import datetime as dt
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

UNITS_PER_MUNICIPALITY = 306
GROUPS_PER_MUNICIPALITY = 31
PRINCIPLES_PER_MUNICIPALITY = 102
REGIONS = ("Hovedstaden", "Sjælland", "Syddanmark", "Midtjylland", "Nordjylland")

# forvaltning name -> (sector, stem of its citizen-facing units), one per area
FORVALTNINGER: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Børn og Unge",
        (("Skole og SFO", "Skole"), ("Dagtilbud", "Børnehus"), ("Børn og familie", "Familieteam")),
    ),
    (
        "Social og Sundhed",
        (
            ("Voksen/socialt", "Bosted"),
            ("Sundhed", "Sundhedscenter"),
            ("Voksen/socialt", "Misbrug"),
        ),
    ),
    (
        "Beskæftigelse",
        (("Beskæftigelse", "Jobcenterteam"), ("Unge og uddannelse", "Ungeteam")),
    ),
    ("Ældre og Omsorg", (("Ældre og pleje", "Hjemmepleje"), ("Ældre og pleje", "Plejecenter"))),
    ("Teknik og Miljø", (("Teknik og miljø", "Driftsteam"),)),
    ("Økonomi og Stab", (("Stab", "Stabsteam"),)),
)
GROUP_THEMES = (
    "Udsatte børn og familier",
    "Børn med bekymrende skolefravær",
    "Overgang fra dagtilbud til skole",
    "Langvarigt ledige kontanthjælpsmodtagere",
    "Ældre medicinske patienter",
    "Unge i udsatte positioner",
    "Borgere med psykisk sårbarhed",
    "Borgere med misbrug",
    "Udskrivning fra hospital",
    "Børn med særlige behov",
)
PARADIGMS = ("rehabiliterende", "kompensatorisk", "recovery-orienteret", "Rehabiliterende ")
GOALS = ("Job eller uddannelse", "Trivsel i hverdagen", "Stabil skolegang", "Selvhjulpenhed")
KINDS = tuple(PrincipleKind)
STATUSES = tuple(PrincipleStatus)
STATUS_WEIGHTS = (1, 2, 4, 4)
START = dt.date(2025, 1, 1)


def _externals(region: int) -> list[Unit]:
    name = REGIONS[region]
    return [
        Unit(f"ext{region}-hosp", f"Hospital, Region {name}", "Ekstern", external=True),
        Unit(f"ext{region}-gp", f"Almen praksis, Region {name}", "Ekstern", external=True),
        Unit(f"ext{region}-priv", f"Privat leverandør, Region {name}", "Ekstern", external=True),
    ]


def _chain(k: int, rng: random.Random) -> tuple[list[Unit], list[Unit]]:
    """(all units of municipality k, its citizen-facing leaves)."""
    p = f"k{k:03d}"
    top = Unit(f"{p}-dir", f"Direktionen, Kommune {k}", "Stab", staff_count=6)
    picked = [
        FORVALTNINGER[i] for i in sorted(rng.sample(range(len(FORVALTNINGER)), rng.randint(4, 6)))
    ]
    units: list[Unit] = [top]
    areas: list[tuple[Unit, str, str]] = []
    for fi, (fname, kinds) in enumerate(picked):
        fv = Unit(
            f"{p}-f{fi}", f"{fname}, Kommune {k}", kinds[0][0], parent_id=top.id, staff_count=8
        )
        units.append(fv)
        for ai in range(rng.randint(4, 6)):
            sector, stem = kinds[ai % len(kinds)]
            area = Unit(
                f"{p}-f{fi}a{ai}", f"{stem}område {ai + 1}, {fname}", sector, fv.id, staff_count=5
            )
            units.append(area)
            areas.append((area, sector, stem))
    leaves: list[Unit] = []
    for i in range(UNITS_PER_MUNICIPALITY - len(units)):
        area, sector, stem = areas[i % len(areas)]
        leaves.append(
            Unit(
                f"{p}-u{i:03d}",
                f"{stem} {i + 1}",
                sector,
                parent_id=area.id,
                leader=f"Leder {i + 1}",
                staff_count=rng.randint(6, 60),
            )
        )
    return units + leaves, leaves


def _municipality(k: int, seed: int, ext: list[Unit]) -> tuple[list[object], ...]:
    rng = random.Random(f"{seed}-{k}")
    units, leaves = _chain(k, rng)
    p = f"k{k:03d}"
    groups: list[CitizenGroup] = []
    services: list[Service] = []
    serving: dict[str, list[str]] = {}
    for gi in range(GROUPS_PER_MUNICIPALITY):
        gid = f"{p}-g{gi:02d}"
        chosen = [u.id for u in rng.sample(leaves, rng.randint(3, 12))]
        if rng.random() < 0.3:
            chosen.append(rng.choice(ext).id)
        lead = rng.choice(chosen) if rng.random() < 0.6 else None
        theme = GROUP_THEMES[gi % len(GROUP_THEMES)]
        groups.append(
            CitizenGroup(
                gid, f"{theme} ({gi + 1})", lead_unit_id=lead, est_size=rng.randint(20, 900)
            )
        )
        main_paradigm, main_goal = rng.choice(PARADIGMS), rng.choice(GOALS)
        for uid in chosen:
            paradigm = main_paradigm if rng.random() < 0.7 else rng.choice((*PARADIGMS, ""))
            goal = main_goal if rng.random() < 0.7 else rng.choice((*GOALS, ""))
            services.append(Service(uid, gid, goal=goal, paradigm=paradigm))
        serving[gid] = chosen
    principles: list[Principle] = []
    adoptions: list[Adoption] = []
    gids = list(serving)
    for pi in range(PRINCIPLES_PER_MUNICIPALITY):
        covered = rng.sample(gids, rng.choice((1, 1, 2)))
        pool = sorted({u for g in covered for u in serving[g]})
        status = rng.choices(STATUSES, STATUS_WEIGHTS)[0]
        review = START + dt.timedelta(days=rng.randint(0, 1000)) if rng.random() < 0.8 else None
        principles.append(
            Principle(
                f"{p}-p{pi:03d}",
                f"Fælles princip {pi + 1}, Kommune {k}",
                rng.choice(KINDS),
                owner_unit_id=rng.choice(pool) if rng.random() < 0.85 else None,
                funding_unit_id=rng.choice(pool) if rng.random() < 0.5 else None,
                status=status,
                agreed_on=START if status.is_binding else None,
                review_by=review,
                group_ids=tuple(covered),
            )
        )
        for uid in rng.sample(pool, min(len(pool), rng.randint(4, 8))):
            adoptions.append(Adoption(f"{p}-p{pi:03d}", uid))
    relations: list[Relation] = []
    seen: set[frozenset[str]] = set()  # validation refuses a pair twice, either direction

    def relate(a: str, b: str, score: float | None, note: str = "") -> None:
        if frozenset((a, b)) not in seen:
            seen.add(frozenset((a, b)))
            relations.append(Relation(a, b, score, note))

    for gid in gids:
        members = serving[gid]
        for _ in range(15):
            a, b = rng.sample(members, 2)
            relate(a, b, round(rng.uniform(2.0, 5.0), 1) if rng.random() < 0.6 else None)
    while len(relations) < 670:
        a, b = rng.sample(leaves, 2)
        relate(a.id, b.id, None, "kender hinanden")
    return units, groups, services, principles, adoptions, relations


def generate_map(municipalities: int, seed: int = 0) -> Map:
    """A deterministic synthetic map of ``municipalities`` municipalities."""
    tables: list[list[object]] = [[] for _ in range(6)]
    regions: dict[int, list[Unit]] = {}
    for k in range(1, municipalities + 1):
        region = k % len(REGIONS)
        if region not in regions:
            regions[region] = _externals(region)
            tables[0].extend(regions[region])
        for table, rows in zip(tables, _municipality(k, seed, regions[region]), strict=True):
            table.extend(rows)
    return Map(
        *(tuple(t) for t in tables),  # type: ignore[arg-type]
        name=f"Syntetisk kort ({municipalities} kommuner)",
    )


def sized_map(n_nodes: int, *, seed: int = 7) -> Map:
    """A municipality-like map with ``n_nodes`` nodes (units + groups + principles).

    For benchmarks and scale tests that need an exact node count (the diagram).

    >>> m = sized_map(100)
    >>> len(m.units) + len(m.citizen_groups) + len(m.principles)
    100
    >>> sized_map(100) == m
    True
    """
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
