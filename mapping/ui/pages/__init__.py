"""One thin script per page, run by ``st.navigation`` (never imported)."""
