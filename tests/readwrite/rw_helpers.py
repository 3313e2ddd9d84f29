"""Shared builders for the interchange tests (a plain module; imported by name)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

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


def small_map() -> Map:
    """A valid map touching every table and column type."""
    return Map(
        units=(
            Unit("dir", "Direktionen", sector="Stab", staff_count=6),
            Unit("bu", "Børn og Unge", sector="Stab", parent_id="dir"),
            Unit("007", "Skole Nord", sector="Skole og SFO", parent_id="bu", staff_count=45),
            Unit("fam", "Familieafdelingen", sector="Børn og familie", parent_id="bu"),
            Unit("hosp", "Regionshospitalet", sector="Ekstern", external=True),
        ),
        citizen_groups=(CitizenGroup("fravaer", "Skolefravær", lead_unit_id="fam", est_size=120),),
        services=(
            Service("007", "fravaer", "Fremmøde", "inkluderende"),
            Service("fam", "fravaer", "Trivsel", "beskyttende"),
        ),
        principles=(
            Principle(
                "sos",
                "SOS",
                PrincipleKind.METHOD,
                owner_unit_id="bu",
                status=PrincipleStatus.AGREED,
                agreed_on=dt.date(2025, 2, 1),
                review_by=dt.date(2027, 3, 1),
                group_ids=("fravaer",),
            ),
        ),
        adoptions=(Adoption("sos", "007"), Adoption("sos", "fam")),
        relations=(Relation("007", "fam", 3.5, "ugentligt møde"),),
        name="kort",
    )


def zip_of(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()
