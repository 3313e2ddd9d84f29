"""Session and cache plumbing for the app: engine, current map, derived data.

Everything derived from a map (gaps, chain, diagram HTML) is cached per
``(database url, map id, map version)`` so a rerun that changes nothing
recomputes nothing. Maps are immutable, so the caches hand out shared objects
(``st.cache_resource``) rather than pickled copies.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st

from mapping import storage
from mapping.model import Map
from mapping.settings import Settings

EXAMPLE_JSON = Path(__file__).resolve().parents[2] / "data" / "example.json"
AUTHOR_KEY = "author_name"
MAP_KEY = "current_map_id"
SEEN_KEY = "seen_versions"
PENDING_MAP_KEY = "pending_map_id"
PENDING_LANG_KEY = "pending_lang"
MAP_PARAM = "kort"  # the selected map in the URL, so reloads and links keep it


def select_map(map_id: int | None) -> None:
    """Switch to ``map_id`` (None: the first map) from the next run on.

    The sidebar's selector owns ``MAP_KEY`` once drawn, so the switch waits
    in its own key and is applied before the selector is drawn again.
    """
    st.session_state[PENDING_MAP_KEY] = map_id


def select_language(code: str) -> None:
    """Switch the session's language from the next run on.

    The sidebar's language radio owns the language key once drawn, so the
    new value waits here and is applied before the radio is drawn again.
    """
    st.session_state[PENDING_LANG_KEY] = code


def database_url() -> str:
    """The database URL in use (argument-free: environment, secrets, then SQLite)."""
    return storage.resolve_url()


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> Any:
    engine = storage.get_engine(url)
    storage.upgrade(engine)
    if not storage.list_maps(engine) and EXAMPLE_JSON.exists():
        from mapping.readwrite import read_map

        example = read_map(EXAMPLE_JSON)
        # Another process may load it at the same moment; one copy is enough.
        with contextlib.suppress(storage.MapNameTakenError):
            storage.create_map(engine, example.name or "Eksempelkommune", example, author="system")
    from mapping.ui import auth

    if auth.login_enabled():
        # From here on every write must carry a signed-in identity (see storage.access).
        storage.require_identities(engine)
    return engine


def engine() -> Any:
    """The process-wide engine, migrated, with the example map on first start."""
    return _engine_for(database_url())


def author() -> str:
    """Who signs a change: the signed-in ``Navn <e-mail>``, or the name typed in the sidebar."""
    from mapping.ui import auth

    if auth.login_enabled():
        who = auth.signed_in()
        return who.author if who is not None else ""
    return str(st.session_state.get(AUTHOR_KEY, "") or "").strip()


def actor() -> storage.Identity:
    """The acting identity every write passes to the storage (which checks its role)."""
    from mapping.ui import auth
    from mapping.ui.i18n import t

    typed = str(st.session_state.get(AUTHOR_KEY, "") or "").strip()
    return auth.identity(typed or t("common.anonymous"))


def role(map_id: int | None = None) -> str | None:
    """The user's role on the map (default: the current one); None without one."""
    map_id = current_map_id() if map_id is None else map_id
    if map_id is None:
        return None
    return storage.my_role(engine(), actor(), map_id)


def can(action: str, map_id: int | None = None) -> bool:
    """Whether to offer ``action`` (see ``storage.access.ACTIONS``); the storage checks again."""
    from mapping.storage.access import can as allowed

    who = actor()
    if who.local or who.admin:
        return True
    return allowed(role(map_id), action, who)


def map_infos() -> list[Any]:
    """The maps this user may see (not cached: cheap, and other sessions may add maps)."""
    return list(storage.visible_maps(engine(), actor(), counts=True))


def current_map_id(infos: list[Any] | None = None) -> int | None:
    """The selected map id, falling back to the first stored map."""
    infos = map_infos() if infos is None else infos
    ids = [info.id for info in infos]
    if PENDING_MAP_KEY in st.session_state:
        st.session_state[MAP_KEY] = st.session_state.pop(PENDING_MAP_KEY)
    elif MAP_KEY not in st.session_state:
        from_url = _map_in_url(ids)
        if from_url is not None:
            st.session_state[MAP_KEY] = from_url
    chosen = st.session_state.get(MAP_KEY)
    if chosen is not None and chosen in ids:
        return int(chosen)
    if ids:
        st.session_state[MAP_KEY] = ids[0]
        return int(ids[0])
    return None


def _map_in_url(ids: list[int]) -> int | None:
    """The map id of the URL's ``?kort=`` when it names a stored map, else None."""
    try:
        wanted = int(st.query_params.get(MAP_PARAM, ""))
    except ValueError:
        return None
    return wanted if wanted in ids else None


def keep_map_in_url(map_id: int | None) -> None:
    """Write the selected map into the URL (only when it differs, to spare reruns)."""
    if map_id is None:
        if MAP_PARAM in st.query_params:
            del st.query_params[MAP_PARAM]
    elif st.query_params.get(MAP_PARAM) != str(map_id):
        st.query_params[MAP_PARAM] = str(map_id)


@dataclass(frozen=True)
class Current:
    """What a page needs about the selected map, taken once per rerun."""

    map_id: int
    stored: Any  # storage.StoredMap
    settings: Settings

    @property
    def map(self) -> Map:
        return self.stored.map

    @property
    def version(self) -> int:
        return int(self.stored.map_version)

    @property
    def cache_key(self) -> tuple[str, int, int]:
        return (str(database_url()), self.map_id, self.version)


@st.cache_resource(show_spinner=False, max_entries=8)
def _stored(url: str, map_id: int, map_version: int, _engine: Any) -> Any:
    return storage.load_map(_engine, map_id)


def current() -> Current | None:
    """The selected map with its settings, or None when no map exists."""
    infos = map_infos()
    map_id = current_map_id(infos)
    if map_id is None:
        return None
    eng = engine()
    version = next((int(i.version) for i in infos if i.id == map_id), None)
    stored = _stored(database_url(), map_id, version if version is not None else -1, eng)
    if version is None or int(stored.map_version) != version:
        # The version moved between the two reads: load fresh, don't cache stale.
        stored = storage.load_map(eng, map_id)
    settings = storage.load_settings(eng, map_id)
    return Current(map_id=map_id, stored=stored, settings=settings)


def require_current() -> Current:
    """The current map, or stop the page with a message when there is none."""
    from mapping.ui.i18n import t

    cur = current()
    if cur is None:
        st.info(t("common.no_map"))
        st.stop()
    return cur


@st.cache_resource(show_spinner=False, max_entries=16)
def _gaps(
    key: tuple[str, int, int], settings: tuple, today: dt.date, _m: Map, _s: Settings
) -> list:
    from mapping.gaps import find_findings

    return find_findings(_m, _s, today)


def gaps(cur: Current) -> list[Any]:
    """Findings of the current map, computed once per map version, settings and day."""
    s = cur.settings
    skey = tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in s.to_dict().items())
    return _gaps(cur.cache_key, skey, dt.date.today(), cur.map, s)


@st.cache_resource(show_spinner=False, max_entries=8)
def _chain(key: tuple[str, int, int], _m: Map) -> Any:
    from mapping.chain import ManagementChain

    return ManagementChain(_m)


def chain(cur: Current) -> Any:
    """The management chain of the current map (cached per version)."""
    return _chain(cur.cache_key, cur.map)


def versions(cur: Current) -> dict[tuple[str, Any], int]:
    return dict(cur.stored.versions)


def seen_version(table: str, key: Any, current_version: int | None) -> int | None:
    """The version of a record as the user first saw it in this session.

    Kept until the user saves, reloads or picks another record, so a save
    submitted later is checked against what the user actually looked at.
    """
    seen: dict[tuple[str, Any, str], int | None] = st.session_state.setdefault(SEEN_KEY, {})
    ident = (table, key, form_nonce(table))
    if ident not in seen:
        seen[ident] = current_version
    return seen[ident]


def bump_form(table: str) -> None:
    """Give a record form fresh widget keys and a fresh seen version.

    Called after a save, a reload or when the user picks another record.
    """
    st.session_state[f"nonce:{table}"] = int(st.session_state.get(f"nonce:{table}", 0)) + 1


def form_nonce(table: str) -> str:
    """Part of every record form's widget keys: changes with the map and on bump.

    Different maps may use the same record ids, so the map id is part of it:
    a form (and the version it remembers) never carries over to another map.
    """
    return f"{st.session_state.get(MAP_KEY)}.{int(st.session_state.get(f'nonce:{table}', 0))}"
