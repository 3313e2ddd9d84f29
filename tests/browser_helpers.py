"""What the browser tests share: waiting for the app to settle, and a fresh app per module."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from mapping import storage
from tests.conftest import BROWSER_WAIT

_STILL_RUNNING = """() => !document.querySelector(
    '[data-testid="stSkeleton"], [data-stale="true"]')"""


def settled(page: Any, rounds: int = 1) -> None:
    """Wait until the script run finished: no status widget, skeleton or stale element.

    ``rounds=2`` waits twice, for pages where one run starts another (a component
    reporting back).
    """
    for _ in range(rounds):
        page.wait_for_timeout(300)
        page.locator('[data-testid="stStatusWidget"]').wait_for(
            state="hidden", timeout=BROWSER_WAIT
        )
        page.wait_for_function(_STILL_RUNNING, timeout=BROWSER_WAIT)


@contextmanager
def fresh_app(
    tmp_path_factory: pytest.TempPathFactory,
    app_server: Callable[..., Any],
    name: str,
    warm: Any | None = None,
) -> Iterator[tuple[str, str]]:
    """``streamlit run`` on a new SQLite database holding the example: (base URL, DB URL).

    With a browser as ``warm``, the first page is opened once before the tests
    (that visit creates the database and loads the example).
    """
    tmp = tmp_path_factory.mktemp(name)
    url = f"sqlite:///{(tmp / 'kort.sqlite3').as_posix()}"
    try:
        with app_server(url, tmp) as base:
            if warm is not None:
                first = warm.new_page()
                first.goto(base)
                heading = first.get_by_role("heading", name="Helhedskortet", exact=True)
                heading.wait_for(timeout=90_000)
                first.close()
            yield base, url
    finally:
        storage.dispose_engines()


class Clicker:
    """A person at the mouse on one page: every click counted, a wait after each step.

    Shared by the browser tests and the click benchmark, so both count the same
    way: a click on a field before typing, one to open a select box and one on
    the option, one on each button; typing and Enter are not clicks.
    """

    def __init__(self, page: Any) -> None:
        self.page = page
        self.clicks = 0
        self.scrolls = 0  # wheel turns to bring a field into sight: not clicks

    def click(self, locator: Any) -> None:
        locator.click()
        self.clicks += 1

    def click_at(self, x: float, y: float) -> None:
        self.page.mouse.click(x, y)
        self.clicks += 1

    def reach(self, locator: Any) -> Any:
        """Scroll ``locator`` to the middle of the view when the window's edge cuts it.

        A person scrolls a field into sight before clicking it (scrolling is not a
        click). Clicking a select box that sticks out below the window makes the
        browser scroll it in on focus, and that scroll keeps its list from opening.
        """
        box = locator.bounding_box()
        height = self.page.viewport_size["height"] if self.page.viewport_size else None
        if box is not None and height is not None and not 0 <= box["y"] <= height - box["height"]:
            locator.evaluate("e => e.scrollIntoView({block: 'center'})")
            self.scrolls += 1
        return locator

    def settle(self) -> None:
        """Twice, because a run can start another one (a component reporting back);
        an edit typed into the grid while a run is under way can be reset by it."""
        settled(self.page, rounds=2)

    def fill(self, label: str, text: str) -> None:
        """Click a text field, type, and Tab on to the next field, as a person does."""
        box = self.reach(self.page.get_by_label(label, exact=True).first)
        self.click(box)
        box.fill(text)
        box.press("Tab")
        self.settle()

    def pick(self, label: str, option: str) -> None:
        """Choose ``option`` in a select box with the mouse: open it, click the option."""
        self.click(self.reach(self.page.get_by_role("combobox", name=label, exact=True).first))
        self.click(self.page.get_by_role("option", name=option, exact=True).first)
        self.settle()

    def pick_many(self, label: str, options: list[str]) -> None:
        box = self.page.get_by_role("combobox", name=label, exact=True).first
        for i, option in enumerate(options):
            if i == 0 or not self.page.get_by_role("listbox").first.is_visible():
                self.click(self.reach(box))  # open it (it may stay open after a choice)
            self.click(self.page.get_by_role("option", name=option, exact=True).first)
            self.settle()
        self.page.keyboard.press("Escape")

    def type_option(self, label: str, text: str) -> None:
        """A select box that accepts new values: click, type, Enter."""
        box = self.reach(self.page.get_by_role("combobox", name=label, exact=True).first)
        self.click(box)
        box.fill(text)
        box.press("Enter")
        self.settle()

    def button(self, name: str) -> None:
        self.click(self.reach(self.page.get_by_role("button", name=name, exact=True).first))
        self.settle()

    def table(self, name: str) -> None:
        self.click(self.page.get_by_role("radio", name=name, exact=True))
        self.settle()

    def type_in_cell(self, grid: Any, row: int, column: int, text: str, confirmed: Any) -> None:
        """Type ``text`` into a cell of ``grid``: select the first cell, arrows, Enter.

        Then wait for the app's own confirmation, the locator ``confirmed`` (its note
        of unsaved table changes). The grid is a canvas that lays itself out after it
        appears; a click that lands before that opens an editor on a grid about to be
        redrawn, whose edit never reaches the app (and the cell shows the old value,
        as a person would see). Then the edit is made again, a bounded number of times.
        """
        p = self.page
        for attempt in range(5):
            p.wait_for_timeout(800 * (attempt + 1))  # let the grid lay itself out
            grid.scroll_into_view_if_needed()
            box = grid.bounding_box()
            self.click_at(box["x"] + 60, box["y"] + 35 + 17)  # first row, first shown column
            for _ in range(column):
                p.keyboard.press("ArrowRight")
            for _ in range(row):
                p.keyboard.press("ArrowDown")
            p.keyboard.press("Enter")
            try:
                p.locator("textarea.gdg-input").wait_for(timeout=3_000)
            except Exception:
                p.keyboard.press("Escape")
                continue
            p.keyboard.press("Control+A")
            p.keyboard.type(text)
            p.wait_for_timeout(300)  # let the editor take the last key (as a person pauses)
            p.keyboard.press("Enter")
            self.settle()
            try:
                confirmed.wait_for(timeout=10_000)
                return
            except Exception:
                p.keyboard.press("Escape")
        raise AssertionError(f"the edit {text!r} never reached the app")
