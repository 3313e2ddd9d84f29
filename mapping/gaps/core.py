"""The values of the gap engine: findings, what a check reports, rules and their cases.

A :class:`Rule` is one declarative record: its code, severity, who acts, its
texts, a check and its own firing and non-firing :class:`Case` maps. A check
takes the :class:`~mapping.gaps.context.Context` and yields one :class:`Hit`
per subject; the engine turns each hit into a :class:`Finding`, the unit of
every report (see ``docs/gap-rules.md``).

>>> SEVERITIES, severity_rank("low")
(('high', 'medium', 'low'), 2)
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from mapping.catalogue import text
from mapping.model import Map
from mapping.settings import Settings
from mapping.text import Text, Wording
from mapping.value import Value, set_field

TYPE_CHECKING = False  # typing's own flag, without importing typing as the module loads
if TYPE_CHECKING:
    from typing import Any, Literal

    from mapping.gaps.context import Context

    Severity = Literal["high", "medium", "low"]
    Acts = Literal["local", "chain"]

SEVERITIES: tuple[Severity, ...] = ("high", "medium", "low")
"""The severities, most severe first: the one place their order is stated."""
SEVERITY_LABELS: dict[str, Text] = {s: text(f"severity.{s}") for s in SEVERITIES}
"""Each severity as people read it (the catalogue's ``severity.`` entries)."""
ACTS: tuple[Acts, ...] = ("local", "chain")
ACTS_LABELS: dict[str, Text] = {a: text(f"acts.{a}") for a in ACTS}
"""Who acts on a finding, as people read it (the catalogue's ``acts.`` entries)."""
FINDING_KEYS: tuple[str, ...] = (
    "id",
    "code",
    "severity",
    "acts",
    "title",
    "message",
    "action",
    "question",
    "units",
    "partners",
    "groups",
    "principles",
    "escalate_to",
    "escalation_level",
    "citizens",
    "details",
)
"""The keys of a finding as JSON, in this order."""
MAX_PAIRS = 500
"""HK401 lists at most this many unknown pairs in ``details`` (its message gives the total)."""

_RANK: dict[str, int] = {s: i for i, s in enumerate(SEVERITIES)}
_quote: Callable[[str], str] = json.encoder.encode_basestring
"""A string as ``json.dumps(..., ensure_ascii=False)`` writes it (json's own C function)."""


def severity_rank(severity: str) -> int:
    """0 for high, 1 for medium, 2 for low (sorts the most severe first)."""
    return _RANK[severity]


@dataclass(frozen=True, slots=True, init=False, eq=False, repr=False)
class Camp(Value):
    """Units of a group's remaining pairs that share one paradigm or goal."""

    value: str
    units: tuple[str, ...]

    def __init__(self, value: str, units: tuple[str, ...]) -> None:
        set_field(self, "value", value)
        set_field(self, "units", units)

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "units": list(self.units)}


Detail = Camp | tuple[str, str]


@dataclass(frozen=True, slots=True, init=False, eq=False, repr=False)
class Finding(Value):
    """One finding: one rule about one subject (a group, a principle, a relation or a unit).

    ``units`` are the municipality's own units involved, ``partners`` the
    external partners; ``escalate_to`` is where the finding must be resolved
    (None: top management); ``citizens`` the sum of its groups' sizes.
    """

    id: str
    code: str
    severity: Severity
    acts: Acts
    title: Text
    message: Wording
    action: Wording
    question: Text
    units: tuple[str, ...]
    partners: tuple[str, ...]
    groups: tuple[str, ...]
    principles: tuple[str, ...]
    escalate_to: str | None
    escalation_level: str
    citizens: int
    details: tuple[Detail, ...] = ()
    detail_total: int = 0  # HK401: every unknown pair, also those cut from details

    def __init__(
        self,
        id: str,
        code: str,
        severity: Severity,
        acts: Acts,
        title: Text,
        message: Wording,
        action: Wording,
        question: Text,
        units: tuple[str, ...],
        partners: tuple[str, ...],
        groups: tuple[str, ...],
        principles: tuple[str, ...],
        escalate_to: str | None,
        escalation_level: str,
        citizens: int,
        details: tuple[Detail, ...] = (),
        detail_total: int = 0,
    ) -> None:
        set_field(self, "id", id)
        set_field(self, "code", code)
        set_field(self, "severity", severity)
        set_field(self, "acts", acts)
        set_field(self, "title", title)
        set_field(self, "message", message)
        set_field(self, "action", action)
        set_field(self, "question", question)
        set_field(self, "units", units)
        set_field(self, "partners", partners)
        set_field(self, "groups", groups)
        set_field(self, "principles", principles)
        set_field(self, "escalate_to", escalate_to)
        set_field(self, "escalation_level", escalation_level)
        set_field(self, "citizens", citizens)
        set_field(self, "details", details)
        set_field(self, "detail_total", detail_total)

    @property
    def sort_key(self) -> tuple[Any, ...]:
        """The fixed order: severity, citizens (most first), units (most first), id."""
        return (_RANK[self.severity], -self.citizens, -len(self.units), self.id)

    @property
    def subject(self) -> str:
        return self.id.split(":", 1)[1]

    @property
    def involved(self) -> tuple[str, ...]:
        """Units and partners together."""
        return self.units + self.partners

    def details_json(self) -> list[Any]:
        return [d.to_dict() if isinstance(d, Camp) else list(d) for d in self.details]

    def to_dict(self, lang: str = "da") -> dict[str, Any]:
        """Plain JSON-ready dict with exactly :data:`FINDING_KEYS`.

        ``lang`` picks the language of the texts; ``escalation_level`` is always
        the stable Danish level name, a value other tools may compare.
        """
        return {
            "id": self.id,
            "code": self.code,
            "severity": self.severity,
            "acts": self.acts,
            "title": self.title.get(lang),
            "message": self.message.get(lang),
            "action": self.action.get(lang),
            "question": self.question.get(lang),
            "units": list(self.units),
            "partners": list(self.partners),
            "groups": list(self.groups),
            "principles": list(self.principles),
            "escalate_to": self.escalate_to,
            "escalation_level": self.escalation_level,
            "citizens": self.citizens,
            "details": self.details_json(),
        }


def _json_list(values: Iterable[str]) -> str:
    if values == ():  # (a finding's partners and principles mostly are)
        return "[]"
    return "[" + ", ".join(map(_quote, values)) + "]"


def _json_detail(d: Detail) -> str:
    if isinstance(d, Camp):
        return f'{{"value": {_quote(d.value)}, "units": {_json_list(d.units)}}}'
    return _json_list(d)


def finding_json(f: Finding, lang: str = "da") -> str:
    """``json.dumps(f.to_dict(lang), ensure_ascii=False)``, character for character,
    written directly: a national map's 40,000 findings are written several times
    faster. (tests/gaps checks both give the same text.)"""
    if type(f.citizens) is not int:
        return json.dumps(f.to_dict(lang), ensure_ascii=False)
    try:  # (json's function refuses anything but text, so nothing unusual slips through)
        return _finding_json(f, lang, _quote)
    except TypeError:
        return json.dumps(f.to_dict(lang), ensure_ascii=False)


_HEADS: dict[tuple[str, str], tuple[Any, ...]] = {}
"""The JSON of a rule's own fields (code, severity, who acts, title; the question) by
(code, language), kept with the values it was made from."""


def _head(f: Finding, lang: str, q: Callable[[str], str]) -> tuple[Any, ...]:
    key = (f.code, lang)
    head = _HEADS.get(key)
    if head is None or not (
        head[0] is f.title and head[1] is f.question and (head[2], head[3]) == (f.severity, f.acts)
    ):
        head = _HEADS[key] = (
            f.title,
            f.question,
            f.severity,
            f.acts,
            f', "code": {q(f.code)}, "severity": {q(f.severity)}, "acts": {q(f.acts)}, '
            f'"title": {q(f.title.get(lang))}, "message": ',
            f', "question": {q(f.question.get(lang))}, "units": ',
        )
    return head


def _finding_json(f: Finding, lang: str, q: Callable[[str], str]) -> str:
    # a rule's findings share its fields' JSON (the same objects: see _head)
    head = _head(f, lang, q)
    target = "null" if f.escalate_to is None else q(f.escalate_to)
    details = ", ".join(map(_json_detail, f.details))
    return (
        f'{{"id": {q(f.id)}{head[4]}{q(f.message.get(lang))}, '
        f'"action": {q(f.action.get(lang))}{head[5]}{_json_list(f.units)}, '
        f'"partners": {_json_list(f.partners)}, "groups": {_json_list(f.groups)}, '
        f'"principles": {_json_list(f.principles)}, "escalate_to": {target}, '
        f'"escalation_level": {q(f.escalation_level)}, "citizens": {f.citizens}, '
        f'"details": [{details}]}}'
    )


_UNSET: Any = object()


@dataclass(frozen=True, slots=True, init=False, eq=False, repr=False)
class Hit(Value):
    """What a check reports about one subject; the engine makes the :class:`Finding`.

    ``members`` are every unit involved, partners included (the engine splits
    them); ``lca_extra`` are further units whose leaders share the escalation
    point (a principle's owner); ``escalate_to`` overrides the escalation point
    when the rule names it directly (a unit's parent).
    """

    subject: str
    members: Iterable[str]
    message: Wording
    groups: Iterable[str] = ()
    principles: Iterable[str] = ()
    lca_extra: Iterable[str] = ()
    escalate_to: str | None = _UNSET
    details: tuple[Detail, ...] = ()
    detail_total: int = 0

    def __init__(
        self,
        subject: str,
        members: Iterable[str],
        message: Wording,
        groups: Iterable[str] = (),
        principles: Iterable[str] = (),
        lca_extra: Iterable[str] = (),
        escalate_to: str | None = _UNSET,
        details: tuple[Detail, ...] = (),
        detail_total: int = 0,
    ) -> None:
        set_field(self, "subject", subject)
        set_field(self, "members", members)
        set_field(self, "message", message)
        set_field(self, "groups", groups)
        set_field(self, "principles", principles)
        set_field(self, "lca_extra", lca_extra)
        set_field(self, "escalate_to", escalate_to)
        set_field(self, "details", details)
        set_field(self, "detail_total", detail_total)

    @property
    def has_target(self) -> bool:
        return self.escalate_to is not _UNSET


@dataclass(frozen=True, slots=True, init=False, eq=False, repr=False)
class Case(Value):
    """A small map on which a rule must fire (or must not).

    ``expect`` lists, finding by finding in the fixed order, fields the
    findings must have (a subset of their JSON keys, e.g. ``{"id": "HK101:g",
    "escalate_to": "dir"}``).
    """

    name: str
    map: Map
    fires: bool
    settings: Settings | None = None
    today: dt.date | None = None
    expect: tuple[dict[str, Any], ...] = ()

    def __init__(
        self,
        name: str,
        map: Map,
        fires: bool,
        settings: Settings | None = None,
        today: dt.date | None = None,
        expect: tuple[dict[str, Any], ...] = (),
    ) -> None:
        set_field(self, "name", name)
        set_field(self, "map", map)
        set_field(self, "fires", fires)
        set_field(self, "settings", settings)
        set_field(self, "today", today)
        set_field(self, "expect", expect)


@dataclass(frozen=True, slots=True, init=False, eq=False, repr=False)
class Rule(Value):
    """One gap rule: what it detects, why it matters, who acts and its own test cases.

    ``action`` holds a ``{who}`` placeholder: the escalation point for a
    ``chain`` rule, the leaders of the units involved for a ``local`` one.
    """

    code: str
    severity: Severity
    acts: Acts
    subject: Literal["group", "principle", "relation", "unit"]
    title: Text
    why: Text
    action: Text
    question: Text
    check: Callable[[Context], Iterable[Hit]]
    cases: tuple[Case, ...] = field(default=())
    details: Literal["", "camps", "pairs"] = ""  # what the findings' ``details`` hold

    def __init__(
        self,
        code: str,
        severity: Severity,
        acts: Acts,
        subject: Literal["group", "principle", "relation", "unit"],
        title: Text,
        why: Text,
        action: Text,
        question: Text,
        check: Callable[[Context], Iterable[Hit]],
        cases: tuple[Case, ...] = (),
        details: Literal["", "camps", "pairs"] = "",
    ) -> None:
        set_field(self, "code", code)
        set_field(self, "severity", severity)
        set_field(self, "acts", acts)
        set_field(self, "subject", subject)
        set_field(self, "title", title)
        set_field(self, "why", why)
        set_field(self, "action", action)
        set_field(self, "question", question)
        set_field(self, "check", check)
        set_field(self, "cases", cases)
        set_field(self, "details", details)
