"""A big map's links are drawn by the page itself (web/edgelayer.js), not by vis-network.

The example municipality stands in for a big map: ``big_map=10`` makes the page
treat its 74 nodes as a big map's.
"""

from __future__ import annotations

import datetime as dt

import pytest

from mapping.gaps import find_findings
from mapping.visual.network import network_data, network_html
from mapping.visual.style import EDGE_COLOURS
from tests.visual.test_visual_browser import Recorder

pytestmark = pytest.mark.browser
TODAY = dt.date(2026, 11, 23)
GREY = [int(EDGE_COLOURS["chain"][i : i + 2], 16) for i in (1, 3, 5)]  # the chain's links

# How many points between 20 % and 80 % of the way from node a to node b (where
# no node covers the line) have the colour, counting the best of each 3 × 3
# pixels; with the view zoomed in on the line first, the frame drawn at once.
ON_LINE = """([a, b, colour, hide]) => {
    const pa = network.getPosition(a), pb = network.getPosition(b);
    network.moveTo({position: {x: (pa.x + pb.x) / 2, y: (pa.y + pb.y) / 2}, scale: 1.5});
    network.renderer.zooming = hide;  // as while the wheel zooms: links hidden
    network.renderer._redraw();
    network.renderer.zooming = false;
    const canvas = document.querySelector('#mynetwork canvas');
    const ctx = canvas.getContext('2d'), ratio = canvas.width / canvas.clientWidth;
    const da = network.canvasToDOM(pa), db = network.canvasToDOM(pb);
    let hits = 0, tried = 0;
    for (let t = 0.2; t <= 0.8; t += 0.02) {
        const x = da.x + t * (db.x - da.x), y = da.y + t * (db.y - da.y);
        if (network.getNodeAt({x, y}) !== undefined) continue;
        tried++;
        const cx = Math.round(x * ratio) - 1, cy = Math.round(y * ratio) - 1;
        const px = ctx.getImageData(cx, cy, 3, 3).data;
        let best = 1e9;
        for (let i = 0; i < px.length; i += 4) {
            best = Math.min(best, Math.abs(px[i] - colour[0]) + Math.abs(px[i + 1] - colour[1])
                                  + Math.abs(px[i + 2] - colour[2]));
        }
        if (best < 30) hits++;
    }
    return [hits, tried];
}"""

REMOUNT = """() => {
    window.__chosen = [];
    helhedskort.destroy();
    const data = JSON.parse(document.getElementById('hk-data').textContent);
    window.helhedskort = Helhedskort.mount(document.getElementById('stage'), data,
        {onSelect: (id) => window.__chosen.push(id)});
}"""


def test_a_big_maps_links_are_drawn_and_choosing_a_node_works_as_on_a_small_map(
    browser, example_map, tmp_path, artifacts_dir
):
    gaps = find_findings(example_map, today=TODAY)
    assert not network_data(example_map, gaps)["own_edges"]  # the example itself is small
    data = network_data(example_map, gaps, big_map=10)
    assert data["own_edges"] and not any("t" in e for e in data["edges"])  # no link tooltips
    dst = tmp_path / "kort.html"
    dst.write_text(network_html(example_map, gaps, title="Fjordby", big_map=10), encoding="utf-8")
    chosen = "unit:sundhedspleje"
    near = {e["to"] if e["from"] == chosen else e["from"] for e in data["edges"]
            if chosen in (e["from"], e["to"])}  # fmt: skip
    chain = [("unit:" + u.parent_id, "unit:" + u.id) for u in example_map.units if u.parent_id]
    mine = ("unit:bu", chosen)  # the chosen unit's link to its parent
    other = next(p for p in chain if not set(p) & (near | {chosen}))  # nowhere near it
    rec = Recorder(browser, dst)
    page = rec.page
    try:
        rec.open()
        assert page.evaluate("network.body.data.edges.length") == 0  # none in vis-network
        # drawn: the chain's grey between a unit and its parent, not while zooming
        for pair in (mine, other):
            hits, tried = page.evaluate(ON_LINE, [*pair, GREY, False])
            assert hits >= max(3, tried // 2), (pair, hits, tried)
            assert page.evaluate(ON_LINE, [*pair, GREY, True])[0] == 0, pair
        page.evaluate("helhedskort.clear(); network.fit()")
        page.screenshot(path=str(artifacts_dir / "visual-big-links.png"))

        # A click on a node reaches the app's hook as on a small map (component.js
        # sends it on to Streamlit), and its neighbours stay in front of the veil.
        page.evaluate(REMOUNT)
        box = page.locator("#mynetwork").bounding_box()
        at = page.evaluate(f"network.canvasToDOM(network.getPosition('{chosen}'))")
        page.mouse.click(box["x"] + at["x"], box["y"] + at["y"])
        assert page.evaluate("window.__chosen") == [chosen]
        assert page.evaluate("network.getSelectedNodes()") == [chosen]
        assert set(page.evaluate("helhedskort.highlighted()")) == near | {chosen}
        assert len(near) >= 2
        assert "Sundhedsplejen" in page.locator("#hk-status").inner_text()
        hits, tried = page.evaluate(ON_LINE, [*mine, GREY, False])
        assert hits >= max(3, tried // 2), (hits, tried)  # its link stays grey
        assert page.evaluate(ON_LINE, [*other, GREY, False])[0] == 0  # another is veiled
        page.screenshot(path=str(artifacts_dir / "visual-big-links-chosen.png"))
        page.focus("#mynetwork .vis-network")
        page.keyboard.press("Escape")
        assert page.evaluate("window.__chosen") == [chosen, None]
        assert page.evaluate("helhedskort.highlighted()") == []
        assert rec.errors == [] and rec.blocked == []
    finally:
        rec.close()


# Each shown node against a node that vis-network builds itself from the same item:
# every option it reads (own or through a prototype), its look, label lines and size.
SAME_AS_OWN = """() => {
    const ctx = document.querySelector('#mynetwork canvas').getContext('2d');
    const read = (o, depth) => {
        if (typeof o === 'function') return 'fn';
        if (o === null || typeof o !== 'object' || depth > 6) return o;
        const keys = [];
        for (const k in o) keys.push(k);
        const out = {};  // in one order, however the keys were set
        for (const k of keys.sort()) out[k] = read(o[k], depth + 1);
        return out;
    };
    const looks = (n) => {
        n.resize(ctx);
        return JSON.stringify({options: read(n.options, 0), values: n.getFormattingValues(),
            size: [n.shape.width, n.shape.height], at: [n.x, n.y],
            label: [n.labelModule.size.width, n.labelModule.size.height],
            lines: n.labelModule.lines.map(l => [l.width, l.height,
                                               l.blocks.map(b => [b.text, b.width, b.font])]),
            fonts: read(n.labelModule.fontOptions, 0)});
    };
    const differ = [];
    let quick = 0;
    for (const id of network.body.nodeIndices) {
        const node = network.body.nodes[id];
        if (Object.prototype.hasOwnProperty.call(node, 'setOptions')) quick++;
        const own = network.body.functions.createNode(network.body.data.nodes.get(id));
        if (looks(node) !== looks(own)) differ.push(id);
    }
    return [quick, differ];
}"""


def test_a_big_maps_nodes_made_from_one_model_per_look_are_vis_networks_own(
    browser, example_map, tmp_path
):
    """web/quicknodes.js: the nodes of a look read their options through one model;
    each ends up as vis-network would build it, and a change of one stays with it."""
    gaps = find_findings(example_map, today=TODAY)
    dst = tmp_path / "kort.html"
    dst.write_text(network_html(example_map, gaps, title="Fjordby", big_map=10), encoding="utf-8")
    rec = Recorder(browser, dst)
    page = rec.page
    try:
        rec.open()
        quick, differ = page.evaluate(SAME_AS_OWN)
        assert quick == page.evaluate("network.body.nodeIndices.length") and differ == []
        # one node's own change (vis-network's update) stays with that node
        unit, other = "unit:skole-fjordby", "unit:skole-havnevej"  # one look
        look = "(id) => network.body.nodes[id].getFormattingValues()"
        assert page.evaluate(look, unit)["color"] == page.evaluate(look, other)["color"]
        before = page.evaluate(look, other)
        page.evaluate(f"""network.body.data.nodes.update({{id: '{unit}',
            color: {{background: '#ff0000', border: '#00ff00'}}, font: {{color: '#0000ff'}}}})""")
        assert page.evaluate(look, unit)["color"] == "#ff0000"
        assert page.evaluate(look, unit)["borderColor"] == "#00ff00"
        assert page.evaluate(f"network.body.nodes['{unit}'].labelModule.fontOptions.color") == (
            "#0000ff"
        )
        assert page.evaluate(look, other) == before
        assert page.evaluate(f"network.body.nodes['{other}'].labelModule.fontOptions.color") == (
            "#111111"
        )
        assert page.evaluate(SAME_AS_OWN)[1] == []  # the changed node too
        assert rec.errors == []
    finally:
        rec.close()

    # Seen whole in a small window the map is too small for labels: its first picture
    # sizes nodes from their characters' widths, then every label is measured exactly.
    rec = Recorder(browser, dst)
    page = rec.page
    try:
        page.set_viewport_size({"width": 300, "height": 240})
        rec.open()
        assert page.evaluate("network.getScale()") * 18 < 4  # labels not drawn
        page.wait_for_function("() => network.helhedskortMeasured === true")
        for _ in range(4):  # far out, gap borders are thin (diagram.js): zoom in first
            page.evaluate("document.getElementById('hk-zoom-in').click()")
        quick, differ = page.evaluate(SAME_AS_OWN)
        assert quick == page.evaluate("network.body.nodeIndices.length") and differ == []
        assert rec.errors == []
    finally:
        rec.close()
