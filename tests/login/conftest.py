"""Fixtures for login and roles: a real OpenID Connect provider on loopback, signed-in people.

The provider is ``oidc-provider-mock`` (a small OIDC server meant for tests,
built on Authlib), served by werkzeug on 127.0.0.1 in a thread of the test
process. Each person is a predefined user: the provider's sign-in form shows a
button per user, and the ID token carries their name, e-mail and groups.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator

import pytest

from tests.conftest import fresh_database
from tests.login.auth_helpers import PEOPLE


@pytest.fixture(scope="module")
def login_pg_url(pg_admin_url: str | None) -> Iterator[str]:
    """A new, empty PostgreSQL database for the module (dropped afterwards)."""
    yield from fresh_database(pg_admin_url)


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
