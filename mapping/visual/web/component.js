/* The app's map: a Streamlit component (protocol version 1, spoken directly
 * over postMessage, so no build step) around diagram.js.
 *
 * The app sends "streamlit:render" with args {data (JSON bytes), data_key,
 * height, selected}; a reader's choice of node goes back with
 * "streamlit:setComponentValue" as {node, seq} (seq grows with every choice,
 * so choosing the same node again after the panel was closed is seen).
 * Only messages from the parent window of our own origin are read, and the data
 * is shown as text: see diagram.js.
 */
(function () {
  "use strict";

  var stage = document.getElementById("stage");
  var view = null;
  var dataKey = null;
  var height = null;
  var selectedArg;
  var seq = 0;

  function send(type, fields) {
    var msg = {isStreamlitMessage: true, type: type};
    Object.keys(fields || {}).forEach(function (k) { msg[k] = fields[k]; });
    window.parent.postMessage(msg, "*");
  }

  function chosen(id) {
    seq = Math.max(seq + 1, Date.now());
    send("streamlit:setComponentValue", {value: {node: id, seq: seq}, dataType: "json"});
  }

  function render(args) {
    if (typeof args.height === "number" && args.height !== height) {
      height = args.height;
      document.body.style.height = height + "px";
      send("streamlit:setFrameHeight", {height: height});
    }
    if (args.data_key !== dataKey && args.data) {
      var text = new TextDecoder("utf-8").decode(args.data);
      if (view) { view.destroy(); }
      document.body.removeAttribute("data-drawn");
      var data = JSON.parse(text);
      view = window.Helhedskort.mount(stage, data, {onSelect: chosen});
      // Streamlit titles the frame with the component's module name; a screen
      // reader should hear what the frame holds instead.
      if (window.frameElement && data.words) {
        window.frameElement.setAttribute("title", data.words.map_label);
      }
      window.helhedskort = view;
      dataKey = args.data_key;
      selectedArg = undefined;
    }
    var wanted = args.selected || null;
    if (view && wanted !== selectedArg) {
      // Only a change made by the app (e.g. the panel was closed) moves the
      // map; the reader's own clicks are already shown.
      selectedArg = wanted;
      if (wanted !== view.chosen()) {
        if (wanted) { view.select(wanted); } else { view.clear(); }
      }
    }
  }

  window.addEventListener("message", function (ev) {
    if (ev.source !== window.parent || ev.origin !== window.location.origin) { return; }
    var msg = ev.data;
    if (msg && msg.type === "streamlit:render") { render(msg.args || {}); }
  });
  send("streamlit:componentReady", {apiVersion: 1});
}());
