"""The Streamlit user interface: the only code in the project that imports Streamlit."""
