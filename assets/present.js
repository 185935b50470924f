/* Presentation mode and the slide player: buttons, keys and full screen.
 *
 * Plain script (no Dash callback) because it must act before the first paint, on every page, and
 * on keys pressed inside the player's iframe. It talks to Dash only through
 * `dash_clientside.set_props("slides-key", ...)`; the slide logic stays in the page's callbacks.
 */
(function () {
  "use strict";
  var root = document.documentElement;
  var inFrame = window.self !== window.top;
  var PLAYER = "slides-player", KEY_STORE = "slides-key", FRAME = "slides-frame";
  // Clickers send PageDown/PageUp (some arrows); ArrowUp/Down stay free to scroll a long slide.
  var KEYS = {
    ArrowRight: "next", PageDown: "next", " ": "next", Spacebar: "next",
    ArrowLeft: "prev", PageUp: "prev",
    Home: "first", End: "last", Escape: "exit", Esc: "exit",
    n: "notes", N: "notes", f: "fullscreen", F: "fullscreen"
  };

  function presentIn(search) {
    return new URLSearchParams(search || "").get("present") === "1";
  }
  // Set before Dash renders, so a presentation never flashes the navigation bar.
  if (presentIn(window.location.search)) { root.classList.add("presenting"); }
  if (inFrame) { root.classList.add("in-frame"); }

  // While presenting, in-app address changes (Explore keeps its state in the address bar, links
  // push new pages) keep `present=1`, so a reload or a click stays in presentation mode.
  function keepPresent(url) {
    if (url === undefined || url === null || !root.classList.contains("presenting")) { return url; }
    try {
      var u = new URL(String(url), window.location.href);
      if (u.origin !== window.location.origin) { return url; }
      u.searchParams.set("present", "1");
      return u.pathname + u.search + u.hash;
    } catch (e) { return url; }
  }
  ["pushState", "replaceState"].forEach(function (name) {
    var original = window.history[name];
    window.history[name] = function (state, title, url) {
      return original.call(this, state, title, keepPresent(url));
    };
  });

  function fullscreen(on) {
    var active = !!document.fullscreenElement;
    var want = on === undefined ? !active : on;
    try {
      var p = want && !active ? root.requestFullscreen() : (!want && active ? document.exitFullscreen() : null);
      if (p && p.catch) { p.catch(function () { /* refused (no user gesture, or not allowed) */ }); }
    } catch (e) { /* very old browsers: no full screen, the page still works */ }
  }

  function enterPresent() {
    root.classList.add("presenting");
    window.history.replaceState(window.history.state, "", window.location.href);  // adds present=1
  }
  function exitPresent() {
    root.classList.remove("presenting");
    var u = new URL(window.location.href);
    u.searchParams.delete("present");
    window.history.replaceState(window.history.state, "", u.pathname + u.search + u.hash);
    fullscreen(false);
  }

  function copyFrom(button) {
    var input = document.getElementById(button.getAttribute("data-present-copy"));
    if (!input) { return; }
    input.focus();
    input.select();
    var done = function () {
      button.classList.add("copied");
      window.setTimeout(function () { button.classList.remove("copied"); }, 2000);
    };
    var fallback = function () {
      try { if (document.execCommand("copy")) { done(); } } catch (e) { /* the text stays selected */ }
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(input.value).then(done, fallback);
    } else { fallback(); }
  }

  document.addEventListener("click", function (ev) {
    var el = ev.target.closest && ev.target.closest("[data-present-action], [data-present-copy]");
    if (!el) { return; }
    if (el.hasAttribute("data-present-copy")) { copyFrom(el); return; }
    var action = el.getAttribute("data-present-action");
    if (action === "enter") { enterPresent(); }
    else if (action === "exit") { exitPresent(); }
    else if (action === "fullscreen") { fullscreen(); }
  });

  function isField(target) {
    if (!target || !target.tagName) { return false; }
    var tag = target.tagName.toUpperCase();
    if (tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable) { return true; }
    if (tag === "INPUT") { return !/^(button|submit|reset|checkbox|radio)$/i.test(target.type || ""); }
    var role = target.getAttribute && target.getAttribute("role");
    return role === "slider" || role === "combobox" || role === "textbox";
  }

  function playerActive() {
    var player = document.getElementById(PLAYER);
    return !!(player && player.classList.contains("active"));
  }

  function onKey(ev) {
    if (ev.defaultPrevented || ev.altKey || ev.ctrlKey || ev.metaKey) { return; }
    var action = KEYS[ev.key];
    if (!action) { return; }
    if (playerActive()) {
      var arrow = ev.key.indexOf("Arrow") === 0 || ev.key === " " || ev.key.length === 1;
      if (isField(ev.target) && (arrow || action === "first" || action === "last")) { return; }
      ev.preventDefault();
      if (action === "fullscreen") { fullscreen(); return; }
      if (action === "notes") { root.classList.toggle("slides-notes-hidden"); return; }
      if (window.dash_clientside && window.dash_clientside.set_props) {
        window.dash_clientside.set_props(KEY_STORE, {data: {action: action, at: Date.now()}});
      }
      return;
    }
    if (!inFrame && action === "exit" && root.classList.contains("presenting") && !isField(ev.target)) {
      ev.preventDefault();
      exitPresent();
    }
  }
  document.addEventListener("keydown", onKey);

  // present.css lays charts out at 1/1.3 of their box and scales them up. A chart in a box of fixed
  // height must fill the smaller layout box even when a new figure brings its own height; one
  // whose height comes from the figure gets the missing 30 % below it (a transform takes no room).
  // Plotly redraws often: check once per frame at most.
  var SCALE = 1.3, pending = false;
  function fitCharts() {
    pending = false;
    var on = root.classList.contains("presenting");
    document.querySelectorAll(".dash-graph > .js-plotly-plot").forEach(function (gd) {
      var full = gd._fullLayout;
      var fixed = (gd.parentElement.getAttribute("style") || "").indexOf("height") >= 0;
      var scaled = on && full && !gd.closest(".page-slides");
      var want = scaled && !fixed && full.height ? Math.round(full.height * (SCALE - 1)) + "px" : "";
      if (gd.style.marginBottom !== want) { gd.style.marginBottom = want; }
      var off = scaled && fixed && gd.clientHeight > 0 &&
        (Math.abs(full.height - gd.clientHeight) > 3 || Math.abs(full.width - gd.clientWidth) > 3);
      var tries = off ? (gd._presentTries || 0) : 0;
      if (off && tries < 5 && window.Plotly) {  // a few tries until it fits, then leave it: never a loop
        window.Plotly.Plots.resize(gd);
        tries += 1;
      }
      gd._presentTries = tries;
    });
  }
  function scheduleFit() {
    if (!pending) { pending = true; window.requestAnimationFrame(fitAll); }
  }

  // One screen per chart: while presenting, a chart card taller than the screen above the sources
  // line gets a shorter chart (never below MIN_SHARE of its own height), a shorter one grows back
  // up to its own height. The steering matrix is zoomed (type stays >= ~14 px) to fit height and
  // width. Both follow window size changes (full screen on, off).
  var MIN_SHARE = 0.45, MIN_ZOOM = 0.6;
  function room() {
    var foot = document.getElementById("shell-footer");
    return window.innerHeight - (foot ? foot.getBoundingClientRect().height : 0) - 10;
  }
  function unitHeight(gd) {
    var box = gd.closest(".card") || gd.parentElement;
    var r = box.getBoundingClientRect(), bottom = r.bottom;
    gd.querySelectorAll(".main-svg").forEach(function (s) { bottom = Math.max(bottom, s.getBoundingClientRect().bottom); });
    return bottom - r.top;
  }
  function fitHeights() {
    var on = root.classList.contains("presenting"), space = room();
    document.querySelectorAll(".dash-graph > .js-plotly-plot").forEach(function (gd) {
      var full = gd._fullLayout, box = gd.parentElement;
      if (!full || !full.height || !gd.layout || gd._presentBusy || !gd.offsetParent || !window.Plotly) { return; }
      if (gd.closest(".page-slides") || gd.closest(".sm-panel")) { return; }
      function done() { gd._presentBusy = false; scheduleFit(); }
      // The chart's own height: its box's, if the page fixed one; else the figure's; else (a figure
      // that sizes itself to its box) the height it first drew at. While presenting, the box is
      // pinned to the chart's height: a self-sizing chart in a box as tall as its content would
      // otherwise grow or shrink by 1.3 on every resize.
      if (gd._presentSet && gd.layout.height !== gd._presentSet) { gd._presentSet = null; }  // a new figure
      if (box.dataset.presentBox === undefined) {  // as the page set them
        box.dataset.presentBox = box.style.height;
        box.dataset.presentFirst = String(Math.round(full.height));
      }
      if (!gd._presentSet) {
        var px = /px$/.test(box.dataset.presentBox) ? parseFloat(box.dataset.presentBox) : 0;
        gd._presentFigure = gd.layout.height;
        gd._presentOwn = px ? Math.round(px / SCALE) : (gd.layout.height || parseFloat(box.dataset.presentFirst));
      }
      if (!on) {
        if (gd._presentSet) {
          box.style.height = box.dataset.presentBox;
          gd._presentSet = null;
          gd._presentBusy = true;
          window.Plotly.relayout(gd, {height: gd._presentFigure === undefined ? null : gd._presentFigure}).then(done, done);
        }
        return;
      }
      var over = unitHeight(gd) - space, own = gd._presentOwn;
      var want = Math.round(Math.min(own, Math.max(own * MIN_SHARE, full.height - over / SCALE)));
      var pinned = gd._presentSet && box.style.height === Math.round(gd._presentSet * SCALE) + "px";
      if (pinned && Math.abs(want - full.height) < 3) { return; }  // a pixel either way: leave it
      gd._presentSet = want;
      box.style.height = Math.round(want * SCALE) + "px";
      gd._presentBusy = true;
      window.Plotly.relayout(gd, {height: want}).then(done, done);
    });
    document.querySelectorAll(".steering-matrix-wrap").forEach(function (wrap) {
      var table = wrap.firstElementChild, section = wrap.closest("section");
      var key = section && section.querySelector(".steering-legend");  // the colour key above the matrix
      var boxes = key ? [key, wrap] : [wrap];
      if (!on || !table || !wrap.offsetParent) {
        boxes.forEach(function (b) { if (b.style.zoom) { b.style.zoom = ""; } });
        return;
      }
      var zoom = parseFloat(wrap.style.zoom) || 1;
      var h = wrap.getBoundingClientRect().height / zoom, w = table.getBoundingClientRect().width / zoom;
      var keyH = key && key.offsetParent ? key.getBoundingClientRect().height / zoom + 24 : 0;
      var fit = Math.min(1, space / (h + keyH), wrap.parentElement.clientWidth / w);
      fit = Math.max(MIN_ZOOM, Math.floor(fit * 100) / 100);
      if (Math.abs(fit - zoom) > 0.005 || (key && key.style.zoom !== wrap.style.zoom)) {
        boxes.forEach(function (b) { b.style.zoom = fit === 1 ? "" : String(fit); });
      }
    });
  }
  // A caption beside a chart: comparability notes go after the sources (present.css), and a caption
  // taller than its chart scrolls, so it must take keyboard focus.
  function fitCaptions() {
    var on = root.classList.contains("presenting");
    document.querySelectorAll("[data-share-bar] .share-caption > div").forEach(function (line) {
      var caveat = (line.textContent || "").charAt(0) === "\u26a0";
      if (line.classList.contains("share-caveat") !== caveat) { line.classList.toggle("share-caveat", caveat); }
    });
    document.querySelectorAll(".card-body > [data-share-bar], .card-footer").forEach(function (box) {
      var scrolls = on && box.scrollHeight > box.clientHeight + 1;
      if (scrolls && !box.hasAttribute("tabindex")) { box.setAttribute("tabindex", "0"); box.dataset.presentFocus = ""; }
      if (!scrolls && box.dataset.presentFocus !== undefined) { box.removeAttribute("tabindex"); delete box.dataset.presentFocus; }
    });
  }
  // A steering slide in the player opens at the colour key and the matrix (the slide has its own
  // title), once per slide; the presenter can still scroll up.
  var opened = false;
  function openAtMatrix() {
    if (opened || !inFrame || !root.classList.contains("presenting")) { return; }
    var key = document.querySelector(".page-steering .steering-legend");
    var wrap = document.querySelector(".page-steering .steering-matrix-wrap");
    if (!key || !wrap || !key.offsetParent || !wrap.offsetParent) { return; }
    opened = true;
    key.scrollIntoView({block: "start", behavior: "instant"});
  }
  // Until presentation mode is first turned on there is nothing to fit or to undo: skip the
  // measuring (it forced a layout in every frame of a page load, 50–80 ms per load profiled).
  var everOn = false;
  function fitAll() {
    pending = false;
    everOn = everOn || root.classList.contains("presenting");
    fitCaptions();
    if (!everOn) { return; }
    fitCharts(); fitHeights(); openAtMatrix();
  }
  window.addEventListener("resize", scheduleFit);
  if (window.ResizeObserver) {  // text reflowing (fonts, a caption updated in place) changes heights too
    new window.ResizeObserver(scheduleFit).observe(document.body);
  }
  new MutationObserver(scheduleFit).observe(root, {childList: true, subtree: true, attributes: true,
                                                   attributeFilter: ["class"]});

  // Keys pressed inside a slide (after a click on its map, say) still step the player: the
  // iframe is same-origin, so listen on its document too. `load` does not bubble; capture it.
  document.addEventListener("load", function (ev) {
    var frame = ev.target;
    if (!frame || frame.id !== FRAME) { return; }
    try { frame.contentWindow.document.addEventListener("keydown", onKey); } catch (e) { /* not same-origin */ }
  }, true);
})();
