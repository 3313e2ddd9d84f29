"""The CLI's step bar: drawn on a terminal, silent in a pipe."""

from __future__ import annotations

import io

import pytest

from mapping.cli_steps import Steps


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bar_counts_the_steps_on_a_terminal_and_clears_its_line() -> None:
    out = Terminal()
    with Steps(2, out) as step:
        step("reading map.json")
        first = out.getvalue()
        step("writing to the database")
    text = out.getvalue()
    assert "[" + "." * 20 + "] 1/2 reading map.json" in first
    assert "] 2/2 writing to the database" in text and "#" * 10 in text
    assert text.endswith("\r\x1b[2K")


def test_nothing_is_written_when_not_a_terminal_even_on_error() -> None:
    out = io.StringIO()
    with pytest.raises(ValueError), Steps(3, out) as step:
        step("reading")
        raise ValueError("bad file")
    assert out.getvalue() == ""
