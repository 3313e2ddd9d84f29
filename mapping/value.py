"""Value behaviour (equality, hashing, ``repr``) shared by the frozen records.

The records of the model, the schema, the settings and the gap engine are frozen,
slotted dataclasses declared with ``eq=False, repr=False`` that inherit
:class:`Value`. They compare, hash and print exactly as the methods ``dataclass``
would write for them, but those methods exist once, here, instead of being
written out and compiled for every class as its module loads: that compiling
was about 6 % of the instructions of one municipality's ``helhedskort gaps``.

>>> from dataclasses import dataclass
>>> @dataclass(frozen=True, slots=True, eq=False, repr=False)
... class Point(Value):
...     x: int
...     y: int = 0
>>> Point(1), Point(1) == Point(1, 0), hash(Point(1)) == hash((1, 0))
(Point(x=1, y=0), True, True)
"""

from __future__ import annotations

import dataclasses
import reprlib
from collections.abc import Callable
from operator import attrgetter

TYPE_CHECKING = False  # typing's own flag, without importing typing as the module loads
if TYPE_CHECKING:
    from typing import Any

    _Getter = Callable[[Any], tuple[Any, ...]]

_COMPARED: dict[type, _Getter] = {}
_SHOWN: dict[type, tuple[str, ...]] = {}


def _tuple_of(names: tuple[str, ...]) -> _Getter:
    if len(names) == 1:
        (name,) = names
        return lambda obj: (getattr(obj, name),)
    if not names:
        return lambda obj: ()
    return attrgetter(*names)  # (a tuple for two names or more)


def _compared(cls: Any) -> _Getter:
    """The values ``__eq__`` and ``__hash__`` of a dataclass compare: its fields with
    ``compare=True`` (``hash=None``) or ``hash=True``, in order; worked out once."""
    getter = _COMPARED.get(cls)
    if getter is None:
        fields = dataclasses.fields(cls)
        if any(f.hash is not None and f.hash != f.compare for f in fields):
            raise TypeError(f"{cls.__qualname__}: a field's hash= differs from its compare=")
        getter = _COMPARED[cls] = _tuple_of(tuple(f.name for f in fields if f.compare))
    return getter


class Value:
    """The ``__eq__``, ``__hash__`` and ``__repr__`` of a frozen dataclass, by its fields."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            values = _compared(self.__class__)
            return bool(values(self) == values(other))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(_compared(self.__class__)(self))

    @reprlib.recursive_repr()
    def __repr__(self) -> str:
        cls = self.__class__
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in _shown(cls))
        return f"{cls.__qualname__}({shown})"


def _shown(cls: Any) -> tuple[str, ...]:
    """The fields ``__repr__`` shows: those with ``repr=True``, in order."""
    names = _SHOWN.get(cls)
    if names is None:
        names = _SHOWN[cls] = tuple(f.name for f in dataclasses.fields(cls) if f.repr)
    return names


set_field: Callable[[object, str, object], None] = object.__setattr__
"""How a frozen record's written-out ``__init__`` sets a field (as ``dataclass`` does).

The records write their ``__init__`` out (``init=False``): compiling the one
``dataclass`` writes, for twenty records, was about 6 % of the instructions of one
municipality's ``helhedskort gaps``. A test checks each written-out signature against
the one ``dataclass`` would write, and that every field is set from its own argument."""
