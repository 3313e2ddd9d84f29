"""Fixtures for login and roles: a real OpenID Connect provider on loopback, signed-in people.

The provider is ``oidc-provider-mock`` (a small OIDC server meant for tests,
built on Authlib), served by werkzeug on 127.0.0.1 in a thread of the test
process. Each person is a predefined user: the provider's sign-in form shows a
button per user, and the ID token carries their name, e-mail and groups.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from auth_helpers import PEOPLE  # noqa: E402

STORAGE_CONFTEST = HERE.parent / "storage" / "conftest.py"


def _storage_fixtures() -> Any:
    """The PostgreSQL fixtures of tests/storage (a throwaway cluster per session)."""
    spec = importlib.util.spec_from_file_location("_helhedskort_storage_conftest", STORAGE_CONFTEST)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


_pg = _storage_fixtures()
pg_admin_url = _pg.pg_admin_url


@pytest.fixture(scope="module")
def login_pg_url(pg_admin_url: str | None) -> Iterator[str]:
    """A new, empty PostgreSQL database for the module (dropped afterwards)."""
    yield from _pg.fresh_database(pg_admin_url)


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[str]:
    """The provider's base URL (its metadata: ``/.well-known/openid-configuration``)."""
    import werkzeug.serving
    from oidc_provider_mock import User, app

    # Plain http is fine on the loopback interface, and only in tests.
    os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"
    users = [
        User(sub=p.email, claims={"email": p.email, "name": p.name, "groups": list(p.groups)})
        for p in PEOPLE
    ]
    server = werkzeug.serving.make_server("127.0.0.1", 0, app(user_claims=users), threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.daemon = True
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)
