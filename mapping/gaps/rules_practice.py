"""Rules about working together in practice: HK301, HK302, HK401, HK402."""

from __future__ import annotations

from collections.abc import Iterator

from mapping.gaps.build import A, P, R, S, mini, tree
from mapping.gaps.core import Case, Context, Finding, Rule, Text, pairs, quote


def _differing(ctx: Context, attr: str) -> Iterator[tuple[str, str, str, str, str]]:
    """(group, unit a, unit b, text a, text b) where two units' values differ.

    Pairs sharing an agreed/practised perspective principle on the group are skipped.
    """
    for gid in sorted(ctx.serving):
        values = ctx.field_by_unit(gid, attr)
        if len(values) < 2 or len({v[0] for v in values.values()}) < 2:
            continue
        members = ctx.perspective_members(gid)
        for a, b in pairs(sorted(values)):
            (na, ta), (nb, tb) = values[a], values[b]
            if na == nb or members.get(a, set()) & members.get(b, set()):
                continue
            yield gid, a, b, ta, tb


def check_hk301(ctx: Context) -> Iterator[Finding]:
    for gid, a, b, ta, tb in _differing(ctx, "paradigm"):
        yield Finding(
            (a, b),
            (gid,),
            (),
            ctx.pair_lca(a, b),
            Text(
                f"{ctx.unit_name(a)} og {ctx.unit_name(b)} arbejder begge med borgergruppen "
                f"{ctx.group_name(gid)}, men ud fra forskellige faglige paradigmer "
                f"({quote(ta)} og {quote(tb)}) og uden et fælles fagligt perspektiv, som begge "
                "har tilsluttet sig.",
                f"{ctx.unit_name(a, 'en')} and {ctx.unit_name(b, 'en')} both serve the citizen "
                f"group {ctx.group_name(gid, 'en')}, but from different professional paradigms "
                f"({quote(ta, 'en')} and {quote(tb, 'en')}) and without a shared perspective "
                "principle that both have joined.",
            ),
        )


def check_hk302(ctx: Context) -> Iterator[Finding]:
    for gid, a, b, ta, tb in _differing(ctx, "goal"):
        yield Finding(
            (a, b),
            (gid,),
            (),
            ctx.pair_lca(a, b),
            Text(
                f"{ctx.unit_name(a)} og {ctx.unit_name(b)} arbejder begge med borgergruppen "
                f"{ctx.group_name(gid)}, men mod forskellige mål ({quote(ta)} og {quote(tb)}) "
                "og uden et fælles fagligt perspektiv, som begge har tilsluttet sig.",
                f"{ctx.unit_name(a, 'en')} and {ctx.unit_name(b, 'en')} both serve the citizen "
                f"group {ctx.group_name(gid, 'en')}, but towards different goals "
                f"({quote(ta, 'en')} and {quote(tb, 'en')}) and without a shared perspective "
                "principle that both have joined.",
            ),
        )


def _two_views(attr: str) -> tuple[Case, ...]:
    """Shared cases of HK301 (paradigm) and HK302 (goal)."""

    def svc(u: str, value: str) -> object:
        return S(u, "g", **{attr: value})

    units = tree("a", "b", "c", mid="fv")
    return (
        Case(
            "two different values",
            mini(units=units, services=[svc("a", "x"), svc("b", "y")]),
            fires=True,
            expect=(("a", "b"),),
            escalate_to=("fv",),
        ),
        Case(
            "pairs reported once, equal values skipped",
            mini(
                units=units,
                services=[svc("b", "x"), svc("a", "y"), svc("c", " Y "), svc("a", "x")],
            ),
            fires=True,
            expect=(("a", "b"), ("b", "c")),
        ),
        Case(
            "same value written differently",
            mini(
                units=units,
                services=[
                    svc("a", "Rehabiliterende  tilgang"),
                    svc("b", " rehabiliterende TILGANG"),
                ],
            ),
            fires=False,
        ),
        Case(
            "one value empty",
            mini(units=units, services=[svc("a", "x"), svc("b", "  ")]),
            fires=False,
        ),
        Case(
            "a shared perspective principle bridges them",
            mini(
                units=units,
                services=[svc("a", "x"), svc("b", "y")],
                principles=[P("p", ["g"], kind="perspective")],
                adoptions=[A("p", "a", "b")],
            ),
            fires=False,
        ),
        Case(
            "a shared method principle does not bridge them",
            mini(
                units=units,
                services=[svc("a", "x"), svc("b", "y")],
                principles=[P("p", ["g"], kind="method")],
                adoptions=[A("p", "a", "b")],
            ),
            fires=True,
        ),
    )


HK301 = Rule(
    code="HK301",
    severity="high",
    title=Text("Modstridende faglige paradigmer", "Conflicting professional paradigms"),
    why=Text(
        "Når to enheder møder de samme borgere ud fra hver sit faglige paradigme, kan "
        "indsatserne modarbejde hinanden. Det, den ene enhed ser som et skridt på vejen, kan den "
        "anden se som en forhindring.",
        "When two units meet the same citizens from different professional paradigms, their "
        "efforts can work against each other. What one unit sees as a step forward, the other "
        "may see as an obstacle.",
    ),
    action=Text(
        "Bring lederne og fagpersonerne fra begge enheder sammen om konkrete borgerforløb, og "
        "arbejd hen mod et fælles fagligt perspektiv, som begge enheder tilslutter sig.",
        "Bring the leaders and professionals of both units together around real cases and work "
        "towards a shared professional perspective that both units join.",
    ),
    question=Text(
        "Hvor ser de to enheder forskelligt på, hvad der hjælper borgeren, og hvem kan skabe rum "
        "for at tale åbent om det?",
        "Where do the two units differ on what helps the citizen, and who can make room to talk "
        "about it openly?",
    ),
    check=check_hk301,
    cases=_two_views("paradigm"),
)

HK302 = Rule(
    code="HK302",
    severity="high",
    title=Text("Forskellige mål for den samme borgergruppe", "Different goals for the same group"),
    why=Text(
        "Indsatser lader sig ikke koordinere, hvis enhederne sigter mod hver sit mål. Borgeren "
        "bliver mødt af forventninger, der trækker i forskellige retninger.",
        "Efforts cannot be coordinated when the units aim at different goals. The citizen meets "
        "expectations that pull in different directions.",
    ),
    action=Text(
        "Formulér et fælles mål for gruppen sammen, eller gør det tydeligt, hvordan målene hænger "
        "sammen, og hvilket der vejer tungest, når de støder sammen.",
        "Write a shared goal for the group together, or make clear how the goals fit and which "
        "one weighs most when they clash.",
    ),
    question=Text(
        "Kan de to enheder formulere ét mål for borgeren, som de begge kan stå inde for?",
        "Can the two units state one goal for the citizen that both can stand behind?",
    ),
    check=check_hk302,
    cases=_two_views("goal"),
)


# HK401 ---------------------------------------------------------------------
def check_hk401(ctx: Context) -> Iterator[Finding]:
    neighbours = ctx.neighbours
    adopted = ctx.map.adopted_by_unit
    empty: frozenset[str] = frozenset()
    for gid, units in ctx.serving.items():
        if len(units) < 2:
            continue
        g_da, g_en = ctx.group_name(gid), ctx.group_name(gid, "en")
        for i, a in enumerate(units):
            near, joined = neighbours.get(a, empty), adopted.get(a, empty)
            for b in units[i + 1 :]:
                if b in near or not joined.isdisjoint(adopted.get(b, empty)):
                    continue
                yield Finding(
                    (a, b),
                    (gid,),
                    (),
                    ctx.pair_lca(a, b),
                    Text(
                        f"{ctx.unit_name(a)} og {ctx.unit_name(b)} arbejder begge med "
                        f"borgergruppen {g_da}, men har hverken en registreret relation eller et "
                        "fælles princip.",
                        f"{ctx.unit_name(a, 'en')} and {ctx.unit_name(b, 'en')} both serve the "
                        f"citizen group {g_en}, but have neither a recorded relation nor a common "
                        "principle.",
                    ),
                )


HK401 = Rule(
    code="HK401",
    severity="medium",
    title=Text("Manglende gensidigt kendskab", "Missing mutual knowledge"),
    why=Text(
        "Enheder, der ikke kender hinanden, ved ikke, hvornår de skal tage kontakt. Kendskab på "
        "tværs er ofte det første skridt mod en helhedsløsning og gør afstanden mellem "
        "fagkulturerne mindre.",
        "Units that do not know each other do not know when to get in touch. Knowing each other "
        "is often the first step towards a holistic solution and narrows the gap between "
        "professional cultures.",
    ),
    action=Text(
        "Skab faste mødesteder mellem de to enheder, fx fælles sagsdrøftelser eller korte besøg "
        "hos hinanden, og registrér relationen, når den er etableret.",
        "Create regular meeting points between the two units, such as joint case reviews or "
        "short visits, and record the relation once it exists.",
    ),
    question=Text(
        "Hvornår har medarbejderne i de to enheder sidst talt sammen om en borger, de begge "
        "kender?",
        "When did staff in the two units last talk together about a citizen they both know?",
    ),
    check=check_hk401,
    cases=(
        Case(
            "strangers serving the same group",
            mini(units=tree("a", "b"), services=[S("a", "g"), S("b", "g")]),
            fires=True,
            expect=(("a", "b"),),
        ),
        Case(
            "relation recorded the other way round",
            mini(
                units=tree("a", "b"), services=[S("a", "g"), S("b", "g")], relations=[R("b", "a")]
            ),
            fires=False,
        ),
        Case(
            "common principle of any status (an idea for another group)",
            mini(
                units=tree("a", "b"),
                services=[S("a", "g"), S("b", "g")],
                principles=[P("p", ["other"], status="idea")],
                adoptions=[A("p", "a", "b")],
            ),
            fires=False,
        ),
        Case(
            "three units, one pair linked",
            mini(
                units=tree("a", "b", "c"),
                services=[S(u, "g") for u in "abc"],
                relations=[R("a", "b")],
            ),
            fires=True,
            expect=(("a", "c"), ("b", "c")),
        ),
    ),
)


# HK402 ---------------------------------------------------------------------
def check_hk402(ctx: Context) -> Iterator[Finding]:
    limit = ctx.settings.weak_rc_threshold
    weakest: dict[tuple[str, ...], float] = {}
    for r in ctx.map.relations:
        if r.rc_score is not None and r.rc_score < limit:
            key = tuple(sorted({r.unit_a, r.unit_b}))
            weakest[key] = min(r.rc_score, weakest.get(key, r.rc_score))
    for key, score in weakest.items():
        a, b = key[0], key[-1]
        da_score, da_limit = f"{score:.1f}".replace(".", ","), f"{limit:g}".replace(".", ",")
        yield Finding(
            key,
            (),
            (),
            ctx.lca(key),
            Text(
                f"Relationen mellem {ctx.unit_name(a)} og {ctx.unit_name(b)} har en score for "
                f"relationel koordinering på {da_score}, hvilket er under {da_limit}.",
                f"The relation between {ctx.unit_name(a, 'en')} and {ctx.unit_name(b, 'en')} "
                f"has a relational coordination score of {score:.1f}, below {limit:g}.",
            ),
        )


HK402 = Rule(
    code="HK402",
    severity="medium",
    title=Text("Svag relationel koordinering", "Weak relational coordination"),
    why=Text(
        "En lav score for relationel koordinering viser, at samarbejdet halter: fælles mål, delt "
        "viden eller gensidig respekt er ikke på plads, og det mærker borgeren.",
        "A low relational coordination score shows that the collaboration is struggling: shared "
        "goals, shared knowledge or mutual respect are missing, and the citizen feels it.",
    ),
    action=Text(
        "Gennemgå målingen med begge enheder, og vælg et eller to konkrete forhold at forbedre, "
        "fx hyppigere og mere præcis kommunikation om de borgere, I deler.",
        "Go through the survey with both units and pick one or two concrete things to improve, "
        "such as more frequent and more precise communication about the citizens you share.",
    ),
    question=Text(
        "Hvad skal der til, for at medarbejderne i de to enheder oplever hinanden som "
        "samarbejdspartnere og ikke som modparter?",
        "What would it take for staff in the two units to see each other as partners rather "
        "than opponents?",
    ),
    check=check_hk402,
    cases=(
        Case(
            "score below the threshold, recorded twice",
            mini(units=tree("a", "b"), relations=[R("a", "b", 2.9), R("b", "a", 3.1)]),
            fires=True,
            expect=(("a", "b"),),
        ),
        Case(
            "score exactly at the threshold",
            mini(units=tree("a", "b"), relations=[R("a", "b", 3.5)]),
            fires=False,
        ),
        Case("no score", mini(units=tree("a", "b"), relations=[R("a", "b")]), fires=False),
    ),
)

RULES_PRACTICE: tuple[Rule, ...] = (HK301, HK302, HK401, HK402)
