"""The diagram's pages allow exactly what they need, and the colours say what they mean.

The exported page's Content-Security-Policy and the app component's are parsed
and compared directive by directive: widening any of them (``connect-src *``,
``'unsafe-inline'``, a new host) fails here. The palette checks keep the
sector fills apart from the gap reds and from each other under simulated
colour blindness.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import itertools
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
from colorspacious import cspace_convert

from mapping.gaps import find_findings
from mapping.visual.network import WEB, network_data, network_html
from mapping.visual.style import (
    GAP_EDGE_COLOUR,
    NO_SECTOR,
    SECTOR_COLOURS,
    SEVERITY_BORDERS,
    SEVERITY_COLOURS,
    sector_colour,
)
from tests.visual.visual_maps import PAYLOADS, payload_map, small_map

TODAY = dt.date(2026, 11, 23)


class Page(HTMLParser):
    """The parts of a page that a policy governs: meta policy, scripts, styles, attributes."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.csp: list[str] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []  # (attributes, text)
        self.styles: list[str] = []
        self.links: list[dict[str, str | None]] = []
        self.attributes: list[tuple[str, str]] = []  # (tag, attribute name)
        self._in: tuple[str, dict[str, str | None]] | None = None
        self._text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.attributes += [(tag, name) for name, _ in attrs]
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp.append(a.get("content") or "")
        if tag == "link":
            self.links.append(a)
        if tag in ("script", "style"):
            self._in, self._text = (tag, a), []

    def handle_data(self, data: str) -> None:
        if self._in:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._in and tag == self._in[0]:
            text = "".join(self._text)
            if tag == "script":
                self.scripts.append((self._in[1], text))
            else:
                self.styles.append(text)
            self._in = None


def directives(policy: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            assert words[0].lower() not in out, f"{words[0]} given twice"
            out[words[0].lower()] = words[1:]
    return out


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def executed(page: Page) -> list[str]:
    """The inline scripts a browser would run (a JSON data block is not run)."""
    return [t for a, t in page.scripts if (a.get("type") or "text/javascript") == "text/javascript"]


@pytest.mark.parametrize("make", [small_map, payload_map])
def test_exported_page_policy_is_exactly_hashes_and_none(make):
    m = make()
    html = network_html(m, find_findings(m, today=TODAY), title=PAYLOADS[1], generated=TODAY)
    page = Page(html)
    assert len(page.csp) == 1
    got = directives(page.csp[0])
    scripts = executed(page)
    assert len(scripts) == 2  # vis-network and ours; the data block is JSON
    assert [a.get("type") for a, _ in page.scripts if a.get("type")] == ["application/json"]
    assert got == {
        "default-src": ["'none'"],
        "script-src": [sha(s) for s in scripts],
        "style-src": [sha(s) for s in page.styles],
        "connect-src": ["'none'"],
        "img-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'none'"],
        "require-trusted-types-for": ["'script'"],
        "trusted-types": ["'none'"],
    }
    # Every source is a hash or 'none': no wildcard, host, scheme or unsafe keyword.
    for name, sources in got.items():
        for s in sources:
            assert s.startswith("'sha256-") or s in ("'none'", "'script'"), (name, s)
    # Nothing the policy would have to allow by 'unsafe-inline' or a source.
    assert not page.links
    assert not [a for a, _ in page.scripts if "src" in a]
    bad = [(tag, name) for tag, name in page.attributes if name == "style" or name.startswith("on")]
    assert bad == []


def test_component_page_runs_only_its_own_files():
    page = Page((WEB / "index.html").read_text(encoding="utf-8"))
    assert len(page.csp) == 1
    assert directives(page.csp[0]) == {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "connect-src": ["'none'"],
        "img-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'none'"],
        "require-trusted-types-for": ["'script'"],
        "trusted-types": ["'none'"],
    }
    srcs = [a.get("src") for a, _ in page.scripts]
    assert srcs == [
        "vis-network.min.js", "edgelayer.js", "quicknodes.js", "diagram.js", "component.js"
    ]  # fmt: skip
    assert all(text.strip() == "" for _, text in page.scripts)  # no inline code at all
    assert all((WEB / s).is_file() for s in srcs if s)
    assert [lk.get("href") for lk in page.links] == ["diagram.css"]
    assert page.styles == []
    bad = [(tag, name) for tag, name in page.attributes if name == "style" or name.startswith("on")]
    assert bad == []


def test_the_vendored_vis_network_is_the_copy_pyvis_ships():
    import pyvis

    shipped = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js"
    assert (WEB / "vis-network.min.js").read_bytes() == shipped.read_bytes()


def test_scripts_never_build_markup_from_strings():
    """The policy refuses it in Chromium (trusted types); the source must not try."""
    for name in ("diagram.js", "edgelayer.js", "quicknodes.js", "component.js"):
        src = (WEB / name).read_text(encoding="utf-8")
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert sink not in src, (name, sink)


# ---- colours --------------------------------------------------------------

CVD = [None] + [
    {"name": "sRGB1+CVD", "cvd_type": kind, "severity": 100}
    for kind in ("deuteranomaly", "protanomaly", "tritanomaly")
]


def rgb(colour: str) -> np.ndarray:
    c = colour.lstrip("#")
    return np.array([int(c[i : i + 2], 16) for i in (0, 2, 4)], dtype=float) / 255


def seen(colour: str, cvd: dict | None) -> np.ndarray:
    x = rgb(colour)
    if cvd is not None:
        x = np.clip(cspace_convert(x, cvd, "sRGB1"), 0, 1)
    return cspace_convert(x, "sRGB1", "CAM02-UCS")


def luminance(colour: str) -> float:
    c = rgb(colour)
    c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return float(0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2])


def test_sector_fills_are_not_gap_reds_and_stay_apart_for_colour_blind_readers():
    fills = list(SECTOR_COLOURS.values())
    reds = [*SEVERITY_COLOURS.values(), GAP_EDGE_COLOUR]
    assert not {f.lower() for f in fills} & {r.lower() for r in reds}
    for fill in [*fills, NO_SECTOR, sector_colour("Et nyt område")]:
        _, chroma, hue = cspace_convert(rgb(fill), "sRGB1", "JCh")
        for red in reds:
            red_hue = cspace_convert(rgb(red), "sRGB1", "JCh")[2]
            apart = min(abs(hue - red_hue) % 360, 360 - abs(hue - red_hue) % 360)
            assert chroma < 12 or apart >= 50, (fill, red, apart)  # grey, or not a red
        # black label text stays readable on every fill (WCAG AA: 4.5 : 1)
        assert (luminance(fill) + 0.05) / (luminance("#111111") + 0.05) >= 4.5, fill
    # Under full deuteranopia, protanopia and tritanopia no two default sectors
    # coincide (CAM02-UCS distance; about 2 is just noticeable side by side).
    closest = min(
        float(np.linalg.norm(seen(a, cvd) - seen(b, cvd)))
        for a, b in itertools.combinations(fills, 2)
        for cvd in CVD
    )
    assert closest >= 6, closest


def test_severity_is_told_without_colour_and_the_legend_is_complete():
    patterns = {(w, tuple(d or ())) for w, d in SEVERITY_BORDERS.values()}
    assert len(patterns) == len(SEVERITY_BORDERS) == 3
    m = small_map()
    data = network_data(m, find_findings(m, today=TODAY), lang="da")
    labels = [item["label"] for s in data["legend"] for item in s["items"]]
    swatches = {item["label"]: item["swatch"] for s in data["legend"] for item in s["items"]}
    for sev in ("Høj", "Middel", "Lav"):
        hit = [x for x in labels if x.startswith(sev)]
        assert len(hit) == 1, (sev, labels)
    kinds = {p.kind.value for p in m.principles}
    assert sum(1 for x in labels if x.startswith("Fælles princip:")) == len(kinds)
    for u in m.units:
        if not u.external and u.sector:
            assert u.sector in labels
            assert swatches[u.sector]["fill"] == sector_colour(u.sector)
    assert sum(1 for x in labels if x.startswith("Relation")) == 5  # four score bands + unmeasured
    looks = data["node_styles"]  # a node names its look by index
    drawn = {
        looks[n["s"]]["color"]["background"] for n in data["nodes"] if n["kind"] == "principle"
    }
    legend = {s["fill"] for s in swatches.values() if s["shape"] == "diamond"}
    assert drawn <= legend  # every principle colour on the map is explained
