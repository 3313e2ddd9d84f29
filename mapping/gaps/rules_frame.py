"""Rules about follow-up and leadership conditions: HK501, HK601, HK602."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from mapping.gaps.build import A, P, S, U, mini, tree
from mapping.gaps.core import Case, Context, Finding, Rule, Text
from mapping.model import PrincipleStatus
from mapping.settings import Settings

CASE_DAY = dt.date(2026, 6, 1)


# HK501 ---------------------------------------------------------------------
def check_hk501(ctx: Context) -> Iterator[Finding]:
    for p in ctx.map.principles:
        if p.status != PrincipleStatus.PRACTISED:
            continue
        if p.review_by is not None and p.review_by >= ctx.today:
            continue
        if p.owner_unit_id:
            involved: tuple[str, ...] = (p.owner_unit_id,)
            target = p.owner_unit_id if p.owner_unit_id in ctx.chain else None
        else:
            involved = tuple(sorted(ctx.map.adopters.get(p.id, ())))
            target = ctx.lca(involved)
        name_da, name_en = ctx.principle_name(p.id), ctx.principle_name(p.id, "en")
        if p.review_by is None:
            da = f"Princippet {name_da} praktiseres, men der er ikke sat en dato for evaluering."
            en = f"The principle {name_en} is practised, but no review date has been set."
        else:
            day = p.review_by.isoformat()
            da = f"Princippet {name_da} praktiseres, men evalueringsdatoen {day} er overskredet."
            en = f"The principle {name_en} is practised, but its review date {day} has passed."
        yield Finding(involved, (), (p.id,), target, Text(da, en))


HK501 = Rule(
    code="HK501",
    severity="low",
    title=Text("Princip uden evaluering", "Principle not evaluated"),
    why=Text(
        "Et princip, der bruges uden at blive evalueret, kan leve videre på papiret, selv om "
        "praksis har flyttet sig. Systematisk opfølgning gør det muligt at lære og justere.",
        "A principle used without being evaluated can live on paper while practice has moved "
        "on. Systematic follow-up makes it possible to learn and adjust.",
    ),
    action=Text(
        "Sæt en dato for næste evaluering, og beslut, hvilken viden I vil bruge til at vurdere, "
        "om princippet gør en forskel for borgerne.",
        "Set a date for the next review and decide which knowledge you will use to judge "
        "whether the principle makes a difference for citizens.",
    ),
    question=Text(
        "Hvordan ved I, om princippet virker, og hvornår talte I sidst om det sammen?",
        "How do you know whether the principle works, and when did you last discuss it together?",
    ),
    check=check_hk501,
    cases=(
        Case(
            "review date passed: escalate to the owner",
            mini(
                units=tree("a", "b"),
                principles=[P("p", status="practised", owner="a", review_by=dt.date(2026, 5, 31))],
                adoptions=[A("p", "a", "b")],
            ),
            fires=True,
            today=CASE_DAY,
            expect=(("a",),),
            escalate_to=("a",),
        ),
        Case(
            "no review date, no owner: the adopters",
            mini(
                units=tree("a", "b", mid="fv"),
                principles=[P("p", status="practised")],
                adoptions=[A("p", "a", "b")],
            ),
            fires=True,
            today=CASE_DAY,
            expect=(("a", "b"),),
            escalate_to=("fv",),
        ),
        Case(
            "review date is today",
            mini(units=tree("a"), principles=[P("p", status="practised", review_by=CASE_DAY)]),
            fires=False,
            today=CASE_DAY,
        ),
        Case(
            "agreed but not yet practised",
            mini(units=tree("a"), principles=[P("p", status="agreed")]),
            fires=False,
            today=CASE_DAY,
        ),
    ),
)


# HK601 ---------------------------------------------------------------------
def check_hk601(ctx: Context) -> Iterator[Finding]:
    limit = ctx.settings.leadership_span_threshold
    for u in ctx.map.units:
        if u.staff_count is None or u.staff_count <= limit:
            continue
        parent = ctx.chain.parent(u.id) if u.id in ctx.chain else None
        yield Finding(
            (u.id,),
            (),
            (),
            parent,
            Text(
                f"{ctx.unit_name(u.id)} har {u.staff_count} medarbejdere under én leder, hvilket "
                f"er flere end kommunens tærskel på {limit}.",
                f"{ctx.unit_name(u.id, 'en')} has {u.staff_count} staff under one leader, more "
                f"than the threshold of {limit}.",
            ),
        )


HK601 = Rule(
    code="HK601",
    severity="low",
    title=Text("Bredt ledelsesspænd", "Wide leadership span"),
    why=Text(
        "Faglig ledelse kræver, at lederen kan være tæt på medarbejderne. Der findes ikke ét "
        "rigtigt ledelsesspænd, men med mange medarbejdere pr. leder bliver der mindre tid til "
        "faglig sparring.",
        "Professional leadership needs the leader to be close to the staff. There is no single "
        "right span, but with many staff per leader there is less time for professional "
        "sparring.",
    ),
    action=Text(
        "Drøft med lederen over enheden, om spændet giver plads til faglig ledelse, og om "
        "opgaver kan fordeles anderledes, eller strukturen bør ændres.",
        "Discuss with the leader above the unit whether the span leaves room for professional "
        "leadership, and whether tasks can be shared differently or the structure changed.",
    ),
    question=Text(
        "Hvor meget af din tid går i dag med faglig sparring med medarbejderne, og hvad ville du "
        "bruge mere tid på med et mindre spænd?",
        "How much of your time goes to professional sparring with staff today, and what would "
        "you spend more time on with a smaller span?",
    ),
    check=check_hk601,
    cases=(
        Case(
            "above the default threshold",
            mini(units=[U("dir"), U("a", "dir", staff=41)]),
            fires=True,
            expect=(("a",),),
            escalate_to=("dir",),
        ),
        Case(
            "a root: escalate to top management",
            mini(units=[U("dir", staff=60)]),
            fires=True,
            escalate_to=(None,),
        ),
        Case("at the threshold", mini(units=[U("dir"), U("a", "dir", staff=40)]), fires=False),
        Case(
            "a higher threshold in the settings",
            mini(units=[U("dir"), U("a", "dir", staff=41)]),
            fires=False,
            settings=Settings(leadership_span_threshold=50),
        ),
    ),
)


# HK602 ---------------------------------------------------------------------
def check_hk602(ctx: Context) -> Iterator[Finding]:
    limit = ctx.settings.contact_points_threshold
    for gid, units in ctx.serving.items():
        if len(units) < limit:
            continue
        yield Finding(
            units,
            (gid,),
            (),
            ctx.lca(units),
            Text(
                f"Borgergruppen {ctx.group_name(gid)} har {len(units)} kontaktpunkter i "
                f"kommunen ({ctx.unit_names(units)}); tærsklen er {limit}.",
                f"The citizen group {ctx.group_name(gid, 'en')} has {len(units)} contact points "
                f"({ctx.unit_names(units, 'en')}); the threshold is {limit}.",
            ),
        )


HK602 = Rule(
    code="HK602",
    severity="low",
    title=Text("Mange kontaktpunkter for én borgergruppe", "Many contact points for one group"),
    why=Text(
        "Jo flere enheder en borger skal forholde sig til, jo større er risikoen for "
        "dobbeltarbejde, modstridende beskeder og forløb, der går i stå mellem to enheder.",
        "The more units a citizen has to deal with, the greater the risk of duplicated work, "
        "conflicting messages and pathways that stall between two units.",
    ),
    action=Text(
        "Overvej, om antallet af kontaktpunkter kan gøres mindre, fx med en fast koordinator "
        "eller et fælles team omkring borgeren.",
        "Consider whether the number of contact points can be reduced, for instance with one "
        "fixed coordinator or a joint team around the citizen.",
    ),
    question=Text(
        "Hvor mange forskellige medarbejdere skal en borger i gruppen fortælle sin historie til, "
        "og hvor mange af dem er nødvendige?",
        "How many different staff does a citizen in this group have to tell their story to, "
        "and how many of them are needed?",
    ),
    check=check_hk602,
    cases=(
        Case(
            "five units with an external partner",
            mini(
                units=[*tree("a", "b", "c", "d"), U("h", external=True)],
                services=[S(u, "g") for u in "abcdh"],
            ),
            fires=True,
            expect=(("a", "b", "c", "d", "h"),),
            escalate_to=(None,),
        ),
        Case(
            "four units",
            mini(units=tree("a", "b", "c", "d"), services=[S(u, "g") for u in "abcd"]),
            fires=False,
        ),
        Case(
            "four units with a lower threshold",
            mini(units=tree("a", "b", "c", "d"), services=[S(u, "g") for u in "abcd"]),
            fires=True,
            settings=Settings(contact_points_threshold=4),
        ),
    ),
)

RULES_FRAME: tuple[Rule, ...] = (HK501, HK601, HK602)
