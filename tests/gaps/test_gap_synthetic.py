"""The benchmark's synthetic maps are valid, deterministic and of the promised size."""

from __future__ import annotations

from bench.synthetic import generate_map
from mapping.gaps import find_findings


def test_one_municipality_size_and_determinism() -> None:
    m = generate_map(1)
    links = len(m.services) + len(m.adoptions) + len(m.relations)
    assert 300 <= len(m.units) <= 315
    assert len(m.citizen_groups) == 31 and len(m.principles) == 102
    assert 1400 <= links <= 1650
    assert generate_map(1) == m
    assert generate_map(1, seed=1) != m


def test_synthetic_map_passes_validation() -> None:
    from mapping.validation import validate_map

    assert validate_map(generate_map(3)) == []


def test_externals_shared_between_municipalities() -> None:
    m = generate_map(6)
    externals = [u for u in m.units if u.external]
    assert len(externals) == 15  # three per region, five regions
    assert len({u.id for u in m.units}) == len(m.units)


def test_synthetic_map_has_gaps_of_every_rule() -> None:
    codes = {f.code for f in find_findings(generate_map(10))}
    assert len(codes) == 12
