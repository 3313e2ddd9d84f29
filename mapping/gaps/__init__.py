"""The gap engine of Helhedskort: twelve rules HK101-HK602 (DESIGN §5).

Each rule is one declarative :class:`Rule` record in :data:`RULES`, with its
Danish/English texts, its check and its own firing and non-firing cases.

>>> from mapping.gaps import RULES, find_gaps
>>> [r.code for r in RULES][:3]
['HK101', 'HK102', 'HK201']
"""

from mapping.gaps.core import SEVERITIES, Case, Context, Finding, Gap, Rule, Text, norm
from mapping.gaps.engine import RULES, find_gaps, rule_by_code, run_rule, summarise

__all__ = [
    "RULES",
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
