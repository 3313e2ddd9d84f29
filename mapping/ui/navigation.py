"""The page list: file, url path and the catalogue key of each page's title."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from mapping.ui.i18n import t

PAGES_DIR = Path(__file__).resolve().parent / "pages"

# (file in mapping/ui/pages, url path, title key, icon); the first is the default.
PAGES: tuple[tuple[str, str, str, str], ...] = (
    ("overview.py", "start", "nav.overview", ":material/hub:"),
    ("gaps.py", "huller", "nav.gaps", ":material/report:"),
    ("citizen.py", "borgerens-perspektiv", "nav.citizen", ":material/groups:"),
    ("unit_room.py", "mit-ledelsesrum", "nav.unit_room", ":material/person:"),
    ("plan.py", "handlingsplan", "nav.plan", ":material/checklist:"),
    ("workshop.py", "workshop", "nav.workshop", ":material/co_present:"),
    ("chain.py", "ledelseskaeden", "nav.chain", ":material/account_tree:"),
    ("matrices.py", "matricer", "nav.matrices", ":material/grid_on:"),
    ("edit.py", "registrer", "nav.edit", ":material/edit:"),
    ("transfer.py", "import-eksport", "nav.transfer", ":material/swap_vert:"),
    ("progress.py", "udvikling", "nav.progress", ":material/timeline:"),
    ("settings_page.py", "indstillinger", "nav.settings", ":material/settings:"),
    ("maps.py", "kort", "nav.maps", ":material/folder:"),
)


# Streamlit serves the default page only at "/", so the map page is also
# registered hidden under its own path: /kortet works in links and bookmarks.
MAP_PATH = "kortet"


# Pages that only change the map: not listed for a user who may not edit it.
EDIT_ONLY = {"edit.py"}


def build_pages() -> list[st.Page]:
    """The app's pages with titles in the current language (edit pages by role)."""
    from mapping.ui import state

    editor = state.can("edit")
    pages = [
        st.Page(
            PAGES_DIR / name,
            title=t(key),
            icon=icon,
            url_path=url,
            default=i == 0,
            # Still registered (a stray link must not break), but not offered.
            visibility="visible" if editor or name not in EDIT_ONLY else "hidden",
        )
        for i, (name, url, key, icon) in enumerate(PAGES)
    ]
    name, _, key, icon = PAGES[0]
    pages.append(
        st.Page(PAGES_DIR / name, title=t(key), icon=icon, url_path=MAP_PATH, visibility="hidden")
    )
    return pages
