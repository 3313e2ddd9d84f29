"""Rules about working together in practice: HK301, HK302, HK401, HK402.

HK301, HK302 and HK401 look at the *pairs* of units serving a group but report
one finding per group; the pairs are never enumerated where they need not be
(a group served by 2,000 units has two million of them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from mapping.formats import number
from mapping.gaps import phrases as ph
from mapping.gaps.case_maps import A, P, R, S, U, mini, tree
from mapping.gaps.context import Context
from mapping.gaps.core import MAX_PAIRS, Camp, Case, Hit, Rule
from mapping.gaps.rules_shared import group_with_size
from mapping.model import Service
from mapping.text import Text


# HK301 / HK302 ---------------------------------------------------------------
def conflict_camps(ctx: Context, group_id: str, attr: str) -> tuple[Camp, ...]:
    """The camps of a group's remaining conflicting pairs on ``attr`` (paradigm or goal).

    A pair conflicts when both units have a value, the values differ and the
    two have not both adopted one active perspective principle covering the
    group; two partners never make a pair. Units of one parallel set do pair:
    the same citizens should meet the same approach.
    """
    rows = ctx.values(group_id, attr)
    value_of = {u: v for u, v, _ in rows}
    if len(set(value_of.values())) < 2:
        return ()
    partner = ctx.is_partner
    size: dict[str, int] = {}
    partners_of: dict[str, int] = {}
    for u, v in value_of.items():
        size[v] = size.get(v, 0) + 1
        partners_of[v] = partners_of.get(v, 0) + partner(u)
    n, n_partners = len(value_of), sum(partners_of.values())
    members = ctx.perspective_members(group_id)
    joined: dict[str, set[str]] = {}
    for u, ps in members.items():
        if u in value_of:
            for p in ps:
                joined.setdefault(p, set()).add(u)
    remaining: set[str] = set()
    for u, v in value_of.items():
        ext = partner(u)
        others = n - size[v] - (n_partners - partners_of[v] if ext else 0)
        if others <= 0:
            continue
        bridged: set[str] = set()
        for p in members.get(u, ()):
            bridged |= joined.get(p, set())
        excused = sum(1 for w in bridged if value_of[w] != v and not (ext and partner(w)))
        if others > excused:
            remaining.add(u)
    first_text: dict[str, str] = {}
    camp_units: dict[str, list[str]] = {}
    for u, v, text in rows:  # the services table's order: the first spelling wins
        if u in remaining:
            first_text.setdefault(v, text)
            camp_units.setdefault(v, []).append(u)
    return tuple(Camp(first_text[v], tuple(sorted(camp_units[v]))) for v in sorted(camp_units))


def _camp_hits(ctx: Context, attr: str, say: Callable[[str, str, str], str]) -> Iterator[Hit]:
    for gid in ctx.serving:
        found = conflict_camps(ctx, gid, attr)
        if not found:
            continue
        involved = [u for camp in found for u in camp.units]

        def text(lang: str, gid: str = gid, found: tuple[Camp, ...] = found) -> str:
            return say(lang, group_with_size(ctx, gid, lang), ph.camps(ctx, found, lang))

        yield Hit(gid, involved, ph.both(text), groups=(gid,), details=found)


def check_hk301(ctx: Context) -> Iterator[Hit]:
    def say(lang: str, group: str, camps: str) -> str:
        if lang == "da":
            return (
                f"Enhederne, der arbejder med borgergruppen {group}, gør det ud fra forskellige "
                f"faglige paradigmer: {camps}. Intet fælles perspektiv, som de har tilsluttet "
                "sig, bygger bro mellem lejrene."
            )
        return (
            f"The units serving the citizen group {group} work from different professional "
            f"paradigms: {camps}. No shared perspective that they have joined bridges the camps."
        )

    return _camp_hits(ctx, "paradigm", say)


def check_hk302(ctx: Context) -> Iterator[Hit]:
    def say(lang: str, group: str, camps: str) -> str:
        if lang == "da":
            return (
                f"Enhederne, der arbejder med borgergruppen {group}, sigter mod forskellige mål: "
                f"{camps}. Intet fælles perspektiv, som de har tilsluttet sig, samler målene."
            )
        return (
            f"The units serving the citizen group {group} aim at different goals: {camps}. No "
            "shared perspective that they have joined brings the goals together."
        )

    return _camp_hits(ctx, "goal", say)


def _two_views(attr: str) -> tuple[Case, ...]:
    """Shared cases of HK301 (paradigm) and HK302 (goal)."""

    def svc(u: str, value: str) -> Service:
        return S(u, "g", **{attr: value})

    units = tree("a", "b", "c", mid="fv")
    code = "HK301" if attr == "paradigm" else "HK302"
    return (
        Case(
            "two different values: two camps",
            mini(units=units, services=[svc("a", "x"), svc("b", "y")]),
            fires=True,
            expect=(
                {
                    "id": f"{code}:g",
                    "escalate_to": "fv",
                    "details": [{"value": "x", "units": ["a"]}, {"value": "y", "units": ["b"]}],
                },
            ),
        ),
        Case(
            "a camp's value is its first spelling; equal values written differently agree",
            mini(
                units=units,
                services=[svc("b", "x"), svc("a", " Y "), svc("c", "y")],
            ),
            fires=True,
            expect=(
                {"details": [{"value": "x", "units": ["b"]}, {"value": "Y", "units": ["a", "c"]}]},
            ),
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
            "a shared perspective principle bridges the pair that joined it",
            mini(
                units=units,
                services=[svc("a", "x"), svc("b", "y")],
                principles=[P("p", ["g"], kind="perspective")],
                adoptions=[A("p", "a", "b")],
            ),
            fires=False,
        ),
        Case(
            "a perspective bridges only its adopters: the third unit still conflicts",
            mini(
                units=units,
                services=[svc("a", "x"), svc("b", "y"), svc("c", "z")],
                principles=[P("p", ["g"], kind="perspective")],
                adoptions=[A("p", "a", "b")],
            ),
            fires=True,
            expect=({"units": ["a", "b", "c"]},),
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
        Case(
            "two partners never make a pair",
            mini(
                units=[*units, U("h1", external=True), U("h2", external=True)],
                services=[svc("h1", "x"), svc("h2", "y")],
            ),
            fires=False,
        ),
        Case(
            "a partner in a pair is listed apart and kept out of the escalation point",
            mini(
                units=[*units, U("h", external=True)],
                services=[svc("a", "x"), svc("h", "y")],
            ),
            fires=True,
            expect=({"units": ["a"], "partners": ["h"], "escalate_to": "a"},),
        ),
        Case(
            "units of one parallel set still conflict",
            mini(
                units=[
                    *tree(),
                    U("s1", "dir", parallel="skoler"),
                    U("s2", "dir", parallel="skoler"),
                ],
                services=[svc("s1", "x"), svc("s2", "y")],
            ),
            fires=True,
        ),
    )


HK301 = Rule(
    code="HK301",
    severity="high",
    acts="chain",
    subject="group",
    title=Text("Modstridende faglige paradigmer", "Conflicting professional paradigms"),
    why=Text(
        "Når enheder møder de samme borgere ud fra hver sit faglige paradigme, kan indsatserne "
        "modarbejde hinanden. Det, den ene enhed ser som et skridt på vejen, kan den anden se "
        "som en forhindring.",
        "When units meet the same citizens from different professional paradigms, their "
        "efforts can work against each other. What one unit sees as a step forward, the other "
        "may see as an obstacle.",
    ),
    action=Text(
        "{who} bør samle lederne og fagpersonerne fra de forskellige lejre om konkrete "
        "borgerforløb og arbejde hen mod et fælles fagligt perspektiv, som alle tilslutter sig. "
        "Paradigmer flytter sig ikke ved, at hver faglig leder forhandler alene.",
        "{who} should bring the leaders and professionals of the different camps together "
        "around real cases and work towards a shared professional perspective that all of them "
        "join. Paradigms do not move by each professional leader negotiating alone.",
    ),
    question=Text(
        "Hvor ser lejrene forskelligt på, hvad der hjælper borgeren, og hvem kan skabe rum for "
        "at tale åbent om det?",
        "Where do the camps differ on what helps the citizen, and who can make room to talk "
        "about it openly?",
    ),
    check=check_hk301,
    cases=_two_views("paradigm"),
    details="camps",
)

HK302 = Rule(
    code="HK302",
    severity="high",
    acts="chain",
    subject="group",
    title=Text("Forskellige mål for den samme borgergruppe", "Different goals for the same group"),
    why=Text(
        "Indsatser lader sig ikke koordinere, hvis enhederne sigter mod hver sit mål. Borgeren "
        "bliver mødt af forventninger, der trækker i forskellige retninger.",
        "Efforts cannot be coordinated when the units aim at different goals. The citizen meets "
        "expectations that pull in different directions.",
    ),
    action=Text(
        "{who} bør sammen med enhederne formulere ét fælles mål for gruppen, eller gøre klart, "
        "hvordan målene hænger sammen, og hvilket der vejer tungest, når de støder sammen.",
        "{who} should write one shared goal for the group together with the units, or make "
        "clear how the goals fit and which one weighs most when they clash.",
    ),
    question=Text(
        "Kan enhederne formulere ét mål for borgeren, som de alle kan stå inde for?",
        "Can the units state one goal for the citizen that all of them can stand behind?",
    ),
    check=check_hk302,
    cases=_two_views("goal"),
    details="camps",
)


# HK401 ---------------------------------------------------------------------
def unknown_pairs(ctx: Context, group_id: str) -> tuple[list[tuple[str, str]], int, set[str]]:
    """The first :data:`MAX_PAIRS` unknown pairs (sorted), their total and every unit in one.

    A pair is unknown when the two units have no relation (of any score) and
    no principle they both adopted (any principle, any status); two partners,
    and two units of one parallel set, are not a pair.
    """
    serving = ctx.serving.get(group_id, ())
    near_of, adopted = ctx.neighbours, ctx.map.adopted_by_unit
    empty: frozenset[str] = frozenset()
    # Per unit, once: its relations, principles, whether a partner, its contact point.
    near = [near_of.get(u, empty) for u in serving]
    joined = [adopted.get(u, empty) for u in serving]
    ext = [ctx.is_partner(u) for u in serving]
    point = [ctx.contact_key(u) for u in serving]
    first: list[tuple[str, str]] = []
    total = 0
    involved: set[str] = set()
    n = len(serving)
    for i in range(n):
        a, near_a, joined_a, ext_a, point_a = serving[i], near[i], joined[i], ext[i], point[i]
        for j in range(i + 1, n):
            b = serving[j]
            if b in near_a or (ext_a and ext[j]) or point[j] == point_a:
                continue
            if joined_a and not joined_a.isdisjoint(joined[j]):
                continue
            total += 1
            involved.add(a)
            involved.add(b)
            if len(first) < MAX_PAIRS:
                first.append((a, b))
    return first, total, involved


def check_hk401(ctx: Context) -> Iterator[Hit]:
    for gid, serving in ctx.serving.items():
        if len(serving) < 2:
            continue
        first, total, involved = unknown_pairs(ctx, gid)
        if not total:
            continue

        def text(lang: str, gid: str = gid, first: list = first, total: int = total) -> str:
            examples = "; ".join(
                ph.join_names([ph.unit(ctx, a, lang), ph.unit(ctx, b, lang)], lang)
                for a, b in first[:3]
            )
            group = group_with_size(ctx, gid, lang)
            if lang == "da":
                pairs = "ét par" if total == 1 else f"{number(total)} par"
                cut = f" (de første {MAX_PAIRS} er listet)" if total > MAX_PAIRS else ""
                return (
                    f"Blandt enhederne, der arbejder med borgergruppen {group}, er der {pairs}"
                    f"{cut}, som hverken har en registreret relation eller et fælles princip: "
                    f"{examples}{' m.fl.' if total > 3 else '.'}"
                )
            pairs = "one pair" if total == 1 else f"{number(total, 'en')} pairs"
            cut = f" (the first {MAX_PAIRS} are listed)" if total > MAX_PAIRS else ""
            verb = "is" if total == 1 else "are"
            return (
                f"Among the units serving the citizen group {group} there {verb} "
                f"{pairs}{cut} with neither a recorded relation nor a common principle: "
                f"{examples}{' and more' if total > 3 else ''}."
            )

        yield Hit(
            gid, involved, ph.both(text), groups=(gid,), details=tuple(first), detail_total=total
        )


HK401 = Rule(
    code="HK401",
    severity="medium",
    acts="local",
    subject="group",
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
        "{who} kan selv skabe faste mødesteder mellem enhederne, fx fælles sagsdrøftelser eller "
        "korte besøg hos hinanden, og registrere relationen, når den er etableret.",
        "{who} can create regular meeting points between the units themselves, such as joint "
        "case reviews or short visits, and record the relation once it exists.",
    ),
    question=Text(
        "Hvornår har medarbejderne i enhederne sidst talt sammen om en borger, de begge kender?",
        "When did staff in the units last talk together about a citizen they both know?",
    ),
    check=check_hk401,
    details="pairs",
    cases=(
        Case(
            "strangers serving the same group",
            mini(units=tree("a", "b"), services=[S("a", "g"), S("b", "g")]),
            fires=True,
            expect=({"id": "HK401:g", "details": [["a", "b"]], "units": ["a", "b"]},),
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
            "three units, one pair linked: the other pairs remain",
            mini(
                units=tree("a", "b", "c"),
                services=[S(u, "g") for u in "abc"],
                relations=[R("a", "b")],
            ),
            fires=True,
            expect=({"details": [["a", "c"], ["b", "c"]], "units": ["a", "b", "c"]},),
        ),
        Case(
            "the schools of one parallel set need not know each other",
            mini(
                units=[
                    *tree(),
                    U("s1", "dir", parallel="skoler"),
                    U("s2", "dir", parallel="skoler"),
                ],
                services=[S("s1", "g"), S("s2", "g")],
            ),
            fires=False,
        ),
        Case(
            "two partners are not a pair",
            mini(
                units=[U("h1", external=True), U("h2", external=True)],
                services=[S("h1", "g"), S("h2", "g")],
            ),
            fires=False,
        ),
    ),
)


# HK402 ---------------------------------------------------------------------
def check_hk402(ctx: Context) -> Iterator[Hit]:
    limit = ctx.settings.weak_rc_threshold
    weakest: dict[tuple[str, str], float] = {}
    for r in ctx.map.relations:
        if r.rc_score is None or r.rc_score >= limit:
            continue
        if ctx.is_partner(r.unit_a) and ctx.is_partner(r.unit_b):
            continue
        a, b = sorted((r.unit_a, r.unit_b))
        weakest[(a, b)] = min(r.rc_score, weakest.get((a, b), r.rc_score))
    for (a, b), score in weakest.items():

        def text(lang: str, a: str = a, b: str = b, score: float = score) -> str:
            pair = (
                f"{ph.unit(ctx, a, lang)} {'og' if lang == 'da' else 'and'} {ph.unit(ctx, b, lang)}"
            )
            if lang == "da":
                return (
                    f"Relationen mellem {pair} har en score for relationel koordinering på "
                    f"{number(score, decimals=1)}, under kortets tærskel på {number(limit)}."
                )
            return (
                f"The relation between {pair} has a relational coordination score of "
                f"{number(score, 'en', decimals=1)}, below the map's threshold of "
                f"{number(limit, 'en')}."
            )

        yield Hit(f"{a}+{b}", (a, b), ph.both(text))


HK402 = Rule(
    code="HK402",
    severity="medium",
    acts="local",
    subject="relation",
    title=Text("Svag relationel koordinering", "Weak relational coordination"),
    why=Text(
        "En lav score for relationel koordinering viser, at samarbejdet halter: fælles mål, delt "
        "viden eller gensidig respekt er ikke på plads, og det mærker borgeren.",
        "A low relational coordination score shows that the collaboration is struggling: shared "
        "goals, shared knowledge or mutual respect are missing, and the citizen feels it.",
    ),
    action=Text(
        "{who} kan gennemgå målingen sammen og vælge et eller to konkrete forhold at forbedre, "
        "fx hyppigere og mere præcis kommunikation om de borgere, de deler.",
        "{who} can go through the survey together and pick one or two concrete things to "
        "improve, such as more frequent and more precise communication about the citizens they "
        "share.",
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
            "score below the threshold",
            mini(units=tree("a", "b"), relations=[R("b", "a", 2.9)]),
            fires=True,
            expect=({"id": "HK402:a+b", "units": ["a", "b"], "escalate_to": "dir"},),
        ),
        Case(
            "with a partner: the own unit is the escalation point",
            mini(units=[*tree("a"), U("h", external=True)], relations=[R("h", "a", 2.0)]),
            fires=True,
            expect=({"id": "HK402:a+h", "units": ["a"], "partners": ["h"], "escalate_to": "a"},),
        ),
        Case(
            "between two partners",
            mini(
                units=[U("h1", external=True), U("h2", external=True)],
                relations=[R("h1", "h2", 1.0)],
            ),
            fires=False,
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
