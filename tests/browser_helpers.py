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
