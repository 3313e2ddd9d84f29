"""The gap engine of Helhedskort: twelve rules HK101-HK602, one finding per subject.

Each rule is one declarative :class:`Rule` record in :data:`RULES`, with its
Danish and English texts, who acts, its check and its own firing and
non-firing cases. ``docs/gap-rules.md`` explains every rule and term to users.

Modules: :mod:`~mapping.gaps.core` (Finding, Hit, Case, Rule, the severity
order), :mod:`~mapping.gaps.context` (one analysis and its indexes),
:mod:`~mapping.gaps.phrases` (pieces of the sentences),
:mod:`~mapping.gaps.rules_shared` (HK101, HK102, HK202),
:mod:`~mapping.gaps.rules_owners` (HK201, HK203),
:mod:`~mapping.gaps.rules_practice` (HK301, HK302, HK401, HK402),
:mod:`~mapping.gaps.rules_frame` (HK501, HK601, HK602),
:mod:`~mapping.gaps.registry` (RULES, RULE_CODES, rule_by_code),
:mod:`~mapping.gaps.engine` (find_findings, run_rule, summarise) and
:mod:`~mapping.gaps.case_maps` (terse builders for the cases' small maps).

To add a rule: write its check (``Context -> Iterable[Hit]``) and one
``Rule(...)`` record with its texts and cases next to it, and list it in its
module's tuple. ``tests/gaps`` then runs its cases and checks the record.

>>> from mapping.gaps import RULES, find_findings
>>> [r.code for r in RULES][:3]
['HK101', 'HK102', 'HK201']
"""

from mapping.gaps.context import Context, norm
from mapping.gaps.core import (
    ACTS,
    ACTS_LABELS,
    FINDING_KEYS,
    MAX_PAIRS,
    SEVERITIES,
    SEVERITY_LABELS,
    Camp,
    Case,
    Finding,
    Hit,
    Rule,
    severity_rank,
)
from mapping.gaps.engine import find_findings, make_finding, run_rule, summarise
from mapping.gaps.registry import RULE_CODES, RULES, rule_by_code

__all__ = [
    "ACTS",
    "ACTS_LABELS",
    "FINDING_KEYS",
    "MAX_PAIRS",
    "RULES",
    "RULE_CODES",
    "SEVERITIES",
    "SEVERITY_LABELS",
    "Camp",
    "Case",
    "Context",
    "Finding",
    "Hit",
    "Rule",
    "find_findings",
    "make_finding",
    "norm",
    "rule_by_code",
    "run_rule",
    "severity_rank",
    "summarise",
]
