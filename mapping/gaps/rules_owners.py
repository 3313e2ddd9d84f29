"""Rules about the ownership and funding of principles: HK201, HK203."""

from __future__ import annotations

from collections.abc import Iterator

from mapping.catalogue import sector_label
from mapping.gaps import phrases as ph
from mapping.gaps.case_maps import A, P, U, mini, tree
from mapping.gaps.context import Context, norm
from mapping.gaps.core import Case, Hit, Rule
from mapping.gaps.rules_shared import status_word
from mapping.model import Principle, PrincipleKind, PrincipleStatus
from mapping.text import Text

OWNED_STATUSES = (PrincipleStatus.DRAFT, PrincipleStatus.AGREED, PrincipleStatus.PRACTISED)
SHARED_COST_KINDS = (PrincipleKind.METHOD, PrincipleKind.KNOWLEDGE)


# HK201 ---------------------------------------------------------------------
def check_hk201(ctx: Context) -> Iterator[Hit]:
    for p in ctx.map.principles:
        if p.status not in OWNED_STATUSES or p.owner_unit_id:
            continue
        joined = sorted(ctx.map.adopters.get(p.id, ()))

        def text(lang: str, p: Principle = p, joined: list[str] = joined) -> str:
            name, status = ph.principle(ctx, p.id, lang), status_word(p, lang)
            if lang == "da":
                who = (
                    f"Det er tilsluttet af {ph.units(ctx, joined, lang)}."
                    if joined
                    else "Ingen enheder har tilsluttet sig det endnu."
                )
                return f"Princippet {name} ({status}) har ingen ejer. {who}"
            who = (
                f"It has been joined by {ph.units(ctx, joined, lang)}."
                if joined
                else "No unit has joined it yet."
            )
            return f"The principle {name} ({status}) has no owner. {who}"

        yield Hit(p.id, joined, ph.both(text), p.group_ids, (p.id,))


HK201 = Rule(
    code="HK201",
    severity="medium",
    acts="chain",
    subject="principle",
    title=Text("Princip uden ejer", "Principle without an owner"),
    why=Text(
        "Et princip, som ingen ejer, bliver sjældent fulgt op. Opstår der tvivl eller uenighed, "
        "er der ingen, der har ansvaret for at samle trådene og holde princippet i live.",
        "A principle that nobody owns is seldom followed up. When doubt or disagreement arises, "
        "nobody is responsible for pulling the threads together and keeping it alive.",
    ),
    action=Text(
        "{who} bør udpege en ejerenhed, hvis leder følger op på princippet, samler erfaringer og "
        "tager det op igen, når det ikke virker efter hensigten.",
        "{who} should name an owning unit whose leader follows the principle up, gathers "
        "experience and revisits it when it does not work as intended.",
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
            expect=({"id": "HK201:p", "units": ["a", "b"], "escalate_to": "dir"},),
        ),
        Case(
            "draft principle, nobody joined: top management",
            mini(units=tree("a"), principles=[P("p", status="draft")]),
            fires=True,
            expect=({"units": [], "escalate_to": None, "escalation_level": "topledelse"},),
        ),
        Case(
            "adopted by a partner only: listed as partner, top management decides",
            mini(
                units=[*tree("a"), U("h", external=True)],
                principles=[P("p")],
                adoptions=[A("p", "h")],
            ),
            fires=True,
            expect=({"units": [], "partners": ["h"], "escalate_to": None},),
        ),
        Case("has an owner", mini(units=tree("a"), principles=[P("p", owner="a")]), fires=False),
        Case(
            "only an idea", mini(units=tree("a"), principles=[P("p", status="idea")]), fires=False
        ),
    ),
)


# HK203 ---------------------------------------------------------------------
def check_hk203(ctx: Context) -> Iterator[Hit]:
    units = ctx.units
    for p in ctx.map.principles:
        if not p.status.is_binding or p.kind not in SHARED_COST_KINDS or p.funding_unit_id:
            continue
        joined = sorted(ctx.map.adopters.get(p.id, ()))
        sectors: dict[str, str] = {}
        for uid in joined:
            u = units.get(uid)
            if u is not None and not u.external and norm(u.sector):
                sectors.setdefault(norm(u.sector), " ".join(u.sector.split()))
        if len(sectors) < 2:
            continue
        shown = sorted(sectors.values(), key=str.casefold)

        def text(lang: str, p: Principle = p, shown: list[str] = shown) -> str:
            name = ph.principle(ctx, p.id, lang)
            listed = ph.join_names([ph.quote(sector_label(s, lang), lang) for s in shown], lang)
            if lang == "da":
                return (
                    f"Princippet {name} er tilsluttet af kommunens enheder fra {len(shown)} "
                    f"sektorer ({listed}), men ingen enhed er udpeget til at finansiere det."
                )
            return (
                f"The principle {name} has been joined by the municipality's units from "
                f"{len(shown)} sectors ({listed}), but no unit has been named to fund it."
            )

        yield Hit(p.id, joined, ph.both(text), p.group_ids, (p.id,))


HK203 = Rule(
    code="HK203",
    severity="high",
    acts="chain",
    subject="principle",
    title=Text("Uklar finansiering på tværs af søjler", "Unclear funding across silos"),
    why=Text(
        "En fælles metode eller et fælles kendskab på tværs af sektorer koster ofte i én søjle "
        "og giver gevinsten i en anden. Uden en aftale om, hvem der betaler, får "
        "kassetænkningen lov at bestemme, og indsatsen går i stå.",
        "A shared method or shared knowledge across sectors often costs money in one silo and "
        "pays off in another. Without an agreement on who pays, budget-silo thinking decides "
        "and the effort stalls.",
    ),
    action=Text(
        "{who} bør afgøre, hvilken enhed der finansierer indsatsen, eller hvordan udgiften "
        "deles, så den ikke står og falder med den enkelte søjles budget.",
        "{who} should decide which unit funds the effort, or how the cost is shared, so that it "
        "does not depend on one silo's budget.",
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
            "a method joined from two sectors, no funding",
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
            expect=({"id": "HK203:p", "units": ["a", "b"], "escalate_to": "dir"},),
        ),
        Case(
            "a shared perspective costs nothing to fund",
            mini(
                units=[
                    U("dir"),
                    U("a", "dir", sector="Skole og SFO"),
                    U("b", "dir", sector="Sundhed"),
                ],
                principles=[P("p", kind="perspective", owner="a")],
                adoptions=[A("p", "a", "b")],
            ),
            fires=False,
        ),
        Case(
            "the second sector is only a partner's",
            mini(
                units=[
                    U("dir"),
                    U("a", "dir", sector="Sundhed"),
                    U("h", sector="Ekstern", external=True),
                ],
                principles=[P("p", kind="knowledge", owner="a")],
                adoptions=[A("p", "a", "h")],
            ),
            fires=False,
        ),
        Case(
            "funded",
            mini(
                units=[U("dir"), U("a", "dir", sector="x"), U("b", "dir", sector="y")],
                principles=[P("p", funding="a")],
                adoptions=[A("p", "a", "b")],
            ),
            fires=False,
        ),
        Case(
            "one sector written two ways",
            mini(
                units=[U("dir"), U("a", "dir", sector="Sundhed"), U("b", "dir", sector=" sundhed")],
                principles=[P("p")],
                adoptions=[A("p", "a", "b")],
            ),
            fires=False,
        ),
    ),
)


RULES_OWNERS: tuple[Rule, ...] = (HK201, HK203)
