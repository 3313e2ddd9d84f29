/* Helhedskort's interactive map, drawn by vis-network from plain data.
 *
 * Used twice: inlined in the exported page (which carries its data in a
 * <script type="application/json" id="hk-data"> block) and loaded by the app's
 * Streamlit component (component.js hands over the data). User text only
 * reaches the page through textContent, vis-network's tooltips (innerText) and
 * the canvas: this file never builds markup from strings, and the page's
 * policy (require-trusted-types-for 'script') makes the browser refuse it.
 */
(function () {
  "use strict";

  var READABLE_PX = 11; // smallest on-screen label size we call readable
  var ZOOM_STEP = 1.3;

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (attrs[k] !== null && attrs[k] !== undefined) { e.setAttribute(k, String(attrs[k])); }
    });
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function fmt(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (_, k) {
      return values[k] === undefined ? "" : String(values[k]);
    });
  }

  function norm(s) {
    return String(s || "").normalize("NFC").toLocaleLowerCase().replace(/\s+/g, " ").trim();
  }

  function swatch(s) {
    var e;
    if (s.shape === "line") {
      e = el("span", {"class": "ln", "aria-hidden": "true"});
      e.style.borderTopColor = s.border;
      e.style.borderTopWidth = s.width + "px";
      e.style.borderTopStyle = s.dash ? (s.dash[0] <= 3 ? "dotted" : "dashed") : "solid";
      return e;
    }
    e = el("span", {"class": "sw " + s.shape, "aria-hidden": "true"});
    e.style.background = s.fill;
    e.style.borderColor = s.border;
    e.style.borderWidth = Math.min(s.width, 4) + "px";
    e.style.borderStyle = s.dash ? (s.dash[0] <= 3 ? "dotted" : "dashed") : "solid";
    return e;
  }

  function buildLegend(data) {
    var d = el("details", {id: "legend"});
    if (data.legend_open) { d.open = true; }
    d.appendChild(el("summary", null, data.words.legend));
    data.legend.forEach(function (section) {
      d.appendChild(el("p", {"class": "lg-h"}, section.title));
      var ul = el("ul");
      section.items.forEach(function (item) {
        var li = el("li");
        li.appendChild(swatch(item.swatch));
        li.appendChild(el("span", null, item.label));
        ul.appendChild(li);
      });
      d.appendChild(ul);
    });
    return d;
  }

  /* Put back what the data sends once for many (network_items.py): a node's or
   * edge's look (key s: index into node_styles / edge_styles; edges without it
   * have the look set as vis-network's default for edges), tooltip texts (t,
   * tg: index into texts), a label that is just the name, and the edges' ids. */
  function unpack(data, ownEdges) {
    var texts = data.texts || [];
    var nodeStyles = data.node_styles || [];
    var edgeStyles = data.edge_styles || [];
    data.nodes.forEach(function (n) {
      if (n.label === undefined) { n.label = n.name; }
      if (n.tg !== undefined) { n.title += texts[n.tg]; n.tg = undefined; }
      if (n.s !== undefined) { Object.assign(n, nodeStyles[n.s]); }
    });
    if (ownEdges) { return; }  // edgelayer.js reads the packed edges itself
    data.edges.forEach(function (e, i) {
      e.id = "e" + i;
      if (e.t !== undefined) { e.title = texts[e.t]; }
      if (e.s !== undefined) { Object.assign(e, edgeStyles[e.s]); }
    });
  }

  /* network.setData without two costs that buy nothing here (a third of the start
   * at 5,000 nodes):
   * - vis-network fits the view at the end of setData, measuring every label on
   *   the canvas for the bounding box; startView() below fits from the box Python
   *   sent instead, and the first frame measures the labels it draws anyway. So
   *   the "fit" listeners are set aside while the data goes in.
   * - every node and edge works out its font options from the same pile of
   *   option objects (its own, the network's, vis-network's defaults) into about
   *   ten new objects. Where an item sets no font of its own the result is the
   *   same for all items of its kind, so it is worked out once per kind and
   *   shared (read through a prototype, so a later update of one item writes to
   *   its own object). The label text itself stays each item's own.
   * Both are put back before returning: later updates take vis-network's own path.
   * With ``quickNodes`` (big maps) nodes are also made as quicknodes.js says. */
  // The item options that Label.update reads besides the text.
  var OWN_LABEL_OPTIONS = ["font", "group", "chosen", "widthConstraint", "heightConstraint"];
  function setDataQuickly(network, items, quickNodes) {
    var fits = network.listeners("fit").slice();
    network.off("fit");
    var label = Object.getPrototypeOf(network.body.functions.createNode({id: "probe"}).labelModule);
    var update = label.update;
    var shared = {};
    label.update = function (options, pile) {
      var own = pile[0] || {};
      if (OWN_LABEL_OPTIONS.some(function (k) { return own[k] !== undefined; })) {
        return update.call(this, options, pile);
      }
      var kind = this.isEdgeLabel ? "edge" : "node";
      var done = shared[kind];
      if (!done) {
        update.call(this, options, pile);
        done = shared[kind] = {font: this.fontOptions, baseSize: this.baseSize};
      } else {
        // What Label.setOptions does besides the fonts.
        this.elementOptions = options;
        if (typeof options.label === "string" && options.label !== "") { this.labelDirty = true; }
        else { options.label = undefined; }
        this.baseSize = done.baseSize;
      }
      this.fontOptions = Object.create(done.font);  // owned by no item
    };
    try {
      if (quickNodes) {
        window.HelhedskortNodes.withQuickNodes(network, function () { network.setData(items); });
      } else {
        network.setData(items);
      }
    } finally {
      label.update = update;
      fits.forEach(function (f) { network.on("fit", f); });
    }
  }

  /* Draw ``data`` into ``stage``; returns a controller. hooks.onSelect(id|null)
   * is called when the reader chooses a node (click, search, Esc). */
  function mount(stage, data, hooks) {
    hooks = hooks || {};
    var w = data.words;
    while (stage.firstChild) { stage.removeChild(stage.firstChild); }
    if (data.lang) { document.documentElement.lang = data.lang; }
    // A named landmark: inside the app the page has its own <main> as well.
    stage.setAttribute("aria-label", w.map_label);

    var container = el("div", {id: "mynetwork"});
    var help = el("p", {id: "hk-help", "class": "sr-only"}, w.map_help);
    var toolbar = el("div", {"class": "hk-toolbar", role: "toolbar", "aria-label": w.search});
    var search = el("input", {
      id: "hk-search", type: "search", list: "hk-names", autocomplete: "off",
      placeholder: w.search_placeholder, "aria-label": w.search
    });
    var names = el("datalist", {id: "hk-names"});
    var seen = null;
    // The suggestions are filled in when the search box is first used: thousands
    // of <option>s would slow the map's start for a list nobody has opened yet.
    function suggest() {
      if (seen) { return; }
      seen = {};
      var order = new Intl.Collator(data.lang).compare;
      data.nodes.map(function (n) { return n.name; }).sort(order).forEach(function (name) {
        if (!seen[name]) { seen[name] = true; names.appendChild(el("option", {value: name})); }
      });
    }
    search.addEventListener("focus", suggest);
    search.addEventListener("input", suggest);
    var find = el("button", {type: "button", id: "hk-find"}, w.search_go);
    var zin = el("button", {type: "button", id: "hk-zoom-in", "aria-label": w.zoom_in, title: w.zoom_in}, "+");
    var zout = el("button", {type: "button", id: "hk-zoom-out", "aria-label": w.zoom_out, title: w.zoom_out}, "\u2212");
    var fit = el("button", {type: "button", id: "hk-fit"}, w.fit);
    [search, names, find, zin, zout, fit].forEach(function (x) { toolbar.appendChild(x); });
    var status = el("p", {id: "hk-status", "class": "hk-status", role: "status", "aria-live": "polite"});
    var hint = el("div", {id: "hk-hint", "class": "hk-hint", hidden: "hidden"}, w.wheel_hint);
    var legend = buildLegend(data);
    [container, help, toolbar, status, hint, legend].forEach(function (x) { stage.appendChild(x); });
    if (!data.nodes.length) {
      stage.appendChild(el("div", {id: "empty"}, w.empty));
      [search, find, zin, zout, fit].forEach(function (x) { x.disabled = true; });
    }

    // A chosen node keeps its fill and gets a blue frame; hovering changes nothing
    // (set here once rather than per node: less data, faster start).
    data.options.nodes.chosen = {
      label: false,
      node: function (values, id, selected) {
        if (selected) { values.borderColor = "#1565c0"; values.borderWidth = Math.max(values.borderWidth, 3) + 2; }
      }
    };
    // A big map's links are drawn by edgelayer.js, not set up one by one in
    // vis-network, and its nodes are made from one model per look (quicknodes.js).
    var ownEdges = Boolean(data.own_edges);
    unpack(data, ownEdges);
    var nodes = new vis.DataSet(data.nodes);
    var edges = new vis.DataSet(ownEdges ? [] : data.edges);
    var network = new vis.Network(container, {}, data.options);
    setDataQuickly(network, {nodes: nodes, edges: edges}, ownEdges);
    // (Its listeners come before the dimming's below: that veil goes over its arrows.)
    var layer = ownEdges ? window.HelhedskortEdges.layer(network, data) : null;
    window.network = network;
    var frame = container.querySelector(".vis-network") || container;
    frame.setAttribute("role", "application");
    frame.setAttribute("aria-label", w.map_label);
    frame.setAttribute("aria-describedby", "hk-help");
    if (!frame.hasAttribute("tabindex")) { frame.setAttribute("tabindex", "0"); }

    // ---- the mouse wheel scrolls the page until the map is in use --------
    var active = false;
    var hintTimer = null;
    function activate(on) {
      active = on;
      stage.classList.toggle("hk-active", on);
      if (on) { hint.hidden = true; }
    }
    frame.addEventListener("focus", function () { activate(true); });
    frame.addEventListener("blur", function () { activate(false); });
    frame.addEventListener("pointerdown", function () {
      if (document.activeElement !== frame) { frame.focus({preventScroll: true}); }
      activate(true);
    });
    var onWindow = [];  // removed again by destroy(): the component mounts anew per view
    function listen(type, fn) { window.addEventListener(type, fn); onWindow.push([type, fn]); }
    listen("blur", function () { activate(false); });
    // Capture phase: vis-network's own wheel handler never sees the event while
    // the map is idle, and nothing calls preventDefault, so the page scrolls.
    container.addEventListener("wheel", function (ev) {
      if (active) { return; }
      ev.stopPropagation();
      if (ev.ctrlKey) { // ctrl + wheel zooms the map, as in most map widgets
        ev.preventDefault();
        zoomBy(ev.deltaY < 0 ? ZOOM_STEP : 1 / ZOOM_STEP);
        return;
      }
      hint.hidden = false;
      clearTimeout(hintTimer);
      hintTimer = setTimeout(function () { hint.hidden = true; }, 1800);
    }, {capture: true, passive: false});

    // ---- zoom and fit ----------------------------------------------------
    function zoomBy(factor) {
      network.moveTo({scale: Math.min(10, Math.max(0.02, network.getScale() * factor))});
      borders();
    }
    // Fit the drawing into the part of the window that the toolbar and an open
    // legend leave free; returns the scale.
    function contentBox() {
      var box = {left: Infinity, right: -Infinity, top: Infinity, bottom: -Infinity};
      nodes.getIds().forEach(function (id) {
        var b = network.getBoundingBox(id);
        box.left = Math.min(box.left, b.left); box.right = Math.max(box.right, b.right);
        box.top = Math.min(box.top, b.top); box.bottom = Math.max(box.bottom, b.bottom);
      });
      return box;
    }
    function fitFree(box) {
      if (!data.nodes.length) { return network.getScale(); }
      box = box || contentBox();
      var legendBox = legend.getBoundingClientRect();
      var stageBox = stage.getBoundingClientRect();
      var left = legend.open ? legendBox.right - stageBox.left + 8 : 0;
      var top = toolbar.getBoundingClientRect().bottom - stageBox.top + 4;
      var width = Math.max(container.clientWidth - left, 100);
      var height = Math.max(container.clientHeight - top, 100);
      var scale = Math.min(1, 0.97 * Math.min(width / Math.max(box.right - box.left, 1),
                                             height / Math.max(box.bottom - box.top, 1)));
      var cx = (box.left + box.right) / 2 - left / (2 * scale);
      var cy = (box.top + box.bottom) / 2 - top / (2 * scale);
      network.moveTo({position: {x: cx, y: cy}, scale: scale});
      borders();
      return scale;
    }
    zin.addEventListener("click", function () { zoomBy(ZOOM_STEP); });
    zout.addEventListener("click", function () { zoomBy(1 / ZOOM_STEP); });
    fit.addEventListener("click", function () { fitFree(); });

    // ---- far out, gap borders get thin -----------------------------------
    // vis-network draws borders in screen pixels at any zoom: with a whole big
    // map on screen, severity borders 4-5 px wide would hide the small nodes'
    // sector colours. Below a readable zoom they shrink to a hairline.
    var gapWidth = {};
    data.nodes.forEach(function (n) { if (n.gaps) { gapWidth[n.id] = n.borderWidth; } });
    var thin = false;
    var drawn = false;  // until the first frame is drawn, a redraw is pending anyway
    function borders() {
      var far = network.getScale() * data.font_px < 7;
      if (far === thin) { return; }
      thin = far;
      Object.keys(gapWidth).forEach(function (id) {
        var node = network.body.nodes[id];
        if (node) { node.options.borderWidth = far ? 1.5 : gapWidth[id]; }
      });
      // Drawing at once before the first frame would paint the whole map twice.
      if (drawn) { network.redraw(); }
    }
    network.on("zoom", borders);

    // ---- choosing a node: neighbours stay, the rest is dimmed ------------
    // Dimming is painted over the drawing after each frame (a veil, then the
    // chosen node, its links and neighbours drawn again on top), so choosing a
    // node costs one repaint however big the map is; changing thousands of
    // nodes' options would take seconds.
    var DIM = 0.8;  // how opaque the veil is
    var chosen = null;
    var keepNodes = null;
    var keepEdges = null;

    network.on("afterDrawing", function (ctx) {
      if (!keepNodes) { return; }
      var a = network.DOMtoCanvas({x: 0, y: 0});
      var b = network.DOMtoCanvas({x: container.clientWidth, y: container.clientHeight});
      ctx.save();
      ctx.fillStyle = "rgba(255, 255, 255, " + DIM + ")";
      ctx.fillRect(a.x, a.y, b.x - a.x, b.y - a.y);
      ctx.restore();
      var body = network.body;
      if (layer) {
        layer.drawChosen(ctx, keepEdges);
      } else {
        var edgesShown = keepEdges.map(function (e) { return body.edges[e]; }).filter(Boolean);
        edgesShown.forEach(function (edge) { edge.draw(ctx); });
        edgesShown.forEach(function (edge) { edge.drawArrows(ctx); });
      }
      var labels = [];
      keepNodes.forEach(function (n) {
        var node = body.nodes[n];
        if (!node) { return; }
        var drawn = node.draw(ctx);
        if (drawn && drawn.drawExternalLabel) { labels.push(drawn.drawExternalLabel); }
      });
      labels.forEach(function (draw) { draw(); });
    });

    function undim() {
      if (!keepNodes) { return; }
      keepNodes = keepEdges = null;
      network.redraw();
    }

    function highlight(id) {
      var links = layer ? layer.neighbours(id)
        : {nodes: network.getConnectedNodes(id), edges: network.getConnectedEdges(id)};
      keepNodes = links.nodes.filter(function (n) { return n !== id; }).concat([id]);  // chosen on top
      keepEdges = links.edges;
      stage.setAttribute("data-dimmed", String(keepNodes.length));
      network.redraw();
      return keepNodes.length - 1;
    }

    function select(id, opts) {
      opts = opts || {};
      if (!id || !nodes.get(id)) { clear(opts); return false; }
      chosen = id;
      network.selectNodes([id]);
      var n = highlight(id);
      if (opts.focus) {
        var readable = READABLE_PX / data.font_px;
        network.focus(id, {scale: Math.max(network.getScale(), readable * 1.15), animation: false});
        borders();
      }
      if (!opts.quiet) { status.textContent = fmt(w.selected, {name: nodes.get(id).name, n: n}); }
      if (opts.notify && hooks.onSelect) { hooks.onSelect(id); }
      return true;
    }

    function clear(opts) {
      opts = opts || {};
      var had = chosen !== null;
      chosen = null;
      network.unselectAll();
      stage.removeAttribute("data-dimmed");
      undim();
      if (!opts.quiet) { status.textContent = ""; }
      if (had && opts.notify && hooks.onSelect) { hooks.onSelect(null); }
    }

    // When the frame narrows (the app's panel opens) vis-network shrinks the
    // picture with it: keep the chosen node in sight and its labels readable.
    listen("resize", function () {
      if (!chosen) { return; }
      var readable = READABLE_PX / data.font_px;
      var at = network.canvasToDOM(network.getPosition(chosen));
      var outside = at.x < 40 || at.y < 60 || at.x > container.clientWidth - 40 ||
        at.y > container.clientHeight - 40;
      if (outside || network.getScale() < readable) {
        network.focus(chosen, {scale: Math.max(network.getScale(), readable * 1.15), animation: false});
        borders();
      }
    });

    network.on("click", function (p) {
      if (p.nodes.length) { select(p.nodes[0], {notify: true}); } else { clear({notify: true}); }
    });
    frame.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") { clear({notify: true}); }
      if (ev.key === "+" || ev.key === "=") { zoomBy(ZOOM_STEP); }
      if (ev.key === "-" || ev.key === "\u2212") { zoomBy(1 / ZOOM_STEP); }
    });

    // ---- search by name --------------------------------------------------
    var lastQuery = null;
    var hits = [];
    var hitIndex = 0;
    function matches(q) {
      var exact = [], prefix = [], part = [];
      nodes.get().forEach(function (n) {
        var name = norm(n.name);
        if (name === q) { exact.push(n); } else if (name.indexOf(q) === 0) { prefix.push(n); }
        else if (name.indexOf(q) >= 0) { part.push(n); }
      });
      var byName = function (a, b) { return a.name.localeCompare(b.name, data.lang); };
      return exact.concat(prefix.sort(byName), part.sort(byName)).map(function (n) { return n.id; });
    }
    function runSearch() {
      var q = norm(search.value);
      if (!q) { return; }
      if (q === lastQuery && hits.length) {
        hitIndex = (hitIndex + 1) % hits.length;
      } else {
        lastQuery = q;
        hits = matches(q);
        hitIndex = 0;
      }
      if (!hits.length) {
        status.textContent = fmt(w.search_none, {q: search.value.trim()});
        return;
      }
      var id = hits[hitIndex];
      select(id, {focus: true, notify: true, quiet: true});
      var name = nodes.get(id).name;
      status.textContent = hits.length > 1
        ? fmt(w.search_hit, {name: name, i: hitIndex + 1, n: hits.length})
        : fmt(w.search_one, {name: name});
    }
    search.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter") { ev.preventDefault(); runSearch(); }
    });
    search.addEventListener("change", function () {
      // picking a suggestion from the list; typing then Enter is handled above
      if (seen && seen[search.value] && norm(search.value) !== lastQuery) { runSearch(); }
    });
    find.addEventListener("click", runSearch);

    // ---- the first picture ------------------------------------------------
    // Python sent the drawing's box: fit it now, before the first paint.
    function startView() {
      var box = data.bbox && {left: data.bbox[0], top: data.bbox[1], right: data.bbox[2], bottom: data.bbox[3]};
      var scale = fitFree(box);
      if (legend.open && scale * data.font_px < READABLE_PX) {
        // An open legend would leave too little room: fold it (one click opens it).
        legend.open = false;
        scale = fitFree(box);
      }
      var readable = data.readable_start;
      if (readable && scale < readable) {
        // A wide chain fitted to the window gives unreadable labels: start at
        // a readable scale at the top of the tree (zoom out to see all of it).
        var ys = data.nodes.map(function (n) { return n.y; });
        var top = ys.length ? Math.min.apply(null, ys) : 0;
        var h = container.clientHeight;
        var x = network.getViewPosition().x;
        network.moveTo({scale: readable, position: {x: x, y: top + (h / 2 - 80) / readable}});
      }
    }
    if (data.bbox) { startView(); borders(); }
    network.once("afterDrawing", function () {
      drawn = true;
      if (!data.bbox) { startView(); borders(); }  // measured from the drawn nodes instead
      window.helhedskortDrawnAt = performance.now();
      document.body.setAttribute("data-drawn", "1");
    });

    return {
      network: network,
      select: function (id) { return select(id, {focus: true}); },
      clear: function () { clear({}); },
      chosen: function () { return chosen; },
      highlighted: function () { return keepNodes ? keepNodes.slice() : []; },
      destroy: function () {
        onWindow.forEach(function (l) { window.removeEventListener(l[0], l[1]); });
        network.destroy();
      }
    };
  }

  window.Helhedskort = {mount: mount};

  var dataBlock = document.getElementById("hk-data");
  if (dataBlock) {
    window.helhedskort = mount(document.getElementById("stage"), JSON.parse(dataBlock.textContent));
  }
}());
