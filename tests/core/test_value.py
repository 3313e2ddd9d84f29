"""The shared value methods behave exactly as the ones ``dataclass`` writes.

Every frozen record inheriting :class:`mapping.value.Value` is compared, on the
records of the example map, its schema, settings, rules and findings, with a twin
dataclass of the same fields whose ``__eq__``, ``__hash__`` and ``__repr__``
``dataclass`` writes itself.
"""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from mapping import model, problems, schema, settings, text
from mapping.gaps import RULES, find_findings
from mapping.gaps import core as gaps_core
from mapping.readwrite import read_map
from mapping.value import Value
from tests.conftest import EXAMPLE_JSON


def _value_classes() -> list[type]:
    """Every record class of the package that takes its methods from Value, as its module
    names it (slots=True leaves the class it replaced among the subclasses for a while,
    and a doctest defines one in mapping.value): a new one needs a sample below."""
    return sorted(
        (
            c
            for c in Value.__subclasses__()
            if c.__module__.startswith("mapping.")
            and c.__module__ != "mapping.value"
            and getattr(sys.modules[c.__module__], c.__qualname__, None) is c
        ),
        key=lambda c: c.__qualname__,
    )


def _twin(cls: type) -> type:
    """A dataclass with the same fields, whose methods ``dataclass`` writes itself."""
    fields = [
        (
            f.name,
            f.type,
            dataclasses.field(
                default=f.default,
                default_factory=f.default_factory,
                init=f.init,
                compare=f.compare,
                repr=f.repr,
                hash=f.hash,
            ),
        )
        for f in dataclasses.fields(cls)
    ]
    twin = dataclasses.make_dataclass(cls.__name__, fields, frozen=True)
    twin.__qualname__ = cls.__qualname__
    return twin


def _as_twin(twin: type, record: Any) -> Any:
    out = twin(**{f.name: getattr(record, f.name) for f in dataclasses.fields(twin) if f.init})
    for f in dataclasses.fields(twin):
        if not f.init:  # (derived in __post_init__: the same values)
            object.__setattr__(out, f.name, getattr(record, f.name))
    return out


def _samples() -> Iterator[Any]:
    m = read_map(EXAMPLE_JSON)
    yield m
    for table in schema.TABLE_NAMES:
        yield from getattr(m, table)
    for spec in schema.TABLES.values():
        yield spec
        for column in spec.columns:
            yield column
            yield from column.choices
    yield settings.Settings()
    yield from settings.SETTINGS
    for rule in RULES:
        yield rule
        yield rule.title
        yield from rule.cases
    findings = find_findings(m)
    yield from findings
    yield from (d for f in findings for d in f.details if isinstance(d, gaps_core.Camp))
    yield problems.Problem("units.csv", "units", 4, "parent_id", "ukendt", fmt="csv")
    yield gaps_core.Hit("g", ("a", "b"), text.Text("x", "y"))


SAMPLES = list(_samples())


def test_every_value_class_is_among_the_samples() -> None:
    assert {type(s) for s in SAMPLES} >= set(_value_classes()), "add a sample of the new class"
    assert len(_value_classes()) >= 20


@pytest.mark.parametrize("cls", _value_classes(), ids=lambda c: c.__qualname__)
def test_eq_hash_and_repr_are_those_dataclass_writes(cls: type) -> None:
    twin = _twin(cls)
    mine = [s for s in SAMPLES if type(s) is cls]
    for a in mine:
        ta = _as_twin(twin, a)
        assert repr(a) == repr(ta)
        if (
            cls is not gaps_core.Rule and cls is not gaps_core.Case
        ):  # (they hold unhashable dicts/maps)
            assert hash(a) == hash(ta)
        assert a == copy.copy(a)
        assert (a != copy.copy(a)) is False
        assert a != ta and a.__eq__(ta) is NotImplemented  # another class is never equal
        for b in mine[:25]:
            tb = _as_twin(twin, b)
            assert (a == b) is (ta == tb)


def test_a_field_left_out_of_comparison_is_left_out_here_too() -> None:
    m = read_map(EXAMPLE_JSON)
    assert m.validated and m == dataclasses.replace(m, validated=False)
    assert hash(m) == hash(dataclasses.replace(m, validated=False))
    assert "validated" not in repr(m.replace(units=m.units[:1]))
    unit = m.units[0]
    assert unit != dataclasses.replace(unit, name=unit.name + "!")


def test_records_stay_frozen_dataclasses() -> None:
    unit = model.Unit("a", "A")
    with pytest.raises(dataclasses.FrozenInstanceError):
        unit.name = "B"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(unit)) == unit
    assert dataclasses.asdict(unit)["name"] == "A"
    assert model.Unit.__match_args__[:2] == ("id", "name")

    @dataclasses.dataclass(frozen=True, slots=True)
    class CostedUnit(model.Unit):  # a frozen subclass adds a column as before
        cost_centre: str = ""

    c = CostedUnit("a", "A", cost_centre="4711")
    assert c != unit and c == CostedUnit("a", "A", cost_centre="4711")
    assert repr(c).startswith("test_records_stay_frozen_dataclasses.<locals>.CostedUnit(id='a'")


@pytest.mark.parametrize("cls", _value_classes(), ids=lambda c: c.__qualname__)
def test_the_written_out_init_is_the_one_dataclass_would_write(cls: type) -> None:
    # Same names, order, kinds, defaults and annotations; each field set from its own
    # argument, the others (init=False) from their factory, then __post_init__.
    mine, theirs = inspect.signature(cls), inspect.signature(_twin(cls))
    assert [str(p) for p in mine.parameters.values()] == [
        str(p) for p in theirs.parameters.values()
    ]
    names = [f.name for f in dataclasses.fields(cls) if f.init]
    for record in [s for s in SAMPLES if type(s) is cls][:50]:
        again = cls(**{n: getattr(record, n) for n in names})
        assert all(
            getattr(again, f.name) == getattr(record, f.name) for f in dataclasses.fields(cls)
        )
        assert again == record
    if not hasattr(cls, "__post_init__"):
        marks = {n: object() for n in names}
        made = cls(*marks.values())
        assert all(getattr(made, n) is mark for n, mark in marks.items())
