"""The gap engine of Helhedskort: twelve rules HK101-HK602 (DESIGN §5).

Each rule is one declarative :class:`Rule` record in :data:`RULES`, with its
Danish/English texts, its check and its own firing and non-firing cases.

Modules: :mod:`~mapping.gaps.core` (Text, Gap, Finding, Case, Rule and the
per-analysis :class:`Context` with its precomputed per-group indexes),
:mod:`~mapping.gaps.rules_shared` (HK101, HK102, HK202),
:mod:`~mapping.gaps.rules_owners` (HK201, HK203),
:mod:`~mapping.gaps.rules_practice` (HK301, HK302, HK401, HK402),
:mod:`~mapping.gaps.rules_frame` (HK501, HK601, HK602),
:mod:`~mapping.gaps.engine` (find_gaps, run_rule, summarise, rule_by_code) and
:mod:`~mapping.gaps.build` (terse builders for the cases' small maps).

To add a rule: write its check (``Context -> Iterable[Finding]``) and one
``Rule(...)`` record with its texts and cases next to it, and list it in its
module's tuple. ``tests/gaps`` then runs its cases and checks the record.

>>> from mapping.gaps import RULES, find_gaps
>>> [r.code for r in RULES][:3]
['HK101', 'HK102', 'HK201']
"""

from mapping.gaps.core import SEVERITIES, Case, Context, Finding, Gap, Rule, Text, norm
from mapping.gaps.engine import find_gaps, run_rule, summarise
from mapping.gaps.registry import RULE_CODES, RULES, rule_by_code

__all__ = [
    "RULES",
    "RULE_CODES",
    "SEVERITIES",
    "Case",
    "Context",
    "Finding",
    "Gap",
    "Rule",
    "Text",
    "find_gaps",
    "norm",
    "rule_by_code",
    "run_rule",
    "summarise",
]
