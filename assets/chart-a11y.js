/* Every Plotly chart gets an accessible name, a short generated description and a data table
 * (WCAG 1.1.1, 1.3.1): a screen reader hears "Map: Population change …, 16 values; highest:
 * Ptuj (6.1); lowest: …", and anyone can open "Data of this chart as a table".
 *
 * Built from the figure the chart drew (gd.data), after every redraw (plotly_afterplot, once the
 * page is idle), so it always says what the picture shows. The words come from the shell
 * (#shell-a11y-texts, in the page's language); numbers are written with the page language's
 * separators.
 */
(function () {
  "use strict";

  var seq = 0;

  // The shell's words as they stand (its first drawing is English; the frame's answer brings the
  // page's language, which may come after a chart drew: scan() then describes the chart again).
  function wordsKey() {
    var el = document.getElementById("shell-a11y-texts");
    return el ? el.getAttribute("data-chart-texts") || "" : "";
  }
  function texts() {
    try { return JSON.parse(wordsKey()) || {}; } catch (e) { return {}; }
  }
  function fill(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (_m, k) { return values[k]; });
  }
  // Text without markup or entities reads as it is (most hover fields: names, numbers): parsing it
  // as HTML, as a map of 2,300 places did a dozen times a place on every redraw, gives the same.
  var MARKUP = /[<&\r\0]/;
  function plain(html) {
    var s = String(html === undefined || html === null ? "" : html);
    if (!MARKUP.test(s)) { return s.trim(); }
    var div = document.createElement("div");
    div.innerHTML = s.replace(/<br\s*\/?>/gi, " · ");
    return (div.textContent || "").trim();
  }
  function lang() { return document.documentElement.lang || "en"; }
  var formats = {};  // one formatter per language, not one per number
  function num(v) {
    if (typeof v !== "number" || !isFinite(v)) { return String(v); }
    var locale = lang() === "en" ? "en-GB" : lang();
    var f = formats[locale] || (formats[locale] = new Intl.NumberFormat(locale, {maximumFractionDigits: 2}));
    return f.format(v);
  }
  function arr(a) { return Array.isArray(a) ? a : (a && a.length !== undefined ? Array.prototype.slice.call(a) : []); }

  // customdata is shown as the figure wrote it (a year 2023 is not "2,023")
  function asWritten(v) { return v === undefined || v === null ? v : String(v); }
  // A hover template filled in as plain text; field(key) gives the value of %{key}.
  function fromTemplate(tpl, field) {
    var out = String(tpl).replace(/<extra>[\s\S]*?<\/extra>/g, "").replace(/%\{([^}:|]+)(?:[:|][^}]*)?\}/g, function (_m, key) {
      var v = field(key);
      return v === undefined || v === null ? "" : (typeof v === "number" ? num(v) : plain(v));
    });
    return plain(out).replace(/\s*·\s*$/, "");
  }

  // What the hover label says for point i (the figure's own hovertemplate), as plain text.
  function hoverText(trace, i) {
    var tpl = trace.hovertemplate;
    if (Array.isArray(tpl)) { tpl = tpl[i]; }
    if (!tpl) { return ""; }
    return fromTemplate(tpl, function (key) {
      var m = /^customdata\[(\d+)\]$/.exec(key);
      if (m) { var row = arr(trace.customdata)[i]; return asWritten(row === undefined ? "" : arr(row)[+m[1]]); }
      if (key === "customdata") { return asWritten(arr(trace.customdata)[i]); }
      var src = {x: trace.x, y: trace.y, z: trace.z, text: trace.text, location: trace.locations,
                 hovertext: trace.hovertext}[key];
      return arr(src)[i];
    });
  }

  // A heatmap cell's hover label: the coverage matrix holds state codes (0, 1, 2) that only its
  // hover ("Jesenice · 2002: no data") puts into words.
  function cellHover(trace, r, c, x, y, z) {
    var tpl = trace.hovertemplate;
    if (!tpl || Array.isArray(tpl)) { return ""; }
    var cell = function (src) { return arr(arr(src)[r])[c]; };
    return fromTemplate(tpl, function (key) {
      return {customdata: asWritten(cell(trace.customdata)), text: cell(trace.text), x: x, y: y, z: z}[key];
    });
  }

  // [series, text a reader sees, number (for highest/lowest), short label] per visible point
  function rows(gd) {
    var out = [];
    (gd._fullData || gd.data || []).forEach(function (trace, n) {
      if (trace.visible === false || trace.visible === "legendonly") { return; }
      var name = plain(trace.name);
      var type = trace.type || "scatter";
      if (type === "heatmap") {
        var zz = arr(trace.z), xs = arr(trace.x), ys = arr(trace.y);
        zz.forEach(function (row, r) {
          arr(row).forEach(function (v, c) {
            var txt = arr(arr(trace.text)[r])[c];
            var hover = cellHover(trace, r, c, xs[c], ys[r], v);
            out.push([plain(ys[r]), hover || (plain(xs[c]) + ": " + (txt !== undefined && txt !== "" ? plain(txt) : num(v))), null, ""]);
          });
        });
        return;
      }
      var geo = /^choropleth/.test(type);
      if (geo && trace.hoverinfo === "skip") { return; }  // a legend entry only (figures/map.py: STAND_IN)
      // the map's one fill trace names each place's class by its slot (z)
      var classes = geo && trace.meta && Array.isArray(trace.meta.innolocClasses) ? trace.meta.innolocClasses : null;
      var horizontal = trace.orientation === "h";
      var values = arr(geo ? trace.z : (horizontal ? trace.x : trace.y));
      var labels = arr(geo ? trace.locations : (horizontal ? trace.y : trace.x));
      var count = Math.max(values.length, labels.length, arr(trace.customdata).length);
      if (/^scatter(geo|map)/.test(type) && !trace.hovertemplate) { return; }  // outlines, borders
      var order = [];
      for (var o = 0; o < count; o++) { order.push(o); }
      if (classes) { order.sort(function (a, b) { return (values[a] - values[b]) || (a - b); }); }  // class by class
      order.forEach(function (i) {
        var v = values[i];
        if (!geo && (v === null || v === undefined)) { return; }
        var short = plain(labels[i]);
        if (type === "scatter" && name) { short = name + " " + short; }
        var cd = arr(trace.customdata)[i];
        if (type !== "scatter" && Array.isArray(cd) && typeof cd[1] === "string" && cd[1]) { short = plain(cd[1]); }  // [code, name, …]
        var text = hoverText(trace, i) || (short + ": " + (typeof v === "number" ? num(v) : plain(v)));
        var series = classes && classes[v] !== undefined ? plain(classes[v]) : name;
        out.push([series || String(n + 1), text, geo ? null : (typeof v === "number" ? v : null), short]);
      });
    });
    return out;
  }

  function kind(gd, words) {
    var types = (gd._fullData || gd.data || []).map(function (t) { return t.type || "scatter"; });
    if (types.some(function (t) { return /^choropleth|^scattergeo|^scattermap/.test(t); })) { return words["kind.map"]; }
    if (types.indexOf("heatmap") >= 0) { return words["kind.matrix"]; }
    if (types.indexOf("bar") >= 0) { return words["kind.bar"]; }
    if (types.indexOf("scatter") >= 0) { return words["kind.line"]; }
    return words.generic;
  }

  function describe(gd, words, data) {
    var parts = [kind(gd, words)];
    var types = (gd._fullData || gd.data || []).map(function (t) { return t.type || "scatter"; });
    var series = {};
    data.forEach(function (r) { series[r[0]] = (series[r[0]] || 0) + 1; });
    var names = Object.keys(series);
    var numeric = data.filter(function (r) { return typeof r[2] === "number" && isFinite(r[2]); });
    parts.push(fill(words.values, {n: data.length}));
    if (types.some(function (t) { return /^choropleth/.test(t); })) {
      parts.push(names.slice(0, 10).map(function (k) { return k + ": " + series[k]; }).join(", "));
    } else if (types.indexOf("scatter") >= 0 && types.indexOf("bar") < 0 && names.length > 1) {
      parts.push(fill(words.series_n, {n: names.length}) + ": " + names.slice(0, 8).join(", "));
    }
    if (numeric.length > 1) {
      var hi = numeric[0], lo = numeric[0];
      numeric.forEach(function (r) { if (r[2] > hi[2]) { hi = r; } if (r[2] < lo[2]) { lo = r; } });
      parts.push(words.highest + ": " + hi[3] + " (" + num(hi[2]) + ")");
      parts.push(words.lowest + ": " + lo[3] + " (" + num(lo[2]) + ")");
    }
    return parts.join("; ") + ".";
  }

  function title(gd, host, words) {
    var named = host.closest("[data-a11y-name]");
    if (named) { return named.getAttribute("data-a11y-name"); }
    var card = host.closest(".card");
    var heading = card && card.querySelector(".card-header h1, .card-header h2, .card-header h3, .card-header h4, .card-header h5, .card-header h6");
    if (heading && heading.textContent.trim()) { return heading.textContent.trim(); }
    // the last heading before the chart, a few levels up
    var el = host.parentElement;
    for (var depth = 0; el && depth < 6; depth++, el = el.parentElement) {
      var hs = el.querySelectorAll("h1, h2, h3, h4, h5, h6, legend, .card-title, .sm-title");
      for (var k = hs.length - 1; k >= 0; k--) {
        if (hs[k].compareDocumentPosition(host) & Node.DOCUMENT_POSITION_FOLLOWING && hs[k].textContent.trim()) {
          return hs[k].textContent.trim();
        }
      }
    }
    var t = gd.layout && gd.layout.title;
    var text = plain(t && (t.text !== undefined ? t.text : t));
    return text || words.generic;
  }

  function table(words, data) {
    var tbl = document.createElement("table");
    tbl.className = "table table-sm chart-data-table";
    var head = tbl.createTHead().insertRow();
    [words["col.series"], words["col.value"]].forEach(function (h) {
      var th = document.createElement("th"); th.scope = "col"; th.textContent = h; head.appendChild(th);
    });
    var body = tbl.createTBody();
    data.forEach(function (r) {
      var tr = body.insertRow();
      tr.insertCell().textContent = r[0];
      tr.insertCell().textContent = r[1];
    });
    return tbl;
  }

  function update(gd) {
    var host = gd.closest(".dash-graph");
    if (!host) { return; }
    if (!host.id) { host.id = "chart-" + (++seq); }
    gd._a11yWords = wordsKey();
    var words = texts();
    var data = rows(gd);
    var id = host.id.replace(/[^A-Za-z0-9_-]/g, "_");
    var desc = document.getElementById(id + "-a11y-desc");
    if (!desc) {
      desc = document.createElement("p");
      desc.id = id + "-a11y-desc";
      desc.className = "visually-hidden";
      host.appendChild(desc);
    }
    var name = title(gd, host, words);
    desc.textContent = describe(gd, words, data);
    host.setAttribute("role", "figure");
    host.setAttribute("aria-label", name);
    host.setAttribute("aria-describedby", desc.id);
    var box = document.getElementById(id + "-a11y-table");
    if (!box) {
      box = document.createElement("details");
      box.id = id + "-a11y-table";
      box.className = "chart-data small";
      box.appendChild(document.createElement("summary"));
      box.addEventListener("toggle", function () {
        if (!box.open) { return; }
        var old = box.querySelector(".table-responsive");
        if (old) { old.remove(); }
        var wrap = document.createElement("div");
        wrap.className = "table-responsive chart-data-scroll";
        wrap.setAttribute("tabindex", "0");
        wrap.appendChild(table(texts(), box._rows || []));
        box.appendChild(wrap);
      });
    }
    // after the chart, not inside its fixed-height box (it would spill over what follows)
    if (box.previousElementSibling !== host) { host.insertAdjacentElement("afterend", box); }
    box.querySelector("summary").textContent = words.table + " (" + name + ")";
    box._rows = data;
    if (box.open) { box.dispatchEvent(new Event("toggle")); }
  }

  // After the redraw, not inside it: the description reads every point's hover text (27 ms per
  // year step with 2,300 places), which need not hold up the picture. Several redraws in a row
  // (the three charts of a year step) are described once each, when the page is idle.
  function later(gd) {
    if (gd._a11yQueued) { return; }
    gd._a11yQueued = true;
    var run = function () {
      gd._a11yQueued = false;
      if (gd.isConnected) { update(gd); }
    };
    if (window.requestIdleCallback) { window.requestIdleCallback(run, {timeout: 400}); }
    else { window.setTimeout(run, 0); }
  }

  function watch(gd) {
    if (gd._a11yWatched || typeof gd.on !== "function") { return; }
    gd._a11yWatched = true;
    gd.on("plotly_afterplot", function () { later(gd); });
    if (gd.data) { update(gd); }
  }

  var pending = false;
  function scan() {
    pending = false;
    var key = wordsKey();
    document.querySelectorAll(".dash-graph .js-plotly-plot").forEach(function (gd) {
      watch(gd);
      if (gd._a11yWords !== undefined && gd._a11yWords !== key) { later(gd); }  // the language came after the chart
    });
  }
  function start() {
    scan();
    new MutationObserver(function () {
      if (!pending) { pending = true; window.setTimeout(scan, 50); }
    }).observe(document.body, {childList: true, subtree: true});
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();
