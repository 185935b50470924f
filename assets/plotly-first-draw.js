/* A page's charts painted one by one on their first drawing, not all at once.
 *
 * Dash mounts every graph of a page in one go, and each dcc.Graph draws its figure in the same task:
 * on Explore the map, the ranking and the time series are one ~250 ms task (more at 2,300 places),
 * and nothing is painted until all three are drawn. Here each graph's first drawing waits for the
 * frame after the one before it started, so the browser paints in between: the first chart shows
 * while the next is drawn. Later drawings (a year step, a click) are not delayed.
 */
(function () {
  "use strict";

  var queue = Promise.resolve();

  function afterPaint() {
    return new Promise(function (resolve) {
      window.requestAnimationFrame(function () { setTimeout(resolve, 0); });
    });
  }

  function stagger(P) {
    if (!P || typeof P.react !== "function" || P.react.innolocFirstDraw) { return; }
    var react = P.react;
    var staggered = function (gd) {
      var el = typeof gd === "string" ? document.getElementById(gd) : gd;
      if (!el || el._fullLayout || document.hidden) { return react.apply(this, arguments); }
      var self = this, args = arguments;
      var drawn = queue.then(function () {
        if (!el.isConnected) { return el; }  // its page was left before its turn
        return react.apply(self, args);
      });
      queue = queue.then(afterPaint);  // the next first drawing: a frame after this one started
      return drawn;
    };
    staggered.innolocFirstDraw = true;
    P.react = staggered;
  }

  if (window.Plotly) { stagger(window.Plotly); }
  document.addEventListener("innoloc:plotly", function (e) { stagger(e.detail); });
})();
