"""Run the rules over a map: :func:`find_gaps`, :func:`run_rule`, :func:`summarise`.

>>> from mapping.gaps.build import S, mini, tree
>>> m = mini(units=tree("a", "b"), services=[S("a", "g"), S("b", "g")])
>>> [(g.code, g.units, g.escalate_to, g.escalation_level) for g in find_gaps(m)]
[('HK101', ('a', 'b'), 'dir', 'topledelse'), ('HK401', ('a', 'b'), 'dir', 'topledelse')]
"""

from __future__ import annotations

import datetime as dt
import gc
from collections import Counter
from collections.abc import Iterable
from typing import Any

from mapping.gaps.core import SEVERITIES, Context, Gap, Rule
from mapping.gaps.registry import RULES
from mapping.model import Map
from mapping.settings import Settings


def _ids(ids: Iterable[str]) -> tuple[str, ...]:
    out = tuple(ids)
    return out if len(out) < 2 else tuple(sorted(set(out)))


def _run(rule: Rule, ctx: Context) -> list[Gap]:
    out = []
    for f in rule.check(ctx):
        out.append(
            Gap(
                code=rule.code,
                severity=rule.severity,
                title=rule.title.da,
                message=f.message.da,
                units=_ids(f.units),
                groups=_ids(f.groups),
                principles=_ids(f.principles),
                escalate_to=f.escalate_to,
                escalation_level=ctx.level(f.escalate_to),
                title_en=rule.title.en,
                message_en=f.message.en,
            )
        )
    return out


def run_rule(
    rule: Rule, m: Map, settings: Settings | None = None, today: dt.date | None = None
) -> list[Gap]:
    """The gaps one rule finds in ``m``, sorted like :func:`find_gaps`."""
    ctx = Context(m, settings or Settings(), today or dt.date.today())
    return sorted(_run(rule, ctx), key=lambda g: g.sort_key)


def find_gaps(m: Map, settings: Settings | None = None, today: dt.date | None = None) -> list[Gap]:
    """Every gap in ``m`` (DESIGN §5): severity high first, then code, then involved ids.

    ``today`` is the date HK501 compares review dates with (default: the real date).
    Unknown ids in a half-edited map never raise: names fall back to ids and
    units outside the chain escalate to top management.
    """
    ctx = Context(m, settings or Settings(), today or dt.date.today())
    gaps: list[Gap] = []
    # The analysis builds no reference cycles; pausing the cyclic collector
    # saves it from rescanning a national map's ~10^6 objects again and again.
    paused = gc.isenabled()
    gc.disable()
    try:
        for rule in RULES:
            gaps.extend(_run(rule, ctx))
        gaps.sort(key=lambda g: g.sort_key)
    finally:
        if paused:
            gc.enable()
    return gaps


def summarise(gaps: list[Gap]) -> dict[str, Any]:
    """Counts for dashboards: total, by severity (all three keys) and by code.

    >>> summarise([])
    {'total': 0, 'by_severity': {'high': 0, 'medium': 0, 'low': 0}, 'by_code': {}}
    """
    by_code = Counter(g.code for g in gaps)
    by_sev = Counter(g.severity for g in gaps)
    return {
        "total": len(gaps),
        "by_severity": {s: by_sev.get(s, 0) for s in SEVERITIES},
        "by_code": {code: by_code[code] for code in sorted(by_code)},
    }
