"""Helhedskort: the Streamlit entry point. Configures the page and routes.

Start with ``streamlit run streamlit_app.py``. All page code lives in
``mapping/ui/``; this file only sets the page up and picks the page to run.
"""

from pathlib import Path

import streamlit as st

from mapping.ui.auth import check_exposure, require_login
from mapping.ui.navigation import build_pages
from mapping.ui.sidebar import render_sidebar

# A file, served by the app itself: an emoji or ":material/…" icon makes the
# browser fetch the tab icon from an internet font service.
ICON = Path(__file__).resolve().parent / "mapping" / "ui" / "static" / "helhedskort.png"
st.set_page_config(page_title="Helhedskort", page_icon=ICON, layout="wide")
check_exposure()  # without login: this machine only, or nothing is served
require_login()  # with login: nothing but the sign-in screen until signed in
render_sidebar()
st.navigation(build_pages(), expanded=True).run()  # every page in view, none behind "more"
