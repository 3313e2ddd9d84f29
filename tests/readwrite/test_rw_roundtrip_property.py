"""Property: JSON -> xlsx -> CSV folder -> zip -> JSON gives back exactly the same map."""

from __future__ import annotations

import itertools
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
from mapping.readwrite import read_map, write_map
from mapping.validation import invisible_character, validate_map

AWKWARD = [
    "007", "NA", "null", "None", "=1+1", "-x", "+45 1234", "@a", "'=x", "'", "TRUE", "1e5",
    "3,5", "2026-01-01", "æøå ÆØÅ", "🙂🇩🇰", '"citat"', "a;b", " foran", "bagved ", "\tTab",
    "linje\nskift", "cr\r\nlf", "#N/A", "0x1F", "0.10", "_x0041_", "<b>&amp;</b>",
]  # fmt: skip
ALPHABET = "abcxyzæøåÆØÅé019 ;,'\"=+-@\t\n\r🙂🇩🇰."

text = st.one_of(st.sampled_from(AWKWARD), st.text(alphabet=ALPHABET, max_size=10))
# ids: no surrounding spaces (readers trim ids), never blank, never ';' (it separates
# group_ids), nothing invisible (tabs, line breaks: refused in ids)
ids = (
    st.one_of(st.sampled_from(AWKWARD), st.text(alphabet=ALPHABET, min_size=1, max_size=8))
    .map(str.strip)
    .filter(lambda s: s != "" and ";" not in s and invisible_character(s) is None)
)
names = text.filter(lambda s: s.strip() != "")
counts = st.one_of(st.none(), st.integers(0, 5000), st.sampled_from([0, 10_000_000]))
dates = st.one_of(st.none(), st.dates())
scores = st.one_of(st.none(), st.floats(1, 5), st.sampled_from([1.0, 3.5, 5.0, 0.1 + 2.9]))


@st.composite
def maps(draw: st.DrawFn) -> Map:
    unit_ids = draw(st.lists(ids, min_size=1, max_size=6, unique=True))
    units: list[Unit] = []
    for uid in unit_ids:
        external = draw(st.booleans())
        parents = [u.id for u in units if not u.external]
        parent = None if external or not parents else draw(st.none() | st.sampled_from(parents))
        units.append(
            Unit(
                uid, draw(names), draw(text), parent, draw(text), draw(counts), external, draw(text)
            )
        )
    unit_ref = st.none() | st.sampled_from(unit_ids)
    group_ids = draw(st.lists(ids, max_size=4, unique=True))
    groups = [
        CitizenGroup(g, draw(names), draw(text), draw(unit_ref), draw(counts)) for g in group_ids
    ]
    services = []
    if group_ids:
        pairs = draw(
            st.lists(st.tuples(st.sampled_from(unit_ids), st.sampled_from(group_ids)), unique=True)
        )
        services = [Service(u, g, draw(text), draw(text)) for u, g in pairs]
    principle_ids = draw(st.lists(ids, max_size=4, unique=True))
    principles = [
        Principle(
            p,
            draw(names),
            draw(st.sampled_from(PrincipleKind)),
            draw(text),
            draw(unit_ref),
            draw(unit_ref),
            draw(st.sampled_from(PrincipleStatus)),
            draw(dates),
            draw(dates),
            tuple(draw(st.lists(st.sampled_from(group_ids), max_size=3))) if group_ids else (),
        )
        for p in principle_ids
    ]
    adoptions = []
    if principle_ids:
        pairs = draw(
            st.lists(
                st.tuples(st.sampled_from(principle_ids), st.sampled_from(unit_ids)), unique=True
            )
        )
        adoptions = [Adoption(p, u) for p, u in pairs]
    possible = list(itertools.combinations(unit_ids, 2))
    chosen = draw(st.lists(st.sampled_from(possible), unique=True)) if possible else []
    relations = [
        Relation(*(pair if draw(st.booleans()) else pair[::-1]), draw(scores), draw(text))
        for pair in chosen
    ]
    return Map(
        tuple(units),
        tuple(groups),
        tuple(services),
        tuple(principles),
        tuple(adoptions),
        tuple(relations),
        name=draw(text),
    )


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(m=maps(), excel_danish=st.booleans())
def test_round_trip_through_every_format(tmp_path: Path, m: Map, excel_danish: bool) -> None:
    assert validate_map(m) == []
    for old in tmp_path.iterdir():  # hypothesis reuses the function-scoped tmp_path
        if old.is_file():
            old.unlink()
    steps = [
        ("a.json", None),
        ("b.xlsx", m.name),
        ("c/", m.name),
        ("d.zip", m.name),
        ("e.json", None),
    ]
    current = m
    for i, (target, name) in enumerate(steps):
        path = f"{tmp_path}/{i}{target}"
        write_map(current, path, excel_danish=excel_danish)
        current = read_map(path, name=name)
        assert current == m, f"after {target}"
