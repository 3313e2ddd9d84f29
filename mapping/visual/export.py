"""Write one view of a map to a file, choosing the format by the file name.

``.html`` interactive page, ``.png``/``.svg``/``.pdf`` static diagram,
``.graphml``/``.gexf`` graph files, ``.nodelink.json`` networkx node-link JSON,
``.xlsx`` the report workbook, ``.csv`` the gap list (Danish Excel dialect),
``.json`` the interchange JSON (unfiltered: it is the map itself).
The app's downloads call :func:`export_bytes` too, with the same view, and are
named by :func:`export_filename`.

>>> suffix_of("kort.nodelink.json"), suffix_of("Kort.PNG")
('.nodelink.json', '.png')
>>> export_filename("Ærø Kommune", dt.date(2026, 11, 30), ".png")
'Ærø-Kommune-2026-11-30.png'
"""

from __future__ import annotations

import datetime as dt
import os
import re
import threading
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from mapping.model import Map

from .filters import GapLike, ViewFilter, apply_filter

VISUAL_EXTENSIONS: tuple[str, ...] = (
    ".html",
    ".png",
    ".svg",
    ".pdf",
    ".graphml",
    ".gexf",
    ".nodelink.json",
)
REPORT_EXTENSIONS: tuple[str, ...] = (".xlsx", ".csv")
MEDIA_TYPES: dict[str, str] = {
    ".html": "text/html",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".pdf": "application/pdf",
    ".graphml": "application/graphml+xml",
    ".gexf": "application/xml",
    ".nodelink.json": "application/json",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".csv": "text/csv",
    ".json": "application/json",
}


def suffix_of(name: str | os.PathLike[str]) -> str:
    """The export type of a file name, lower case (``.nodelink.json`` counts as one)."""
    low = str(name).lower()
    return ".nodelink.json" if low.endswith(".nodelink.json") else Path(low).suffix


# Characters no file name may hold on Windows, macOS or Linux, and whitespace
# (a name without spaces needs no quoting in a shell or a link).
_UNSAFE = re.compile(r'[/\\:*?"<>|\s]+')
STEM_LIMIT = 80
_IMAGES: dict[str, Literal["png", "svg", "pdf"]] = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
"""Characters kept of the map's name: the whole name stays well under 255 bytes."""


def safe_stem(name: str, fallback: str = "kort") -> str:
    """``name`` usable in a file name on every system: no ``/ \\ : * ? " < > |``,
    no control or invisible characters, no leading or trailing dots, dashes or
    spaces, Danish letters and case kept; ``fallback`` when nothing is left.

    >>> safe_stem(' Skole/SFO: "Nord" '), safe_stem("..."), safe_stem("Ældre og pleje")
    ('Skole-SFO-Nord', 'kort', 'Ældre-og-pleje')
    """
    text = unicodedata.normalize("NFC", name)
    # Control and format characters (e.g. a right-to-left override that would
    # show "gpj.exe" as "exe.jpg") are dropped, not replaced.
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch.isspace())
    text = _UNSAFE.sub("-", text)
    text = re.sub(r"-{2,}", "-", text)[:STEM_LIMIT]
    return text.strip("-. _") or fallback


def export_filename(map_name: str, day: dt.date, suffix: str, part: str = "") -> str:
    """``<kort>-<dato><suffix>``, or ``<kort>-<part>-<dato><suffix>`` when a word
    must tell two downloads of one type apart (the map and its report are both
    ``.xlsx``).

    >>> export_filename("Fjordby Kommune", dt.date(2026, 11, 30), ".xlsx", "rapport")
    'Fjordby-Kommune-rapport-2026-11-30.xlsx'
    >>> export_filename("", dt.date(2026, 11, 30), ".nodelink.json")
    'kort-2026-11-30.nodelink.json'
    """
    word = safe_stem(part, "")
    return f"{safe_stem(map_name)}{'-' + word if word else ''}-{day.isoformat()}{suffix.lower()}"


def _subset(m: Map, gaps: Sequence[GapLike], view: ViewFilter | None) -> tuple[Map, list]:
    """The map cut down to the view's nodes (for graph files and the report)."""
    if view is None or view.is_empty:
        return m, list(gaps)
    nodes, kept = apply_filter(m, gaps, view)
    units = {k[5:] for k in nodes if k.startswith("unit:")}
    groups = {k[6:] for k in nodes if k.startswith("group:")}
    principles = {k[10:] for k in nodes if k.startswith("principle:")}
    sub = m.replace(
        units=tuple(u for u in m.units if u.id in units),
        citizen_groups=tuple(g for g in m.citizen_groups if g.id in groups),
        services=tuple(s for s in m.services if s.unit_id in units and s.group_id in groups),
        principles=tuple(p for p in m.principles if p.id in principles),
        adoptions=tuple(
            a for a in m.adoptions if a.unit_id in units and a.principle_id in principles
        ),
        relations=tuple(r for r in m.relations if r.unit_a in units and r.unit_b in units),
    )
    return sub, kept


def export_bytes(
    m: Map,
    gaps: Sequence[GapLike],
    suffix: str,
    *,
    view: ViewFilter | None = None,
    layout: Literal["network", "chain"] = "network",
    title: str = "",
    lang: Literal["da", "en"] = "da",
    generated: dt.date | None = None,
) -> bytes:
    """The export of the view in the format of ``suffix`` (e.g. ``".svg"``)."""
    suffix = suffix.lower()
    if suffix == ".html":
        from .network import network_html

        page = network_html(m, gaps, view=view, layout=layout, title=title, lang=lang,
                            generated=generated)  # fmt: skip
        return page.encode("utf-8")
    if suffix in _IMAGES:
        from .static import static_image

        return static_image(m, gaps, fmt=_IMAGES[suffix], view=view, layout=layout, title=title,
                            lang=lang)  # fmt: skip
    if suffix == ".json":
        from mapping.readwrite import map_to_bytes

        return map_to_bytes(m, "json")
    sub, kept = _subset(m, gaps, view)
    if suffix in (".graphml", ".gexf", ".nodelink.json"):
        from . import graphio

        fn = {".graphml": graphio.to_graphml, ".gexf": graphio.to_gexf,
              ".nodelink.json": graphio.to_node_link_json}[suffix]  # fmt: skip
        return fn(sub, kept)
    if suffix == ".xlsx":
        from .report import report_workbook_bytes

        return report_workbook_bytes(sub, kept, lang)
    if suffix == ".csv":
        from .report import gaps_csv

        return gaps_csv(kept, excel_danish=True, lang=lang)
    known = ", ".join((*VISUAL_EXTENSIONS, *REPORT_EXTENSIONS, ".json"))
    raise ValueError(f"unknown export type {suffix or '(none)'!r}; use one of {known}")


def export_view(
    m: Map,
    gaps: Sequence[GapLike],
    dst: str | os.PathLike[str],
    view: ViewFilter | None = None,
    layout: Literal["network", "chain"] = "network",
    title: str = "",
    lang: Literal["da", "en"] = "da",
) -> Path:
    """Write the view to ``dst`` in the format its name asks for; returns the path.

    The file is written to a temporary name and renamed, so a failed export
    never leaves half a file behind.
    """
    dst = Path(dst)
    data = export_bytes(m, gaps, suffix_of(dst), view=view, layout=layout, title=title, lang=lang)
    tmp = dst.with_name(f".{dst.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, dst)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return dst
