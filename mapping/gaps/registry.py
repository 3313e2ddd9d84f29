"""The registry of gap rules: every rule record, in code order.

Adding a rule is adding one :class:`~mapping.gaps.core.Rule` record (with its
own firing and non-firing cases) to one of the rule modules; everything else
(the engine, the docs tables, the validation of decision ids) reads it here.

>>> RULE_CODES[:3]
('HK101', 'HK102', 'HK201')
>>> rule_by_code("HK402").title.da
'Svag relationel koordinering'
"""

from __future__ import annotations

from mapping.gaps.core import Rule
from mapping.gaps.rules_frame import RULES_FRAME
from mapping.gaps.rules_owners import RULES_OWNERS
from mapping.gaps.rules_practice import RULES_PRACTICE
from mapping.gaps.rules_shared import RULES_SHARED

RULES: tuple[Rule, ...] = tuple(
    sorted((*RULES_SHARED, *RULES_OWNERS, *RULES_PRACTICE, *RULES_FRAME), key=lambda r: r.code)
)
"""Every gap rule, in code order."""

RULE_CODES: tuple[str, ...] = tuple(r.code for r in RULES)
"""The stable rule codes, in order."""

_BY_CODE: dict[str, Rule] = {r.code: r for r in RULES}


def rule_by_code(code: str) -> Rule:
    """The rule with this code; ``KeyError`` naming it when unknown."""
    try:
        return _BY_CODE[code]
    except KeyError:
        raise KeyError(f"unknown gap rule code {code!r}") from None
