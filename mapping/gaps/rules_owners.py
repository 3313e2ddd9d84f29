"""Rules about ownership and funding of principles: HK201, HK203."""

from __future__ import annotations

from collections.abc import Iterator

from mapping.gaps.build import A, P, U, mini, tree
from mapping.gaps.core import STATUS_DA, Case, Context, Finding, Rule, Text, join_names, norm, quote
from mapping.model import PrincipleStatus

OWNED_STATUSES = (PrincipleStatus.DRAFT, PrincipleStatus.AGREED, PrincipleStatus.PRACTISED)


# HK201 ---------------------------------------------------------------------
def check_hk201(ctx: Context) -> Iterator[Finding]:
    for p in ctx.map.principles:
        if p.status not in OWNED_STATUSES or p.owner_unit_id:
            continue
        joined = tuple(sorted(ctx.map.adopters.get(p.id, ())))
        status = STATUS_DA[p.status.value]
        if joined:
            da = f"Det er tilsluttet af {ctx.unit_names(joined)}."
            en = f"It has been joined by {ctx.unit_names(joined, 'en')}."
        else:
            da, en = "Ingen enheder har tilsluttet sig det endnu.", "No unit has joined it yet."
        yield Finding(
            joined,
            (),
            (p.id,),
            ctx.lca(joined),
            Text(
                f"Princippet {ctx.principle_name(p.id)} ({status}) har ingen ejerenhed. {da}",
                f"The principle {ctx.principle_name(p.id, 'en')} ({p.status.value}) has no "
                f"owning unit. {en}",
            ),
        )


HK201 = Rule(
    code="HK201",
    severity="medium",
    title=Text("Princip uden ejer", "Principle without an owner"),
    why=Text(
        "Et princip, som ingen ejer, bliver sjældent fulgt op. Opstår der tvivl eller uenighed, "
        "er der ingen, der har ansvaret for at samle trådene og holde princippet i live.",
        "A principle that nobody owns is seldom followed up. When doubt or disagreement arises, "
        "nobody is responsible for pulling the threads together and keeping it alive.",
    ),
    action=Text(
        "Udpeg en ejerenhed, hvis leder har ansvaret for at følge op, samle erfaringer og tage "
        "princippet op igen, når det ikke virker efter hensigten.",
        "Name an owning unit whose leader is responsible for following up, gathering experience "
        "and revisiting the principle when it does not work as intended.",
    ),
    question=Text(
        "Hvem har i dag reelt ansvaret for, at princippet bliver til praksis, og ved vedkommende "
        "det selv?",
        "Who is actually responsible today for turning the principle into practice, and do they "
        "know it?",
    ),
    check=check_hk201,
    cases=(
        Case(
            "agreed principle without owner",
            mini(units=tree("a", "b"), principles=[P("p")], adoptions=[A("p", "a", "b")]),
            fires=True,
            expect=(("a", "b"),),
            escalate_to=("dir",),
        ),
        Case(
            "draft principle, nobody joined: top management",
            mini(units=tree("a"), principles=[P("p", status="draft")]),
            fires=True,
            expect=((),),
            escalate_to=(None,),
        ),
        Case("has an owner", mini(units=tree("a"), principles=[P("p", owner="a")]), fires=False),
        Case(
            "only an idea", mini(units=tree("a"), principles=[P("p", status="idea")]), fires=False
        ),
    ),
)


# HK203 ---------------------------------------------------------------------
def check_hk203(ctx: Context) -> Iterator[Finding]:
    units_by_id = ctx.map.units_by_id
    for p in ctx.map.principles:
        if not p.status.is_binding or p.funding_unit_id:
            continue
        joined = tuple(sorted(ctx.map.adopters.get(p.id, ())))
        sectors: dict[str, str] = {}
        for uid in joined:
            u = units_by_id.get(uid)
            if u is not None and norm(u.sector):
                sectors.setdefault(norm(u.sector), " ".join(u.sector.split()))
        if len(sectors) < 2:
            continue
        shown = sorted(sectors.values())
        da_list = join_names([quote(s) for s in shown])
        en_list = join_names([quote(s, "en") for s in shown], conj="and")
        yield Finding(
            joined,
            (),
            (p.id,),
            ctx.lca(joined),
            Text(
                f"Princippet {ctx.principle_name(p.id)} er tilsluttet af enheder fra "
                f"{len(shown)} sektorer ({da_list}), men det er ikke "
                "aftalt, hvilken enhed der finansierer det.",
                f"The principle {ctx.principle_name(p.id, 'en')} has been joined by units from "
                f"{len(shown)} sectors ({en_list}), but no funding unit has been agreed.",
            ),
        )


HK203 = Rule(
    code="HK203",
    severity="high",
    title=Text("Uklar finansiering på tværs af søjler", "Unclear funding across silos"),
    why=Text(
        "Et princip, der går på tværs af sektorer, koster ofte i én søjle og giver gevinsten i en "
        "anden. Uden en aftale om, hvem der betaler, får kassetænkningen lov at bestemme, og "
        "indsatsen går i stå.",
        "A principle that crosses sectors often costs money in one silo and pays off in another. "
        "Without an agreement on who pays, budget-silo thinking decides and the effort stalls.",
    ),
    action=Text(
        "Aftal, hvilken enhed der finansierer princippet, eller hvordan udgiften deles, og forankr "
        "aftalen hos den chef, der står over de involverede søjler.",
        "Agree which unit funds the principle, or how the cost is shared, and anchor the "
        "agreement with the chief above the silos involved.",
    ),
    question=Text(
        "Hvis gevinsten høstes i en anden søjle end den, der betaler, hvordan sikrer I så, at "
        "indsatsen alligevel bliver prioriteret?",
        "If the gain is reaped in another silo than the one that pays, how do you make sure the "
        "effort is still given priority?",
    ),
    check=check_hk203,
    cases=(
        Case(
            "two sectors, no funding",
            mini(
                units=[
                    U("dir"),
                    U("a", "dir", sector="Skole og SFO"),
                    U("b", "dir", sector="Sundhed"),
                ],
                principles=[P("p", owner="a")],
                adoptions=[A("p", "a", "b")],
            ),
            fires=True,
            expect=(("a", "b"),),
        ),
        Case(
            "same sector written differently",
            mini(
                units=[
                    U("dir"),
                    U("a", "dir", sector="Sundhed"),
                    U("b", "dir", sector=" sundhed "),
                ],
                principles=[P("p", owner="a")],
                adoptions=[A("p", "a", "b")],
            ),
            fires=False,
        ),
        Case(
            "two sectors with funding",
            mini(
                units=[
                    U("dir"),
                    U("a", "dir", sector="Skole og SFO"),
                    U("b", "dir", sector="Sundhed"),
                ],
                principles=[P("p", owner="a", funding="dir")],
                adoptions=[A("p", "a", "b")],
            ),
            fires=False,
        ),
        Case(
            "only a draft",
            mini(
                units=[
                    U("dir"),
                    U("a", "dir", sector="Skole og SFO"),
                    U("b", "dir", sector="Sundhed"),
                ],
                principles=[P("p", status="draft")],
                adoptions=[A("p", "a", "b")],
            ),
            fires=False,
        ),
    ),
)

RULES_OWNERS: tuple[Rule, ...] = (HK201, HK203)
