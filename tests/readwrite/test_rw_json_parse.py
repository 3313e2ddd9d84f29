"""The JSON reader's fast parser (orjson) gives exactly what ``json.loads`` gives."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mapping.readwrite import json_io
from mapping.readwrite.json_io import _float, _int, _parse


@pytest.fixture(autouse=True)
def _orjson_for_every_size(monkeypatch: pytest.MonkeyPatch) -> None:
    """orjson reads files from 1 MB; these small documents must go its way too."""
    monkeypatch.setattr(json_io, "_BIG", 0)


TRICKY = [
    b'{"a": 1, "b": 2, "a": 3}',  # a repeated key: the last value, at the first place
    b"[18446744073709551615, -9223372036854775808, 9223372036854775808]",
    b"[18446744073709551616, -9223372036854775809]",  # past 64 bits: ints, not floats
    b"[" + b"9" * 41 + b", 1." + b"0" * 45 + b"1, 1e-" + b"1" * 40 + b"]",  # text
    b"[NaN, Infinity, -Infinity, 1e400, -0, -0.0, 1E5, 4.9e-324]",
    b'["\\ud800", "\\udc00x", "\\ud83d\\ude00", "a\\u0000b", "\\u00e6"]',
    b"\xef\xbb\xbf" + b'{"name": "BOM"}',
    '{"navn": "Ærø 🙂", "x": [1.5, 2, null, true, false]}'.encode(),
    b"[" * 300 + b"]" * 300,
    b"[" * 2000 + b"]" * 2000,  # deeper than orjson goes: json's RecursionError
]
BROKEN = [b"[1] x", b"[01]", b"[1.]", b'["\x01"]', b"{", b"\xef\xbb\xbf\xef\xbb\xbf[1]"]


def _stdlib(data: bytes) -> object:
    return json.loads(data.decode("utf-8-sig"), parse_int=_int, parse_float=_float)


def _same(a: object, b: object) -> bool:
    """Equal with the same types all the way down (1 == 1.0 is not enough; NaN is NaN)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)  # type: ignore[index]
    if isinstance(a, list):
        return len(a) == len(b) and all(map(_same, a, b))  # type: ignore[arg-type]
    if isinstance(a, float) and a != a:
        return b != b
    return a == b


@pytest.mark.parametrize("data", TRICKY)
def test_the_same_values_as_json(data: bytes) -> None:
    assert json_io._BIG == 0
    try:
        expected = _stdlib(data)
    except RecursionError:
        with pytest.raises(RecursionError):
            _parse(data)
        return
    assert _same(_parse(data), expected)


def test_a_deeply_nested_name_is_refused_as_before(tmp_path) -> None:
    from mapping.readwrite import MapValidationError, read_map

    nest = "{" + '"a": {' * 1010 + "}" * 1011
    path = tmp_path / "deep.json"
    path.write_text(f'{{"name": {nest}, "units": [{{"id": "a", "name": "A"}}]}}')
    with pytest.raises(MapValidationError) as e:
        read_map(path)
    assert "dybt indlejret" in str(e.value.problems[0])


@pytest.mark.parametrize("data", BROKEN)
def test_broken_documents_fail_with_json_s_own_error(data: bytes) -> None:
    with pytest.raises(json.JSONDecodeError) as ours:
        _parse(data)
    with pytest.raises(json.JSONDecodeError) as theirs:
        _stdlib(data)
    assert str(ours.value) == str(theirs.value)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
))  # fmt: skip
def test_any_document_json_writes(value: object) -> None:
    data = json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")
    try:
        expected = _stdlib(data)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as e:
        with pytest.raises(type(e)):
            _parse(data)
        return
    assert _same(_parse(data), expected)
