/* A chart out of view is drawn again when it comes near the view, or when the page is idle.
 *
 * A change on Explore redraws the map, the ranking and the time series in one task; at 1,366 px the
 * ranking and the series are a screen or more below the map, and drawing them (~150 ms at 2,300
 * places, CPU profile) delayed the map the reader is looking at. Compare redraws 23 small multiples
 * for a place change, most of them below the fold. Here a graph that is drawn already and lies more
 * than half a screen outside the view (an IntersectionObserver's verdict, so nothing forces a
 * layout) keeps its drawing; the latest figure it was given is drawn when the graph comes within
 * half a screen of the view, when the browser is next idle (one graph per idle moment), or when something needs
 * it now: an image export (`innolocInView.draw`), printing. A graph near the view but not in it is
 * drawn soon: after the browser has painted what is in view (the ranking, ~450 px below the fold at
 * 1,366 x 900, took ~80 ms of the task that drew the map). Such a graph stays marked pending
 * (`dash-graph--pending`) until it is drawn, so nothing reads it as current before it is. A first
 * drawing is never held (assets/plotly-first-draw.js slices those).
 */
(function () {
  "use strict";

  var PENDING = "dash-graph--pending";  // dcc.Graph's mark of a graph not drawn yet
  var near = new WeakMap();  // graph -> false while the observer reports it more than half a screen away
  var seen = new WeakMap();  // graph -> false while the viewer reports it outside the view
  var held = new Map();      // graph -> {react, self, args}: the latest figure it was given
  var idleAsked = false;

  var observer = typeof IntersectionObserver === "function" ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      near.set(entry.target, entry.isIntersecting);
      if (entry.isIntersecting) { draw(entry.target); }
    });
  }, {rootMargin: "50% 0px"}) : null;
  var viewer = typeof IntersectionObserver === "function" ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) { seen.set(entry.target, entry.isIntersecting); });
  }) : null;

  /* Draw a held graph's latest figure now; a promise of the graph once drawn. */
  function draw(el) {
    var h = held.get(el);
    if (!h) { return Promise.resolve(el); }
    held.delete(el);
    var mine = el.innolocCalls;
    var done = function () {
      // unmarked unless a newer figure came since (dcc.Graph marks and unmarks that one itself)
      if (el.innolocCalls === mine) { el.classList.remove(PENDING); }
      return el;
    };
    if (!el.isConnected) { return Promise.resolve(done()); }  // its page was left meanwhile
    var out;
    try {
      out = h.react.apply(h.self, h.args);
    } catch (err) {
      done();
      return Promise.reject(err);
    }
    return Promise.resolve(out).then(done, function (err) { done(); throw err; });
  }

  function drawAll() {
    return Promise.all(Array.from(held.keys()).map(draw));
  }

  function onIdle() {
    idleAsked = false;
    var first = held.keys().next();
    if (first.done) { return; }
    draw(first.value);
    askIdle();
  }

  // after the next paint: a frame's callback runs before it, a task queued from there after it
  var soonAsked = false;
  function askSoon() {
    if (soonAsked) { return; }
    soonAsked = true;
    requestAnimationFrame(function () {
      setTimeout(function () {
        soonAsked = false;
        Array.from(held.keys()).forEach(function (el) { if (near.get(el) !== false) { draw(el); } });
      }, 0);
    });
  }

  function askIdle() {
    if (idleAsked || !held.size || !window.innolocInView.idle) { return; }
    idleAsked = true;
    if (typeof window.requestIdleCallback === "function") {
      window.requestIdleCallback(onIdle, {timeout: 2000});
    } else {
      setTimeout(onIdle, 200);
    }
  }

  // dcc.Graph queues a graph's drawings one behind the other: a held drawing is answered at once
  // (else the newer figures would wait for it and all be drawn in turn), and the graph is kept
  // marked pending, as dcc.Graph marks one while plotly.js draws it: dcc.Graph unmarks it when the
  // answer comes, and this marks it again in the same microtask checkpoint (a MutationObserver),
  // before anything can paint or read it
  var keeper = typeof MutationObserver === "function" ? new MutationObserver(function (records) {
    records.forEach(function (r) {
      if (held.has(r.target) && !r.target.classList.contains(PENDING)) { r.target.classList.add(PENDING); }
    });
  }) : null;

  function hold(P) {
    if (!P || typeof P.react !== "function" || P.react.innolocInView) { return; }
    var react = P.react;
    var held_react = function (gd) {
      var el = typeof gd === "string" ? document.getElementById(gd) : gd;
      if (!observer || !keeper || !el || window.innolocInView.off) { return react.apply(this, arguments); }
      el.innolocCalls = (el.innolocCalls || 0) + 1;
      if (!el.innolocObserved) {
        el.innolocObserved = true;
        observer.observe(el);
        if (viewer) { viewer.observe(el); }
        keeper.observe(el, {attributes: true, attributeFilter: ["class"]});
      }
      // a first drawing, or a graph in the view (or not reported on yet): drawn now, and a
      // figure held earlier is dropped
      if (!el._fullLayout || seen.get(el) !== false) {
        held.delete(el);
        return react.apply(this, arguments);
      }
      held.set(el, {react: react, self: this, args: arguments});  // the latest figure wins
      el.classList.add(PENDING);
      if (near.get(el) !== false) { askSoon(); } else { askIdle(); }
      return Promise.resolve(el);
    };
    held_react.innolocInView = true;
    P.react = held_react;
  }

  // printing shows every chart: each is drawn before the page is laid out for paper
  window.addEventListener("beforeprint", drawAll);

  // off: every drawing at once; idle: false keeps a held graph until it nears the view (tests)
  window.innolocInView = {draw: draw, drawAll: drawAll, off: false, idle: true,
                          held: function () { return held.size; }};
  if (window.Plotly) { hold(window.Plotly); }
  document.addEventListener("innoloc:plotly", function (e) { hold(e.detail); });
})();
