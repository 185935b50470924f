/* A fixed-size chart fits a narrow box; a time series with labels at its lines' ends lists its
 * lines in the legend where the labels would leave too little room for the plot (see `narrowed`).
 *
 * Compare's small multiples (310 px) and Profile's locator map (280 px) are figures of a fixed
 * width, so that they keep their size on paper. On a 320 px phone their box is narrower (229 and
 * 247 px) and the chart was cut at its right edge: the small multiples lost their latest years.
 * Here a figure wider than its graph's box is drawn at the box's width (the locator map fits its
 * places again, `fitbounds`); in a box as wide as the figure, or wider, it is drawn as it is. A box
 * that changes (a phone turned) draws each such chart again at min(its own width, its box).
 */
(function () {
  "use strict";

  // the width the graph is laid out at: its box's, or in presentation mode 1/1.3 of it (scaled back
  // up by a transform, present.css)
  function boxWidth(el) {
    return el.closest && el.closest(".dash-graph") ? el.clientWidth : 0;
  }

  function fitted(el, figure) {
    var layout = figure.layout;
    if (!layout || typeof layout.width !== "number") { el.innolocOwnWidth = null; return figure; }
    if (!el.innolocOwnWidth && observer) { observer.observe(el); }
    el.innolocOwnWidth = layout.width;
    var box = boxWidth(el);
    if (!box || box >= layout.width) { return figure; }  // (a hidden box has no width to fit)
    var copy = {};
    Object.keys(figure).forEach(function (k) { copy[k] = figure[k]; });
    copy.layout = Object.assign({}, layout, {width: box});
    return copy;
  }

  // A figure whose labels would not fit a box narrower than `minPlot` (a phone) has a variant for it,
  // layout.meta.innolocNarrow, made with the figure: a time series lists its lines in the legend
  // (dashboard/figures/timeseries.py), the map shows its frame, which leaves room beside the edge
  // towns' labels, draws those labels smaller and wraps its long legend entries
  // (dashboard/figures/map.py). Dash's figure is not changed: a copy is drawn.
  function squeezed(el, layout) {
    var narrow = layout && layout.meta && layout.meta.innolocNarrow;
    var box = boxWidth(el);
    return !!(narrow && box && box - ((layout.margin && layout.margin.r) || 0) < narrow.minPlot);
  }

  // a legend entry in lines of at most `width` characters, broken between words (Plotly's <br>)
  function wrapped(text, width) {
    if (text.indexOf("<br>") >= 0) { return text; }
    var lines = [], line = "";
    text.split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > width) { lines.push(line); line = word; }
      else { line = line ? line + " " + word : word; }
    });
    if (line) { lines.push(line); }
    return lines.join("<br>");
  }

  function narrowed(el, figure) {
    var layout = figure.layout, narrow = layout && layout.meta && layout.meta.innolocNarrow;
    el.innolocFigure = narrow ? figure : null;
    if (!narrow) { return figure; }
    if (observer && !el.innolocWatched) { el.innolocWatched = true; observer.observe(el); }
    el.innolocNarrowed = squeezed(el, layout);
    if (!el.innolocNarrowed) { return figure; }
    var legend = {}, shown = {};
    narrow.legendTraces.forEach(function (i) { legend[i] = true; });
    (narrow.hiddenTraces || []).forEach(function (i) { legend[i] = false; });
    (narrow.shownTraces || []).forEach(function (i) { shown[i] = true; });  // the map's frame
    var patches = narrow.traces || {};  // the map's town labels, smaller
    var copy = {};
    Object.keys(figure).forEach(function (k) { copy[k] = figure[k]; });
    copy.data = (figure.data || []).map(function (trace, i) {
      if (i in shown) { return Object.assign({}, trace, {visible: true}); }
      if (patches[i]) { trace = Object.assign({}, trace, patches[i]); }
      if (narrow.wrapNames && typeof trace.name === "string" && trace.name.length > narrow.wrapNames) {
        trace = Object.assign({}, trace, {name: wrapped(trace.name, narrow.wrapNames)});
      }
      return i in legend ? Object.assign({}, trace, {showlegend: legend[i]}) : trace;
    });
    copy.layout = Object.assign({}, layout, narrow.layout);
    return copy;
  }

  function wrap(P) {
    if (!P || typeof P.react !== "function" || P.react.innolocFit) { return; }
    var react = P.react;
    var wrapped = function (gd, figure) {
      var el = typeof gd === "string" ? document.getElementById(gd) : gd;
      if (el && figure && typeof figure === "object" && !Array.isArray(figure) && figure.layout) {
        var args = Array.prototype.slice.call(arguments);
        args[1] = fitted(el, narrowed(el, figure));
        return react.apply(this, args);
      }
      return react.apply(this, arguments);
    };
    wrapped.innolocFit = true;
    P.react = wrapped;
  }

  // a graph laid out at another width later (a phone turned, presentation mode): drawn again at
  // min(its own width, the new one)
  function refit(gd) {
    var P = window.Plotly;
    if (P && gd.innolocFigure && gd._fullLayout && squeezed(gd, gd.innolocFigure.layout) !== gd.innolocNarrowed) {
      P.react(gd, gd.innolocFigure);  // the box crossed the width at which the labels fit: drawn again
      return;
    }
    var own = gd.innolocOwnWidth, box = boxWidth(gd);
    if (!P || !own || !box || !gd._fullLayout) { return; }
    var want = Math.min(own, box);
    if (Math.abs(gd._fullLayout.width - want) > 1) { P.relayout(gd, {width: want}); }
  }
  var observer = typeof ResizeObserver === "function" ? new ResizeObserver(function (entries) {
    entries.forEach(function (entry) { refit(entry.target); });
  }) : null;

  if (window.Plotly) { wrap(window.Plotly); }
  document.addEventListener("innoloc:plotly", function (e) { wrap(e.detail); });
})();
