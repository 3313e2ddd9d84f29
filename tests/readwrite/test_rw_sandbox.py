"""Uploads are read in a child process that is limited in time, CPU and memory.

Each test checks that the child is gone afterwards and that no thread was
left behind; the limits are lowered so that an ordinary file hits them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from mapping.problems import MapValidationError
from mapping.readwrite import map_to_bytes, read_map_bytes, sandbox
from tests.processes import children
from tests.readwrite.rw_helpers import small_map, zip_of


@pytest.fixture
def leaves_nothing() -> Iterator[None]:
    before, threads = children(), threading.active_count()
    yield
    assert children() == before
    assert threading.active_count() == threads


def problems(data: bytes, filename: str) -> list[str]:
    with pytest.raises(MapValidationError) as err:
        sandbox.read_upload(data, filename)
    return [str(p) for p in err.value.problems]


@pytest.mark.usefixtures("leaves_nothing")
def test_a_valid_upload_comes_back_as_the_same_map() -> None:
    assert sandbox.read_upload(map_to_bytes(small_map(), "xlsx"), "kort.xlsx") == small_map()
    named = sandbox.read_upload(map_to_bytes(small_map(), "json"), "x.json", name="Fjordby")
    assert named == small_map().replace(name="Fjordby")


@pytest.mark.usefixtures("leaves_nothing")
def test_an_invalid_upload_gives_the_same_problems_as_reading_it_here() -> None:
    data = zip_of({"units.csv": b"id,name,staff_count,parent_id\na,A,mange,b\n"})
    with pytest.raises(MapValidationError) as err:
        read_map_bytes(data, "k.zip")
    assert problems(data, "k.zip") == [str(p) for p in err.value.problems]
    assert len(err.value.problems) == 2


@pytest.mark.usefixtures("leaves_nothing")
def test_a_read_past_the_wall_clock_bound_is_killed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "WALL_SECONDS", 0.2)  # the child cannot even start in time
    assert problems(map_to_bytes(small_map(), "xlsx"), "k.xlsx") == [
        "k.xlsx: filen tog for lang tid at læse (over 0 sekunder eller 60 sekunders "
        "regnetid); del kortet op i mindre filer"
    ]


@pytest.mark.usefixtures("leaves_nothing")
def test_a_read_past_the_cpu_limit_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "CPU_SECONDS", 1)
    rows = b"".join(b"u%d,Enhed nummer %d\n" % (i, i) for i in range(200_000))
    data = zip_of({"units.csv": b"id,name\n" + rows})  # several seconds of CPU to read
    (line,) = problems(data, "k.zip")
    assert line.startswith("k.zip: filen tog for lang tid at læse")


@pytest.mark.usefixtures("leaves_nothing")
def test_a_read_past_the_memory_limit_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "MEMORY_BYTES", 4 * 1024**2)
    rows = b"".join(b"u%d,Enhed nummer %d\n" % (i, i) for i in range(400_000))
    data = zip_of({"units.csv": b"id,name\n" + rows})
    assert problems(data, "k.zip") == [
        "k.zip: filen krævede for meget hukommelse at læse; del kortet op i mindre filer"
    ]
