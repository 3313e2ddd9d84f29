"""Pieces of the findings' sentences: names, lists, who acts, camps.

Messages name records by their names (an unknown id falls back to the id)
and people by the leader's name when the map has it.

>>> join_names(["A", "B", "C"]), join_names(["A", "B"], "en")
('A, B og C', 'A and B')
>>> quote("Skolen"), quote("Skolen", "en")
('»Skolen«', '"Skolen"')
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from mapping.gaps.context import Context
from mapping.gaps.core import Camp
from mapping.text import LazyText

MAX_NAMES = 6  # longer lists end with a count ("og 12 andre")
_AND = {"da": "og", "en": "and"}


def quote(name: str, lang: str = "da") -> str:
    """A record name in quotes: ``»Skolen«`` in Danish, ``"Skolen"`` in English."""
    return f"»{name}«" if lang == "da" else f'"{name}"'


def join_names(names: Sequence[str], lang: str = "da") -> str:
    """``"A, B og C"``; lists longer than :data:`MAX_NAMES` end with a count."""
    names = list(names)
    if len(names) > MAX_NAMES:
        rest = len(names) - (MAX_NAMES - 1)
        names = [*names[: MAX_NAMES - 1], f"{rest} {'andre' if lang == 'da' else 'others'}"]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {_AND.get(lang, 'og')} {names[-1]}"


def both(make: Callable[[str], str]) -> LazyText:
    """A text made from a function of the language, each wording on first use."""
    return LazyText(make)


def unit(ctx: Context, unit_id: str, lang: str, *, quoted: bool = True) -> str:
    name = ctx.names.get(unit_id, unit_id)
    return quote(name, lang) if quoted else name


def units(ctx: Context, unit_ids: Iterable[str], lang: str, *, quoted: bool = True) -> str:
    """The units' names in alphabetical order, joined: ``»A«, »B« og »C«``."""
    get = ctx.names.get
    names = sorted([get(u, u) for u in unit_ids], key=str.casefold)
    return join_names([quote(n, lang) for n in names] if quoted else names, lang)


def group(ctx: Context, group_id: str, lang: str) -> str:
    g = ctx.map.groups_by_id.get(group_id)
    return quote(g.name if g else group_id, lang)


def groups(ctx: Context, group_ids: Iterable[str], lang: str) -> str:
    return join_names(sorted((group(ctx, g, lang) for g in group_ids), key=str.casefold), lang)


def principle(ctx: Context, principle_id: str, lang: str) -> str:
    p = ctx.map.principles_by_id.get(principle_id)
    return quote(p.name if p else principle_id, lang)


def with_leader(ctx: Context, unit_id: str, lang: str, *, quoted: bool = False) -> str:
    """``Jobcentret (Anne Madsen)``: the unit, and its leader when registered."""
    leader = ctx.leaders.get(unit_id, "")
    name = unit(ctx, unit_id, lang, quoted=quoted)
    return f"{name} ({leader})" if leader else name


def count(n: int, one: str, many: str) -> str:
    """``1 enhed``, ``3 enheder``."""
    return f"{n} {one if n == 1 else many}"


def who_chain(ctx: Context, target: str | None, lang: str) -> str:
    """Who decides a chain finding: the escalation point with its leader, or top management."""
    if target is None:
        return "Topledelsen" if lang == "da" else "Top management"
    return with_leader(ctx, target, lang)


def who_local(ctx: Context, unit_ids: Sequence[str], lang: str) -> str:
    """Who removes a local finding: the leaders of the units involved, by name."""
    if 1 <= len(unit_ids) <= 3:  # more are named by their number only
        names = ctx.names

        def by_name(u: str) -> str:
            return names.get(u, u).casefold()

        ids = sorted(unit_ids, key=by_name)
        if len(ids) == 1:
            return ("Lederen af " if lang == "da" else "The leader of ") + with_leader(
                ctx, ids[0], lang
            )
        named = join_names([with_leader(ctx, u, lang) for u in ids], lang)
        return ("Lederne af " if lang == "da" else "The leaders of ") + named
    if lang == "da":
        return f"Lederne af de {len(unit_ids)} enheder"
    return f"The leaders of the {len(unit_ids)} units"


def camps(ctx: Context, found: Sequence[Camp], lang: str) -> str:
    """``»A« (Team X) over for »B« (3 enheder)``: each camp's value and who holds it."""
    shown = found[: MAX_NAMES - 1] if len(found) > MAX_NAMES else found
    parts = []
    for camp in shown:
        n = len(camp.units)
        if n <= 2:
            holders = units(ctx, camp.units, lang, quoted=False)
        else:
            holders = count(n, "enhed", "enheder") if lang == "da" else count(n, "unit", "units")
        parts.append(f"{quote(camp.value, lang)} ({holders})")
    if len(parts) == 2:
        return f"{parts[0]} {'over for' if lang == 'da' else 'versus'} {parts[1]}"
    rest = len(found) - len(shown)
    if rest:  # a long tail is in the finding's details, not in the sentence
        parts.append(f"{rest} andre lejre" if lang == "da" else f"{rest} other camps")
    return join_names(parts, lang)
