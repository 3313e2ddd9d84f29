"""View filters, layouts and the HTML page's structure (no browser)."""

from __future__ import annotations

import datetime as dt
import re

from bench.synthetic import sized_map
from mapping.gaps import find_findings
from mapping.visual import ViewFilter, apply_filter, network_html
from mapping.visual.layout import X_STEP, chain_layout, network_layout, spread
from mapping.visual.network import network_data
from mapping.visual.network_items import edge_default
from mapping.visual.style import SEVERITY_BORDERS
from tests.visual.visual_maps import PAYLOADS, payload_map, small_map

TODAY = dt.date(2026, 11, 23)


def test_empty_filter_shows_everything_and_keeps_all_gaps():
    m = small_map()
    gaps = find_findings(m, today=TODAY)
    nodes, kept = apply_filter(m, gaps, ViewFilter())
    assert len(nodes) == len(m.units) + len(m.citizen_groups) + len(m.principles)
    assert kept == gaps


def test_sector_filter_keeps_units_of_the_sector_and_their_groups():
    m = small_map()
    nodes, _ = apply_filter(m, [], ViewFilter.of(sectors=["Beskæftigelse"]))
    assert nodes == {"unit:job", "group:ledige"}


def test_group_filter_keeps_group_serving_units_and_covering_principles():
    m = small_map()
    nodes, _ = apply_filter(m, [], ViewFilter.of(groups=["aeldre"]))
    assert nodes == {"group:aeldre", "unit:hjem", "unit:hosp", "principle:udsk"}


def test_rule_and_severity_filters_narrow_to_the_gaps_records():
    m = small_map()
    gaps = find_findings(m, today=TODAY)
    nodes, kept = apply_filter(m, gaps, ViewFilter.of(rules=["HK601"]))
    assert [g.code for g in kept] == ["HK601"]
    assert nodes == {"unit:hjem"}
    _, kept = apply_filter(m, gaps, ViewFilter.of(severities=["low"]))
    assert kept and all(g.severity == "low" for g in kept)


def test_focus_takes_the_neighbourhood_to_the_given_depth():
    m = small_map()
    one, _ = apply_filter(m, [], ViewFilter(focus="unit:job", depth=1))
    assert one == {"unit:job", "unit:dir", "unit:hjem", "group:ledige"}
    two, _ = apply_filter(m, [], ViewFilter(focus="unit:job", depth=2))
    assert one < two and "unit:sund" in two
    gone, _ = apply_filter(m, [], ViewFilter(focus="unit:nope"))
    assert gone == set()


def test_network_layout_is_stable_between_reruns_and_spread_out():
    m = sized_map(300)
    nodes, _ = apply_filter(m, [])
    a = network_layout(m, nodes)
    assert a == network_layout(m, set(nodes))
    assert set(a) == nodes
    assert len(set(a.values())) == len(a)  # no two nodes on the same spot


def test_chain_layout_is_a_top_down_tree_without_overlap():
    m = sized_map(400)
    nodes, _ = apply_filter(m, [])
    pos = chain_layout(m, nodes)
    assert set(pos) == nodes
    for u in m.units:
        if u.parent_id and not u.external:
            assert pos[f"unit:{u.parent_id}"][1] < pos[f"unit:{u.id}"][1]
    spots = [pos[f"unit:{u.id}"] for u in m.units]
    for i, (x1, y1) in enumerate(spots):
        for x2, y2 in spots[i + 1 :]:
            assert abs(x1 - x2) >= X_STEP * 0.1 or abs(y1 - y2) >= 40


def test_spread_removes_overlaps():
    pos = {str(i): (float(i % 3), float(i // 3)) for i in range(12)}
    out = spread(pos, dict.fromkeys(pos, (50.0, 20.0)), iterations=200, pad=0)
    keys = sorted(out)
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            dx, dy = abs(out[a][0] - out[b][0]), abs(out[a][1] - out[b][1])
            assert dx >= 50 - 1e-6 or dy >= 20 - 1e-6


def test_page_is_offline_escaped_and_pure():
    m = payload_map()
    gaps = find_findings(m, today=TODAY)
    page = network_html(m, gaps, title=PAYLOADS[0], generated=TODAY)
    assert page == network_html(m, gaps, title=PAYLOADS[0], generated=TODAY)
    assert "Content-Security-Policy" in page and "default-src &#39;none&#39;" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page)
    assert "<link" not in page and "<script src" not in page
    assert "bootstrap" not in page.lower() and "tom-select" not in page.lower()
    for p in PAYLOADS:
        if "<" in p or '"' in p:
            assert p not in page  # markup payloads never reach the page unescaped
    assert "&lt;img src=x onerror=window.__pwned=1&gt;" in page  # the heading, escaped
    assert page.count("</script>") == 3  # data (JSON, not run), vis-network, ours


def test_the_page_sends_each_look_and_text_once():
    m = sized_map(300)
    data = network_data(m, find_findings(m, today=TODAY))
    texts, looks, edge_looks = data["texts"], data["node_styles"], data["edge_styles"]
    assert len(texts) == len(set(texts)) and len(texts) < len(data["edges"])
    tips = [e["t"] for e in data["edges"] if "t" in e]
    pair_tips = [t for t in tips if texts[t].startswith("HK401")]
    assert len(pair_tips) > len(set(pair_tips))  # one finding's missing links share its text
    assert all(0 <= n["s"] < len(looks) for n in data["nodes"])
    assert len(looks) < len(data["nodes"]) // 5  # sector × kind × severity, not one per node
    assert all(0 <= e["s"] < len(edge_looks) for e in data["edges"] if "s" in e)
    default = data["options"]["edges"]
    assert {"color", "width"} <= default.keys()  # the most common look is the default...
    # ...but not its dash pattern: vis-network would turn that list into an object
    assert not any(isinstance(v, list) for v in default.values())
    dashed = [e for e in data["edges"] if "dashes" in edge_looks[e.get("s", 0)]]
    assert dashed and all("s" in e for e in dashed)
    # When the most common look is dashed, its pattern stays with its edges.
    gap, serves = {"color": "#a", "width": 4, "dashes": [10, 7]}, {"color": "#b", "width": 1}
    edges, looks_ = [{"s": 0}, {"s": 0}, {"s": 1}], [gap, serves]
    assert edge_default(edges, looks_) == {"color": "#a", "width": 4}
    assert looks_ == [{"dashes": [10, 7]}, {"color": "#b", "width": 1}]
    assert [e["s"] for e in edges] == [0, 0, 1]
    # Otherwise its edges carry no look, and the others switch off what they lack.
    chain = {"color": "#c", "width": 2.5, "arrows": "to"}
    edges, looks_ = [{"s": 0}, {"s": 0}, {"s": 1}], [chain, {"color": "#b", "width": 1}]
    assert edge_default(edges, looks_) == chain
    assert edges == [{}, {}, {"s": 1}] and looks_[1]["arrows"] == ""


def test_gap_edges_and_marks_are_drawn():
    m = small_map()
    gaps = find_findings(m, today=TODAY)
    page = network_html(m, gaps, generated=TODAY)
    assert '"dashes": [10, 7]' in page  # a missing link between two units
    assert "Huller: 1" in page or "Huller: 2" in page  # the tooltip counts a node's gaps
    widths = {w for w, _ in SEVERITY_BORDERS.values()}
    assert any(f'"borderWidth": {w}' in page for w in widths)
    assert network_html(m, gaps, lang="en", generated=TODAY).count("Legend") >= 1
