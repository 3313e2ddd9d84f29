"""Helhedskort: map where municipal silos fail the citizens they share.

The core (:mod:`mapping.model`, :mod:`mapping.graph`, :mod:`mapping.chain`,
:mod:`mapping.gaps`, :mod:`mapping.settings`) is pure: no files, no database,
no Streamlit. I/O lives in :mod:`mapping.readwrite` and :mod:`mapping.storage`,
the web app in :mod:`mapping.ui`.
"""

__version__ = "0.1.0"
