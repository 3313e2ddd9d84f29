"""Lowest common ancestors and level names of the management chain."""

from __future__ import annotations

import pytest

from mapping.chain import ManagementChain, chain_of
from mapping.gaps.case_maps import U, mini
from mapping.model import Map, Unit


@pytest.fixture
def chain() -> ManagementChain:
    return ManagementChain(
        mini(
            units=[
                U("dir"),
                U("bu", "dir"),
                U("skole", "bu"),
                U("klasse", "skole"),
                U("fam", "bu"),
                U("job", "dir"),
                U("other_root"),
                U("hosp", external=True),
            ]
        )
    )


def test_single_unit_is_its_own_lca(chain: ManagementChain) -> None:
    assert chain.lca(["klasse"]) == "klasse"
    assert chain.lca(["hosp"]) == "hosp"
    assert chain.lca(["skole", "skole"]) == "skole"


def test_lca_of_siblings_and_cousins(chain: ManagementChain) -> None:
    assert chain.lca(["skole", "fam"]) == "bu"
    assert chain.lca(["klasse", "fam"]) == "bu"
    assert chain.lca(["klasse", "job"]) == "dir"
    assert chain.lca(["klasse", "skole"]) == "skole"
    assert chain.lca(iter(["klasse", "fam", "job"])) == "dir"


def test_no_common_ancestor(chain: ManagementChain) -> None:
    assert chain.lca(["skole", "hosp"]) is None
    assert chain.lca(["skole", "other_root"]) is None
    assert chain.lca([]) is None


def test_levels(chain: ManagementChain) -> None:
    assert chain.level(None) == "topledelse"
    assert chain.level("dir") == "topledelse"
    assert chain.level("bu") == "forvaltning"
    assert chain.level("skole") == "afdeling"
    assert chain.level("klasse") == "enhed"
    assert chain.level("hosp") == "ekstern partner"
    assert chain.ancestors("klasse") == ("klasse", "skole", "bu", "dir")
    assert chain.depth("klasse") == 3


def test_unknown_id_raises_naming_it(chain: ManagementChain) -> None:
    for call in (chain.depth, chain.ancestors, chain.level, lambda u: chain.lca(["skole", u])):
        with pytest.raises(KeyError, match="nope"):
            call("nope")


def test_deep_chain() -> None:
    n = 5000
    units = [Unit("u0", "U0")] + [
        Unit(f"u{i}", f"U{i}", parent_id=f"u{i - 1}") for i in range(1, n)
    ]
    c = ManagementChain(Map(units=tuple(units)))
    assert c.depth(f"u{n - 1}") == n - 1
    assert c.lca([f"u{n - 1}", "u2500"]) == "u2500"
    assert c.level(f"u{n - 1}") == "enhed"


def test_cycle_never_loops() -> None:
    m = mini(units=[U("a", "c"), U("b", "a"), U("c", "b"), U("self", "self"), U("x", "missing")])
    c = ManagementChain(m)
    for uid in ("a", "b", "c", "self", "x"):
        assert c.ancestors(uid)[0] == uid
        assert len(c.ancestors(uid)) <= 3
    assert c.lca(["a", "b"]) in {"a", "b", "c"}
    assert c.parent("self") is None and c.parent("x") is None


def test_chain_cached_per_map() -> None:
    m = mini(units=[U("a")])
    assert chain_of(m) is chain_of(m)
    assert chain_of(mini(units=[U("a")])) is not chain_of(m)
