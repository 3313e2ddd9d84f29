/* The links of a big map, drawn by Helhedskort itself instead of vis-network.
 *
 * vis-network sets up an object per link, copying its default options for
 * each: at 5,000 nodes (about 14,000 links) that and drawing every link as a
 * stroke of its own took about a third of the map's start. Here the links stay
 * plain data: the links of each look (colour, width, dashes, arrow) are drawn
 * between the nodes' current positions as a few long paths, a stroke for many
 * links; arrow heads are the same shape as vis-network's, filled the same way. Both are
 * drawn where vis-network draws its own links and arrows in a frame (its
 * renderer's _drawEdges and _drawArrows, which it skips while the view is
 * dragged or zoomed on a big map): lines under the nodes, arrows over them and
 * under the labels drawn outside the nodes.
 * Links have no tooltips and no hover here; choosing a node uses the
 * neighbours() of this layer. diagram.js uses it only for big maps.
 */
(function () {
  "use strict";

  var SELECTION_WIDTH = 2;  // vis-network's edges.selectionWidth on the page
  // Links per stroke or fill: one path of thousands is slow to rasterise (and
  // a dashed one much slower), one per link is many calls; 64 was fastest.
  var BATCH = 64;

  function pick(own, fallback) { return own === undefined ? fallback : own; }

  /* ``data`` as network_data sends it (edges refer to edge_styles by ``s``; edges
   * without it have the look set as the default in data.options.edges). */
  function layer(network, data) {
    var def = data.options.edges || {};
    var styles = data.edge_styles || [];
    var edges = data.edges;
    var groups = [];
    var byStyle = {};
    edges.forEach(function (e, i) {
      var k = e.s === undefined ? -1 : e.s;
      var g = byStyle[k];
      if (!g) {
        var s = k < 0 ? {} : styles[k];
        g = byStyle[k] = {
          color: pick(s.color, def.color),
          width: pick(s.width, def.width),
          dashes: pick(s.dashes, def.dashes) || false,
          arrow: pick(s.arrows, def.arrows) === "to",
          edges: []
        };
        groups.push(g);  // in the order of the data: later looks (the gaps) on top
      }
      g.edges.push(i);
    });
    var from = null;
    var to = null;
    var adjacent = null;

    // The nodes' objects in vis-network: their x and y follow a dragged node.
    function ends() {
      if (from) { return; }
      var nodes = network.body.nodes;
      from = edges.map(function (e) { return nodes[e.from]; });
      to = edges.map(function (e) { return nodes[e.to]; });
    }

    function width(g, selected) {
      return selected ? Math.max(g.width + SELECTION_WIDTH, 0.3 / network.getScale()) : g.width;
    }

    function lines(ctx, g, list, selected) {
      ctx.strokeStyle = g.color;
      ctx.lineWidth = width(g, selected);
      // Each sub-path starts its dash pattern anew, as each of vis-network's strokes did.
      if (g.dashes) { ctx.lineCap = "round"; }
      ctx.setLineDash(g.dashes || []);
      ctx.beginPath();
      for (var j = 0; j < list.length; j++) {
        var a = from[list[j]], b = to[list[j]];
        if (a && b) { ctx.moveTo(a.x, a.y); ctx.lineTo(b.x, b.y); }
        if ((j + 1) % BATCH === 0) { ctx.stroke(); ctx.beginPath(); }
      }
      ctx.stroke();
      ctx.setLineDash([]);
    }

    // vis-network's "arrow" head: (0,0), (-1,.3), (-.9,0), (-1,-.3) times its length
    // (15 + 3 × the line's width), turned along the link, its tip where the link
    // meets the border of the node it points to.
    function arrows(ctx, g, list, selected) {
      if (!g.arrow) { return; }
      var len = 15 + 3 * width(g, selected);
      ctx.fillStyle = g.color;
      ctx.beginPath();
      for (var j = 0; j < list.length; j++) {
        var a = from[list[j]], b = to[list[j]];
        if (!a || !b || a === b) { continue; }
        var dx = b.x - a.x, dy = b.y - a.y, d = Math.sqrt(dx * dx + dy * dy);
        if (!d) { continue; }
        var angle = Math.atan2(dy, dx);
        var t = (d - b.distanceToBorder(ctx, angle)) / d;
        var x = a.x + t * dx, y = a.y + t * dy;
        var c = len * Math.cos(angle), s = len * Math.sin(angle);
        ctx.moveTo(x, y);
        ctx.lineTo(x - c - 0.3 * s, y - s + 0.3 * c);
        ctx.lineTo(x - 0.9 * c, y - 0.9 * s);
        ctx.lineTo(x - c + 0.3 * s, y - s - 0.3 * c);
        ctx.closePath();
        if ((j + 1) % BATCH === 0) { ctx.fill(); ctx.beginPath(); }
      }
      ctx.fill();
    }

    var renderer = network.renderer;
    var drawEdges = renderer._drawEdges;
    var drawArrows = renderer._drawArrows;
    renderer._drawEdges = function (ctx) {
      drawEdges.call(this, ctx);  // vis-network's own: it has none
      ends();
      var dashed = false;
      ctx.save();
      groups.forEach(function (g) { lines(ctx, g, g.edges, false); dashed = dashed || Boolean(g.dashes); });
      ctx.restore();
      // vis-network leaves a dashed link's round line caps set for the rest of the
      // frame, which the nodes' dotted borders are then drawn with: the same here.
      if (dashed) { ctx.lineCap = "round"; }
    };
    renderer._drawArrows = function (ctx) {
      drawArrows.call(this, ctx);
      ends();
      ctx.save();
      groups.forEach(function (g) { arrows(ctx, g, g.edges, false); });
      ctx.restore();
    };

    return {
      /* Draw only the links numbered in ``list``, as chosen links (wider). */
      drawChosen: function (ctx, list) {
        ends();
        var mine = {};
        list.forEach(function (i) { mine[i] = true; });
        var parts = groups.map(function (g) {
          return g.edges.filter(function (i) { return mine[i]; });
        });
        ctx.save();
        groups.forEach(function (g, k) { if (parts[k].length) { lines(ctx, g, parts[k], true); } });
        groups.forEach(function (g, k) { if (parts[k].length) { arrows(ctx, g, parts[k], true); } });
        ctx.restore();
      },
      /* The nodes linked to ``id`` and the numbers of its links (as
       * network.getConnectedNodes / getConnectedEdges would give). */
      neighbours: function (id) {
        if (!adjacent) {
          adjacent = {};
          edges.forEach(function (e, i) {
            (adjacent[e.from] = adjacent[e.from] || []).push(i);
            (adjacent[e.to] = adjacent[e.to] || []).push(i);
          });
        }
        var mine = adjacent[id] || [];
        var seen = {};
        var near = [];
        mine.forEach(function (i) {
          var other = edges[i].from === id ? edges[i].to : edges[i].from;
          if (!seen[other]) { seen[other] = true; near.push(other); }
        });
        return {nodes: near, edges: mine.slice()};
      }
    };
  }

  window.HelhedskortEdges = {layer: layer};
}());
