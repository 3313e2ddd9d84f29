"""Where the database lives: resolve the URL once, from the most specific source.

Order: an explicit argument, then ``HELHEDSKORT_DATABASE_URL``, then the app's
Streamlit secrets file (``.streamlit/secrets.toml``, section
``[connections.helhedskort]``, key ``url``), then an SQLite file
``helhedskort.sqlite3`` in the current working directory.

A URL from the environment may hold ``{password}``: it is filled from
``HELHEDSKORT_DATABASE_PASSWORD`` or the file ``HELHEDSKORT_DATABASE_PASSWORD_FILE``
names (a container secret), so the password is never part of the configuration.

>>> resolve_url("sqlite:///x.sqlite3")
'sqlite:///x.sqlite3'
>>> normalise_url("postgresql://u@h/db")
'postgresql+psycopg://u@h/db'
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import quote

ENV_VAR = "HELHEDSKORT_DATABASE_URL"
PASSWORD_VAR = "HELHEDSKORT_DATABASE_PASSWORD"
SECRETS_FILE = Path(".streamlit") / "secrets.toml"
DEFAULT_SQLITE_FILE = "helhedskort.sqlite3"


def _from_secrets(path: Path) -> str | None:
    # Read the file directly: importing streamlit here would drag the web app into the CLI.
    if not path.is_file():
        return None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return None
    url = data.get("connections", {}).get("helhedskort", {}).get("url")
    return url if isinstance(url, str) and url.strip() else None


def with_password(url: str, env: Mapping[str, str] | None = None) -> str:
    """Fill ``{password}`` in ``url`` from the environment or the secret file it names.

    >>> with_password("postgresql://hk:{password}@db/hk", {PASSWORD_VAR: "p@ss/1"})
    'postgresql://hk:p%40ss%2F1@db/hk'
    """
    env = os.environ if env is None else env
    if "{password}" not in url:
        return url
    password = env.get(PASSWORD_VAR)
    if password is None and env.get(PASSWORD_VAR + "_FILE"):
        password = Path(env[PASSWORD_VAR + "_FILE"]).read_text(encoding="utf-8").strip()
    if password is None:
        raise ValueError(f"{ENV_VAR} holds {{password}}, but {PASSWORD_VAR}(_FILE) is not set")
    return url.replace("{password}", quote(password, safe=""))


def resolve_url(url: str | None = None, *, cwd: Path | None = None) -> str:
    """Return the database URL to use (see the module docstring for the order)."""
    if url:
        return url
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return with_password(env)
    base = cwd or Path.cwd()
    secret = _from_secrets(base / SECRETS_FILE)
    if secret:
        return secret
    return f"sqlite:///{(base / DEFAULT_SQLITE_FILE).as_posix()}"


def normalise_url(url: str) -> str:
    """Map plain PostgreSQL URLs onto the psycopg 3 driver that is installed."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
