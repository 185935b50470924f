/* A page's charts painted as they are drawn, not all at once.
 *
 * Dash mounts every graph of a page in one go, and each dcc.Graph draws its figure in the same task:
 * on Explore the map, the ranking and the time series were one ~250 ms task (more at 2,300 places),
 * and nothing was painted until all of them were drawn. Here first drawings run back to back for
 * at most BUDGET ms; the next one then waits for the frame after, so the browser paints what is
 * drawn (the way a scheduler slices long work). Later drawings (a year step, a click) are not
 * delayed. `window.innolocFirstDrawBudget` (ms) overrides the budget (tests: 0, one chart a frame).
 */
(function () {
  "use strict";

  var BUDGET = 16;  // about a frame: a large chart gets a frame of its own, small ones share one
  var queue = Promise.resolve(), sliceStart = null, waiting = 0;

  function budget() {
    var b = window.innolocFirstDrawBudget;
    return typeof b === "number" && b >= 0 ? b : BUDGET;
  }

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
      waiting += 1;
      var turn = queue.then(function () {
        waiting -= 1;  // (a drawing that throws has taken its turn: the others go on)
        if (sliceStart === null) { sliceStart = performance.now(); }
        var drawn = el.isConnected ? react.apply(self, args) : el;  // its page was left before its turn
        var next = null;
        if (waiting === 0) {
          sliceStart = null;
        } else if (performance.now() - sliceStart >= budget()) {
          sliceStart = null;
          next = afterPaint();  // the next first drawing: after a paint
        }
        return {drawn: drawn, next: next};
      });
      queue = turn.then(function (t) { return t.next; }, function () { return null; });  // a failed drawing holds up no other
      var drawn = turn.then(function (t) { return t.drawn; });
      // a resize asked for before this drawing is done waits for it (plotly-resize.js), so
      // dcc.Graph keeps the graph marked pending until it is drawn
      var first = drawn.then(done, done);
      function done() {
        if (el.innolocFirstDraw === first) { el.innolocFirstDraw = null; }
        return el;
      }
      el.innolocFirstDraw = first;
      return drawn;
    };
    staggered.innolocFirstDraw = true;
    P.react = staggered;
  }

  if (window.Plotly) { stagger(window.Plotly); }
  document.addEventListener("innoloc:plotly", function (e) { stagger(e.detail); });
})();
