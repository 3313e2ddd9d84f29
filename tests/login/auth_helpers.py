"""People, secrets and a signed-in browser for the login tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mapping.storage import Identity
from tests.browser_helpers import settled
from tests.conftest import BROWSER_WAIT as WAIT

COOKIE_SECRET = "test-cookie-secret-that-is-long-enough-0123456789"


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    groups: tuple[str, ...] = ()

    @property
    def identity(self) -> Identity:
        """The identity the app builds from this person's login (not an administrator)."""
        return Identity(self.name, self.email, self.groups)


ADA = Person("Ada Admin", "ada@kommune.dk")
OLGA = Person("Olga Ejer", "olga@kommune.dk")
ERIK = Person("Erik Redaktør", "erik@kommune.dk")
GERT = Person("Gert Gruppe", "gert@kommune.dk", ("hk-redaktoerer",))
RITA = Person("Rita Læser", "rita@kommune.dk")
PEOPLE = (ADA, OLGA, ERIK, GERT, RITA)


def write_secrets(folder: Path, provider: str, admins: tuple[str, ...] = (ADA.email,)) -> Path:
    """Streamlit secrets with login through ``provider`` (the port is Streamlit's own)."""
    listed = ", ".join(f'"{a}"' for a in admins)
    path = folder / "secrets.toml"
    path.write_text(
        "[auth]\n"
        'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{COOKIE_SECRET}"\n'
        'client_id = "helhedskort-test"\n'
        'client_secret = "test-client-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
        "\n[helhedskort]\n"
        f"admins = [{listed}]\n",
        encoding="utf-8",
    )
    return path


class Browser:
    """One person's browser (own cookies): signs in through the provider, finds things."""

    def __init__(self, browser: Any, base: str) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.page = self.context.new_page()
        self.page.set_default_timeout(WAIT)
        self.base = base

    def settle(self) -> None:
        settled(self.page, rounds=2)

    def sign_in(self, person: Person) -> None:
        """Open the app, press "Log ind", choose the person at the provider, come back."""
        p = self.page
        p.goto(self.base)
        p.get_by_role("button", name="Log ind", exact=True).click()
        p.get_by_role("button", name=person.email, exact=True).click()  # the provider's form
        p.get_by_text(f"Logget ind som {person.name} ({person.email})").wait_for()
        self.settle()

    def goto(self, path: str, heading: str) -> None:
        self.page.goto(f"{self.base}/{path}")
        self.page.get_by_role("heading", name=heading, exact=True).first.wait_for()
        self.settle()

    def button(self, name: str) -> None:
        self.page.get_by_role("button", name=name, exact=True).first.click()
        self.settle()

    def close(self) -> None:
        self.context.close()
