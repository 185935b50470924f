/* No second drawing of a graph whose size did not change.
 *
 * dcc.Graph calls Plotly.Plots.resize after every graph's first drawing (and whenever its box
 * changes), and plotly.js then relayouts with autosize even when the size is the same: the whole
 * graph is drawn again. For Explore's map at 2,300 places that is a second 300 ms task on every
 * page load (CPU profile of a cold load: `ls.update` twice, the second from `Plots.resize`).
 * Here a resize whose graph already has the size its box gives is answered at once; one asked for
 * before the graph's first drawing is done waits for it (assets/plotly-first-draw.js); any other
 * (a box that did change, a hidden graph, presentation mode fitting a chart) goes to plotly.js.
 */
(function () {
  "use strict";

  function sameSize(gd) {
    var full = gd && gd._fullLayout;
    if (!full || !gd.layout || gd.offsetParent === null) { return false; }
    var style = window.getComputedStyle(gd);
    var width = parseFloat(style.width), height = parseFloat(style.height);
    return Math.abs(full.width - width) <= 1 && Math.abs(full.height - height) <= 1;
  }

  function guard(P) {
    if (!P || !P.Plots || typeof P.Plots.resize !== "function" || P.Plots.resize.innolocGuard) { return; }
    var resize = P.Plots.resize;
    var guarded = function (gd) {
      var el = typeof gd === "string" ? document.getElementById(gd) : gd;
      var self = this, args = arguments;
      // its first drawing is not done (waiting its turn, plotly-first-draw.js, or its map outlines):
      // the resize is answered after it, so dcc.Graph, which marks the graph pending until a resize
      // is answered, does not show it as drawn before it is; a box that changed meanwhile is
      // still resized then
      if (el && el.innolocFirstDraw) {
        return el.innolocFirstDraw.then(function () { return guarded.apply(self, args); });
      }
      if (sameSize(el)) { return Promise.resolve(el); }
      return resize.apply(this, arguments);
    };
    guarded.innolocGuard = true;
    P.Plots.resize = guarded;
  }

  if (window.Plotly) { guard(window.Plotly); }
  document.addEventListener("innoloc:plotly", function (e) { guard(e.detail); });
})();
