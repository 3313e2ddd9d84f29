"""The legend of the interactive map: every colour, line and border the view shows."""

from __future__ import annotations

from mapping.catalogue import sector_label
from mapping.graph import principle_node, unit_node
from mapping.model import Map

from .style import (
    EDGE_COLOURS,
    EXTERNAL_BORDER,
    EXTERNAL_FILL,
    GAP_EDGE_COLOUR,
    GROUP_BORDER,
    GROUP_COLOUR,
    PRINCIPLE_BORDER,
    PRINCIPLE_COLOURS,
    RC_SCALE,
    RC_UNKNOWN,
    SECTOR_COLOURS,
    SEVERITY_BORDERS,
    SEVERITY_COLOURS,
    UNIT_BORDER,
    sector_colour,
)


def _swatch(shape: str, fill: str, border: str, width: float = 1, dash: object = None) -> dict:
    return {"shape": shape, "fill": fill, "border": border, "width": width, "dash": dash}


def legend(m: Map, shown: set[str], w: dict[str, str], lang: str = "da") -> list[dict]:
    """The legend's sections: only what a reader can meet in this view, all of it."""
    units = [u for u in m.units if unit_node(u.id) in shown]
    used = {u.sector for u in units if not u.external}
    order = list(SECTOR_COLOURS)
    sectors = sorted(
        used, key=lambda s: (s not in SECTOR_COLOURS, order.index(s) if s in order else 0, s)
    )
    sector_items = [
        {
            "label": sector_label(s, lang) or w["no_sector"],
            "swatch": _swatch("box", sector_colour(s), UNIT_BORDER),
        }
        for s in sectors
    ]
    if any(u.external for u in units):
        sector_items.append(
            {
                "label": w["external"],
                "swatch": _swatch("box", EXTERNAL_FILL, EXTERNAL_BORDER, 2, [5, 4]),
            }
        )
    kinds = [p.kind.value for p in m.principles if principle_node(p.id) in shown]
    node_items = []
    if any(k.startswith("group:") for k in shown):
        node_items.append(
            {"label": w["group"], "swatch": _swatch("ellipse", GROUP_COLOUR, GROUP_BORDER)}
        )
    for kind in PRINCIPLE_COLOURS:
        if kind in kinds:
            label = f"{w['principle']}: {w[kind]}"
            swatch = _swatch("diamond", PRINCIPLE_COLOURS[kind], PRINCIPLE_BORDER)
            node_items.append({"label": label, "swatch": swatch})
    line = lambda colour, width=2, dash=None: _swatch("line", "", colour, width, dash)  # noqa: E731
    links = [
        {"label": w["chain"], "swatch": line(EDGE_COLOURS["chain"])},
        {"label": w["serves"], "swatch": line(EDGE_COLOURS["serves"], 1)},
        {"label": w["adopts"], "swatch": line(EDGE_COLOURS["adopts"], 2, [2, 4])},
        {"label": w["covers"], "swatch": line(EDGE_COLOURS["covers"], 2, [2, 4])},
    ]
    names = ("rc_weak", "rc_mid", "rc_good", "rc_strong")
    links += [{"label": w[n], "swatch": line(c)} for n, (_, c) in zip(names, RC_SCALE, strict=True)]
    links.append({"label": w["rc_unknown"], "swatch": line(RC_UNKNOWN)})
    gaps = [{"label": w["gap_edge"], "swatch": line(GAP_EDGE_COLOUR, 3, [8, 6])}]
    for sev in ("high", "medium", "low"):
        width, dash = SEVERITY_BORDERS[sev]
        swatch = _swatch("box", "#ffffff", SEVERITY_COLOURS[sev], width, dash)
        gaps.append({"label": w[f"sev_{sev}"], "swatch": swatch})
    sections = [
        (w["legend_sectors"], sector_items),
        (w["legend_nodes"], node_items),
        (w["legend_links"], links),
        (w["legend_gaps"], gaps),
    ]
    return [{"title": t, "items": items} for t, items in sections if items]
