/* Share and download: one implementation for every chart's share bar (dashboard/components/share_bar.py).
 *
 * - images (PNG, SVG) from the live figure or a figure the server built for print, with a caption block:
 *   title, then lines (period/unit, comparability caveat, sources, licence attribution, release date)
 *   and the link to the view, wrapped to the image's width so nothing is cut;
 * - copy link (with a confirmation read by screen readers);
 * - embed: shows the <iframe> snippet of this view with embed=1;
 * - embed mode (embed=1): the class `embedding` on <html>; only the element marked data-embed-target
 *   (and its share caption) stays visible, see embed.css.
 */
(function () {
    'use strict';

    function viewUrl(extra) {
        var u = new URL(window.location.href);
        u.searchParams.delete('embed');
        Object.keys(extra || {}).forEach(function (k) { u.searchParams.set(k, extra[k]); });
        return u.toString().replace(/%2C/g, ',').replace(/%3A/g, ':');
    }

    function wrap(text, maxChars) {
        var words = [], lines = [], line = '';
        // a word longer than a line (the link) is cut into pieces that fit
        String(text).split(' ').forEach(function (w) {
            while (w.length > maxChars) { words.push(w.slice(0, maxChars)); w = w.slice(maxChars); }
            words.push(w);
        });
        words.forEach(function (w) {
            if (line && (line + ' ' + w).length > maxChars) { lines.push(line); line = w; }
            else { line = line ? line + ' ' + w : w; }
        });
        if (line) { lines.push(line); }
        return lines;
    }

    function esc(s) {
        return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    }

    /* fig: {data, layout}; meta: {title, lines: [..]}; opts: {format, filename, width, height} */
    function image(fig, meta, opts) {
        /* Draw the figure once off screen at the image's width first: a legend below the plot
           (the map's) takes as many rows as that width needs, and Plotly widens the bottom margin
           for it. The caption then goes below what Plotly really used, never over the legend. */
        var layout0 = JSON.parse(JSON.stringify(fig.layout || {}));
        var width0 = Math.max(opts.width || layout0.width || 1000, 1000);
        var height0 = opts.height || layout0.height || 500;
        var probe = document.createElement('div');
        probe.style.cssText = 'position:absolute;left:-20000px;top:0;width:' + width0 + 'px;height:' + height0 + 'px';
        document.body.appendChild(probe);
        layout0.width = width0; layout0.height = height0;
        function done() { try { window.Plotly.purge(probe); } catch (e) { /* already gone */ } probe.remove(); }
        return window.Plotly.newPlot(probe, fig.data, layout0,
                                     {staticPlot: true, topojsonURL: '/assets/topojson/'}).then(function () {
            var full = probe._fullLayout, size = full && full._size;
            // a map keeps room below it for its tallest legend (Explore: the map's scale stays from
            // year to year); an image needs only the room its own legend takes
            var room = null;
            if (full && size && !full._has('cartesian') && full.legend && full.legend._effHeight > 0 && full.legend.y <= 0) {
                room = Math.ceil(full.legend._effHeight) + 8;
            }
            done();
            return drawImage(fig, meta, opts, size, room);
        }, function () { done(); return drawImage(fig, meta, opts, null, null); });
    }

    function drawImage(fig, meta, opts, probed, room) {
        var layout = JSON.parse(JSON.stringify(fig.layout || {}));
        var width = Math.max(opts.width || layout.width || 1000, 1000);
        var lines = [];
        (meta.lines || []).concat([viewUrl()]).forEach(function (l) {
            if (l) { lines = lines.concat(wrap(l, Math.floor((width - 24) / 7.0))); }
        });
        var titleLines = wrap(meta.title || '', Math.floor(width / 9.5));
        var extraTop = 24 + 22 * titleLines.length;
        var extraBottom = 16 + 16 * lines.length;
        var margin = Object.assign({}, layout.margin || {});
        // the bottom margin Plotly needed at this width (legend rows included)
        var grow = probed && probed.b > (margin.b || 0) ? probed.b - (margin.b || 0) : 0;
        margin.b = (margin.b || 0) + grow;
        if (room !== null && room < margin.b) {  // the same plot area, the legend's room only
            grow -= margin.b - room;
            margin.b = room;
        }
        var height = (opts.height || layout.height || 500) + grow + extraTop + extraBottom;
        layout.margin = Object.assign({}, margin, {t: (margin.t || 0) + extraTop, b: margin.b + extraBottom});
        layout.width = width; layout.height = height;
        layout.title = {text: '<b>' + titleLines.map(esc).join('<br>') + '</b>', x: 0.01, xref: 'container',
                        xanchor: 'left', y: 1, yref: 'container', yanchor: 'top', pad: {t: 12}, font: {size: 17}};
        var ann = (layout.annotations || []).slice();
        // the margins Plotly really used (automargin widens them for long tick labels)
        var used = opts.size || {};
        var left = used.l !== undefined ? used.l : (layout.margin.l === undefined ? 80 : layout.margin.l);
        var right = used.r !== undefined ? used.r : (layout.margin.r === undefined ? 80 : layout.margin.r);
        if (used.l !== undefined) { layout.margin.l = left; layout.margin.r = right; }
        var plotW = Math.max(1, width - left - right);
        // the caption starts at the image's left edge (paper x = 0 is the plot's left edge)
        ann.push({text: lines.map(esc).join('<br>'), xref: 'paper', yref: 'paper',
                  x: -(left - 12) / plotW, xanchor: 'left',
                  y: -(( (margin.b || 0) + 6) / Math.max(1, height - layout.margin.t - layout.margin.b)),
                  yanchor: 'top', align: 'left', showarrow: false, font: {size: 11, color: '#444'},
                  name: 'share-caption'});
        layout.annotations = ann;
        return window.Plotly.downloadImage(
            {data: fig.data, layout: layout, config: {topojsonURL: '/assets/topojson/'}},
            {format: opts.format || 'png', width: width, height: height, scale: opts.format === 'svg' ? 1 : 2,
             filename: opts.filename || 'innovative-location'});
    }

    function confirm(btn, text) {
        var bar = btn.closest('[data-share-bar]');
        var status = bar && bar.querySelector('[data-share-status]');
        if (status) { status.textContent = text; window.setTimeout(function () { status.textContent = ''; }, 4000); }
    }

    function copyLink(btn) {
        var url = viewUrl();
        var done = function () { confirm(btn, btn.getAttribute('data-done') || 'Copied'); };
        if (navigator.clipboard && window.isSecureContext) {
            navigator.clipboard.writeText(url).then(done, function () { fallbackCopy(url); done(); });
        } else { fallbackCopy(url); done(); }
    }

    function fallbackCopy(text) {
        var ta = document.createElement('textarea');
        ta.value = text; ta.setAttribute('readonly', ''); ta.style.position = 'fixed'; ta.style.opacity = '0';
        document.body.appendChild(ta); ta.select();
        try { document.execCommand('copy'); } catch (e) { /* the snippet stays selectable */ }
        document.body.removeChild(ta);
    }

    function embed(btn) {
        var bar = btn.closest('[data-share-bar]');
        var box = bar && bar.querySelector('[data-share-embed]');
        if (!box) { return; }
        var extra = {embed: '1'};
        var chart = bar.getAttribute('data-chart');
        if (chart) { extra.chart = chart; }
        var src = viewUrl(extra);
        box.querySelector('textarea').value = '<iframe src="' + src.replace(/"/g, '&quot;') +
            '" width="100%" height="620" style="border:0" loading="lazy" title="' +
            esc(bar.getAttribute('data-title') || 'Innovative Location') + '"></iframe>';
        box.hidden = !box.hidden;
        btn.setAttribute('aria-expanded', String(!box.hidden));
        if (!box.hidden) { box.querySelector('textarea').select(); }
    }

    /* a bar that names its graph (data-graph): the image from the live figure, the caption from the
       bar's own caption text (which the page keeps current) */
    function barImage(btn, format) {
        var bar = btn.closest('[data-share-bar]');
        var host = bar && document.getElementById(bar.getAttribute('data-graph'));
        var gd = host && (host.classList.contains('js-plotly-plot') ? host : host.querySelector('.js-plotly-plot'));
        if (!gd || !window.Plotly) { return; }
        var cap = bar.querySelector('.share-caption');
        var lines = cap ? cap.innerText.split('\n').filter(function (l) { return l.trim(); }) : [];
        return graphImage(gd, {title: bar.getAttribute('data-title') || '', lines: lines},
                          {format: format, filename: 'innovative-location-' + (bar.getAttribute('data-chart') || 'chart')});
    }

    /* the image of a graph as the page shows it now; a figure it holds while out of view
       (plotly-in-view.js) is drawn first, so the image is of the latest */
    function graphImage(gd, meta, opts) {
        var drawn = window.innolocInView ? window.innolocInView.draw(gd) : Promise.resolve(gd);
        return drawn.then(function () {
            var layout = gd.layout || {};
            return image({data: gd.data, layout: layout}, meta,
                         Object.assign({width: gd.clientWidth, height: layout.height || gd.clientHeight,
                                        size: gd._fullLayout && gd._fullLayout._size}, opts));
        });
    }

    document.addEventListener('click', function (ev) {
        var btn = ev.target.closest && ev.target.closest('[data-share]');
        if (!btn) { return; }
        var what = btn.getAttribute('data-share');
        if (what === 'link') { copyLink(btn); }
        else if (what === 'embed') { embed(btn); }
        else if (what === 'png' || what === 'svg') { barImage(btn, what); }
    });

    /* embed mode: before the first paint, then on every in-app navigation */
    function markEmbed() {
        var on = new URLSearchParams(window.location.search).get('embed') === '1';
        document.documentElement.classList.toggle('embedding', on);
        if (!on) { return; }
        var chart = new URLSearchParams(window.location.search).get('chart');
        var targets = document.querySelectorAll('[data-embed-target]');
        var keep = null;
        targets.forEach(function (el) {
            var shown = !el.closest('[hidden]');
            if (chart && el.getAttribute('data-embed-target') === chart) { keep = el; }
            else if (!chart && shown && !keep) { keep = el; }
        });
        document.querySelectorAll('.embed-kept, .embed-path').forEach(function (el) {
            el.classList.remove('embed-kept'); el.classList.remove('embed-path');
        });
        if (!keep) {  // a chart name this page does not have: its first visible chart, not a blank frame
            targets.forEach(function (el) { if (!keep && !el.closest('[hidden]')) { keep = el; } });
        }
        if (!keep) { return; }
        keep.classList.add('embed-kept');
        for (var el = keep.parentElement; el && el !== document.body; el = el.parentElement) {
            el.classList.add('embed-path');
        }
    }
    markEmbed();
    new MutationObserver(function () { window.requestAnimationFrame(markEmbed); })
        .observe(document.documentElement, {childList: true, subtree: true});

    /* a printed page says the day it was printed (the server wrote the day it was rendered) */
    window.addEventListener('beforeprint', function () {
        var today = new Date().toISOString().slice(0, 10);
        document.querySelectorAll('[data-print-date]').forEach(function (el) { el.textContent = today; });
    });

    window.innolocShare = {image: image, graphImage: graphImage, viewUrl: viewUrl, wrap: wrap};
})();
