"""Run the rules over a map: :func:`find_findings`, :func:`run_rule`, :func:`summarise`.

>>> from mapping.gaps.case_maps import S, mini, tree
>>> m = mini(units=tree("a", "b"), services=[S("a", "g"), S("b", "g")])
>>> [(f.id, f.acts, f.escalate_to, f.escalation_level) for f in find_findings(m)]
[('HK101:g', 'chain', 'dir', 'topledelse'), ('HK401:g', 'local', 'dir', 'topledelse')]
"""

from __future__ import annotations

import datetime as dt
import gc
from collections import Counter
from collections.abc import Iterable

from mapping.gaps import phrases as ph
from mapping.gaps.context import Context
from mapping.gaps.core import ACTS, SEVERITIES, Finding, Hit, Rule
from mapping.gaps.registry import RULES
from mapping.model import Map
from mapping.settings import Settings
from mapping.text import LazyText

TYPE_CHECKING = False  # typing's own flag, without importing typing as the module loads
if TYPE_CHECKING:
    from typing import Any


def _ids(ids: Iterable[str]) -> tuple[str, ...]:
    if type(ids) is tuple and len(ids) < 2:
        return ids  # most hits name one group or none: nothing to sort
    return tuple(sorted(set(ids)))


def _who(rule: Rule, ctx: Context, target: str | None, involved: tuple[str, ...], lang: str) -> str:
    if rule.acts == "chain":
        return ph.who_chain(ctx, target, lang)
    return ph.who_local(ctx, involved, lang)


def _action(rule: Rule, ctx: Context, target: str | None, involved: tuple[str, ...]) -> LazyText:
    """The action text of a finding: one shared text per rule and escalation point (a
    chain rule) or per rule and units involved (a local one), each wording made once."""
    key = (rule.code, target) if rule.acts == "chain" else (rule.code, involved)
    text = ctx.actions.get(key)
    if text is None:

        def make(lang: str) -> str:
            return rule.action.format(lang, who=_who(rule, ctx, target, involved, lang))

        text = ctx.actions[key] = LazyText(make)
    return text


def make_finding(rule: Rule, hit: Hit, ctx: Context) -> Finding:
    """The finding of one hit: members split, escalation point, level, citizens, texts."""
    units, partners = ctx.split(hit.members)
    # a rule may name the escalation point itself (a unit's parent, a principle's owner)
    target = hit.escalate_to if hit.has_target else ctx.escalation([*units, *hit.lca_extra])
    groups = _ids(hit.groups)
    return Finding(
        id=f"{rule.code}:{hit.subject}",
        code=rule.code,
        severity=rule.severity,
        acts=rule.acts,
        title=rule.title,
        message=hit.message,
        action=_action(rule, ctx, target, units or partners),
        question=rule.question,
        units=units,
        partners=partners,
        groups=groups,
        principles=_ids(hit.principles),
        escalate_to=target,
        escalation_level=ctx.level(target),
        citizens=ctx.citizens(groups),
        details=hit.details,
        detail_total=hit.detail_total,
    )


def _run(rule: Rule, ctx: Context) -> list[Finding]:
    return [make_finding(rule, hit, ctx) for hit in rule.check(ctx)]


def run_rule(
    rule: Rule, m: Map, settings: Settings | None = None, today: dt.date | None = None
) -> list[Finding]:
    """The findings of one rule in ``m``, in the fixed order."""
    ctx = Context(m, settings or Settings(), today or dt.date.today())
    return sorted(_run(rule, ctx), key=lambda f: f.sort_key)


def find_findings(
    m: Map, settings: Settings | None = None, today: dt.date | None = None
) -> list[Finding]:
    """Every finding in ``m``, one per rule and subject, in the fixed order.

    The order: severity (high first), citizens affected (most first), number of
    own units (most first), then id. ``today`` is the date HK501 compares review
    dates with (default: the real date). Unknown ids in a half-edited map never
    raise: names fall back to ids and units outside the chain go to top management.
    """
    ctx = Context(m, settings or Settings(), today or dt.date.today())
    found: list[Finding] = []
    # The analysis builds no reference cycles; pausing the cyclic collector
    # saves it from rescanning a national map's objects again and again.
    paused = gc.isenabled()
    gc.disable()
    try:
        for rule in RULES:
            found.extend(_run(rule, ctx))
        found.sort(key=lambda f: f.sort_key)
    finally:
        if paused:
            gc.enable()
    return found


def summarise(findings: list[Finding]) -> dict[str, Any]:
    """Counts for dashboards: total, by severity, by who acts and by code.

    >>> summarise([])["by_acts"]
    {'local': 0, 'chain': 0}
    """
    by_code = Counter(f.code for f in findings)
    by_sev = Counter(f.severity for f in findings)
    by_acts = Counter(f.acts for f in findings)
    return {
        "total": len(findings),
        "by_severity": {s: by_sev.get(s, 0) for s in SEVERITIES},
        "by_acts": {a: by_acts.get(a, 0) for a in ACTS},
        "by_code": {code: by_code[code] for code in sorted(by_code)},
    }
