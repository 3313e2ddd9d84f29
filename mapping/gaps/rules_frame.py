"""Rules about follow-up and the conditions for leading: HK501, HK601, HK602."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from mapping.formats import day, number
from mapping.gaps import phrases as ph
from mapping.gaps.case_maps import A, P, S, U, mini, tree
from mapping.gaps.context import Context
from mapping.gaps.core import Case, Hit, Rule
from mapping.gaps.rules_shared import contact_list, group_with_size
from mapping.model import Principle, PrincipleStatus, Unit
from mapping.settings import Settings
from mapping.text import Text

CASE_DAY = dt.date(2026, 6, 1)


# HK501 ---------------------------------------------------------------------
def check_hk501(ctx: Context) -> Iterator[Hit]:
    for p in ctx.map.principles:
        if p.status != PrincipleStatus.PRACTISED:
            continue
        if p.review_by is not None and p.review_by >= ctx.today:
            continue
        owner = p.owner_unit_id
        adopters = sorted(ctx.map.adopters.get(p.id, ()))
        if owner and owner in ctx.units and not ctx.is_partner(owner):
            members: list[str] = [owner]
            target: str | None = owner
        else:
            members = [*adopters, *([owner] if owner else [])]
            target = ctx.escalation(adopters)

        def text(lang: str, p: Principle = p) -> str:
            name = ph.principle(ctx, p.id, lang)
            if lang == "da":
                if p.review_by is None:
                    return (
                        f"Princippet {name} praktiseres, men der er ikke sat en dato for "
                        "evaluering."
                    )
                return (
                    f"Princippet {name} praktiseres, men datoen for evaluering, "
                    f"{day(p.review_by)}, er overskredet."
                )
            if p.review_by is None:
                return f"The principle {name} is practised, but no review date has been set."
            return (
                f"The principle {name} is practised, but its review date "
                f"{day(p.review_by, 'en')} has passed."
            )

        yield Hit(p.id, members, ph.both(text), p.group_ids, (p.id,), escalate_to=target)


HK501 = Rule(
    code="HK501",
    severity="low",
    acts="local",
    subject="principle",
    title=Text("Princip uden evaluering", "Principle not evaluated"),
    why=Text(
        "Et princip, der bruges uden at blive evalueret, kan leve videre på papiret, selv om "
        "praksis har flyttet sig. Systematisk opfølgning gør det muligt at lære og justere.",
        "A principle used without being evaluated can live on paper while practice has moved "
        "on. Systematic follow-up makes it possible to learn and adjust.",
    ),
    action=Text(
        "{who} kan selv sætte en dato for næste evaluering og beslutte, hvilken viden der skal "
        "vise, om princippet gør en forskel for borgerne.",
        "{who} can set a date for the next review and decide which knowledge will show whether "
        "the principle makes a difference for citizens.",
    ),
    question=Text(
        "Hvordan ved I, om princippet virker, og hvornår talte I sidst om det sammen?",
        "How do you know whether the principle works, and when did you last discuss it together?",
    ),
    check=check_hk501,
    cases=(
        Case(
            "practised, no review date: the owner",
            mini(units=tree("a", "b"), principles=[P("p", status="practised", owner="a")]),
            fires=True,
            today=CASE_DAY,
            expect=({"id": "HK501:p", "units": ["a"], "escalate_to": "a"},),
        ),
        Case(
            "review date passed, no owner: the adopters",
            mini(
                units=tree("a", "b"),
                principles=[P("p", status="practised", review_by=CASE_DAY - dt.timedelta(days=1))],
                adoptions=[A("p", "a", "b")],
            ),
            fires=True,
            today=CASE_DAY,
            expect=({"units": ["a", "b"], "escalate_to": "dir"},),
        ),
        Case(
            "an external owner: the adopters, the owner among the partners",
            mini(
                units=[*tree("a", "b"), U("h", external=True)],
                principles=[P("p", status="practised", owner="h")],
                adoptions=[A("p", "a", "b")],
            ),
            fires=True,
            today=CASE_DAY,
            expect=({"units": ["a", "b"], "partners": ["h"], "escalate_to": "dir"},),
        ),
        Case(
            "review date today or later",
            mini(
                units=tree("a"),
                principles=[P("p", status="practised", owner="a", review_by=CASE_DAY)],
            ),
            fires=False,
            today=CASE_DAY,
        ),
        Case(
            "agreed, not yet practised",
            mini(units=tree("a"), principles=[P("p", owner="a")]),
            fires=False,
            today=CASE_DAY,
        ),
    ),
)


# HK601 ---------------------------------------------------------------------
def check_hk601(ctx: Context) -> Iterator[Hit]:
    limit = ctx.settings.leadership_span_threshold
    for u in ctx.map.units:
        if u.external or u.staff_count is None:
            continue
        leaders = u.leader_count or 1
        share = u.staff_count / leaders
        if share <= limit:
            continue

        def text(lang: str, u: Unit = u, leaders: int = leaders, share: float = share) -> str:
            name = ph.with_leader(ctx, u.id, lang)
            per = number(share, lang, decimals=1)
            if lang == "da":
                who = "én leder" if leaders == 1 else f"{leaders} ledere ({per} pr. leder)"
                return (
                    f"{name} har {u.staff_count} medarbejdere under {who}, flere end kortets "
                    f"tærskel på {limit}."
                )
            who = "one leader" if leaders == 1 else f"{leaders} leaders ({per} per leader)"
            return (
                f"{name} has {u.staff_count} staff under {who}, more than the map's threshold "
                f"of {limit}."
            )

        yield Hit(u.id, (u.id,), ph.both(text), escalate_to=ctx.parent(u.id))


HK601 = Rule(
    code="HK601",
    severity="low",
    acts="chain",
    subject="unit",
    title=Text("Stort ledelsesspænd", "Wide leadership span"),
    why=Text(
        "Faglig ledelse kræver, at lederen kan være tæt på medarbejderne. Der findes ikke ét "
        "rigtigt ledelsesspænd, men med mange medarbejdere pr. leder bliver der mindre tid til "
        "faglig sparring.",
        "Professional leadership needs the leader to be close to the staff. There is no single "
        "right span, but with many staff per leader there is less time for professional "
        "sparring.",
    ),
    action=Text(
        "{who} bør drøfte med enhedens leder, om spændet giver plads til faglig ledelse, og om "
        "enheden har brug for flere ledere, en anden organisering eller mere ledelsesstøtte.",
        "{who} should discuss with the unit's leader whether the span leaves room for "
        "professional leadership, and whether the unit needs more leaders, another structure or "
        "more leadership support.",
    ),
    question=Text(
        "Hvor meget af lederens tid går i dag med faglig sparring med medarbejderne, og hvad "
        "ville der blive tid til med et mindre spænd?",
        "How much of the leader's time goes to professional sparring with staff today, and "
        "what would a smaller span make time for?",
    ),
    check=check_hk601,
    cases=(
        Case(
            "above the threshold: the unit above decides",
            mini(units=[U("dir"), U("a", "dir", staff=41)]),
            fires=True,
            expect=({"id": "HK601:a", "units": ["a"], "escalate_to": "dir"},),
        ),
        Case(
            "a root unit: top management",
            mini(units=[U("dir", staff=80)]),
            fires=True,
            expect=({"escalate_to": None, "escalation_level": "topledelse"},),
        ),
        Case(
            "a leadership team shares the span",
            mini(units=[U("dir"), U("a", "dir", staff=70, leaders=2)]),
            fires=False,
        ),
        Case(
            "at the threshold",
            mini(units=[U("dir"), U("a", "dir", staff=40)]),
            fires=False,
        ),
        Case(
            "a custom threshold",
            mini(units=[U("dir"), U("a", "dir", staff=25)]),
            fires=True,
            settings=Settings(leadership_span_threshold=20),
        ),
        Case(
            "an external partner is not ours to lead",
            mini(units=[U("h", staff=900, external=True)]),
            fires=False,
        ),
    ),
)


# HK602 ---------------------------------------------------------------------
def check_hk602(ctx: Context) -> Iterator[Hit]:
    limit = ctx.settings.contact_points_threshold
    for gid, serving in ctx.serving.items():
        points = ctx.contact_count(gid)
        if points < limit:
            continue

        def text(lang: str, gid: str = gid, points: int = points) -> str:
            group, listed = group_with_size(ctx, gid, lang), contact_list(ctx, gid, lang)
            if lang == "da":
                return (
                    f"Borgergruppen {group} har {points} kontaktpunkter ({listed}); kortets "
                    f"tærskel er {limit}."
                )
            return (
                f"The citizen group {group} has {points} contact points ({listed}); the map's "
                f"threshold is {limit}."
            )

        yield Hit(gid, serving, ph.both(text), groups=(gid,))


HK602 = Rule(
    code="HK602",
    severity="low",
    acts="chain",
    subject="group",
    title=Text("Mange kontaktpunkter for én borgergruppe", "Many contact points for one group"),
    why=Text(
        "Jo flere enheder en borger skal forholde sig til, jo større er risikoen for "
        "dobbeltarbejde, modstridende beskeder og forløb, der går i stå mellem to enheder.",
        "The more units a citizen has to deal with, the greater the risk of duplicated work, "
        "conflicting messages and pathways that stall between two units.",
    ),
    action=Text(
        "{who} bør undersøge, om nogle kontaktpunkter kan samles, fx med én fast koordinator "
        "eller et fælles team omkring borgeren.",
        "{who} should look into whether some contact points can be joined, for instance with "
        "one fixed coordinator or a joint team around the citizen.",
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
            "five contact points, a partner among them",
            mini(
                units=[*tree("a", "b", "c", "d"), U("h", external=True)],
                services=[S(u, "g") for u in ("a", "b", "c", "d", "h")],
            ),
            fires=True,
            expect=({"id": "HK602:g", "units": ["a", "b", "c", "d"], "partners": ["h"]},),
        ),
        Case(
            "five units, but three are one parallel set",
            mini(
                units=[
                    *tree("a", "b"),
                    *(U(s, "dir", parallel="hjemmepleje") for s in ("s1", "s2", "s3")),
                ],
                services=[S(u, "g") for u in ("a", "b", "s1", "s2", "s3")],
            ),
            fires=False,
        ),
        Case(
            "four contact points",
            mini(units=tree("a", "b", "c", "d"), services=[S(u, "g") for u in "abcd"]),
            fires=False,
        ),
    ),
)


RULES_FRAME: tuple[Rule, ...] = (HK501, HK601, HK602)
