"""Declarative specs of the six interchange tables (DESIGN §4).

>>> [c.name for c in TABLES["adoptions"].columns]
['principle_id', 'unit_id']
>>> TABLES["units"].column("id").required
True
>>> is_extra_sheet(" huller "), is_extra_sheet("Ydelser")
(True, False)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from mapping.model import Adoption, CitizenGroup, Principle, Relation, Service, Unit

ColumnType = Literal[
    "id", "key", "ref", "text", "int", "float", "bool", "date", "kind", "status", "idlist"
]
"""How a cell is parsed: ``id`` an entity's own id (generated from the name when
empty), ``key`` a required reference, ``ref`` an optional reference, ``text``
free text kept exactly, ``idlist`` ``;``-separated ids."""


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: ColumnType
    required: bool = False
    help_da: str = ""


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    record: type
    columns: tuple[Column, ...]
    label_da: str
    help_da: str

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def has_id(self) -> bool:
        return self.columns[0].type == "id"


def _c(name: str, type_: ColumnType, required: bool = False, help_da: str = "") -> Column:
    return Column(name, type_, required, help_da)


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "units",
            Unit,
            (
                _c(
                    "id",
                    "id",
                    True,
                    "Enhedens entydige id, fx 'skole-nord'. Bruges i de andre ark.",
                ),
                _c("name", "text", True, "Enhedens navn."),
                _c(
                    "sector",
                    "text",
                    False,
                    "Sektor, fx 'Skole og SFO', 'Ældre og pleje', 'Ekstern'.",
                ),
                _c(
                    "parent_id",
                    "ref",
                    False,
                    "Id på enheden lige over i ledelseskæden. Tom for topledelsen og eksterne.",
                ),
                _c("leader", "text", False, "Lederens navn eller titel."),
                _c("staff_count", "int", False, "Antal medarbejdere under lederen (helt tal)."),
                _c("external", "bool", False, "Ekstern samarbejdspartner? ja/nej (tom = nej)."),
                _c("description", "text", False, "Kort beskrivelse."),
            ),
            "Enheder",
            "Kommunens enheder i ledelseskæden og de eksterne samarbejdspartnere.",
        ),
        Table(
            "citizen_groups",
            CitizenGroup,
            (
                _c("id", "id", True, "Borgergruppens entydige id. Må ikke indeholde semikolon."),
                _c("name", "text", True, "Borgergruppens navn."),
                _c("description", "text", False, "Hvem gruppen omfatter."),
                _c(
                    "lead_unit_id",
                    "ref",
                    False,
                    "Id på enheden der koordinerer den samlede indsats.",
                ),
                _c("est_size", "int", False, "Anslået antal borgere (helt tal)."),
            ),
            "Borgergrupper",
            "Grupper af borgere som flere enheder arbejder med på samme tid.",
        ),
        Table(
            "services",
            Service,
            (
                _c("unit_id", "key", True, "Id på enheden."),
                _c("group_id", "key", True, "Id på borgergruppen enheden arbejder med."),
                _c("goal", "text", False, "Enhedens mål for gruppen."),
                _c("paradigm", "text", False, "Enhedens faglige tilgang, fx 'rehabiliterende'."),
            ),
            "Indsatser",
            "Hvilke enheder der arbejder med hvilke borgergrupper, og med hvilket mål.",
        ),
        Table(
            "principles",
            Principle,
            (
                _c("id", "id", True, "Principets entydige id."),
                _c("name", "text", True, "Principets navn."),
                _c(
                    "kind",
                    "kind",
                    True,
                    "perspective (fælles syn), method (fælles metode) eller knowledge (kendskab).",
                ),
                _c("description", "text", False, "Hvad principet går ud på."),
                _c("owner_unit_id", "ref", False, "Id på enheden der ejer principet."),
                _c("funding_unit_id", "ref", False, "Id på enheden der betaler."),
                _c("status", "status", False, "idea, draft, agreed eller practised (tom = draft)."),
                _c("agreed_on", "date", False, "Dato for aftalen, ÅÅÅÅ-MM-DD."),
                _c("review_by", "date", False, "Dato for næste evaluering, ÅÅÅÅ-MM-DD."),
                _c(
                    "group_ids",
                    "idlist",
                    False,
                    "Id'er på de borgergrupper principet dækker, adskilt af semikolon.",
                ),
            ),
            "Fælles principper",
            "Aftalte principper, metoder og processer på tværs af enheder.",
        ),
        Table(
            "adoptions",
            Adoption,
            (
                _c("principle_id", "key", True, "Id på principet."),
                _c("unit_id", "key", True, "Id på enheden der har tilsluttet sig."),
            ),
            "Tilslutninger",
            "Hvilke enheder der har tilsluttet sig hvilke principper.",
        ),
        Table(
            "relations",
            Relation,
            (
                _c("unit_a", "key", True, "Id på den ene enhed."),
                _c("unit_b", "key", True, "Id på den anden enhed."),
                _c(
                    "rc_score",
                    "float",
                    False,
                    "Relationel koordinering 1-5 (gennemsnit fra en måling); komma eller punktum.",
                ),
                _c("note", "text", False, "Bemærkning."),
            ),
            "Relationer",
            "Enheder der kender hinanden og arbejder sammen.",
        ),
    )
}
"""The tables in DESIGN §4 order, keyed by name."""


def record_values(rec: object, table: Table) -> dict[str, object]:
    """A record's cells in column order, as plain Python values (enums as text).

    >>> record_values(Adoption("p", "u"), TABLES["adoptions"])
    {'principle_id': 'p', 'unit_id': 'u'}
    """
    out: dict[str, object] = {}
    for col in table.columns:
        value = getattr(rec, col.name)
        if col.type in ("kind", "status"):
            value = str(value.value) if value is not None else None
        out[col.name] = value
    return out


INSTRUCTION_SHEETS: tuple[str, ...] = ("Vejledning", "Instructions")
"""Titles of the template's instructions sheet (Danish, English)."""

REPORT_SHEETS: dict[str, dict[str, str]] = {
    "da": {
        "gaps": "Huller",
        "citizen": "Borgerens perspektiv",
        "chain": "Ledelseskæden",
        "units_groups": "Enheder x borgergrupper",
        "principles_units": "Principper x enheder",
    },
    "en": {
        "gaps": "Gaps",
        "citizen": "Citizen perspective",
        "chain": "Management chain",
        "units_groups": "Units x citizen groups",
        "principles_units": "Principles x units",
    },
}
"""Titles of the report sheets (``mapping.visual.report``) by language and key."""

EXTRA_SHEETS: tuple[str, ...] = (
    *INSTRUCTION_SHEETS,
    *(title for titles in REPORT_SHEETS.values() for title in titles.values()),
)
"""Sheets a workbook may hold besides the six tables; the reader skips them."""

_EXTRA_KEYS = frozenset(t.strip().lower() for t in EXTRA_SHEETS)


def is_extra_sheet(title: str) -> bool:
    """True for an instructions or report sheet (matched trimmed, case-insensitively)."""
    return title.strip().lower() in _EXTRA_KEYS
