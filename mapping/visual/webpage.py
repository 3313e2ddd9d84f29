"""The interactive map's web files and the exported page's security policy.

``web/`` holds the page's code (``diagram.js``, ``edgelayer.js``,
``quicknodes.js``, ``diagram.css``), vis-network 9.1.2 (the copy pyvis ships)
and the app component's ``index.html`` and ``component.js``. The exported page
inlines the first five (our three scripts as one block), and its
Content-Security-Policy allows exactly those inline blocks by their SHA-256
hashes.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

WEB = Path(__file__).parent / "web"
SCRIPTS = ("edgelayer.js", "quicknodes.js", "diagram.js")  # ours, in the order the page runs them
VIS_JS = WEB / "vis-network.min.js"
ENV = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
)


def _inline_text(path: Path, tag: str) -> str:
    """A file's text as the browser will see it inside ``<tag>`` (HTML turns CR/CRLF into LF)."""
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\r", "\n")
    low = text.lower()
    if f"</{tag}" in low or "<!--" in low:  # would end or confuse our inline block
        raise RuntimeError(f"{path} cannot be inlined safely")
    return text


def csp_hash(text: str) -> str:
    """The CSP source that allows an inline block with exactly ``text``.

    >>> csp_hash("")
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    """
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


@cache
def assets() -> tuple[Markup, Markup, Markup, str]:
    """(vis-network, our script, our style sheet, the page's CSP), read once."""
    vis = _inline_text(VIS_JS, "script")
    ours = "\n".join(_inline_text(WEB / name, "script") for name in SCRIPTS)
    css = _inline_text(WEB / "diagram.css", "style")
    return Markup(vis), Markup(ours), Markup(css), page_csp([vis, ours], [css])


def page_csp(scripts: Sequence[str], styles: Sequence[str]) -> str:
    """The exported page's policy: only these inline scripts and styles, nothing else.

    ``frame-ancestors`` is left out: browsers ignore it in a ``<meta>`` policy
    (who may frame a page is set by the server's headers; see the README).
    """
    return "; ".join(
        (
            "default-src 'none'",
            "script-src " + " ".join(csp_hash(s) for s in scripts),
            "style-src " + " ".join(csp_hash(s) for s in styles),
            "connect-src 'none'",
            "img-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
            "require-trusted-types-for 'script'",
            "trusted-types 'none'",
        )
    )
