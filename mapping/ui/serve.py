"""The server's entrypoint (``helhedskort-server``): configure, check, migrate, then serve.

The container runs this; it works the same outside one. In order:

1. ``NAME_FILE`` variables are read into ``NAME`` (Docker and Kubernetes secrets
   are files), for every ``HELHEDSKORT_*`` variable (``{password}``
   in ``HELHEDSKORT_DATABASE_URL`` is filled by the storage, see its config).
2. With ``HELHEDSKORT_OIDC_CLIENT_ID`` set, Streamlit's ``[auth]`` secrets are
   written from the environment into a private file (mode 600) that Streamlit
   is pointed at; otherwise Streamlit reads ``.streamlit/secrets.toml`` as usual.
3. It refuses to start (exit code 2, one clear message) when the address is not
   a loopback address and neither login nor ``HELHEDSKORT_BEHIND_AUTH_PROXY=1``
   is configured.
4. The database is migrated, waiting up to ``HELHEDSKORT_DB_WAIT`` seconds
   (default 60) for it to accept connections.
5. ``streamlit run streamlit_app.py`` replaces this process, on
   ``HELHEDSKORT_ADDRESS`` (default 127.0.0.1) and ``HELHEDSKORT_PORT`` (8501);
   extra arguments are passed on to Streamlit.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
import tomllib
from collections.abc import Mapping, MutableMapping
from pathlib import Path
from typing import Any

from mapping.ui import policy

APP = Path(__file__).resolve().parents[2] / "streamlit_app.py"
EXIT_REFUSED = 2
OIDC_VARS = {
    "client_id": "HELHEDSKORT_OIDC_CLIENT_ID",
    "client_secret": "HELHEDSKORT_OIDC_CLIENT_SECRET",
    "server_metadata_url": "HELHEDSKORT_OIDC_METADATA_URL",
}


def read_file_variables(env: MutableMapping[str, str]) -> None:
    """``HELHEDSKORT_X_FILE=/run/secrets/x`` sets ``HELHEDSKORT_X`` to the file's content."""
    for name in [n for n in env if n.startswith("HELHEDSKORT_") and n.endswith("_FILE")]:
        target = name.removesuffix("_FILE")
        if env.get(target):
            continue  # an explicit value wins
        env[target] = Path(env[name]).read_text(encoding="utf-8").strip()


def _toml(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a TOML basic string


def secrets_from_env(env: Mapping[str, str]) -> dict[str, Any] | None:
    """The ``[auth]`` and ``[helhedskort]`` secrets the environment describes, or None."""
    if not env.get(OIDC_VARS["client_id"]):
        return None
    public = env.get("HELHEDSKORT_PUBLIC_URL", "").rstrip("/")
    auth: dict[str, Any] = {
        "redirect_uri": env.get("HELHEDSKORT_REDIRECT_URI") or f"{public}/oauth2callback",
        "cookie_secret": env.get("HELHEDSKORT_COOKIE_SECRET", ""),
    }
    auth.update({key: env.get(var, "") for key, var in OIDC_VARS.items()})
    missing = [k for k, v in auth.items() if not v or v == "/oauth2callback"]
    if missing:
        raise SystemExit(
            "helhedskort-server: login is half configured; missing: "
            + ", ".join(missing)
            + " (see docs/deploy.md)"
        )
    app: dict[str, Any] = {}
    if env.get(policy.ADMINS_ENV):
        app["admins"] = [a.strip() for a in env[policy.ADMINS_ENV].split(",") if a.strip()]
    if env.get(policy.ADMIN_GROUP_ENV):
        app["admin_group"] = env[policy.ADMIN_GROUP_ENV]
    if env.get(policy.GROUPS_CLAIM_ENV):
        app["groups_claim"] = env[policy.GROUPS_CLAIM_ENV]
    return {"auth": auth, "helhedskort": app}


def write_secrets(secrets: Mapping[str, Any], folder: Path) -> Path:
    """Write ``secrets`` as TOML to a file only this user can read; returns its path."""
    lines = []
    for section, values in secrets.items():
        lines.append(f"[{section}]")
        lines += [f"{k} = {_toml(v)}" for k, v in values.items()]
        lines.append("")
    path = folder / "secrets.toml"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    return path


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}


def migrate(wait: float) -> None:
    """Migrate the database, retrying while it does not accept connections yet."""
    from sqlalchemy.exc import OperationalError

    from mapping.storage import get_engine, upgrade

    deadline = time.monotonic() + wait
    while True:
        try:
            upgrade(get_engine())
            return
        except OperationalError as exc:
            if time.monotonic() >= deadline:
                raise SystemExit(
                    f"helhedskort-server: the database does not answer: {exc.orig}"
                ) from None
            print("helhedskort-server: waiting for the database …", file=sys.stderr, flush=True)
            time.sleep(2)


def main(argv: list[str] | None = None) -> int:
    """Prepare and exec Streamlit (returns only when it refuses to start)."""
    env = os.environ
    read_file_variables(env)
    address = env.get("HELHEDSKORT_ADDRESS", "127.0.0.1")
    port = env.get("HELHEDSKORT_PORT", "8501")
    extra: list[str] = []
    secrets = secrets_from_env(env)
    if secrets is not None:
        folder = Path(tempfile.mkdtemp(prefix="helhedskort-secrets-"))
        extra += ["--secrets.files", str(write_secrets(secrets, folder))]
        # The same secret signs the XSRF cookie in every replica behind one proxy.
        env.setdefault("STREAMLIT_SERVER_COOKIE_SECRET", secrets["auth"]["cookie_secret"])
    else:
        secrets = _read_toml(APP.parent / ".streamlit" / "secrets.toml")
    login = policy.login_configured(secrets)
    problem = policy.exposure_problem(address, login=login, proxy=policy.behind_auth_proxy(env))
    if problem is not None:
        print(f"helhedskort-server: {problem[1]}", file=sys.stderr, flush=True)
        return EXIT_REFUSED
    if login:
        where = "with login"
    elif policy.behind_auth_proxy(env) and not policy.is_loopback(address):
        where = "without login, behind an authenticating proxy"
    else:
        where = "without login: this machine only"
    print(f"helhedskort-server: serving on {address}:{port} ({where})", file=sys.stderr, flush=True)
    migrate(float(env.get("HELHEDSKORT_DB_WAIT", "60")))
    args = [sys.executable, "-m", "streamlit", "run", str(APP)]
    args += ["--server.address", address, "--server.port", port, "--server.headless", "true"]
    args += extra + list(sys.argv[1:] if argv is None else argv)
    os.chdir(APP.parent)  # Streamlit reads .streamlit/config.toml from here
    os.execv(sys.executable, args)
    return 0  # not reached


if __name__ == "__main__":
    raise SystemExit(main())
