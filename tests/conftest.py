"""Fixtures shared by the whole suite.

In CI (``CI=true``) a missing browser or database is a failure, never a skip.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from mapping.model import Map
from mapping.storage import dispose_engines
from tests.storage.pg_cluster import Cluster, start_cluster

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
# How long a browser test waits for the app to settle: generous, because CI machines
# are shared and a cold Streamlit page can take tens of seconds under load.
BROWSER_WAIT = 60_000
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
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=BROWSER_WAIT)

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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def streamlit_server(
    db_url: str,
    workdir: Path,
    *,
    args: tuple[str, ...] = (),
    env: dict[str, str] | None = None,
    command: list[str] | None = None,
    port: int | None = None,
    procs: list[subprocess.Popen] | None = None,
    log_name: str = "server.log",
    app: Path = REPO,
    seconds: int = 60,
) -> Iterator[str]:
    """Run ``streamlit run streamlit_app.py`` on a free port and ``db_url``; yield its base URL.

    ``args`` are added to Streamlit's command line (e.g. ``--secrets.files``), ``env``
    to its environment; ``command`` replaces the command (the server's entrypoint),
    ``procs`` receives the process, ``app`` is the checkout to serve (a benchmark
    compares two). The server log is ``workdir/log_name``; it is raised with the
    error when the server dies or does not answer its health check within ``seconds``.
    """
    port = port or _free_port()
    env = {**os.environ, "HELHEDSKORT_DATABASE_URL": db_url, **(env or {})}
    if app != REPO:  # that checkout's package, not the installed one
        env["PYTHONPATH"] = str(app)
    log_path = workdir / log_name
    cmd = command or [
        sys.executable, "-m", "streamlit", "run", "streamlit_app.py",
        "--server.headless", "true", "--server.port", str(port),
        "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [*cmd, *args], cwd=app, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        if procs is not None:
            procs.append(proc)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_healthy(base, proc, log_path, seconds=seconds)
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def wait_until_healthy(base: str, proc: subprocess.Popen, log_path: Path, seconds: float) -> None:
    """Wait for Streamlit's health endpoint; the server's log as the error if it never answers."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(log_path.read_text())
        time.sleep(0.3)


@pytest.fixture(scope="session")
def app_server() -> object:
    """:func:`streamlit_server`, for browser tests that start the app themselves."""
    return streamlit_server


@pytest.fixture(scope="session")
def pg_admin_url() -> Iterator[str | None]:
    """A libpq URL of a PostgreSQL server for the session, or None when there is none."""
    url = os.environ.get("HELHEDSKORT_TEST_POSTGRES_URL", "").strip()
    if url:
        yield url
        return
    cluster: Cluster | None = None
    try:
        cluster = start_cluster()
    except (RuntimeError, OSError, KeyError, subprocess.SubprocessError) as exc:
        print(f"could not start PostgreSQL: {exc}", file=sys.stderr)
    if cluster is None:
        yield None
        return
    try:
        yield cluster.url()
    finally:
        dispose_engines()
        cluster.stop()


def _admin(url: str, sql: str) -> None:
    import psycopg

    u = make_url(url).set(drivername="postgresql")
    dsn = u.render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(sql)


def fresh_database(pg_admin_url: str | None, template: str | None = None) -> Iterator[str]:
    require(pg_admin_url is not None, "PostgreSQL")
    assert pg_admin_url is not None
    name = f"hk_test_{uuid.uuid4().hex[:12]}"
    suffix = f' TEMPLATE "{template}"' if template else ""
    _admin(pg_admin_url, f'CREATE DATABASE "{name}"{suffix}')
    url = make_url(pg_admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        dispose_engines()
        _admin(pg_admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
