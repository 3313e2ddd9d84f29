"""Rules about citizen groups shared by several units: HK101, HK102, HK202."""

from __future__ import annotations

from collections.abc import Iterator

from mapping.gaps import phrases as ph
from mapping.gaps.case_maps import A, G, P, S, U, mini, tree
from mapping.gaps.context import Context
from mapping.gaps.core import Case, Hit, Rule
from mapping.model import Principle, PrincipleStatus
from mapping.schema import TABLES
from mapping.text import Text

_STATUS = TABLES["principles"].column("status")


def status_word(p: Principle, lang: str) -> str:
    """``aftalt``, ``udkast``: the principle's status as a word inside a sentence."""
    return _STATUS.choice_label(p.status.value, lang).lower()


def contact_list(ctx: Context, group_id: str, lang: str) -> str:
    """The group's contact points by name; a parallel set as its label and size."""
    parts = []
    for members in ctx.contact_points(group_id).values():
        if len(members) == 1:
            parts.append(ph.unit(ctx, members[0], lang))
        else:
            label = ctx.units[members[0]].parallel_set.strip()
            n = ph.count(
                len(members), *(("enhed", "enheder") if lang == "da" else ("unit", "units"))
            )
            parts.append(f"{ph.quote(label, lang)} ({n})")
    return ph.join_names(sorted(parts, key=str.casefold), lang)


def group_with_size(ctx: Context, group_id: str, lang: str) -> str:
    """``»Udsatte familier« (420 borgere)``: the group, and its size when known."""
    g = ctx.map.groups_by_id.get(group_id)
    name = ph.group(ctx, group_id, lang)
    if g is None or not g.est_size:
        return name
    return f"{name} ({g.est_size} {'borgere' if lang == 'da' else 'citizens'})"


# HK101 ---------------------------------------------------------------------
def _next_step(ctx: Context, group_id: str, serving: set[str], lang: str) -> str:
    """A draft or idea principle already covering the group: the natural next step."""
    candidates = [
        p
        for p in ctx.map.principles_by_group.get(group_id, ())
        if p.status in (PrincipleStatus.DRAFT, PrincipleStatus.IDEA)
    ]
    if not candidates:
        return ""
    adopters = ctx.map.adopters

    def joined(p: Principle) -> int:
        return len(adopters.get(p.id, frozenset()) & serving)

    best = max(candidates, key=lambda p: (joined(p), p.status == PrincipleStatus.DRAFT, p.id))
    owner = best.owner_unit_id
    n, total = joined(best), len(serving)
    name, status = ph.principle(ctx, best.id, lang), status_word(best, lang)
    if lang == "da":
        whose = f", ejet af {ph.with_leader(ctx, owner, lang)}" if owner else ", uden ejer"
        return (
            f" Princippet {name} ({status}{whose}) dækker allerede gruppen, og {n} af de "
            f"{total} enheder har tilsluttet sig: at gøre det færdigt og aftalt er det "
            "naturlige næste skridt."
        )
    whose = f", owned by {ph.with_leader(ctx, owner, lang)}" if owner else ", without an owner"
    return (
        f" The principle {name} ({status}{whose}) already covers the group, and {n} of the "
        f"{total} units have joined it: finishing and agreeing it is the natural next step."
    )


def check_hk101(ctx: Context) -> Iterator[Hit]:
    adopters, key_of = ctx.map.adopters, ctx.contact_key
    for gid, serving in ctx.serving.items():
        points = ctx.contact_count(gid)
        if points < 2:
            continue
        members = set(serving)
        if any(
            len({key_of(u) for u in adopters.get(p.id, ()) if u in members}) >= 2
            for p in ctx.active_by_group.get(gid, ())
        ):
            continue

        def text(lang: str, gid: str = gid, points: int = points, members: set = members) -> str:
            head = (
                f"Borgergruppen {group_with_size(ctx, gid, lang)} har {points} kontaktpunkter "
                f"({contact_list(ctx, gid, lang)}), men intet aftalt eller praktiseret princip "
                "for gruppen er tilsluttet af enheder fra mindst to af dem."
                if lang == "da"
                else f"The citizen group {group_with_size(ctx, gid, lang)} has {points} contact "
                f"points ({contact_list(ctx, gid, lang)}), but no agreed or practised principle "
                "for the group has been joined by units from at least two of them."
            )
            return head + _next_step(ctx, gid, members, lang)

        yield Hit(gid, serving, ph.both(text), groups=(gid,))


HK101 = Rule(
    code="HK101",
    severity="high",
    acts="chain",
    subject="group",
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
        "{who} bør samle lederne af de enheder, der møder gruppen, og få aftalt et fælles "
        "princip (et fælles syn, en fælles metode eller en fast arbejdsgang), som enheder fra "
        "mindst to kontaktpunkter tilslutter sig. Begynd med den overgang, hvor borgerne "
        "oftest falder mellem to stole.",
        "{who} should bring together the leaders of the units that serve the group and agree a "
        "common principle (a shared view, a shared method or a fixed process) that units of at "
        "least two contact points join. Start with the hand-over where citizens most often fall "
        "between two stools.",
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
            expect=({"id": "HK101:g", "units": ["a", "b"], "escalate_to": "dir"},),
        ),
        Case(
            "a draft principle is named as the next step",
            mini(
                units=tree("a", "b"),
                services=[S("a", "g"), S("b", "g")],
                principles=[P("p", ["g"], status="draft")],
                adoptions=[A("p", "a", "b")],
            ),
            fires=True,
        ),
        Case(
            "agreed principle joined by two contact points",
            mini(
                units=tree("a", "b", "c"),
                services=[S("a", "g"), S("b", "g"), S("c", "g")],
                principles=[P("p", ["g"])],
                adoptions=[A("p", "a", "b")],
            ),
            fires=False,
        ),
        Case(
            "agreed principle joined only inside one parallel set",
            mini(
                units=[
                    *tree("a"),
                    U("s1", "dir", parallel="skoler"),
                    U("s2", "dir", parallel="skoler"),
                ],
                services=[S("a", "g"), S("s1", "g"), S("s2", "g")],
                principles=[P("p", ["g"])],
                adoptions=[A("p", "s1", "s2")],
            ),
            fires=True,
            expect=({"units": ["a", "s1", "s2"]},),
        ),
        Case(
            "one parallel set is one contact point",
            mini(
                units=[
                    *tree(),
                    U("s1", "dir", parallel="skoler"),
                    U("s2", "dir", parallel="Skoler "),
                ],
                services=[S("s1", "g"), S("s2", "g")],
            ),
            fires=False,
        ),
        Case(
            "a partner is a contact point but never an escalation point",
            mini(units=[*tree("a"), U("h", external=True)], services=[S("a", "g"), S("h", "g")]),
            fires=True,
            expect=({"units": ["a"], "partners": ["h"], "escalate_to": "a"},),
        ),
        Case("one unit only", mini(units=tree("a"), services=[S("a", "g")]), fires=False),
    ),
)


# HK102 ---------------------------------------------------------------------
def check_hk102(ctx: Context) -> Iterator[Hit]:
    for p in ctx.map.principles:
        if not p.status.is_binding:
            continue
        joined = ctx.map.adopters.get(p.id, frozenset())
        outsiders: set[str] = set()
        their_groups: set[str] = set()
        for gid in dict.fromkeys(p.group_ids):
            missing = [u for u in ctx.serving.get(gid, ()) if u not in joined]
            if missing:
                outsiders.update(missing)
                their_groups.add(gid)
        if not outsiders:
            continue

        def text(
            lang: str, p: Principle = p, out: set[str] = outsiders, gs: set[str] = their_groups
        ) -> str:
            name, status = ph.principle(ctx, p.id, lang), status_word(p, lang)
            if lang == "da":
                return (
                    f"Princippet {name} ({status}) gælder for {ph.groups(ctx, gs, lang)}, men "
                    f"{ph.count(len(out), 'enhed', 'enheder')}, der arbejder med "
                    f"{'gruppen' if len(gs) == 1 else 'grupperne'}, har ikke tilsluttet sig: "
                    f"{ph.units(ctx, out, lang)}."
                )
            return (
                f"The principle {name} ({status}) covers {ph.groups(ctx, gs, lang)}, but "
                f"{ph.count(len(out), 'unit', 'units')} serving "
                f"{'it' if len(gs) == 1 else 'them'} {'has' if len(out) == 1 else 'have'} not "
                f"joined: {ph.units(ctx, out, lang)}."
            )

        owner = (p.owner_unit_id,) if p.owner_unit_id else ()
        yield Hit(p.id, outsiders, ph.both(text), their_groups, (p.id,), lca_extra=owner)


HK102 = Rule(
    code="HK102",
    severity="medium",
    acts="local",
    subject="principle",
    title=Text("Enhed uden for det aftalte princip", "Unit outside the agreed principle"),
    why=Text(
        "Et fælles princip virker kun, når alle, der møder borgerne, arbejder efter det. En enhed, "
        "der står udenfor, kan trække i en anden retning og skabe brud i borgerens forløb.",
        "A common principle only works when everyone who meets the citizens follows it. A unit "
        "that stays outside may pull in another direction and break the citizen's pathway.",
    ),
    action=Text(
        "{who} kan selv tage stilling: tilslut jer princippet, eller tal med dets ejer om, hvad "
        "der skal ændres, før det giver faglig mening hos jer.",
        "{who} can decide this themselves: join the principle, or talk to its owner about what "
        "would have to change for it to make professional sense in your unit.",
    ),
    question=Text(
        "Hvad skulle der til, for at princippet også gav faglig mening i de enheder, der i dag "
        "står udenfor?",
        "What would make the principle professionally meaningful for the units that stand "
        "outside it today?",
    ),
    check=check_hk102,
    cases=(
        Case(
            "serving units that have not joined, in one finding with the owner's LCA",
            mini(
                units=[*tree("a", "b", "c", mid="fv"), U("o", "dir")],
                services=[S("a", "g"), S("b", "g"), S("c", "h")],
                principles=[P("p", ["g", "h"], owner="o")],
                adoptions=[A("p", "a")],
            ),
            fires=True,
            expect=(
                {"id": "HK102:p", "units": ["b", "c"], "groups": ["g", "h"], "escalate_to": "dir"},
            ),
        ),
        Case(
            "no owner: the outsider itself",
            mini(
                units=tree("a", "b"),
                services=[S("a", "g"), S("b", "g")],
                principles=[P("p", ["g"], status="practised")],
                adoptions=[A("p", "a")],
            ),
            fires=True,
            expect=({"units": ["b"], "escalate_to": "b"},),
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
def check_hk202(ctx: Context) -> Iterator[Hit]:
    groups = ctx.map.groups_by_id
    for gid, serving in ctx.serving.items():
        g = groups.get(gid)
        points = ctx.contact_count(gid)
        if points < 3 or (g is not None and g.lead_unit_id):
            continue

        def text(lang: str, gid: str = gid, points: int = points) -> str:
            if lang == "da":
                return (
                    f"Borgergruppen {group_with_size(ctx, gid, lang)} har {points} "
                    f"kontaktpunkter ({contact_list(ctx, gid, lang)}), men ingen enhed har "
                    "ansvaret for at koordinere helhedsindsatsen."
                )
            return (
                f"The citizen group {group_with_size(ctx, gid, lang)} has {points} contact points "
                f"({contact_list(ctx, gid, lang)}), but no unit is responsible for coordinating "
                "the holistic effort."
            )

        yield Hit(gid, serving, ph.both(text), groups=(gid,))


HK202 = Rule(
    code="HK202",
    severity="medium",
    acts="chain",
    subject="group",
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
        "{who} bør udpege én enhed, der ejer koordineringen af helhedsindsatsen for gruppen, og "
        "gøre det tydeligt for de andre enheder, hvad ansvaret indebærer.",
        "{who} should name one unit that owns the coordination of the holistic effort for the "
        "group, and make clear to the other units what that responsibility involves.",
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
            "three contact points, no lead",
            mini(units=tree("a", "b", "c"), services=[S(u, "g") for u in "abc"]),
            fires=True,
            expect=({"id": "HK202:g", "units": ["a", "b", "c"]},),
        ),
        Case(
            "three contact points with a lead",
            mini(
                units=tree("a", "b", "c"),
                groups=[G("g", lead="a")],
                services=[S(u, "g") for u in "abc"],
            ),
            fires=False,
        ),
        Case(
            "three units, but two are one parallel set",
            mini(
                units=[*tree("a"), U("s1", "dir", parallel="x"), U("s2", "dir", parallel="x")],
                services=[S(u, "g") for u in ("a", "s1", "s2")],
            ),
            fires=False,
        ),
    ),
)


RULES_SHARED: tuple[Rule, ...] = (HK101, HK102, HK202)
