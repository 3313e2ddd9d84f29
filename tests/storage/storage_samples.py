"""Small maps for the storage tests."""

from __future__ import annotations

import datetime as dt
import time

from mapping.model import (
    Adoption,
    CitizenGroup,
    Map,
    Principle,
    PrincipleKind,
    PrincipleStatus,
    Relation,
    Service,
    Unit,
)
from mapping.storage.records import build_map, map_tables


def sample_map(name: str = "Testkommune") -> Map:
    """Every table and every field kind, including a principle with two groups."""
    return Map(
        name=name,
        units=(
            Unit("dir", "Direktionen", sector="Stab", leader="Ane", staff_count=8),
            Unit("boern", "Børn og Unge", sector="Børn og familie", parent_id="dir"),
            Unit("skole", "Nordskolen", sector="Skole og SFO", parent_id="boern", staff_count=55),
            Unit("fam", "Familieafdelingen", sector="Børn og familie", parent_id="boern"),
            Unit("job", "Jobcentret", sector="Beskæftigelse", parent_id="dir"),
            Unit("region", "Regionen", sector="Ekstern", external=True, description="Psykiatri"),
        ),
        citizen_groups=(
            CitizenGroup("ub", "Udsatte børn", lead_unit_id="fam", est_size=120),
            CitizenGroup("ledige", "Ledige med sygdom", description="Komplekse forløb"),
        ),
        services=(
            Service("skole", "ub", goal="Trivsel", paradigm="Inkluderende"),
            Service("fam", "ub", goal="Trivsel", paradigm="Kompensatorisk"),
            Service("job", "ledige", goal="Job", paradigm="Rehabiliterende"),
            Service("region", "ledige", goal="Behandling"),
        ),
        principles=(
            Principle(
                "boernesyn",
                "Fælles børnesyn",
                PrincipleKind.PERSPECTIVE,
                owner_unit_id="boern",
                status=PrincipleStatus.AGREED,
                agreed_on=dt.date(2025, 3, 1),
                review_by=dt.date(2027, 3, 1),
                group_ids=("ub", "ledige"),
            ),
            Principle("ips", "IPS", PrincipleKind.METHOD, owner_unit_id="job"),
        ),
        adoptions=(Adoption("boernesyn", "skole"), Adoption("boernesyn", "fam")),
        relations=(Relation("skole", "fam", rc_score=3.0, note="Månedligt møde"),),
    )


def normal(m: Map, name: str | None = None) -> Map:
    """The map as storage returns it: a repeated key keeps its last record, order kept."""
    return build_map(map_tables(m), m.name if name is None else name)


def run(*argv: str) -> int:
    """The ``helhedskort db …`` command line, in this process."""
    import argparse

    from mapping.storage.cli import register

    parser = argparse.ArgumentParser(prog="helhedskort")
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(list(argv))
    return int(args.func(args))


def tick() -> dt.datetime:
    """A moment strictly between two changes."""
    time.sleep(0.002)
    t = dt.datetime.now(dt.UTC)
    time.sleep(0.002)
    return t
