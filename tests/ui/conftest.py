"""Fixtures for the app tests: a fresh database per test and an AppTest on it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
APP = REPO / "streamlit_app.py"
PAGES = REPO / "mapping" / "ui" / "pages"


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh SQLite database, named by HELHEDSKORT_DATABASE_URL, with clean caches."""
    import streamlit as st

    url = f"sqlite:///{(tmp_path / 'app.sqlite3').as_posix()}"
    monkeypatch.setenv("HELHEDSKORT_DATABASE_URL", url)
    st.cache_resource.clear()
    st.cache_data.clear()
    yield url
    st.cache_resource.clear()
    st.cache_data.clear()
    from mapping.storage import dispose_engines

    dispose_engines()


@pytest.fixture
def app(db_url: str) -> Any:
    """The app after its first run (the example map is loaded)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture
def engine(app: Any, db_url: str) -> Any:
    from mapping.storage import get_engine

    return get_engine(db_url)
