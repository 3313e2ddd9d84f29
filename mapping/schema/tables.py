"""The seven tables of a map, declared once (see :mod:`mapping.schema`)."""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum

from mapping.model import (
    Adoption,
    CitizenGroup,
    Decision,
    DecisionStatus,
    Principle,
    PrincipleKind,
    PrincipleStatus,
    Relation,
    Service,
    Unit,
    UnitLevel,
)
from mapping.schema.types import Choice, Column, TableSpec
from mapping.text import Text

TYPE_CHECKING = False  # typing's own flag, without importing typing as the module loads
if TYPE_CHECKING:
    from typing import Any


def _t(da: str, en: str) -> Text:
    return Text(da, en)


def _choices(enum: type[StrEnum], labels: dict[str, tuple[Text, tuple[str, ...]]]) -> tuple:
    missing = {e.value for e in enum} ^ set(labels)
    if missing:
        raise ValueError(f"choices of {enum.__name__} do not match its values: {sorted(missing)}")
    return tuple(Choice(e.value, *labels[e.value]) for e in enum)


KIND_CHOICES = _choices(
    PrincipleKind,
    {
        "perspective": (
            _t("Fælles perspektiv og mål", "Shared perspective and goals"),
            ("perspektiv", "fælles perspektiv"),
        ),
        "method": (
            _t("Fælles metode og proces", "Shared method and process"),
            ("metode", "fælles metode"),
        ),
        "knowledge": (_t("Kendskab til hinanden", "Mutual knowledge"), ("kendskab", "viden")),
    },
)
STATUS_CHOICES = _choices(
    PrincipleStatus,
    {
        "idea": (_t("Idé", "Idea"), ("ide",)),
        "draft": (_t("Udkast", "Draft"), ()),
        "agreed": (_t("Aftalt", "Agreed"), ("vedtaget",)),
        "practised": (_t("Praktiseres", "Practised"), ("practiced", "praktiseret", "i praksis")),
    },
)
LEVEL_CHOICES = _choices(
    UnitLevel,
    {
        "topledelse": (_t("Topledelse", "Top management"), ("direktion",)),
        "forvaltning": (_t("Forvaltning", "Administration"), ()),
        "afdeling": (_t("Afdeling", "Department"), ()),
        "enhed": (_t("Enhed", "Unit"), ()),
    },
)
DECISION_CHOICES = _choices(
    DecisionStatus,
    {
        "proposed": (_t("Foreslået", "Proposed"), ("forslag",)),
        "decided": (_t("Besluttet", "Decided"), ()),
        "in_progress": (_t("I gang", "In progress"), ("in progress", "igangsat")),
        "done": (_t("Gennemført", "Done"), ("udført", "færdig")),
        "accepted": (_t("Accepteret", "Accepted"), ("accepteret barriere",)),
    },
)

_ID_HELP = _t(
    "Entydigt id, fx 'skole-nord'. Står det tomt, dannes det af navnet.",
    "A unique id such as 'skole-nord'. Left empty, it is made from the name.",
)
_NAME = _t("Navn", "Name")
_DESCRIPTION = _t("Beskrivelse", "Description")


def _id(help_: Text = _ID_HELP, **kw: Any) -> Column:
    return Column("id", "id", _t("Id", "Id"), help_, required=True, generate_from="name", **kw)


def _name(help_: Text, **kw: Any) -> Column:
    return Column("name", "text", _NAME, help_, required=True, **kw)


def _description(help_: Text, **kw: Any) -> Column:
    return Column("description", "text", _DESCRIPTION, help_, default="", widget="textarea", **kw)


def _unit_ref(name: str, label: Text, help_: Text, **kw: Any) -> Column:
    kw.setdefault("widget", "select")
    return Column(name, "ref", label, help_, refers="units", **kw)


_TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "units",
        Unit,
        ("id",),
        (
            _id(
                note="generated from `name` when the cell is empty (see *Generated ids*)",
                example="hjemmepleje-nord",
            ),
            _name(
                _t("Enhedens navn.", "The unit's name."),
                example="Hjemmeplejen Nord",
            ),
            Column(
                "sector",
                "text",
                _t("Sektor", "Sector"),
                _t(
                    "Sektor, fx 'Skole og SFO', 'Ældre og pleje', 'Ekstern'.",
                    "Sector, e.g. 'Skole og SFO', 'Ældre og pleje', 'Ekstern'.",
                ),
                default="",
                widget="sector",
                note=(
                    "any text; the map's sector list offers *Ældre og pleje, Sundhed, Skole "
                    "og SFO, Dagtilbud, Børn og familie, Voksen/socialt, Beskæftigelse, Unge "
                    "og uddannelse, Teknik og miljø, Stab, Ekstern*"
                ),
                example="Ældre og pleje",
            ),
            _unit_ref(
                "parent_id",
                _t("Enheden ovenover i ledelseskæden", "Unit above in the management chain"),
                _t(
                    "Id på enheden lige over i ledelseskæden. Tom for topledelsen og eksterne.",
                    "Id of the unit just above in the management chain. Empty for the top "
                    "and for external partners.",
                ),
                on_delete="reparent",
                depends=_t("ligger under den", "is below it"),
                indexed=True,
                note=(
                    "empty for the top management (a root) and for external partners; must "
                    "not point to an external partner; the chain must not loop"
                ),
                example="aeldreafd",
            ),
            Column(
                "leader",
                "text",
                _t("Leder", "Leader"),
                _t("Lederens navn eller titel.", "The leader's name or title."),
                default="",
                note="named in the findings' suggested actions",
                example="Lars Ebbesen",
            ),
            Column(
                "staff_count",
                "int",
                _t("Antal medarbejdere", "Staff count"),
                _t(
                    "Antal medarbejdere under lederen (helt tal).",
                    "Number of staff under the leader (a whole number).",
                ),
                minimum=0,
                maximum=10_000_000,
                widget="number",
                note=(
                    "0 to 10,000,000; divided by `leader_count` and compared with the "
                    "leadership-span setting (default 40)"
                ),
                example="58",
            ),
            Column(
                "leader_count",
                "int",
                _t("Antal ledere", "Number of leaders"),
                _t(
                    "Antal ledere, der deler ledelsen, fx en skoles ledelsesteam (tom = 1).",
                    "Leaders sharing the leadership, e.g. a school's leadership team (empty = 1).",
                ),
                minimum=1,
                maximum=10_000,
                widget="number",
                note="1 to 10,000; empty means one leader",
                example="3",
            ),
            Column(
                "level",
                "enum",
                _t("Niveau i ledelseskæden", "Level in the management chain"),
                _t(
                    "topledelse, forvaltning, afdeling eller enhed, som organisationen selv "
                    "kalder det (tom = læses af placeringen i kæden).",
                    "topledelse, forvaltning, afdeling or enhed, as the organisation names it "
                    "(empty = read from the place in the chain).",
                ),
                enum=UnitLevel,
                choices=LEVEL_CHOICES,
                widget="select",
                note=(
                    "`topledelse`, `forvaltning`, `afdeling` or `enhed` (English names "
                    "accepted too); empty means: read from the depth in the chain (root "
                    "`topledelse`, then `forvaltning`, `afdeling`, `enhed`)"
                ),
                example="enhed",
            ),
            Column(
                "parallel_set",
                "text",
                _t("Parallelle enheder", "Parallel set"),
                _t(
                    "Fælles mærke for enheder, der er alternativer for borgeren, fx 'skoler': "
                    "et barn går kun på én af dem.",
                    "A label shared by units that are alternatives for a citizen, e.g. "
                    "'skoler': a child attends only one of them.",
                ),
                default="",
                widget="suggest",
                note=(
                    "units with the same label (compared ignoring case and extra spaces) are "
                    "alternatives for a citizen and count as one contact point; they need not"
                    " know each other"
                ),
                example="skoler",
            ),
            Column(
                "external",
                "bool",
                _t("Ekstern samarbejdspartner", "External partner"),
                _t(
                    "Ekstern samarbejdspartner? ja/nej (tom = nej).",
                    "An external partner? yes/no (empty = no).",
                ),
                default=False,
                widget="checkbox",
                note="empty means no; an external partner has no `parent_id`",
                example="nej",
            ),
            _description(
                _t("Kort beskrivelse.", "A short description."),
                example="Hjemmepleje i den nordlige del af kommunen.",
            ),
        ),
        _t("Enheder", "Units"),
        _t("enhed", "unit"),
        _t(
            "Kommunens enheder i ledelseskæden og de eksterne samarbejdspartnere.",
            "The municipality's units in the management chain and the external partners.",
        ),
    ),
    TableSpec(
        "citizen_groups",
        CitizenGroup,
        ("id",),
        (
            _id(
                _t(
                    "Borgergruppens entydige id. Må ikke indeholde semikolon.",
                    "The group's unique id. Must not contain a semicolon.",
                ),
                note=(
                    "generated from `name` when empty; must not contain `;` (it separates "
                    "`group_ids`)"
                ),
                example="aeldre-medicinske",
            ),
            _name(
                _t("Borgergruppens navn.", "The citizen group's name."),
                example="Ældre medicinske patienter",
            ),
            _description(
                _t("Hvem gruppen omfatter.", "Who the group covers."),
                example="Ældre med flere kroniske sygdomme",
            ),
            _unit_ref(
                "lead_unit_id",
                _t("Enhed med ansvar for helhedsindsatsen", "Unit leading the holistic effort"),
                _t(
                    "Id på enheden, der koordinerer den samlede indsats.",
                    "Id of the unit that coordinates the whole effort.",
                ),
                on_delete="clear",
                depends=_t("har den som koordinerende enhed", "has it as coordinating unit"),
                note=(
                    "empty when nobody coordinates (a finding once the group has 3 contact points)"
                ),
                example="sundhedsafd",
            ),
            Column(
                "est_size",
                "int",
                _t("Anslået antal borgere", "Estimated number of citizens"),
                _t("Anslået antal borgere (helt tal).", "Estimated number of citizens."),
                minimum=0,
                maximum=10_000_000,
                widget="number",
                note="0 to 10,000,000; ranks the findings (most citizens first)",
                example="750",
            ),
        ),
        _t("Borgergrupper", "Citizen groups"),
        _t("borgergruppe", "citizen group"),
        _t(
            "Grupper af borgere, som flere enheder arbejder med på samme tid.",
            "Groups of citizens that several units work with at the same time.",
        ),
    ),
    TableSpec(
        "services",
        Service,
        ("unit_id", "group_id"),
        (
            _unit_ref(
                "unit_id",
                _t("Enhed", "Unit"),
                _t("Id på enheden.", "Id of the unit."),
                required=True,
                on_delete="cascade",
                depends=_t("er en af dens indsatser", "is one of its services"),
                example="hjemmepleje-nord",
            ),
            Column(
                "group_id",
                "ref",
                _t("Borgergruppe", "Citizen group"),
                _t(
                    "Id på borgergruppen, enheden arbejder med.",
                    "Id of the citizen group the unit works with.",
                ),
                required=True,
                refers="citizen_groups",
                on_delete="cascade",
                depends=_t("er en indsats for gruppen", "is a service for the group"),
                widget="select",
                indexed=True,
                note="the pair (`unit_id`, `group_id`) appears once",
                example="aeldre-medicinske",
            ),
            Column(
                "goal",
                "text",
                _t("Enhedens mål for gruppen", "The unit's goal for the group"),
                _t("Enhedens mål for gruppen.", "The unit's goal for the group."),
                default="",
                widget="suggest",
                note=(
                    "compared between units ignoring case and extra spaces; empty is never a "
                    "conflict"
                ),
                example="Færre genindlæggelser",
            ),
            Column(
                "paradigm",
                "text",
                _t("Faglig tilgang (paradigme)", "Professional paradigm"),
                _t(
                    "Enhedens faglige tilgang, fx 'rehabiliterende'.",
                    "The unit's professional approach, e.g. 'rehabiliterende'.",
                ),
                default="",
                widget="suggest",
                note="compared the same way: `Rehabiliterende` and ` rehabiliterende` are the same",
                example="Kompensatorisk",
            ),
        ),
        _t("Hvem betjener hvem", "Who serves whom"),
        _t("indsats", "service"),
        _t(
            "Hvilke enheder der arbejder med hvilke borgergrupper, og med hvilket mål.",
            "Which units work with which citizen groups, and towards which goal.",
        ),
    ),
    TableSpec(
        "principles",
        Principle,
        ("id",),
        (
            _id(
                note="generated from `name` when empty",
                example="faelles-boernesyn",
            ),
            _name(
                _t("Principets navn.", "The principle's name."),
                example="Fælles børnesyn",
            ),
            Column(
                "kind",
                "enum",
                _t("Type", "Kind"),
                _t(
                    "perspective (fælles syn), method (fælles metode) eller knowledge (kendskab).",
                    "perspective (a shared view), method (a shared method) or knowledge "
                    "(knowing each other).",
                ),
                required=True,
                enum=PrincipleKind,
                choices=KIND_CHOICES,
                widget="select",
                note=(
                    "`perspective`, `method` or `knowledge`; the Danish words (`perspektiv`, "
                    "`metode`, `kendskab`/`viden`) are accepted too; case does not matter"
                ),
                example="perspective",
            ),
            _description(
                _t("Hvad principet går ud på.", "What the principle is about."),
                example="Et fælles sprog om barnets trivsel",
            ),
            _unit_ref(
                "owner_unit_id",
                _t("Ejer (enhed)", "Owner (unit)"),
                _t("Id på enheden, der ejer principet.", "Id of the unit that owns it."),
                on_delete="clear",
                depends=_t("har den som ejer", "has it as owner"),
                example="bu",
            ),
            _unit_ref(
                "funding_unit_id",
                _t("Finansieres af (enhed)", "Funded by (unit)"),
                _t("Id på enheden, der betaler.", "Id of the unit that pays."),
                on_delete="clear",
                depends=_t("finansieres af den", "is funded by it"),
                example="bu",
            ),
            Column(
                "status",
                "enum",
                _t("Status", "Status"),
                _t(
                    "idea, draft, agreed eller practised (tom = draft).",
                    "idea, draft, agreed or practised (empty = draft).",
                ),
                enum=PrincipleStatus,
                choices=STATUS_CHOICES,
                default=PrincipleStatus.DRAFT,
                widget="select",
                note=(
                    "`idea`, `draft`, `agreed`, `practised` (Danish `idé`, `udkast`, "
                    "`aftalt`/`vedtaget`, `praktiseret`/`i praksis` accepted); **empty means "
                    "`draft`**; only `agreed` and `practised` are active"
                ),
                example="practised",
            ),
            Column(
                "agreed_on",
                "date",
                _t("Aftalt den", "Agreed on"),
                _t("Dato for aftalen, ÅÅÅÅ-MM-DD.", "Date of the agreement, YYYY-MM-DD."),
                widget="date",
                example="2024-09-01",
            ),
            Column(
                "review_by",
                "date",
                _t("Evalueres senest", "Review by"),
                _t(
                    "Dato for næste evaluering, ÅÅÅÅ-MM-DD.",
                    "Date of the next review, YYYY-MM-DD.",
                ),
                widget="date",
                note=(
                    "a practised principle past this date, or without one, is reported as not"
                    " evaluated"
                ),
                example="2027-03-01",
            ),
            Column(
                "group_ids",
                "reflist",
                _t("Borgergrupper, princippet dækker", "Citizen groups covered"),
                _t(
                    "Id'er på de borgergrupper, principet dækker, adskilt af semikolon.",
                    "Ids of the citizen groups it covers, separated by semicolons.",
                ),
                refers="citizen_groups",
                on_delete="clear",
                depends=_t("dækker gruppen", "covers the group"),
                default=(),
                widget="multiselect",
                note="each id must exist in `citizen_groups`",
                example="udsatte-familier; smaaborn",
            ),
        ),
        _t("Fælles principper", "Shared principles"),
        _t("princip", "principle"),
        _t(
            "Aftalte principper, metoder og processer på tværs af enheder.",
            "Agreed principles, methods and processes across units.",
        ),
    ),
    TableSpec(
        "adoptions",
        Adoption,
        ("principle_id", "unit_id"),
        (
            Column(
                "principle_id",
                "ref",
                _t("Princip", "Principle"),
                _t("Id på principet.", "Id of the principle."),
                required=True,
                refers="principles",
                on_delete="cascade",
                depends=_t("er en tilslutning til princippet", "is an adoption of it"),
                widget="select",
                note="the pair appears once",
                example="faelles-boernesyn",
            ),
            _unit_ref(
                "unit_id",
                _t("Enhed", "Unit"),
                _t(
                    "Id på enheden, der har tilsluttet sig.",
                    "Id of the unit that has joined.",
                ),
                required=True,
                on_delete="cascade",
                depends=_t("er dens tilslutning", "is its adoption"),
                indexed=True,
                example="dagpleje",
            ),
        ),
        _t("Tilslutninger", "Adoptions"),
        _t("tilslutning", "adoption"),
        _t(
            "Hvilke enheder der har tilsluttet sig hvilke principper.",
            "Which units have joined which principles.",
        ),
    ),
    TableSpec(
        "relations",
        Relation,
        ("unit_a", "unit_b"),
        (
            _unit_ref(
                "unit_a",
                _t("Enhed A", "Unit A"),
                _t("Id på den ene enhed.", "Id of one unit."),
                required=True,
                on_delete="cascade",
                depends=_t("er en af dens relationer", "is one of its relations"),
                example="hjemmepleje-nord",
            ),
            _unit_ref(
                "unit_b",
                _t("Enhed B", "Unit B"),
                _t("Id på den anden enhed.", "Id of the other unit."),
                required=True,
                on_delete="cascade",
                depends=_t("er en af dens relationer", "is one of its relations"),
                indexed=True,
                note=(
                    "not the same unit as `unit_a`; the same two units appear once, in either order"
                ),
                example="regionshospital",
            ),
            Column(
                "rc_score",
                "float",
                _t("Relationel koordinering (1-5)", "Relational coordination (1-5)"),
                _t(
                    "Relationel koordinering 1-5 (gennemsnit fra en måling); komma eller punktum.",
                    "Relational coordination 1-5 (the mean of a survey); comma or point.",
                ),
                minimum=1,
                maximum=5,
                widget="number",
                note=(
                    "1 to 5, the mean of a relational-coordination survey; below the setting "
                    "(default 3.5) is reported as weak"
                ),
                example="2,9",
            ),
            Column(
                "note",
                "text",
                _t("Note", "Note"),
                _t("Bemærkning.", "A remark."),
                default="",
                widget="textarea",
                example="Manglende besked ved udskrivning",
            ),
        ),
        _t("Relationer", "Relations"),
        _t("relation", "relation"),
        _t(
            "Enheder, der kender hinanden og arbejder sammen.",
            "Units that know each other and work together.",
        ),
        unordered_key=True,
    ),
    TableSpec(
        "decisions",
        Decision,
        ("finding_id",),
        (
            Column(
                "finding_id",
                "id",
                _t("Fund", "Finding"),
                _t(
                    "Fundets faste id, fx 'HK301:langvarige-kontanthjaelp' (regelkode, kolon, "
                    "emnets id).",
                    "The finding's stable id, e.g. 'HK301:langvarige-kontanthjaelp' (rule "
                    "code, colon, the subject's id).",
                ),
                required=True,
                note=(
                    "`CODE:subject` with a known rule code (see `docs/gap-rules.md`); one row"
                    " per finding; it may name a finding that no longer fires"
                ),
                example="HK301:kontanthjaelp",
            ),
            Column(
                "status",
                "enum",
                _t("Status", "Status"),
                _t(
                    "proposed, decided, in_progress, done eller accepted (en barriere, "
                    "lederne bevidst accepterer).",
                    "proposed, decided, in_progress, done or accepted (a barrier the leaders "
                    "knowingly accept).",
                ),
                required=True,
                enum=DecisionStatus,
                choices=DECISION_CHOICES,
                widget="select",
                note=(
                    "`proposed`, `decided`, `in_progress`, `done` or `accepted` (Danish "
                    "`foreslået`, `besluttet`, `i gang`, `gennemført`, `accepteret` "
                    "accepted); `accepted` is a barrier the leaders knowingly accept"
                ),
                example="decided",
            ),
            _unit_ref(
                "owner_unit_id",
                _t("Ansvarlig enhed", "Responsible unit"),
                _t(
                    "Id på enheden, der fører beslutningen ud i livet.",
                    "Id of the unit that carries the decision out.",
                ),
                on_delete="clear",
                depends=_t("er ansvarlig for beslutningen", "is responsible for the decision"),
                example="dir",
            ),
            Column(
                "due",
                "date",
                _t("Frist", "Due"),
                _t("Frist, ÅÅÅÅ-MM-DD.", "Due date, YYYY-MM-DD."),
                widget="date",
                example="2027-06-30",
            ),
            Column(
                "decided_on",
                "date",
                _t("Besluttet den", "Decided on"),
                _t("Dato for beslutningen, ÅÅÅÅ-MM-DD.", "Date of the decision, YYYY-MM-DD."),
                widget="date",
                example="2026-11-30",
            ),
            Column(
                "decided_by",
                "text",
                _t("Besluttet af", "Decided by"),
                _t("Hvem der traf beslutningen.", "Who made the decision."),
                default="",
                example="Direktionen",
            ),
            Column(
                "note",
                "text",
                _t("Note", "Note"),
                _t("Hvad der er besluttet, og hvorfor.", "What was decided, and why."),
                default="",
                widget="textarea",
                example="Fælles workshop om recovery og job i januar",
            ),
        ),
        _t("Beslutninger", "Decisions"),
        _t("beslutning", "decision"),
        _t(
            "Hvad lederne har besluttet om hvert fund (valgfri tabel).",
            "What the leaders decided about each finding (an optional table).",
        ),
    ),
)

TABLES: dict[str, TableSpec] = {t.name: t for t in _TABLES}
"""Every table of a map in dependency order (a table only refers to earlier ones,
except units to units and decisions to units)."""

TABLE_NAMES: tuple[str, ...] = tuple(TABLES)
RECORD_TYPES: dict[str, type] = {t.name: t.record for t in _TABLES}
KEY_FIELDS: dict[str, tuple[str, ...]] = {t.name: t.key for t in _TABLES}


def referring_columns(table: str) -> Iterator[tuple[TableSpec, Column]]:
    """Every (table, column) whose values name records of ``table``.

    >>> sorted(f"{t.name}.{c.name}" for t, c in referring_columns("principles"))
    ['adoptions.principle_id']
    """
    for spec in _TABLES:
        for col in spec.references():
            if col.refers == table:
                yield spec, col
