/* Steering matrix for keyboard, screen reader and pointer (issue 11).
 *
 *  - One tab stop: the matrix's sort buttons and cells are a grid moved through with the arrow keys
 *    (Home/End: a row's ends, Ctrl+Home/End: the first/last cell); exactly one of them is at
 *    tabindex 0, the last one used (a roving tabindex), so Tab passes the matrix in one press.
 *  - Focus survives a re-render: after a sort (or any change that redraws the table) the control
 *    that was used keeps the focus (the same column's sort button, the same place's cell), instead
 *    of dropping to <body>.
 *  - One tooltip for the page (WCAG 1.4.13): shown on hover and on focus from the element's
 *    `data-tip` lines; the pointer may move onto it without it vanishing; Escape closes it; it stays
 *    until the pointer or the focus leaves. The focused element is described by it (aria-describedby).
 */
(function () {
  "use strict";
  var TABLE = ".steering-matrix";
  var TIP_ID = "steering-tip";
  var GAP = 6;            // px between the element and its tip
  var HIDE_DELAY = 400;   // ms to move the pointer from the element onto its tip

  // ---- the grid ---------------------------------------------------------------------------------

  function grid(table) {
    var head = Array.prototype.slice.call(table.querySelectorAll("thead .sort-btn"));
    var rows = [head];
    table.querySelectorAll("tbody tr[data-code]").forEach(function (tr) {
      var row = [null];
      tr.querySelectorAll("td.cell").forEach(function (td) { row.push(td); });
      rows.push(row);
    });
    return rows;
  }

  function where(rows, el) {
    for (var r = 0; r < rows.length; r++) {
      var c = rows[r].indexOf(el);
      if (c >= 0) { return [r, c]; }
    }
    return null;
  }

  // what to find again after a redraw: the column (sort key) and the row (place code)
  function keyOf(el) {
    if (el.classList.contains("sort-btn")) { return {col: el.getAttribute("data-col"), code: null}; }
    var tr = el.closest("tr[data-code]"), table = el.closest(TABLE);
    var th = table && table.querySelectorAll("thead th")[el.cellIndex];
    return {col: th ? th.getAttribute("data-indicator") : null, code: tr ? tr.getAttribute("data-code") : null};
  }

  function find(table, key) {
    if (!key) { return null; }
    var esc = window.CSS && CSS.escape ? CSS.escape : function (s) { return s; };
    if (key.code === null) { return table.querySelector('thead .sort-btn[data-col="' + esc(key.col) + '"]'); }
    var tr = table.querySelector('tbody tr[data-code="' + esc(key.code) + '"]');
    var ths = Array.prototype.slice.call(table.querySelectorAll("thead th"));
    var index = ths.findIndex(function (th) { return th.getAttribute("data-indicator") === key.col; });
    return tr && index > 0 ? tr.children[index] || null : null;
  }

  var current = null;   // key of the grid's tab stop
  var focused = null;   // the grid element that had the focus last

  function setStop(table, el) {
    grid(table).forEach(function (row) {
      row.forEach(function (item) {
        if (item && item !== el && item.getAttribute("tabindex") !== "-1") { item.setAttribute("tabindex", "-1"); }
      });
    });
    if (el && el.getAttribute("tabindex") !== "0") { el.setAttribute("tabindex", "0"); }
  }

  function inGrid(el) {
    return el && el.closest && el.closest(TABLE) && (el.matches("thead .sort-btn") || el.matches("td.cell"));
  }

  document.addEventListener("focusin", function (event) {
    var el = event.target;
    if (!inGrid(el)) { return; }
    current = keyOf(el);
    focused = el;
    setStop(el.closest(TABLE), el);
  });

  window.addEventListener("keydown", function (event) {
    var el = event.target;
    if (!inGrid(el)) { return; }
    var keys = ["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End"];
    if (keys.indexOf(event.key) < 0 || event.altKey || event.metaKey) { return; }
    var rows = grid(el.closest(TABLE)), at = where(rows, el);
    if (!at) { return; }
    var r = at[0], c = at[1], target = null;
    var first = function (row) { return row[0] ? 0 : 1; };
    if (event.key === "ArrowLeft") { target = rows[r][Math.max(first(rows[r]), c - 1)]; }
    if (event.key === "ArrowRight") { target = rows[r][Math.min(rows[r].length - 1, c + 1)]; }
    if (event.key === "ArrowUp" && r > 0) { target = rows[r - 1][c] || rows[r - 1][1]; }
    if (event.key === "ArrowDown" && r < rows.length - 1) { target = rows[r + 1][Math.max(1, c)]; }
    if (event.key === "Home") { target = event.ctrlKey ? rows[0][0] : rows[r][first(rows[r])]; }
    if (event.key === "End") {
      var last = event.ctrlKey ? rows[rows.length - 1] : rows[r];
      target = last[last.length - 1];
    }
    event.preventDefault();
    event.stopPropagation();  // the slides player's arrows do not move the deck from inside the matrix
    if (target && target !== el) { target.focus(); }
  }, true);

  // After a redraw: one tab stop (the remembered one, else the first button), and the focus back on
  // the control that was used if the redraw took it away.
  function repair() {
    pending = false;
    var table = document.querySelector(TABLE);
    if (!table) { return; }
    var stop = find(table, current) || table.querySelector("thead .sort-btn");
    setStop(table, stop);
    var active = document.activeElement;
    if (focused && !focused.isConnected && (!active || active === document.body) && stop) {
      focused = stop;
      stop.focus();
    }
  }
  var pending = false;
  function schedule() {
    if (!pending) { pending = true; Promise.resolve().then(repair); }
  }

  // ---- the tooltip --------------------------------------------------------------------------------

  var tip = null, host = null, hideTimer = null, dismissed = null;
  // After Escape, the cell that ends up under a still pointer must not open its own hint: the
  // browser sends it a mouseover without the pointer moving. Hover opens hints again on a real move.
  var pointer = {x: -1, y: -1}, stillAt = null;

  function box() {
    if (!tip) {
      tip = document.createElement("div");
      tip.id = TIP_ID;
      tip.className = "steering-tip";
      tip.setAttribute("role", "tooltip");
      tip.hidden = true;
      tip.addEventListener("mouseenter", cancelHide);
      tip.addEventListener("mouseleave", function (event) {
        if (!(host && host.contains(event.relatedTarget))) { scheduleHide(); }
      });
      document.body.appendChild(tip);
    }
    return tip;
  }

  function place(el) {
    var t = box(), rect = el.getBoundingClientRect();
    var width = t.offsetWidth, height = t.offsetHeight;
    var below = el.tagName === "TH" || rect.top < height + GAP + 8;
    var top = below ? rect.bottom + GAP : rect.top - height - GAP;
    var room = document.documentElement.clientWidth;
    var left = Math.max(4, Math.min(rect.left + rect.width / 2 - width / 2, room - width - 4));
    t.style.top = Math.round(top + window.scrollY) + "px";
    t.style.left = Math.round(left + window.scrollX) + "px";
    t.classList.toggle("below", below);
  }

  function show(el) {
    cancelHide();
    if (host === el && !tip.hidden) { return; }
    if (dismissed === el) { return; }
    var t = box();
    t.textContent = "";
    el.getAttribute("data-tip").split("\n").forEach(function (line, i) {
      var div = document.createElement("div");
      div.textContent = line;
      if (i === 0 && el.tagName === "TD") { div.className = "fw-semibold"; }
      t.appendChild(div);
    });
    unlink();
    host = el;
    t.hidden = false;
    place(el);
    var described = describedElement();
    if (described) { described.setAttribute("aria-describedby", TIP_ID); }
  }

  // the element the reader is on: the focused sort button inside a header, or the cell itself
  function describedElement() {
    if (!host) { return null; }
    var active = document.activeElement;
    return active && host.contains(active) ? active : host;
  }

  function unlink() {
    document.querySelectorAll('[aria-describedby="' + TIP_ID + '"]').forEach(function (el) {
      el.removeAttribute("aria-describedby");
    });
  }

  function hide() {
    cancelHide();
    if (tip) { tip.hidden = true; }
    unlink();
    host = null;
  }
  function scheduleHide() {
    cancelHide();
    hideTimer = window.setTimeout(hide, HIDE_DELAY);
  }
  function cancelHide() {
    if (hideTimer) { window.clearTimeout(hideTimer); hideTimer = null; }
  }

  function tipHost(el) {
    var found = el && el.closest && el.closest(TABLE + " [data-tip]");
    return found && found.getAttribute("data-tip") ? found : null;
  }

  document.addEventListener("mousemove", function (event) {
    pointer = {x: event.clientX, y: event.clientY};
    if (stillAt && (stillAt.x !== pointer.x || stillAt.y !== pointer.y)) { stillAt = null; }
  });
  document.addEventListener("mouseover", function (event) {
    var el = tipHost(event.target);
    if (el && stillAt) { return; }
    if (el) { show(el); }
    else if (host && !(tip && tip.contains(event.target))) { scheduleHide(); }
  });
  document.addEventListener("mouseout", function (event) {
    var el = tipHost(event.target);
    if (!el) { return; }
    var to = event.relatedTarget;
    if (dismissed === el && !(to && el.contains(to))) { dismissed = null; }
    if (el === host && !(to && (el.contains(to) || (tip && tip.contains(to))))) { scheduleHide(); }
  });
  document.addEventListener("focusin", function (event) {
    var el = tipHost(event.target);
    dismissed = null;
    if (el) { show(el); } else if (host) { hide(); }
  });
  document.addEventListener("focusout", function (event) {
    var el = tipHost(event.target);
    if (el && el === host && !(event.relatedTarget && el.contains(event.relatedTarget))) { hide(); }
  });
  // Escape closes the hint and nothing else (presentation mode would otherwise end, say)
  window.addEventListener("keydown", function (event) {
    if ((event.key === "Escape" || event.key === "Esc") && tip && !tip.hidden) {
      dismissed = host;
      stillAt = {x: pointer.x, y: pointer.y};
      hide();
      event.preventDefault();
      event.stopPropagation();
    }
  }, true);
  window.addEventListener("scroll", function () { if (host && tip && !tip.hidden) { place(host); } }, true);

  function start() {
    repair();
    new MutationObserver(function () {
      if (host && !host.isConnected) { hide(); }
      schedule();
    }).observe(document.body, {subtree: true, childList: true});
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();
