// Gregor console: live charts of the brokers' rates. Polls the console's /api/rates every 2 s and draws
// one inline SVG line per broker in each chart. Served from the jar; no library, nothing from a CDN.
"use strict";
(function () {
  var NS = "http://www.w3.org/2000/svg";
  var COLORS = ["#2a5db0", "#c2410c", "#15803d", "#7c3aed", "#b91c1c", "#0e7490", "#a16207", "#be185d"];
  var W = 600, H = 220, LEFT = 64, RIGHT = 12, TOP = 12, BOTTOM = 26;
  var WINDOW_MS = 5 * 60 * 1000;

  function el(name, attrs, parent, text) {
    var e = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    if (parent) { parent.appendChild(e); }
    return e;
  }

  // The smallest 1, 2 or 5 times a power of ten at or above max (1 when there is nothing yet).
  function niceCeiling(max) {
    if (!(max > 0)) { return 1; }
    var p = Math.pow(10, Math.floor(Math.log10(max)));
    var steps = [1, 2, 5, 10];
    for (var i = 0; i < steps.length; i++) { if (steps[i] * p >= max) { return steps[i] * p; } }
    return 10 * p;
  }

  function fmt(v) {
    if (v >= 1e9) { return (v / 1e9).toFixed(v >= 1e10 ? 0 : 1) + "G"; }
    if (v >= 1e6) { return (v / 1e6).toFixed(v >= 1e7 ? 0 : 1) + "M"; }
    if (v >= 1e3) { return (v / 1e3).toFixed(v >= 1e4 ? 0 : 1) + "k"; }
    return (Math.round(v * 10) / 10).toString();
  }

  function draw(figure, index, data) {
    var svg = figure.querySelector("svg");
    var legend = figure.querySelector(".legend");
    var series = figure.getAttribute("data-series");
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    while (legend.firstChild) { legend.removeChild(legend.firstChild); }
    var end = data.now, start = end - WINDOW_MS;
    var max = 0;
    data.brokers.forEach(function (b) {
      b.points.forEach(function (p) { if (p[0] >= start && p[index + 1] > max) { max = p[index + 1]; } });
    });
    var top = niceCeiling(max);
    var plotW = W - LEFT - RIGHT, plotH = H - TOP - BOTTOM;
    function x(t) { return LEFT + (t - start) / WINDOW_MS * plotW; }
    function y(v) { return TOP + plotH - v / top * plotH; }
    for (var i = 0; i <= 4; i++) {
      var v = top * i / 4;
      el("line", {"class": "grid", x1: LEFT, x2: W - RIGHT, y1: y(v), y2: y(v), stroke: "#d9dee5"}, svg);
      el("text", {"class": "axis", x: LEFT - 6, y: y(v) + 4, "text-anchor": "end", "font-size": "11", fill: "#5f6b7a"}, svg, fmt(v));
    }
    [["-5 min", start], ["-2.5 min", start + WINDOW_MS / 2], ["now", end]].forEach(function (tick, j) {
      el("text", {"class": "axis", x: x(tick[1]), y: H - 8, "font-size": "11", fill: "#5f6b7a",
        "text-anchor": j === 0 ? "start" : j === 2 ? "end" : "middle"}, svg, tick[0]);
    });
    data.brokers.forEach(function (b, k) {
      var color = COLORS[k % COLORS.length];
      var pts = b.points.filter(function (p) { return p[0] >= start; });
      var d = pts.map(function (p, n) {
        return (n === 0 ? "M" : "L") + x(p[0]).toFixed(1) + " " + y(p[index + 1]).toFixed(1);
      }).join(" ");
      var peak = pts.reduce(function (m, p) { return Math.max(m, p[index + 1]); }, 0);
      el("path", {"class": "line", id: "line-" + series + "-" + b.id, d: d, fill: "none", stroke: color,
        "stroke-width": "2", "data-broker": b.id, "data-points": pts.length, "data-peak": peak}, svg);
      var item = document.createElement("span");
      item.className = "legend-item";
      var swatch = el("svg", {width: "14", height: "10", "aria-hidden": "true"}, item);
      el("rect", {width: "14", height: "10", fill: color}, swatch);
      var last = pts.length ? pts[pts.length - 1][index + 1] : null;
      var label = document.createElement("span");
      label.id = "latest-" + series + "-" + b.id;
      label.textContent = " broker " + b.id + ": " + (last === null ? (b.error ? "no data" : "waiting for data") : fmt(last) + "/s");
      item.appendChild(label);
      legend.appendChild(item);
    });
  }

  function showErrors(data) {
    data.brokers.forEach(function (b) {
      var e = document.getElementById("endpoint-error-" + b.id);
      if (e) { e.textContent = b.error ? "(" + b.error + ")" : ""; }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var root = document.getElementById("charts");
    if (!root) { return; }
    var api = root.getAttribute("data-api");
    var figures = root.querySelectorAll("figure.chart");
    function poll() {
      fetch(api, {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (data) {
        figures.forEach(function (f, i) { draw(f, i, data); });
        showErrors(data);
        root.setAttribute("data-updated", String(data.now));
      }).catch(function (e) {
        root.setAttribute("data-error", String(e));
      }).then(function () { setTimeout(poll, 2000); });
    }
    poll();
  });
})();
