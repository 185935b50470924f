/* The slide player is modal (WCAG 2.4.3, 2.1.2): while it is open, everything behind it is `inert`
 * (not focusable, not read out), Tab and Shift+Tab go round the player's own controls (the slide's
 * iframe included), and when it closes (Exit, Escape) focus goes back to the control that opened
 * it, or to Start when it was opened by a link (`?slide=`).
 *
 * It watches the player's `active` class (set by the page's callback) and leaves the slide logic
 * to the page (dashboard/pages/slides.py) and the keys to present.js.
 */
(function () {
  "use strict";
  var PLAYER = "slides-player", START = "slides-start", MARK = "data-player-inert";
  var opener = null, open = false, made = [];

  function player() { return document.getElementById(PLAYER); }

  function shut(el) {
    // inert every sibling of the player and of each of its ancestors, up to <body>
    for (var node = el; node && node.parentElement && node !== document.body; node = node.parentElement) {
      Array.prototype.forEach.call(node.parentElement.children, function (sib) {
        if (sib === node || sib.inert || /^(SCRIPT|STYLE|LINK)$/.test(sib.tagName)) { return; }
        sib.inert = true;
        sib.setAttribute(MARK, "");
        made.push(sib);
      });
    }
  }
  function release() {
    made.forEach(function (el) { el.inert = false; el.removeAttribute(MARK); });
    made = [];
  }

  function items(el) {
    return Array.prototype.filter.call(
      el.querySelectorAll("button, [href], input, select, textarea, iframe, [tabindex]"),
      function (x) {
        return !x.disabled && x.tabIndex >= 0 && !x.classList.contains("player-guard") &&
          (x.offsetWidth > 0 || x.offsetHeight > 0);
      });
  }
  function edge(el, last) {
    var all = items(el);
    var target = all.length ? all[last ? all.length - 1 : 0] : el;
    target.focus();
  }

  // Focus guards at both ends: the slide's iframe can hand focus back past either end.
  function guard(el, atEnd) {
    var g = document.createElement("span");
    g.tabIndex = 0;
    g.className = "player-guard";
    g.addEventListener("focus", function (ev) {
      var from = ev.relatedTarget;
      var inside = from && from !== el && el.contains(from);
      // the end guard: on to the first control; the start guard: back to the last one, unless
      // focus came forward from the player itself
      edge(el, atEnd ? false : !!inside || !from);
    });
    if (atEnd) { el.appendChild(g); } else { el.insertBefore(g, el.firstChild); }
  }
  function unguard(el) {
    if (!el) { return; }
    el.querySelectorAll(".player-guard").forEach(function (g) { g.remove(); });
  }

  function check() {
    var el = player();
    var active = !!(el && el.classList.contains("active"));
    if (active === open) { return; }
    open = active;
    if (active) {
      var a = document.activeElement;
      opener = a && a !== document.body && !el.contains(a) ? a : null;
      shut(el);
      guard(el, false);
      guard(el, true);
    } else {
      release();
      unguard(el);
      var back = opener && document.contains(opener) && !opener.disabled ? opener : document.getElementById(START);
      opener = null;
      if (back) { window.setTimeout(function () { back.focus(); }, 0); }
    }
  }

  // Shift+Tab on the player box itself (focused when it opens) goes to its last control.
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Tab" || !open) { return; }
    var el = player();
    if (el && document.activeElement === el) {
      ev.preventDefault();
      edge(el, ev.shiftKey);
    }
  }, true);

  function start() {
    check();
    new MutationObserver(check).observe(document.body, {
      subtree: true, childList: true, attributes: true, attributeFilter: ["class"]
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();
