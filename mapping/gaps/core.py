"""Building blocks of the gap engine: texts, gaps, rules, cases and the analysis context.

A :class:`Rule` is one declarative record: its code, severity, texts, a check
function and its own firing and non-firing :class:`Case` maps. A check takes
the :class:`Context` (the map plus everything precomputed once per analysis)
and yields :class:`Finding` values; the engine turns those into :class:`Gap`.

>>> norm("  Rehabiliterende   Tilgang ") == norm("rehabiliterende tilgang")
True
>>> join_names(["A", "B", "C"])
'A, B og C'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

from mapping.chain import ManagementChain, chain_of
from mapping.model import Map, Principle, PrincipleKind
from mapping.settings import Settings
from mapping.text import Text

Severity = Literal["high", "medium", "low"]
SEVERITIES: tuple[str, ...] = ("high", "medium", "low")
SEVERITY_RANK: dict[str, int] = {s: i for i, s in enumerate(SEVERITIES)}
DICT_KEYS: tuple[str, ...] = (
    "code",
    "severity",
    "title",
    "message",
    "units",
    "groups",
    "principles",
    "escalate_to",
    "escalation_level",
)
STATUS_DA: dict[str, str] = {
    "idea": "idé",
    "draft": "udkast",
    "agreed": "aftalt",
    "practised": "praktiseret",
}
MAX_NAMES = 6  # longer lists are cut in messages ("og 12 andre")


@dataclass(frozen=True, slots=True)
class Gap:
    """One gap found in a map (DESIGN §5).

    ``title``/``message`` are Danish; ``title_en``/``message_en`` hold the
    English versions (use :meth:`to_dict` with ``lang="en"`` or :meth:`text`).
    """

    code: str
    severity: Severity
    title: str
    message: str
    units: tuple[str, ...]
    groups: tuple[str, ...]
    principles: tuple[str, ...]
    escalate_to: str | None
    escalation_level: str
    title_en: str = field(default="", repr=False, compare=False)
    message_en: str = field(default="", repr=False, compare=False)

    @property
    def key(self) -> tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """Stable identity for comparing the gaps of two dates: code and involved ids."""
        return (self.code, self.units, self.groups, self.principles)

    @property
    def sort_key(self) -> tuple[Any, ...]:
        """Severity (high first), code, then the involved ids."""
        return (SEVERITY_RANK[self.severity], self.code, self.units, self.groups, self.principles)

    def text(self, lang: str = "da") -> tuple[str, str]:
        """``(title, message)`` in ``lang``."""
        if lang == "en":
            return (self.title_en or self.title, self.message_en or self.message)
        return (self.title, self.message)

    def to_dict(self, lang: str = "da") -> dict[str, Any]:
        """Plain JSON-ready dict with exactly the keys of DESIGN §5.

        ``lang`` picks the language of ``title`` and ``message``;
        ``escalation_level`` is always the stable Danish level name (a value
        other tools may compare), translated only for display.
        """
        title, message = self.text(lang)
        return {
            "code": self.code,
            "severity": self.severity,
            "title": title,
            "message": message,
            "units": list(self.units),
            "groups": list(self.groups),
            "principles": list(self.principles),
            "escalate_to": self.escalate_to,
            "escalation_level": self.escalation_level,
        }


@dataclass(frozen=True, slots=True)
class Finding:
    """What a check reports; the engine adds code, severity, title and level."""

    units: Iterable[str]
    groups: Iterable[str]
    principles: Iterable[str]
    escalate_to: str | None
    message: Text


@dataclass(frozen=True, slots=True)
class Case:
    """A small map on which a rule must fire (or must not).

    ``expect`` optionally lists the exact ``units`` tuples of the gaps the
    rule must give (sorted ids), to pin down pairs and escalation targets.
    """

    name: str
    map: Map
    fires: bool
    settings: Settings | None = None
    today: dt.date | None = None
    expect: tuple[tuple[str, ...], ...] | None = None
    escalate_to: tuple[str | None, ...] | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    """One gap rule: what it detects, why it matters and its own test cases."""

    code: str
    severity: Severity
    title: Text
    why: Text
    action: Text
    question: Text
    check: Callable[[Context], Iterable[Finding]]
    cases: tuple[Case, ...]


def norm(text: str) -> str:
    """Compare form of a goal, paradigm or sector: trimmed, casefolded, one space."""
    return " ".join(text.split()).casefold()


def quote(name: str, lang: str = "da") -> str:
    """A record name in quotes: ``»Skolen«`` in Danish, ``"Skolen"`` in English."""
    return f"»{name}«" if lang == "da" else f'"{name}"'


def join_names(names: Sequence[str], *, conj: str = "og") -> str:
    """``"A, B og C"``; lists longer than :data:`MAX_NAMES` end with a count."""
    names = list(names)
    if len(names) > MAX_NAMES:
        rest = len(names) - (MAX_NAMES - 1)
        others = "andre" if conj == "og" else "others"
        names = [*names[: MAX_NAMES - 1], f"{rest} {others}"]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {conj} {names[-1]}"


class Context:
    """One analysis: the map, settings, date, chain and per-group indexes."""

    def __init__(self, m: Map, settings: Settings, today: dt.date) -> None:
        self.map = m
        self.settings = settings
        self.today = today
        self.chain: ManagementChain = chain_of(m)
        self._known = m.units_by_id.keys()
        self._names: dict[str, dict[str, str]] = {}
        self._lca: dict[tuple[str, ...], str | None] = {}

    # Names (unknown ids fall back to the id, so half-edited maps never crash).
    # Quoted names are cached: national maps name the same records many times.
    def _quoted(self, kind: str, lang: str) -> dict[str, str]:
        """Record id -> quoted name, built once per table and language."""
        key = kind + lang
        names = self._names.get(key)
        if names is None:
            table: dict[str, Any] = getattr(self.map, kind)
            names = self._names[key] = {rid: quote(r.name, lang) for rid, r in table.items()}
        return names

    def unit_name(self, unit_id: str, lang: str = "da") -> str:
        return self._quoted("units_by_id", lang).get(unit_id) or quote(unit_id, lang)

    def group_name(self, group_id: str, lang: str = "da") -> str:
        return self._quoted("groups_by_id", lang).get(group_id) or quote(group_id, lang)

    def principle_name(self, principle_id: str, lang: str = "da") -> str:
        names = self._quoted("principles_by_id", lang)
        return names.get(principle_id) or quote(principle_id, lang)

    def unit_names(self, unit_ids: Iterable[str], lang: str = "da") -> str:
        names = [self.unit_name(u, lang) for u in sorted(unit_ids)]
        return join_names(names, conj="og" if lang == "da" else "and")

    # Escalation (unknown ids cannot be placed in the chain: top management)
    def lca(self, unit_ids: Iterable[str]) -> str | None:
        key = tuple(sorted(set(unit_ids)))
        try:
            return self._lca[key]
        except KeyError:
            pass
        result = self.chain.lca(key) if self._known >= set(key) else None
        self._lca[key] = result
        return result

    def pair_lca(self, a: str, b: str) -> str | None:
        """:meth:`lca` of two units (unknown ids: top management)."""
        key = (a, b) if a <= b else (b, a)
        try:
            return self._lca[key]
        except KeyError:
            pass
        known = self._known
        result = self.chain.pair_lca(a, b) if a in known and b in known else None
        self._lca[key] = result
        return result

    def level(self, unit_id: str | None) -> str:
        return self.chain.level(unit_id if unit_id in self._known else None)

    # Per-group indexes, built once
    @cached_property
    def serving(self) -> dict[str, tuple[str, ...]]:
        """Group id -> serving unit ids (sorted, no repeats)."""
        return {g: tuple(sorted(us)) for g, us in self.map.serving_units.items()}

    @cached_property
    def binding_by_group(self) -> dict[str, tuple[Principle, ...]]:
        """Group id -> covering principles with status agreed or practised."""
        out: dict[str, tuple[Principle, ...]] = {}
        for g, ps in self.map.principles_by_group.items():
            binding = tuple(p for p in ps if p.status.is_binding)
            if binding:
                out[g] = binding
        return out

    def field_by_unit(self, group_id: str, attr: str) -> dict[str, tuple[str, str]]:
        """Unit id -> (compare form, shown text) of its first non-empty goal/paradigm."""
        return self._fields[attr].get(group_id, {})

    @cached_property
    def _fields(self) -> dict[str, dict[str, dict[str, tuple[str, str]]]]:
        out: dict[str, dict[str, dict[str, tuple[str, str]]]] = {"goal": {}, "paradigm": {}}
        for s in self.map.services:
            for attr in ("goal", "paradigm"):
                raw = getattr(s, attr)
                value = norm(raw)
                if value:
                    by_unit = out[attr].setdefault(s.group_id, {})
                    by_unit.setdefault(s.unit_id, (value, " ".join(raw.split())))
        return out

    def perspective_members(self, group_id: str) -> dict[str, set[str]]:
        """Unit id -> binding perspective principles covering the group that it adopted."""
        out: dict[str, set[str]] = {}
        for p in self.binding_by_group.get(group_id, ()):
            if p.kind == PrincipleKind.PERSPECTIVE:
                for u in self.map.adopters.get(p.id, ()):
                    out.setdefault(u, set()).add(p.id)
        return out

    @cached_property
    def neighbours(self) -> dict[str, set[str]]:
        """Unit id -> units it has a relation with, in either direction."""
        out: dict[str, set[str]] = {}
        for r in self.map.relations:
            out.setdefault(r.unit_a, set()).add(r.unit_b)
            out.setdefault(r.unit_b, set()).add(r.unit_a)
        return out


def pairs(unit_ids: Sequence[str]) -> Iterator[tuple[str, str]]:
    """Each unordered pair of a sorted id list once, as ``(smaller, larger)``."""
    for i, a in enumerate(unit_ids):
        for b in unit_ids[i + 1 :]:
            yield (a, b)
