"""Heavy libraries imported only where they are used, and no more of them than needed.

igraph imports matplotlib's pyplot for its own plotting, which the app never
uses: on a busy server that is seconds before the first diagram. The layout
gets igraph with matplotlib hidden for that moment; the static images and the
PDF import matplotlib through the same lock, so the two cannot cross.
"""

from __future__ import annotations

import sys
import threading
from types import ModuleType

IMPORT_LOCK = threading.Lock()


def igraph() -> ModuleType:
    """The igraph module, imported without matplotlib when matplotlib is not loaded yet."""
    if "igraph" in sys.modules:
        return sys.modules["igraph"]
    with IMPORT_LOCK:
        hide = "matplotlib" not in sys.modules
        if hide:
            sys.modules["matplotlib"] = None  # type: ignore[assignment]  # None makes its import fail
        try:
            import igraph as ig
        finally:
            if hide and sys.modules.get("matplotlib", 0) is None:
                del sys.modules["matplotlib"]
    return ig


def matplotlib() -> ModuleType:
    """The matplotlib module (never imported while igraph hides it)."""
    with IMPORT_LOCK:
        import matplotlib as mpl
    return mpl
