"""The server's entrypoint (``helhedskort-server``, the container's ENTRYPOINT) outside a container.

No container runtime is needed: the same script the Dockerfile runs is started
here as a process. Without login it serves on 127.0.0.1 only (read from the
process's own listening sockets), refuses every other address, and serves on
all interfaces only when the operator declares an authenticating proxy. Login
configured through environment variables becomes a private secrets file.
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import psutil
import pytest

from mapping.ui import policy, serve

REPO = Path(__file__).resolve().parents[2]
# The console script the Dockerfile's ENTRYPOINT names, installed next to this Python.
ENTRYPOINT = [str(Path(sys.executable).parent / "helhedskort-server")]


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HELHEDSKORT_")}
    return {**env, **extra}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _listening(pid: int, port: int) -> set[str]:
    conns = psutil.Process(pid).net_connections(kind="inet")
    return {c.laddr.ip for c in conns if c.status == psutil.CONN_LISTEN and c.laddr.port == port}


def test_without_login_another_address_is_refused_before_anything_starts(tmp_path: Path) -> None:
    db = tmp_path / "never.sqlite3"
    env = _clean_env(HELHEDSKORT_ADDRESS="0.0.0.0", HELHEDSKORT_DATABASE_URL=f"sqlite:///{db}")
    done = subprocess.run(ENTRYPOINT, cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == serve.EXIT_REFUSED
    assert "no login is configured" in done.stderr and policy.PROXY_ENV in done.stderr
    assert "Traceback" not in done.stderr
    assert not db.exists()  # refused before migrating: nothing was written


@pytest.mark.parametrize(
    ("address", "proxy", "expected"),
    [("127.0.0.1", "", {"127.0.0.1"}), ("0.0.0.0", "1", {"0.0.0.0"})],
    ids=["local-default", "declared-proxy"],
)
def test_the_entrypoint_migrates_and_binds_only_where_it_may(
    tmp_path: Path, app_server: object, address: str, proxy: str, expected: set[str]
) -> None:
    port = _free_port()
    url = f"sqlite:///{(tmp_path / 'served.sqlite3').as_posix()}"
    extra = {"HELHEDSKORT_PORT": str(port), "HELHEDSKORT_BEHIND_AUTH_PROXY": proxy}
    if address != "127.0.0.1":
        extra["HELHEDSKORT_ADDRESS"] = address  # the default is the loopback address
    procs: list[subprocess.Popen] = []
    with app_server(
        url, tmp_path, command=ENTRYPOINT, env=_clean_env(**extra), port=port, procs=procs
    ):
        assert _listening(procs[0].pid, port) == expected
    log = (tmp_path / "server.log").read_text()
    assert f"serving on {address}:{port}" in log
    from mapping import storage
    from mapping.storage.migrate import current_revision, head_revision

    engine = storage.get_engine(url)
    try:
        with engine.connect() as conn:
            assert current_revision(conn) == head_revision()  # migrated on start
    finally:
        storage.dispose_engines()


def test_login_from_the_environment_becomes_a_private_secrets_file(tmp_path: Path) -> None:
    secret = tmp_path / "client_secret.txt"
    secret.write_text('s3cret "with" quotes\n', encoding="utf-8")
    env = {
        "HELHEDSKORT_PUBLIC_URL": "https://helhedskort.kommune.dk/",
        "HELHEDSKORT_OIDC_CLIENT_ID": "hk-app",
        "HELHEDSKORT_OIDC_CLIENT_SECRET_FILE": str(secret),
        "HELHEDSKORT_OIDC_METADATA_URL": "https://login.example/.well-known/openid-configuration",
        "HELHEDSKORT_COOKIE_SECRET": "cookie",
        "HELHEDSKORT_ADMINS": "It@Kommune.dk, chef@kommune.dk",
    }
    serve.read_file_variables(env)
    secrets = serve.secrets_from_env(env)
    assert secrets is not None
    path = serve.write_secrets(secrets, tmp_path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    read = tomllib.loads(path.read_text(encoding="utf-8"))
    assert read["auth"]["client_secret"] == 's3cret "with" quotes'
    assert read["auth"]["redirect_uri"] == "https://helhedskort.kommune.dk/oauth2callback"
    assert policy.login_configured(read)
    assert policy.access_config(read, {}).is_admin("it@kommune.dk", ())
    # Half a configuration is refused with the names of what is missing.
    with pytest.raises(SystemExit, match="cookie_secret"):
        serve.secrets_from_env({k: v for k, v in env.items() if "COOKIE" not in k})


def test_the_shipped_streamlit_config_is_safe_by_default() -> None:
    from mapping.readwrite.safety import MAX_FILE_BYTES, MB

    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    server, client = config["server"], config["client"]
    assert policy.is_loopback(server["address"])
    assert server["enableXsrfProtection"] is True
    assert server["maxUploadSize"] * MB == MAX_FILE_BYTES  # the importer's own limit
    assert client["showErrorDetails"] == "none"  # no traceback reaches a browser


def test_the_examples_in_the_policy_docstrings_hold() -> None:
    import doctest

    # mapping/ui is left out of pytest's doctest collection (it imports Streamlit pages).
    result = doctest.testmod(policy)
    assert result.attempted >= 6 and result.failed == 0
