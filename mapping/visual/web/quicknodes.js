/* A big map's nodes set up in vis-network from one model per look.
 *
 * vis-network builds each node from scratch: it copies its whole tree of
 * default options for the node (an object per option group), reads the node's
 * look through its generic option rules, and makes a label and a shape object.
 * At 5,000 nodes that was about a third of the map's start, and the result is
 * the same for every node of one look (key s, see network_items.py) but for
 * the node's own plain values (id, label, tooltip, position ...). Here the
 * look's model is built by vis-network (and never shown); every node of that
 * look reads its options through the model's (a prototype) and has
 * its own values, its own label and shape objects and its own sizes. A node
 * that vis-network later updates first gets option objects of its own, as
 * vis-network would have given it, so a change of one node stays with it.
 * Anything unusual (an item with an option object of its own, an empty label,
 * a model that is not what this file expects) takes vis-network's own path.
 * Their labels are measured with less work too, and in a first picture too
 * small to show labels, roughly at first (see measureAfterFirstFrame).
 * diagram.js uses it only for big maps.
 */
(function () {
  "use strict";

  var own = Object.prototype.hasOwnProperty;
  // Item keys that make a look: they come from the look (node_styles), the same for all its nodes.
  var LOOK = ["shape", "color", "borderWidth", "shapeProperties", "size"];
  // The fields of a freshly built node, label and shape this file knows how to copy.
  var KNOWN = {
    node: "options globalOptions defaultOptions body edges id imagelist grouplist x y baseSize " +
      "baseFontSize predefinedPosition selected hover labelModule _localColor chooser shape",
    label: "body pointToSelf baseSize fontOptions elementOptions size isEdgeLabel labelDirty",
    shape: "body labelModule options top left height width radius margin refreshNeeded boundingBox"
  };

  function knows(kind, obj) {
    var ok = {};
    KNOWN[kind].split(" ").forEach(function (k) { ok[k] = true; });
    return Object.keys(obj).every(function (k) { return ok[k]; });
  }

  // vis-util's bridgeObject: a copy that reads through to ``obj`` and writes to itself.
  function bridge(obj) {
    if (obj === null || typeof obj !== "object" || obj instanceof Element) { return obj; }
    var to = Object.create(obj);
    Object.keys(obj).forEach(function (k) {
      if (typeof obj[k] === "object") { to[k] = bridge(obj[k]); }
    });
    return to;
  }

  // Before vis-network changes a copied node's options, the option objects it
  // shares with its model become its own (bridged as vis-network's own nodes' are).
  function rebase(changes) {
    delete this.setOptions;
    var opts = Object.create(this.options);
    for (var k in this.options) {
      var v = this.options[k];
      if (v !== null && typeof v === "object" && !own.call(this.options, k)) { opts[k] = bridge(v); }
    }
    this.options = opts;
    return this.setOptions(changes);
  }

  /* A plain label's lines measured as vis-network's LabelSplitter does (one block
   * per line, the font set for each), with the font set once per label and each
   * line's width remembered for the font: the first frame measures every label.
   * Labels with markup, a width limit, empty lines or line breaks other than
   * "\n" take vis-network's own way. */
  var widths = {};
  var advances = {};  // font -> character -> width
  var rough = false;  // while true, lines not yet measured are sized from their characters

  // A line's width in the font set on ``ctx``. Roughly, it is the sum of its
  // characters' widths (kerning left out: a fraction of a pixel on a line), not kept.
  function lineWidth(ctx, font, text) {
    var key = font + "\u0000" + text;
    var w = widths[key];
    if (w !== undefined) { return w; }
    if (!rough) { return (widths[key] = ctx.measureText(text).width); }
    var sizes = advances[font] || (advances[font] = {});
    w = 0;
    for (var i = 0; i < text.length; i++) {
      var a = sizes[text[i]];
      if (a === undefined) { a = sizes[text[i]] = ctx.measureText(text[i]).width; }
      w += a;
    }
    return w;
  }

  function measureLines(ctx, selected, hover, text) {
    var font = this.fontOptions;
    var rows = typeof text === "string" && !font.multi && !(font.maxWdt > 0) &&
      text.indexOf("\r") < 0 ? text.split("\n") : [];
    if (!rows.length || rows.indexOf("") >= 0) {
      return Object.getPrototypeOf(this)._processLabelText.call(this, ctx, selected, hover, text);
    }
    var values = this.getFormattingValues(ctx, selected, hover, "normal");
    var lines = [];
    var width = 0;
    var height = 0;
    for (var i = 0; i < rows.length; i++) {
      var w = lineWidth(ctx, values.font, rows[i]);
      var block = Object.assign({}, values);
      block.text = rows[i];
      block.width = w;
      block.mod = "normal";
      lines.push({width: w, height: block.height, blocks: [block]});
      width = Math.max(width, w);
      height += block.height;
    }
    this.rough = rough;
    return {width: width, height: height, lines: lines};
  }

  /* The first picture of a big map shows it whole, far too small to draw labels:
   * there a node's size from its characters' widths is the same to the pixel.
   * Right after it, every node's label is measured exactly in small steps
   * (the map answers in between), and the map is drawn again. A first picture
   * close enough to show labels is measured exactly from the start. */
  function measureAfterFirstFrame(network) {
    network.once("beforeDrawing", function () {
      var o = network.nodesHandler.options;  // vis-network hides labels below this size
      rough = o.font.size * network.getScale() < o.scaling.label.drawThreshold - 1;
    });
    network.once("afterDrawing", function () {
      rough = false;
      var ids = network.body.nodeIndices.slice();
      var ctx = network.canvas.getContext();
      var at = 0;
      var changed = false;
      var gone = false;  // the app mounts a new map per view
      network.once("destroy", function () { gone = true; });
      (function step() {
        if (gone) { return; }
        var nodes = network.body.nodes;
        for (var end = Math.min(at + 400, ids.length); at < end; at++) {
          var node = nodes[ids[at]];
          if (!node || !node.labelModule.rough) { continue; }
          node.labelModule.rough = false;
          node.labelModule.labelDirty = true;
          node.shape.refreshNeeded = true;
          node.resize(ctx);
          node.updateBoundingBox(ctx);
          changed = true;
        }
        if (at < ids.length) { setTimeout(step, 0); return; }
        if (changed) { network.redraw(); }
        network.helhedskortMeasured = true;  // (for the tests)
      }());
    });
  }

  function copy(model, item) {
    var node = Object.create(Object.getPrototypeOf(model));
    Object.keys(model).forEach(function (k) { node[k] = model[k]; });
    var options = Object.create(model.options);
    Object.keys(item).forEach(function (k) { if (LOOK.indexOf(k) < 0) { options[k] = item[k]; } });
    node.options = options;
    node.edges = [];
    node.id = item.id;
    node.x = parseInt(item.x);  // as vis-network does
    node.y = parseInt(item.y);

    var label = node.labelModule = Object.create(Object.getPrototypeOf(model.labelModule));
    Object.keys(model.labelModule).forEach(function (k) { label[k] = model.labelModule[k]; });
    label.elementOptions = options;
    label.fontOptions = Object.create(Object.getPrototypeOf(model.labelModule.fontOptions));
    label.size = {top: 0, left: 0, width: 0, height: 0, yLine: 0};
    label.labelDirty = true;
    label._processLabelText = measureLines;

    var shape = node.shape = Object.create(Object.getPrototypeOf(model.shape));
    Object.keys(model.shape).forEach(function (k) { shape[k] = model.shape[k]; });
    shape.labelModule = label;
    shape.options = options;
    if (model.shape.margin) { shape.margin = Object.assign({}, model.shape.margin); }
    shape.boundingBox = {top: 0, left: 0, right: 0, bottom: 0};
    shape.refreshNeeded = true;
    node.setOptions = rebase;
    return node;
  }

  /* While ``run`` adds the data, nodes that carry a look (key s) are copied from
   * their look's model. */
  function withQuickNodes(network, run) {
    var handler = network.nodesHandler;
    var create = handler.create;
    var models = {};
    var sound = null;  // whether vis-network's nodes are as this file expects
    handler.create = function (item) {
      var look = item ? item.s : undefined;
      var plain = look !== undefined && typeof item.label === "string" && item.label !== "" &&
        item.x !== undefined && item.y !== undefined && arguments.length === 1 &&
        Object.keys(item).every(function (k) {
          var v = item[k];
          return LOOK.indexOf(k) >= 0 || v === null || typeof v !== "object";
        });
      if (!plain || sound === false) { return create.apply(this, arguments); }
      var model = models[look];
      if (!model) {
        // Built from the look alone (and the values every copy has of its own), and
        // never shown: a later change of a shown node cannot reach the others.
        var bare = {id: "\u0000look" + look, label: item.label, x: item.x, y: item.y};
        LOOK.forEach(function (k) { if (own.call(item, k)) { bare[k] = item[k]; } });
        model = models[look] = create.call(this, bare);
        sound = knows("node", model) && knows("label", model.labelModule) &&
          knows("shape", model.shape) && model.labelModule.labelDirty === true;
        if (!sound) { return create.apply(this, arguments); }
      }
      return copy(model, item);
    };
    try {
      run();
    } finally {
      delete handler.create;
    }
    measureAfterFirstFrame(network);
  }

  window.HelhedskortNodes = {withQuickNodes: withQuickNodes};
}());
