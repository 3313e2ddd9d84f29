"""The action plan (*Handlingsplan*): every finding with the leaders' decision about it.

A row is one finding id. Its state is

- ``open``: the finding fires and its barrier is not accepted (with or
  without a decision yet);
- ``accepted``: the finding fires and the leaders knowingly accept it; it is
  listed apart and not counted as open;
- ``closed``: a decision names a finding that no longer fires. The row keeps
  the decision and, when the history tells, when it closed and the finding
  as it last fired.

Open rows come first in the fixed order of findings, then accepted ones, then
closed ones, most recently closed first.

>>> import datetime as dt
>>> from mapping.model import Map, Unit, CitizenGroup, Service, Decision, DecisionStatus
>>> from mapping.gaps import find_findings
>>> m = Map(units=(Unit("a", "A"), Unit("b", "B")), citizen_groups=(CitizenGroup("g", "G"),),
...         services=(Service("a", "g"), Service("b", "g")),
...         decisions=(Decision("HK101:g", DecisionStatus.DECIDED, "a", dt.date(2026, 1, 31)),
...                    Decision("HK202:g", DecisionStatus.DONE, "b")))
>>> rows = plan_rows(find_findings(m), m.decisions_by_finding)
>>> [(r.finding_id, r.state, r.status) for r in rows]
[('HK101:g', 'open', 'decided'), ('HK401:g', 'open', 'none'), ('HK202:g', 'closed', 'done')]
>>> [r.finding_id for r in rows if r.overdue(dt.date(2026, 2, 1))]
['HK101:g']
>>> summary(rows, dt.date(2026, 2, 1))
{'open': 2, 'undecided': 1, 'overdue': 1, 'accepted': 0, 'closed': 1}
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from mapping.chain import ManagementChain, chain_of
from mapping.gaps.core import Finding
from mapping.model import Decision, DecisionStatus, Map
from mapping.rooms import concerns

State = Literal["open", "accepted", "closed"]
STATES: tuple[State, ...] = ("open", "accepted", "closed")
NO_DECISION = "none"
"""The status filter's value for a finding nobody has decided on yet."""
STATUSES: tuple[str, ...] = (NO_DECISION, *(s.value for s in DecisionStatus))
FINISHED = (DecisionStatus.DONE, DecisionStatus.ACCEPTED)
"""Decisions that have no due date to miss."""


@dataclass(frozen=True, slots=True)
class Closing:
    """When a finding stopped firing and how it looked when it last fired (None: unknown)."""

    at: dt.datetime | None = None
    finding: Finding | None = None


@dataclass(frozen=True, slots=True)
class PlanRow:
    """One finding of the action plan (see the module)."""

    finding_id: str
    state: State
    finding: Finding | None  # the current finding, or the closed one as it last fired
    decision: Decision | None
    closed_at: dt.datetime | None = None

    @property
    def code(self) -> str:
        return self.finding_id.split(":", 1)[0]

    @property
    def subject(self) -> str:
        return self.finding_id.split(":", 1)[1] if ":" in self.finding_id else ""

    @property
    def status(self) -> str:
        """The decision's status value, or ``none`` when nothing is decided yet."""
        return self.decision.status.value if self.decision else NO_DECISION

    def overdue(self, today: dt.date) -> bool:
        """An open finding whose decision's due date has passed and is not done."""
        d = self.decision
        return (
            self.state == "open"
            and d is not None
            and d.due is not None
            and d.due < today
            and d.status not in FINISHED
        )


def plan_rows(
    findings: Sequence[Finding],
    decisions: Mapping[str, Decision],
    closings: Mapping[str, Closing] | None = None,
) -> list[PlanRow]:
    """Every current finding with its decision, then the decisions of closed findings."""
    closings = closings or {}
    current = sorted(findings, key=lambda f: f.sort_key)
    firing = {f.id for f in current}
    open_rows: list[PlanRow] = []
    accepted: list[PlanRow] = []
    for f in current:
        d = decisions.get(f.id)
        if d is not None and d.status == DecisionStatus.ACCEPTED:
            accepted.append(PlanRow(f.id, "accepted", f, d))
        else:
            open_rows.append(PlanRow(f.id, "open", f, d))
    closed = []
    for fid, d in decisions.items():
        if fid in firing:
            continue
        c = closings.get(fid, Closing())
        closed.append(PlanRow(fid, "closed", c.finding, d, c.at))
    # Most recently closed first; those closed before the history began last.
    closed.sort(
        key=lambda r: (r.closed_at is None, -(r.closed_at or _EPOCH).timestamp(), r.finding_id)
    )
    return [*open_rows, *accepted, *closed]


_EPOCH = dt.datetime(1970, 1, 1)


def summary(rows: Sequence[PlanRow], today: dt.date) -> dict[str, int]:
    """Counts for the page's header: open, undecided, overdue, accepted, closed."""
    return {
        "open": sum(r.state == "open" for r in rows),
        "undecided": sum(r.state == "open" and r.decision is None for r in rows),
        "overdue": sum(r.overdue(today) for r in rows),
        "accepted": sum(r.state == "accepted" for r in rows),
        "closed": sum(r.state == "closed" for r in rows),
    }


@dataclass(frozen=True)
class PlanFilter:
    """What the user narrowed the plan to; empty means everything.

    ``leader``: a unit whose leader's plan it is: rows in that unit's room
    (see :mod:`mapping.rooms`) or whose decision it carries out.
    """

    leader: str | None = None
    levels: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    overdue_only: bool = False
    states: tuple[State, ...] = field(default=STATES)


def row_level(m: Map, row: PlanRow, chain: ManagementChain | None = None) -> str | None:
    """Where the row's finding is decided; for a closed one without it, the owner's level."""
    if row.finding is not None:
        return row.finding.escalation_level
    owner = row.decision.owner_unit_id if row.decision else None
    chain = chain or chain_of(m)
    return chain.level(owner) if owner and owner in chain else None


def for_leader(m: Map, row: PlanRow, unit_id: str, chain: ManagementChain | None = None) -> bool:
    """Whether the row belongs to the plan of the leader of ``unit_id``."""
    if row.decision is not None and row.decision.owner_unit_id == unit_id:
        return True
    return row.finding is not None and concerns(m, row.finding, unit_id, chain)


def filter_rows(m: Map, rows: Sequence[PlanRow], flt: PlanFilter, today: dt.date) -> list[PlanRow]:
    """The rows that pass every part of the filter."""
    chain = chain_of(m)
    out = []
    for r in rows:
        if r.state not in flt.states:
            continue
        if flt.statuses and r.status not in flt.statuses:
            continue
        if flt.overdue_only and not r.overdue(today):
            continue
        if flt.levels and row_level(m, r, chain) not in flt.levels:
            continue
        if flt.leader and not for_leader(m, r, flt.leader, chain):
            continue
        out.append(r)
    return out


T = TypeVar("T")


def last_firing(times: Sequence[T], fires: Callable[[T], bool], exact: int = 8) -> int | None:
    """Index of the latest of ``times`` (ascending) at which ``fires`` holds, or None.

    The caller knows the finding does not fire now (after the last time).
    The last ``exact`` times are probed one by one, newest first (a finding
    closed in today's workshop is found at once, even if it opened and closed
    twice); further back the steps double and the last step is halved, so a
    finding closed long ago costs about ``2 log2 n`` probes. There, when it
    opened and closed several times inside one step, an earlier closing of
    that step may be found.

    >>> fired = [True, True, False, True, True, False, False, False]
    >>> probes = []
    >>> def fires(i):
    ...     probes.append(i)
    ...     return fired[i]
    >>> last_firing(range(8), fires, exact=1), probes
    (4, [7, 5, 1, 3, 4])
    >>> last_firing(range(3), lambda i: False) is None
    True
    """
    hi = len(times)  # first index known not to fire (len: now)
    step, taken = 1, 0
    while True:
        i = max(hi - step, 0)
        if fires(times[i]):
            lo = i
            break
        if i == 0:
            return None
        hi = i
        taken += 1
        if taken >= exact:
            step *= 2
    while hi - lo > 1:  # fires at lo, not at hi
        mid = (lo + hi) // 2
        if fires(times[mid]):
            lo = mid
        else:
            hi = mid
    return lo


def subject_name(m: Map, finding_id: str) -> str:
    """The name of a finding's subject as the map knows it now (its id when unknown).

    >>> from mapping.model import Map, Unit, CitizenGroup
    >>> m = Map(units=(Unit("a", "A"), Unit("b", "B")), citizen_groups=(CitizenGroup("g", "G"),))
    >>> subject_name(m, "HK101:g"), subject_name(m, "HK402:a+b"), subject_name(m, "HK201:p")
    ('G', 'A + B', 'p')
    """
    from mapping.gaps.registry import rule_by_code

    code, _, subject = finding_id.partition(":")
    try:
        kind = rule_by_code(code).subject
    except KeyError:
        return subject
    if kind == "group":
        g = m.groups_by_id.get(subject)
        return g.name if g else subject
    if kind == "principle":
        p = m.principles_by_id.get(subject)
        return p.name if p else subject
    ids = subject.split("+") if kind == "relation" else [subject]
    return " + ".join(m.units_by_id[u].name if u in m.units_by_id else u for u in ids)
