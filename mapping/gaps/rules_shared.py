"""Rules about citizen groups shared by several units: HK101, HK102, HK202."""

from __future__ import annotations

from collections.abc import Iterator

from mapping.gaps.build import A, G, P, S, U, mini, tree
from mapping.gaps.core import STATUS_DA, Case, Context, Finding, Rule, Text


# HK101 ---------------------------------------------------------------------
def check_hk101(ctx: Context) -> Iterator[Finding]:
    adopters = ctx.map.adopters
    for gid, units in ctx.serving.items():
        if len(units) < 2:
            continue
        members = set(units)
        if any(
            len(adopters.get(p.id, frozenset()) & members) >= 2
            for p in ctx.binding_by_group.get(gid, ())
        ):
            continue
        n = len(units)
        yield Finding(
            units,
            (gid,),
            (),
            ctx.lca(units),
            Text(
                f"Borgergruppen {ctx.group_name(gid)} mødes af {n} enheder "
                f"({ctx.unit_names(units)}), men intet aftalt eller praktiseret princip for "
                "gruppen er tilsluttet af mindst to af dem.",
                f"The citizen group {ctx.group_name(gid, 'en')} is served by {n} units "
                f"({ctx.unit_names(units, 'en')}), but no agreed or practised principle "
                "covering it has been adopted by at least two of them.",
            ),
        )


HK101 = Rule(
    code="HK101",
    severity="high",
    title=Text(
        "Fælles borgergruppe uden fælles princip",
        "Shared citizen group without a common principle",
    ),
    why=Text(
        "Når flere enheder arbejder med de samme borgere uden et fælles princip, som de har "
        "forpligtet sig på, lægger hver enhed sin egen plan. Borgeren møder indsatser, der ikke "
        "griber ind i hinanden, og ingen har aftalt, hvordan de skal spille sammen.",
        "When several units work with the same citizens without a common principle they have "
        "committed to, each unit makes its own plan. The citizen meets efforts that do not fit "
        "together, and nobody has agreed how they should work together.",
    ),
    action=Text(
        "Saml lederne af de enheder, der møder gruppen, og aftal et fælles princip (et fælles "
        "syn, en fælles metode eller en fast arbejdsgang), som mindst to af dem tilslutter sig. "
        "Begynd med den overgang, hvor borgerne oftest falder mellem to stole.",
        "Bring together the leaders of the units that serve the group and agree a common "
        "principle (a shared view, a shared method or a fixed process) that at least two of them "
        "join. Start with the hand-over where citizens most often fall between two stools.",
    ),
    question=Text(
        "Hvilken aftale mangler I, for at borgerne i gruppen oplever én sammenhængende indsats "
        "i stedet for flere ved siden af hinanden?",
        "Which agreement is missing for the citizens in this group to experience one coherent "
        "effort instead of several side by side?",
    ),
    check=check_hk101,
    cases=(
        Case(
            "two units, no principle",
            mini(units=tree("a", "b"), services=[S("a", "g"), S("b", "g")]),
            fires=True,
            expect=(("a", "b"),),
            escalate_to=("dir",),
        ),
        Case(
            "only a draft principle",
            mini(
                units=tree("a", "b"),
                services=[S("a", "g"), S("b", "g")],
                principles=[P("p", ["g"], status="draft")],
                adoptions=[A("p", "a", "b")],
            ),
            fires=True,
        ),
        Case(
            "agreed principle joined by only one of them",
            mini(
                units=tree("a", "b", "c"),
                services=[S("a", "g"), S("b", "g")],
                principles=[P("p", ["g"])],
                adoptions=[A("p", "a", "c")],
            ),
            fires=True,
        ),
        Case(
            "agreed principle joined by two",
            mini(
                units=tree("a", "b", "c"),
                services=[S("a", "g"), S("b", "g"), S("c", "g")],
                principles=[P("p", ["g"])],
                adoptions=[A("p", "a", "b")],
            ),
            fires=False,
        ),
        Case("one unit only", mini(units=tree("a"), services=[S("a", "g")]), fires=False),
    ),
)


# HK102 ---------------------------------------------------------------------
def check_hk102(ctx: Context) -> Iterator[Finding]:
    for p in ctx.map.principles:
        if not p.status.is_binding:
            continue
        joined = ctx.map.adopters.get(p.id, frozenset())
        p_da = f"{ctx.principle_name(p.id)} ({STATUS_DA[p.status.value]})"
        p_en = f"{ctx.principle_name(p.id, 'en')} ({p.status.value})"
        for gid in dict.fromkeys(p.group_ids):
            g_da, g_en = ctx.group_name(gid), ctx.group_name(gid, "en")
            for uid in ctx.serving.get(gid, ()):
                if uid in joined:
                    continue
                target = ctx.lca((uid, p.owner_unit_id)) if p.owner_unit_id else uid
                yield Finding(
                    (uid,),
                    (gid,),
                    (p.id,),
                    target,
                    Text(
                        f"{ctx.unit_name(uid)} arbejder med borgergruppen {g_da}, men har ikke "
                        f"tilsluttet sig princippet {p_da}, som gælder for gruppen.",
                        f"{ctx.unit_name(uid, 'en')} serves the citizen group {g_en} but has "
                        f"not joined the principle {p_en} that covers it.",
                    ),
                )


HK102 = Rule(
    code="HK102",
    severity="medium",
    title=Text("Enhed uden for det aftalte princip", "Unit outside the agreed principle"),
    why=Text(
        "Et fælles princip virker kun, når alle, der møder borgerne, arbejder efter det. En enhed, "
        "der står udenfor, kan trække i en anden retning og skabe brud i borgerens forløb.",
        "A common principle only works when everyone who meets the citizens follows it. A unit "
        "that stays outside may pull in another direction and break the citizen's pathway.",
    ),
    action=Text(
        "Tal med lederen af enheden om, hvorfor den ikke er med, og hvad der skal til. Enten "
        "tilslutter enheden sig, eller også tilpasses princippet, så det også giver mening dér.",
        "Talk to the unit's leader about why it has not joined and what it would take. Either "
        "the unit joins, or the principle is adjusted so that it makes sense there too.",
    ),
    question=Text(
        "Hvad skulle der til, for at princippet også gav faglig mening i den enhed, der i dag "
        "står udenfor?",
        "What would make the principle professionally meaningful for the unit that stands "
        "outside it today?",
    ),
    check=check_hk102,
    cases=(
        Case(
            "serving unit has not joined (owner elsewhere)",
            mini(
                units=[*tree("a", "b", mid="fv"), U("c", "dir")],
                services=[S("a", "g"), S("b", "g")],
                principles=[P("p", ["g"], owner="c")],
                adoptions=[A("p", "a")],
            ),
            fires=True,
            expect=(("b",),),
            escalate_to=("dir",),
        ),
        Case(
            "no owner: the unit itself",
            mini(
                units=tree("a", "b"),
                services=[S("a", "g"), S("b", "g")],
                principles=[P("p", ["g"], status="practised")],
                adoptions=[A("p", "a")],
            ),
            fires=True,
            expect=(("b",),),
            escalate_to=("b",),
        ),
        Case(
            "everyone joined",
            mini(
                units=tree("a", "b"),
                services=[S("a", "g"), S("b", "g")],
                principles=[P("p", ["g"])],
                adoptions=[A("p", "a", "b")],
            ),
            fires=False,
        ),
        Case(
            "principle is only an idea",
            mini(
                units=tree("a", "b"),
                services=[S("a", "g"), S("b", "g")],
                principles=[P("p", ["g"], status="idea")],
            ),
            fires=False,
        ),
    ),
)


# HK202 ---------------------------------------------------------------------
def check_hk202(ctx: Context) -> Iterator[Finding]:
    for gid, units in ctx.serving.items():
        group = ctx.map.groups_by_id.get(gid)
        if len(units) < 3 or (group is not None and group.lead_unit_id):
            continue
        n = len(units)
        yield Finding(
            units,
            (gid,),
            (),
            ctx.lca(units),
            Text(
                f"Borgergruppen {ctx.group_name(gid)} mødes af {n} enheder "
                f"({ctx.unit_names(units)}), men ingen enhed har ansvaret for at koordinere "
                "helhedsindsatsen.",
                f"The citizen group {ctx.group_name(gid, 'en')} is served by {n} units "
                f"({ctx.unit_names(units, 'en')}), but no unit is responsible for coordinating "
                "the holistic effort.",
            ),
        )


HK202 = Rule(
    code="HK202",
    severity="medium",
    title=Text(
        "Helhedsindsats uden koordinerende ejer", "Holistic effort without a coordinating owner"
    ),
    why=Text(
        "Når tre eller flere enheder arbejder med den samme borgergruppe, og ingen har ansvaret "
        "for at koordinere, ender det ofte med, at borgeren selv må binde indsatserne sammen.",
        "When three or more units work with the same citizen group and nobody is responsible "
        "for coordination, the citizen often ends up tying the efforts together alone.",
    ),
    action=Text(
        "Udpeg en enhed, der ejer koordineringen af helhedsindsatsen for gruppen, og gør det "
        "tydeligt for de andre enheder, hvad ansvaret indebærer.",
        "Name a unit that owns the coordination of the holistic effort for the group, and make "
        "clear to the other units what that responsibility involves.",
    ),
    question=Text(
        "Hvem tager i dag initiativet, når en borger i gruppen har brug for, at flere enheder "
        "handler på samme tid?",
        "Who takes the initiative today when a citizen in this group needs several units to act "
        "at the same time?",
    ),
    check=check_hk202,
    cases=(
        Case(
            "three units, no lead",
            mini(units=tree("a", "b", "c"), services=[S(u, "g") for u in "abc"]),
            fires=True,
            expect=(("a", "b", "c"),),
        ),
        Case(
            "three units with a lead",
            mini(
                units=tree("a", "b", "c"),
                groups=[G("g", lead="a")],
                services=[S(u, "g") for u in "abc"],
            ),
            fires=False,
        ),
        Case(
            "two units, no lead",
            mini(units=tree("a", "b"), services=[S("a", "g"), S("b", "g")]),
            fires=False,
        ),
    ),
)


RULES_SHARED: tuple[Rule, ...] = (HK101, HK102, HK202)
