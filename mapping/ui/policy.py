"""Who the app serves: login configuration, administrators and the network it listens on.

No Streamlit here: the entry script, the server's entrypoint (:mod:`.serve`)
and the tests share these rules.

* Login is configured when Streamlit's ``[auth]`` secrets name a redirect URI,
  a cookie secret and an OpenID Connect client (the default provider).
* Without login the app is a single-user tool on this machine: it must listen
  on a loopback address only, unless the operator states that an
  authenticating proxy stands in front (``HELHEDSKORT_BEHIND_AUTH_PROXY=1``).
* The instance administrators are listed by e-mail and/or one group claim.

>>> is_loopback("127.0.0.1"), is_loopback("::1"), is_loopback("localhost")
(True, True, True)
>>> is_loopback("0.0.0.0"), is_loopback(""), is_loopback("10.0.0.5")
(False, False, False)
>>> exposure_problem("0.0.0.0", login=False, proxy=False) is not None
True
>>> exposure_problem("0.0.0.0", login=True, proxy=False) is None
True
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

PROXY_ENV = "HELHEDSKORT_BEHIND_AUTH_PROXY"
ADMINS_ENV = "HELHEDSKORT_ADMINS"
ADMIN_GROUP_ENV = "HELHEDSKORT_ADMIN_GROUP"
GROUPS_CLAIM_ENV = "HELHEDSKORT_GROUPS_CLAIM"
_TRUE = ("1", "true", "yes", "ja")


def is_loopback(address: str | None) -> bool:
    """True for an address that only this machine can reach (unset means every interface)."""
    value = (address or "").strip().strip("[]")
    if not value:
        return False
    if value.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(value).is_loopback
    except ValueError:
        return False


def behind_auth_proxy(env: Mapping[str, str] | None = None) -> bool:
    """The operator's explicit statement that an authenticating proxy guards the app."""
    env = os.environ if env is None else env
    return env.get(PROXY_ENV, "").strip().lower() in _TRUE


def login_configured(secrets: Mapping[str, Any] | None) -> bool:
    """Whether ``[auth]`` holds what ``st.login()`` needs for the default provider."""
    auth = (secrets or {}).get("auth")
    if not isinstance(auth, Mapping):
        return False
    shared = all(str(auth.get(k) or "").strip() for k in ("redirect_uri", "cookie_secret"))
    client = all(
        str(auth.get(k) or "").strip()
        for k in ("client_id", "client_secret", "server_metadata_url")
    )
    return shared and client


def exposure_problem(address: str | None, *, login: bool, proxy: bool) -> tuple[str, str] | None:
    """(Danish, English) reason to refuse serving, or None when serving is safe."""
    if login or proxy or is_loopback(address):
        return None
    shown = address or "alle netværksinterfaces"
    shown_en = address or "every network interface"
    return (
        f"Helhedskort er sat til at lytte på {shown}, men der er ikke sat login op. "
        "Uden login er Helhedskort et værktøj til én bruger på denne computer og svarer kun "
        "på 127.0.0.1. Sæt login op (se docs/deploy.md), start med --server.address "
        f"127.0.0.1, eller sæt {PROXY_ENV}=1, hvis en proxy med login står foran.",
        f"Helhedskort is set to listen on {shown_en}, but no login is configured. Without "
        "login Helhedskort is a single-user tool on this computer and answers on 127.0.0.1 "
        "only. Configure login (see docs/deploy.md), start with --server.address 127.0.0.1, "
        f"or set {PROXY_ENV}=1 when an authenticating proxy stands in front.",
    )


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.replace(";", ",").split(",") if v.strip()]
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    return [str(value)]


@dataclass(frozen=True)
class AccessConfig:
    """The instance administrators and where the provider puts a user's groups."""

    admins: frozenset[str] = frozenset()
    admin_group: str = ""
    groups_claim: str = "groups"

    def is_admin(self, email: str, groups: tuple[str, ...]) -> bool:
        if email and email.lower() in self.admins:
            return True
        return bool(self.admin_group) and self.admin_group in groups


def access_config(
    secrets: Mapping[str, Any] | None, env: Mapping[str, str] | None = None
) -> AccessConfig:
    """From ``[helhedskort]`` in the secrets, overridden by environment variables.

    >>> c = access_config({"helhedskort": {"admins": ["It@Kommune.dk"]}}, {})
    >>> c.is_admin("it@kommune.dk", ()), c.groups_claim
    (True, 'groups')
    >>> access_config({}, {"HELHEDSKORT_ADMIN_GROUP": "hk-admin"}).is_admin("x@y.dk", ("hk-admin",))
    True
    """
    env = os.environ if env is None else env
    section = (secrets or {}).get("helhedskort")
    section = section if isinstance(section, Mapping) else {}
    admins = _as_list(env.get(ADMINS_ENV)) or _as_list(section.get("admins"))
    group = (env.get(ADMIN_GROUP_ENV) or str(section.get("admin_group") or "")).strip()
    claim = (env.get(GROUPS_CLAIM_ENV) or str(section.get("groups_claim") or "groups")).strip()
    return AccessConfig(frozenset(a.lower() for a in admins), group, claim or "groups")


def groups_from_claims(claims: Mapping[str, Any], claim: str) -> tuple[str, ...]:
    """The user's groups from the ID token's claim (a list, or one text)."""
    return tuple(_as_list(claims.get(claim)))


def email_from_claims(claims: Mapping[str, Any]) -> str:
    """``email``, or Entra ID's ``preferred_username`` when that is an address."""
    for key in ("email", "preferred_username", "upn"):
        value = str(claims.get(key) or "").strip()
        if "@" in value:
            return value.lower()
    return ""
