/* No second drawing of a graph whose size did not change.
 *
 * dcc.Graph calls Plotly.Plots.resize after every graph's first drawing (and whenever its box
 * changes), and plotly.js then relayouts with autosize even when the size is the same: the whole
 * graph is drawn again. For Explore's map at 2,300 places that is a second 300 ms task on every
 * page load (CPU profile of a cold load: `ls.update` twice, the second from `Plots.resize`).
 * Here a resize whose graph already has the size its box gives is answered at once, as is one
 * whose first drawing is still to come (assets/plotly-first-draw.js); any other
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
      if (sameSize(el)) { return Promise.resolve(el); }
      // its first drawing is still waiting for its turn (plotly-first-draw.js): it will be drawn at
      // its box's size then, and the resize is answered when it is (dcc.Graph marks the graph
      // pending until a resize is answered)
      if (el && el.innolocFirstDraw && !el._fullLayout) { return el.innolocFirstDraw; }
      return resize.apply(this, arguments);
    };
    guarded.innolocGuard = true;
    P.Plots.resize = guarded;
  }

  if (window.Plotly) { guard(window.Plotly); }
  document.addEventListener("innoloc:plotly", function (e) { guard(e.detail); });
})();
