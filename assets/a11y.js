/* Accessible names and tab order for Dash's own widgets, which do not take ARIA props.
 *
 * Runs on every page and after every re-render (a MutationObserver), and only adds attributes:
 *  - dcc.Dropdown: Dash 4 puts an `aria-hidden` input in the Tab order that forwards focus to the
 *    real button (tabindex -1). Here the button is the tab stop and the hidden input is not, and
 *    the button is named by its <label for=id> as well as by its value.
 *  - dcc.Slider: the thumb (role=slider) is named by <label for=slider-id>, or by the nearest
 *    ancestor's `data-a11y-name` (pattern-matching ids cannot be a label's `for`).
 *  - a <label for=X> whose X is a group (dbc.RadioItems / Checklist): X becomes a named radiogroup.
 *  - dcc.Upload's hidden file input: named by the upload's visible text.
 *  - boxes that scroll (data tables, .table-responsive): reachable by keyboard (tabindex=0).
 *  - state of toggles: aria-current on the current language and page, the navbar's menu button.
 */
(function () {
  "use strict";
  var seq = 0;

  function labelFor(id) {
    if (!id) { return null; }
    var all = document.getElementsByTagName("label");
    for (var i = 0; i < all.length; i++) {
      if (all[i].htmlFor === id) { return all[i]; }
    }
    return null;
  }
  function idOf(el) {
    if (!el.id) { el.id = "a11y-label-" + (++seq); }
    return el.id;
  }
  function setAttr(el, name, value) {
    if (el.getAttribute(name) !== value) { el.setAttribute(name, value); }
  }
  function namedAncestor(el) {
    var host = el.closest("[data-a11y-name]");
    return host ? host.getAttribute("data-a11y-name") : null;
  }

  function dropdowns(root) {
    root.querySelectorAll(".dash-dropdown-wrapper").forEach(function (wrap) {
      var target = wrap.querySelector(":scope > .dash-dropdown-focus-target");
      var button = wrap.querySelector(":scope > button.dash-dropdown");
      if (!button) { return; }
      if (target) { setAttr(target, "tabindex", "-1"); }
      if (!button.disabled) { setAttr(button, "tabindex", "0"); }
      var label = labelFor(button.id);
      var own = button.id ? button.id + "-value-count " + button.id + "-value" : "";
      if (label) {
        setAttr(button, "aria-labelledby", (idOf(label) + " " + own).trim());
      } else {
        var name = namedAncestor(button);
        if (name) { setAttr(button, "aria-label", name); }
      }
    });
  }

  // Dash's dropdown texts ("Search", "No options found", ...) in the page's language: the shell
  // renders them (#shell-a11y-texts); set_props gives them to each dropdown once per language.
  var labelled = new WeakMap();
  function dropdownTexts(root) {
    var source = document.getElementById("shell-a11y-texts");
    if (!source || !window.dash_clientside || !window.dash_clientside.set_props) { return; }
    var json = source.getAttribute("data-dropdown-labels");
    if (!json) { return; }
    root.querySelectorAll(".dash-dropdown-wrapper > button.dash-dropdown[id]").forEach(function (button) {
      if (labelled.get(button) === json) { return; }
      labelled.set(button, json);
      var id = button.id;
      if (id.charAt(0) === "{") { try { id = JSON.parse(id); } catch (e) { return; } }
      try { window.dash_clientside.set_props(id, {labels: JSON.parse(json)}); } catch (e) { /* not a Dash id */ }
    });
  }

  function sliders(root) {
    root.querySelectorAll(".dash-slider-container").forEach(function (box) {
      var label = labelFor(box.id);
      var name = label ? null : namedAncestor(box);
      box.querySelectorAll("[role=slider]").forEach(function (thumb) {
        if (label) { setAttr(thumb, "aria-labelledby", idOf(label)); }
        else if (name) { setAttr(thumb, "aria-label", name); }
      });
    });
  }

  function groups(root) {
    root.querySelectorAll("label[for]").forEach(function (label) {
      var target = document.getElementById(label.htmlFor);
      if (!target || /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(target.tagName)) { return; }
      if (target.querySelector("input[type=radio]")) {
        setAttr(target, "role", "radiogroup");
        setAttr(target, "aria-labelledby", idOf(label));
      } else if (target.querySelector("input[type=checkbox]")) {
        setAttr(target, "role", "group");
        setAttr(target, "aria-labelledby", idOf(label));
      }
    });
  }

  function uploads(root) {
    root.querySelectorAll("input[type=file]").forEach(function (input) {
      if (input.getAttribute("aria-label") || labelFor(input.id)) { return; }
      var host = input.parentElement;
      var text = host ? (namedAncestor(host) || host.textContent || "").trim() : "";
      if (text) { setAttr(input, "aria-label", text); }
    });
  }

  function scrollers(root) {
    root.querySelectorAll(".dash-spreadsheet-container, .table-responsive, [data-a11y-scroll]").forEach(function (box) {
      if (!box.hasAttribute("tabindex")) { box.setAttribute("tabindex", "0"); }
    });
  }

  function current(root) {
    root.querySelectorAll(".lang-switch .btn").forEach(function (btn) {
      if (btn.classList.contains("active")) { setAttr(btn, "aria-current", "true"); }
      else if (btn.hasAttribute("aria-current")) { btn.removeAttribute("aria-current"); }
    });
    root.querySelectorAll(".site-navbar .nav-link, .site-navbar .dropdown-item").forEach(function (link) {
      if (link.classList.contains("active")) { setAttr(link, "aria-current", "page"); }
      else if (link.hasAttribute("aria-current")) { link.removeAttribute("aria-current"); }
    });
  }

  // Dash's DataTable takes every Tab (and Shift+Tab) to move between its cells, so keyboard users
  // could never leave it (a keyboard trap, WCAG 2.1.2). Seen first here, Tab keeps its ordinary
  // meaning; Escape leaves the cells for the table's box, from where Tab goes on. Arrows still move.
  window.addEventListener("keydown", function (event) {
    if (event.key !== "Tab" && event.key !== "Escape") { return; }
    var target = event.target;
    var box = target && target.closest && target.closest(".dash-spreadsheet-container");
    if (!box) { return; }
    event.stopImmediatePropagation();
    if (event.key === "Escape" && target !== box) {
      if (!box.hasAttribute("tabindex")) { box.setAttribute("tabindex", "0"); }
      box.focus();
    }
  }, true);

  // Disclosure buttons (`<x>-toggle` opening `<x>-collapse`, e.g. Explore's About) say whether
  // they are open; the Play button says whether it is playing (it shows a pause sign then).
  function toggles(root) {
    root.querySelectorAll("button[id$='-toggle']:not(.navbar-toggler)").forEach(function (button) {
      var panel = document.getElementById(button.id.replace(/-toggle$/, "-collapse"));
      if (!panel) { return; }
      setAttr(button, "aria-controls", panel.id);
      setAttr(button, "aria-expanded", panel.classList.contains("show") ? "true" : "false");
    });
    root.querySelectorAll("#explore-play").forEach(function (button) {
      setAttr(button, "aria-pressed", /\u275a/.test(button.textContent) ? "true" : "false");
    });
  }

  // The collapsed navbar's menu button (below 992 px).
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".site-navbar .navbar-toggler");
    if (!button) { return; }
    var menu = document.getElementById(button.getAttribute("aria-controls"));
    if (!menu) { return; }
    var open = !menu.classList.contains("show");
    menu.classList.toggle("show", open);
    button.setAttribute("aria-expanded", open ? "true" : "false");
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var menu = document.querySelector(".site-navbar .navbar-collapse.show");
    if (!menu || !menu.contains(document.activeElement)) { return; }
    menu.classList.remove("show");
    var button = document.querySelector(".site-navbar .navbar-toggler");
    if (button) { button.setAttribute("aria-expanded", "false"); button.focus(); }
  });

  // Focus that a re-render takes away (WCAG 2.4.3). When Dash replaces the focused control, the
  // browser drops focus to <body> and a keyboard user starts again from the top. After a page
  // change (the path changed) focus goes to the new page's heading (tabindex -1: announced, not a
  // tab stop); otherwise to the control re-drawn with the same id, else to the first control of
  // the nearest container that survived (removing a score filter: the next filter's button).
  var FOCUSABLE = "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), " +
    "select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";
  var lastFocus = null, lastPath = window.location.pathname, pathChanged = 0, placed = null;
  function shown(el) { return !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length); }
  document.addEventListener("focusin", function (event) {
    var el = event.target, chain = [];
    if (!el || el === document.body) { return; }
    // up to the page's (or the header's) own box: never the whole app, whose first control is the skip link
    for (var up = el.parentElement; up && up !== document.body && up.id !== "shell-main" &&
         !up.classList.contains("site"); up = up.parentElement) { chain.push(up); }
    // an open dropdown's list: the dropdown gives focus back to its own button when the list closes
    // (a task later), so there is nothing to recover (looking for it forced a layout of the page:
    // ~30 ms before an indicator change could even be sent, at 2,300 places)
    lastFocus = {el: el, id: el.id, chain: chain, inList: !!el.closest(".dash-dropdown-content")};
    if (el !== placed) { pathChanged = 0; }  // the reader has moved on from the new page's heading
  });
  document.addEventListener("focusout", function (event) {
    var el = event.target;  // left for nothing on purpose (a click on the page): nothing to restore
    Promise.resolve().then(function () {
      if (lastFocus && lastFocus.el === el && el.isConnected && document.activeElement === document.body) {
        lastFocus = null;
      }
    });
  });
  function recoverFocus() {
    var active = document.activeElement, lost = !active || active === document.body;
    if (window.location.pathname !== lastPath) {
      lastPath = window.location.pathname;
      pathChanged = Date.now();
      placed = null;
    }
    if (pathChanged && Date.now() - pathChanged < 10000 && (lost || (placed && active === placed))) {
      var h1 = document.querySelector("#_pages_content h1");
      if (h1 && h1 !== active) {
        if (!h1.hasAttribute("tabindex")) { h1.setAttribute("tabindex", "-1"); }
        placed = h1;
        h1.focus();
      }
      if (h1) { return; }
    }
    if (!lost || !lastFocus || lastFocus.el.isConnected || lastFocus.inList) { return; }
    var again = lastFocus.id && document.getElementById(lastFocus.id);
    if (again && shown(again)) { again.focus(); return; }
    for (var i = 0; i < lastFocus.chain.length; i++) {
      var box = lastFocus.chain[i];
      if (!box.isConnected) { continue; }
      var first = Array.prototype.find.call(box.querySelectorAll(FOCUSABLE), shown);
      if (first) { first.focus(); return; }
    }
  }

  var pending = false;
  function repair() {
    pending = false;
    var root = document.body;
    if (!root) { return; }
    dropdowns(root);
    dropdownTexts(root);
    sliders(root);
    groups(root);
    uploads(root);
    scrollers(root);
    current(root);
    toggles(root);
    recoverFocus();
  }
  function schedule() {
    if (!pending) {
      pending = true;
      // a microtask: before the next paint and before a keypress can reach the old tab stop
      Promise.resolve().then(repair);
    }
  }
  // plotly.js redraws thousands of nodes inside a chart (2,300 outlines on the map), where there is
  // nothing to repair: those changes alone do not re-scan the page (40 ms per Explore indicator
  // change at 2,300 places), unless the focus is inside a chart (its modebar) and may need recovering.
  function beyondCharts(records) {
    var active = document.activeElement;
    if (active && active.closest && active.closest(".js-plotly-plot")) { return true; }
    for (var i = 0; i < records.length; i++) {
      var node = records[i].target;
      var el = node.nodeType === 1 ? node : node.parentElement;
      if (!el || !el.closest(".js-plotly-plot")) { return true; }
    }
    return false;
  }
  function start() {
    repair();
    new MutationObserver(function (records) {
      if (beyondCharts(records)) { schedule(); }
    }).observe(document.body, {
      subtree: true, childList: true, attributes: true, attributeFilter: ["tabindex", "id", "for", "class"], characterData: true
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();
