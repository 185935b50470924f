/* Dash DataTables by keyboard (WCAG 2.1.1, 4.1.2); see dashboard/components/table_keys.py.
 *
 *  - sorting: each header's sort icon becomes a button named "Sort by <column>" (Enter or Space
 *    sorts, focus stays on it), and the sorted header says how (`aria-sort`);
 *  - selectable rows: each row's checkbox is named "Select <place>"; the column is one tab stop
 *    (roving tabindex), ArrowUp/ArrowDown/Home/End move between rows, Space or Enter ticks;
 *  - pages: the page buttons and the page number field of a paged table are named.
 * Names come from the `.table-keys-texts` element beside the table, in the page's language.
 * Only adds attributes and key handling; Dash's table keeps its own state.
 */
(function () {
  "use strict";
  var roving = {};   // table id -> the place whose checkbox is the column's tab stop

  function setAttr(el, name, value) {
    if (el.getAttribute(name) !== value) { el.setAttribute(name, value); }
  }
  function textsFor(table) {
    var el = null;
    for (var node = table.parentElement; node && !el; node = node.parentElement) {
      el = node.querySelector(":scope > .table-keys-texts");
    }
    return el || document.querySelector(".table-keys-texts");
  }
  function fill(template, name) { return (template || "{name}").replace("{name}", name); }
  function headName(th) {
    var n = th.querySelector(".column-header-name");
    return (n ? n.textContent : th.textContent).trim();
  }
  function rowName(input, i) {
    var cell = input.closest("tr") && input.closest("tr").querySelector("td[data-dash-column=place]");
    return cell ? cell.textContent.trim() : String(i + 1);
  }
  function boxes(table) { return Array.prototype.slice.call(table.querySelectorAll("td.dash-select-cell input")); }

  function enhance(table) {
    var texts = textsFor(table);
    if (!texts) { return; }
    table.querySelectorAll("th.dash-header").forEach(function (th) {
      var sort = th.querySelector(".column-header--sort");
      if (!sort) { return; }
      setAttr(sort, "role", "button");
      setAttr(sort, "tabindex", "0");
      setAttr(sort, "aria-label", fill(texts.getAttribute("data-sort"), headName(th)));
      var icon = sort.querySelector("svg");
      var how = icon ? icon.getAttribute("data-icon") : "";
      var state = how === "sort-up" ? "ascending" : how === "sort-down" ? "descending" : "";
      if (state) { setAttr(th, "aria-sort", state); }
      else if (th.hasAttribute("aria-sort")) { th.removeAttribute("aria-sort"); }
    });
    table.querySelectorAll("th.dash-select-header").forEach(function (th) {
      if (!th.querySelector(".visually-hidden")) {
        var label = document.createElement("span");
        label.className = "visually-hidden";
        th.appendChild(label);
      }
      var span = th.querySelector(".visually-hidden");
      var head = texts.getAttribute("data-select-head") || "";
      if (span.textContent !== head) { span.textContent = head; }
    });
    pager(table, texts);
    var list = boxes(table);
    if (!list.length) { return; }
    var key = table.id || "table";
    var names = list.map(rowName);
    var at = names.indexOf(roving[key]);
    if (at < 0) { at = 0; }
    list.forEach(function (input, i) {
      setAttr(input, "aria-label", fill(texts.getAttribute("data-select"), names[i]));
      setAttr(input, "tabindex", i === at ? "0" : "-1");
    });
  }

  // A paged table (page_action="native"): Dash draws icon-only buttons and an unnamed number field.
  var PAGE_BUTTONS = {"first-page": "data-page-first", "previous-page": "data-page-prev",
                      "next-page": "data-page-next", "last-page": "data-page-last"};
  function pager(table, texts) {
    var box = table.querySelector(".previous-next-container");
    if (!box) { return; }
    setAttr(box, "role", "navigation");
    setAttr(box, "aria-label", texts.getAttribute("data-pager") || "");
    Object.keys(PAGE_BUTTONS).forEach(function (cls) {
      var b = box.querySelector("button." + cls);
      if (b) { setAttr(b, "aria-label", texts.getAttribute(PAGE_BUTTONS[cls]) || ""); }
    });
    var input = box.querySelector("input.current-page");
    var last = box.querySelector(".last-page");
    if (input) {
      setAttr(input, "aria-label", (texts.getAttribute("data-page-number") || "").replace("{n}",
              last ? last.textContent.trim() : ""));
    }
  }

  function tableOf(el) { return el.closest && el.closest(".dash-table-container"); }

  window.addEventListener("keydown", function (ev) {
    var target = ev.target;
    if (!target || !target.classList) { return; }
    var table = tableOf(target);
    if (!table) { return; }
    if (target.classList.contains("column-header--sort") && (ev.key === "Enter" || ev.key === " ")) {
      ev.preventDefault();
      ev.stopImmediatePropagation();
      var col = target.closest("th").getAttribute("data-dash-column");
      target.click();
      // the header may be drawn again: keep focus on this column's button
      var refocus = function () {
        var again = table.querySelector("th.dash-header[data-dash-column='" + col + "'] .column-header--sort");
        enhance(table);
        if (again && document.activeElement !== again) { again.focus(); }
      };
      window.setTimeout(refocus, 0);
      window.setTimeout(refocus, 120);
      return;
    }
    if (target.matches("td.dash-select-cell input")) {
      var list = boxes(table), i = list.indexOf(target), j = -1;
      if (ev.key === "ArrowDown") { j = Math.min(i + 1, list.length - 1); }
      else if (ev.key === "ArrowUp") { j = Math.max(i - 1, 0); }
      else if (ev.key === "Home") { j = 0; }
      else if (ev.key === "End") { j = list.length - 1; }
      else if (ev.key === "Enter") { ev.preventDefault(); ev.stopImmediatePropagation(); target.click(); return; }
      else if (ev.key === " ") { ev.stopImmediatePropagation(); return; }  // the checkbox ticks itself
      else { return; }
      ev.preventDefault();
      ev.stopImmediatePropagation();
      roving[table.id || "table"] = rowName(list[j], j);
      enhance(table);
      list[j].focus();
    }
  }, true);

  // a box ticked by pointer becomes the column's tab stop too
  var last = null;  // the table control that has focus: {el, table id, find()}
  document.addEventListener("focusin", function (ev) {
    var target = ev.target;
    var table = target && target.closest ? tableOf(target) : null;
    if (!table) { last = null; return; }
    var id = table.id;
    if (target.matches("td.dash-select-cell input")) {
      var list = boxes(table);
      var name = rowName(target, list.indexOf(target));
      roving[id || "table"] = name;
      enhance(table);
      last = {el: target, id: id, find: function (t) {
        var all = boxes(t);
        return all.filter(function (b, i) { return rowName(b, i) === name; })[0] || null;
      }};
    } else if (target.classList.contains("column-header--sort")) {
      var col = target.closest("th").getAttribute("data-dash-column");
      last = {el: target, id: id, find: function (t) {
        return t.querySelector("th.dash-header[data-dash-column='" + col + "'] .column-header--sort");
      }};
    } else { last = null; }
  });

  // A new selection or sort draws the rows again and the focused checkbox can be replaced: focus
  // goes on with the same place's checkbox (or the same column's button), not back to the page.
  function keepFocus() {
    if (!last || last.el.isConnected) { return; }
    var a = document.activeElement;
    if (a && a !== document.body) { last = null; return; }
    var table = last.id ? document.getElementById(last.id) : null;
    var again = table ? last.find(table) : null;
    if (again) { again.focus(); }
  }

  var pending = false;
  function run() {
    pending = false;
    document.querySelectorAll(".dash-table-container").forEach(enhance);
    keepFocus();
  }
  function schedule() {
    if (!pending) { pending = true; Promise.resolve().then(run); }
  }
  function start() {
    run();
    new MutationObserver(schedule).observe(document.body, {
      subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["data-icon", "class"]
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();
