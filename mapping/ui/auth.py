"""Login with Streamlit's own OpenID Connect (``st.login``/``st.user``/``st.logout``).

With login configured (``[auth]`` in ``.streamlit/secrets.toml``) every page
needs a signed-in user, and the identity (name, e-mail, groups, administrator
or not) goes with every write to the storage, which checks the role. A
sign-in lasts as long as the provider's ID token (its ``exp``): then the user
signs in again, and a user the provider no longer admits is out. Without
login the app is the single-user local tool and the user is the local operator.
"""

from __future__ import annotations

import time
from typing import Any

import streamlit as st

from mapping.storage import Identity
from mapping.ui import policy
from mapping.ui.i18n import t


def _secrets() -> dict[str, Any]:
    try:
        return st.secrets.to_dict()
    except Exception:  # no secrets file, or one Streamlit cannot read: no login
        return {}


def login_enabled() -> bool:
    """Whether the app signs users in (``[auth]`` is configured)."""
    return policy.login_configured(_secrets())


def check_exposure() -> None:
    """Refuse to serve anything when the app listens beyond this machine without login."""
    try:
        address = st.get_option("server.address")
    except Exception:
        address = None
    problem = policy.exposure_problem(
        address, login=login_enabled(), proxy=policy.behind_auth_proxy()
    )
    if problem is not None:
        st.error(problem[0])
        st.caption(problem[1])
        st.stop()


def _claims() -> dict[str, Any]:
    try:
        return dict(st.user.to_dict())
    except Exception:
        return {}


def _expired(claims: dict[str, Any]) -> bool:
    try:
        exp = float(claims.get("exp") or 0)
    except (TypeError, ValueError):
        return False
    return bool(exp) and time.time() >= exp


def signed_in() -> Identity | None:
    """The signed-in identity, or None (not signed in, or the sign-in has expired)."""
    claims = _claims()
    if not claims.get("is_logged_in") or _expired(claims):
        return None
    email = policy.email_from_claims(claims)
    config = policy.access_config(_secrets())
    groups = policy.groups_from_claims(claims, config.groups_claim)
    name = str(claims.get("name") or claims.get("preferred_username") or email)
    return Identity(name, email, groups, admin=config.is_admin(email, groups))


def require_login() -> None:
    """With login on: stop the page at a sign-in screen unless someone is signed in."""
    if not login_enabled() or signed_in() is not None:
        return
    claims = _claims()
    st.title(t("app.title"))
    if claims.get("is_logged_in"):
        st.warning(t("auth.expired"))
    else:
        st.info(t("auth.please_login"))
    st.button(t("auth.login"), type="primary", key="auth_login", on_click=st.login)
    st.stop()


def identity(typed_name: str) -> Identity:
    """Who acts: the signed-in identity, or the local operator with the typed name."""
    if login_enabled():
        who = signed_in()
        if who is None:  # the page would have stopped at the sign-in screen
            raise RuntimeError("no signed-in user")
        return who
    return Identity.local_operator(typed_name)


def logout_button() -> None:
    """The sidebar's "signed in as" line and the log-out button."""
    who = signed_in()
    if who is None:
        return
    label = t("auth.admin_suffix") if who.admin else ""
    st.caption(t("auth.signed_in_as", who=who.name or who.email, email=who.email) + label)
    st.button(t("auth.logout"), key="auth_logout", on_click=st.logout)
