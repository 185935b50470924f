/* No hover label from the figure before: a chart redrawn under a pointer that did not move (a year
 * step by keyboard or ▶ Play while the pointer rests on the map) kept the label of the previous
 * data, e.g. last year's value of a municipality next to this year's map. The label is taken down
 * when new data are drawn; moving the pointer shows the new one. */
(function () {
  "use strict";

  function guard(P) {
    if (!P || typeof P.react !== "function" || P.react.innolocHover || !P.Fx) { return; }
    var react = P.react;
    var guarded = function (gd) {
      var el = typeof gd === "string" ? document.getElementById(gd) : gd;
      if (el && el.querySelector && el.querySelector(".hoverlayer .hovertext")) { P.Fx.unhover(el); }
      return react.apply(this, arguments);
    };
    guarded.innolocHover = true;
    P.react = guarded;
  }

  if (window.Plotly) { guard(window.Plotly); }
  document.addEventListener("innoloc:plotly", function (e) { guard(e.detail); });
})();
