"""Fixtures shared by the whole suite.

In CI (``CI=true``) a missing browser or database is a failure, never a skip.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from mapping.model import Map

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
EXAMPLE_JSON = DATA / "example.json"
CHROMIUM = os.environ.get("HELHEDSKORT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require(condition: bool, what: str) -> None:
    """Fail in CI, skip on a developer machine, when a test's tool is missing."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{what} is required in CI but missing", pytrace=False)
    pytest.skip(f"{what} is missing on this machine")


@pytest.fixture(scope="session")
def example_map() -> Map:
    """The example municipality from data/example.json, read once per session."""
    from mapping.readwrite import read_map

    return read_map(EXAMPLE_JSON)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """A headless Debian chromium driven by Playwright, shared by the session."""
    require(Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is not None, f"chromium ({CHROMIUM})")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Where browser tests save screenshots (uploaded as CI artefacts)."""
    out = REPO / "test-artifacts"
    out.mkdir(exist_ok=True)
    return out
