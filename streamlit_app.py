"""Helhedskort: the Streamlit entry point. Configures the page and routes.

Start with ``streamlit run streamlit_app.py``. All page code lives in
``mapping/ui/``; this file only sets the page up and picks the page to run.
"""

import streamlit as st

from mapping.ui.navigation import build_pages
from mapping.ui.sidebar import render_sidebar

st.set_page_config(page_title="Helhedskort", page_icon=":material/hub:", layout="wide")
render_sidebar()
st.navigation(build_pages(), expanded=True).run()  # every page in view, none behind "more"
