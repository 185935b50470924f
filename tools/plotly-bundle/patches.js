// Source patches applied to plotly.js while build.js bundles it (an esbuild onLoad plugin).
//
// Why: a geo map redraw (Plotly.react with new data: every Explore year step, indicator change and
// map click) recomputes, for every municipality, things that depend only on its outline: the
// centroid, the hover polygons and the bounding box (calcGeoJSON), and the projected SVG path
// (`_render`); and fitbounds bounds every vertex of every outline (geoBounds over ~150,000 points at
// 2,300 places). That was ~170 ms of each ~250 ms map redraw at 2,300 places (CPU profile of an
// unminified build, bench/RESULTS-perf.md, session 9), and writing every outline's unchanged style
// made the browser restyle all of them. The outlines are the same objects from
// redraw to redraw (the geometry is fetched once, plotly keeps it in window.PlotlyGeoAssets), so:
//
//   - a choropleth trace finds its locations' features through an index kept per GeoJSON object,
//     instead of walking every feature once per trace;
//   - centroid, polygons, bounding box are kept per outline object in a WeakMap (pure functions of
//     the outline; RUS and FJI, which plotly treats specially by id, are not cached);
//   - the SVG path is a function of the outline and the projection: it is kept with the
//     projection's parameters and reused only while they are equal, and a path whose `d` is
//     already that string is not written again;
//   - an outline's fill, line colour, line width and opacity are each written only when it changes
//     (one colour per value); the line most outlines share is the trace group's, inherited;
//   - fitbounds takes two corners of each outline's bounding box instead of its every vertex, when
//     that provably gives the same box (innolocFitBbox says why), else every vertex as before.
//
// One patch changes what is drawn, and only for a trace that asks for it: a scattergeo trace with
// `meta.innolocFit === 'points'` (Explore's count circles, dashboard/figures/map.py) is framed by
// its points, not padded by its markers' radii. With the pads, a count map's scale depended on the
// circle sizes (1692.72 against 1693.37 for a rate at 2,300 places), so changing between a rate and
// a count, or a count's year, reprojected every outline (~230 ms at 2,300 places). fitbounds keeps
// its 5 % margin, which is wider than the largest circle's radius (21 px), so a circle at the edge
// still shows whole. innolocGeoCache does not turn this one off.
//
// A line or fill colour string is parsed once (its rgb() text and alpha are kept per string).
//
// Explore's count circles, which differ only in size, share one fill and line set on their trace's
// group (SVG inherits them); each circle gets only its path and opacity.
//
// `window.innolocGeoCache = false` turns all of it off (tests/browser/test_geo_cache.py draws with
// and without and compares the SVG, the hover polygons and the view). Each patch must find its
// anchor exactly once, or the build fails: a new plotly.js version has to be looked at, not
// patched blind.
'use strict';

const fs = require('fs');

const HELPER = `
// innoloc patch (tools/plotly-bundle/patches.js): results that depend only on an outline, kept per outline object
function innolocGeoCacheOn() {
    return typeof WeakMap === 'function' && !(typeof window !== 'undefined' && window.innolocGeoCache === false);
}
function innolocByGeometry(cache, d, make) {
    var g = d && (d.type === 'Feature' ? d.geometry : d);
    if (!g || typeof g !== 'object' || !innolocGeoCacheOn()) return make();
    var hit = cache.get(g);
    if (hit === undefined) {
        hit = make();
        cache.set(g, hit);
    }
    return hit;
}
var innolocCentroids = typeof WeakMap === 'function' ? new WeakMap() : null;
var innolocPolygons = typeof WeakMap === 'function' ? new WeakMap() : null;
var innolocBboxes = typeof WeakMap === 'function' ? new WeakMap() : null;
// FeatureCollection -> {featureidkey: Map(String(id) -> index of its first feature)}; the features
// array's length is checked on each use, so a collection that grew or shrank is indexed again
var innolocFeatureIndexes = typeof WeakMap === 'function' ? new WeakMap() : null;
function innolocFeatureIndex(geojson, key) {
    var features = geojson.features;
    if (!Array.isArray(features) || !innolocGeoCacheOn()) return null;
    var byKey = innolocFeatureIndexes.get(geojson);
    if (!byKey) {
        byKey = {};
        innolocFeatureIndexes.set(geojson, byKey);
    }
    var hit = byKey[key];
    if (!hit || hit.n !== features.length || hit.features !== features) {
        var ids = new Map();
        for (var i = 0; i < features.length; i++) {
            var id = String(nestedProperty(features[i], key).get());
            if (!ids.has(id)) ids.set(id, i);
        }
        hit = byKey[key] = {n: features.length, features: features, ids: ids};
    }
    return hit.ids;
}
`;

const PATCHES = [
    {
        file: 'src/lib/geo_location_utils.js',
        edits: [
            {
                find: 'function feature2polygons(feature) {',
                replace: HELPER + `
function feature2polygons(feature) {
    if (feature.id === 'RUS' || feature.id === 'FJI') return feature2polygonsUncached(feature);
    return innolocByGeometry(innolocPolygons, feature, function () { return feature2polygonsUncached(feature); });
}

function feature2polygonsUncached(feature) {`,
            },
            {
                find: 'function findCentroid(feature) {',
                replace: `function findCentroid(feature) {
    return innolocByGeometry(innolocCentroids, feature, function () { return findCentroidUncached(feature); });
}

function findCentroidUncached(feature) {`,
            },
            {
                // Each choropleth trace looked up its locations by walking every feature of the
                // GeoJSON (and parsing featureidkey once per feature): 13 traces x ~2,500 features on
                // every map redraw, ~15 ms of each at 2,300 places (profiled). The features' positions
                // by id are kept per GeoJSON object and key, and a trace visits only its own, in the
                // GeoJSON's order, as before (the first feature of an id wins, as before).
                find: `    switch (geojsonIn.type) {
        case 'FeatureCollection':
            var featuresIn = geojsonIn.features;
            for (i = 0; i < featuresIn.length; i++) {
                appendFeature(featuresIn[i]);
            }
            break;`,
                replace: `    var byId = geojsonIn.type === 'FeatureCollection' && innolocFeatureIndex(geojsonIn, trace.featureidkey || 'id');
    switch (byId ? 'innolocIndexed' : geojsonIn.type) {
        case 'innolocIndexed':
            var at = [];
            for (var loc in lookup) {
                if (byId.has(loc)) at.push(byId.get(loc));
            }
            at.sort(function (a, b) { return a - b; });
            for (i = 0; i < at.length; i++) {
                appendFeature(geojsonIn.features[at[i]]);
            }
            break;
        case 'FeatureCollection':
            var featuresIn = geojsonIn.features;
            for (i = 0; i < featuresIn.length; i++) {
                appendFeature(featuresIn[i]);
            }
            break;`,
            },
            {
                find: 'const computeBbox = (d) => boundsOfCoords(coordsOf(d));',
                replace: 'const computeBbox = (d) => innolocByGeometry(innolocBboxes, d, () => boundsOfCoords(coordsOf(d)));',
            },
            {
                find: `    computeBbox,
    coordsOf,`,
                replace: `    computeBbox,
    coordsOf,
    innolocGeoCacheOn,`,
            },
        ],
    },
    {
        file: 'src/traces/choropleth/plot.js',
        edits: [
            {
                find: `    const parts = [];
    for (const calcPt of calcTrace) {
        if (calcPt.geojson) parts.push(geoUtils.coordsOf(calcPt.geojson));
    }

    return parts.flat();`,
                replace: `    const full = () => {
        const parts = [];
        for (const calcPt of calcTrace) {
            if (calcPt.geojson) parts.push(geoUtils.coordsOf(calcPt.geojson));
        }
        return parts.flat();
    };
    // innoloc patch (tools/plotly-bundle/patches.js): two corners of each outline's bounding box stand
    // for its coordinates; geo.js (innolocFitBbox) checks that they give the same bounds, else uses full()
    if (!geoUtils.innolocGeoCacheOn()) return full();
    const corners = [];
    let arc = 0;
    for (const calcPt of calcTrace) {
        const b = calcPt.geojson && geoUtils.computeBbox(calcPt.geojson);
        if (!b) continue;
        corners.push([b[0], b[1]], [b[2] > 180 ? b[2] - 360 : b[2], b[3]]);
        arc = Math.max(arc, b[2] - b[0]);
    }
    corners.innolocArc = arc;
    corners.innolocFull = full;
    return corners;`,
            },
        ],
    },
    {
        file: 'src/traces/choropleth/style.js',
        edits: [
            {
                find: `    locs.each(function(d) {
        d3.select(this)
            .attr('fill', sclFunc(d.z))
            .call(Color.stroke, d.mlc || markerLine.color)
            .call(Drawing.dashLine, '', d.mlw || markerLine.width || 0)
            .style('opacity', marker.opacity);
    });`,
                replace: `    // innoloc patch (tools/plotly-bundle/patches.js): one colour per value, and of an outline's fill,
    // line, line width and opacity only what changed is written again (every write makes the browser
    // restyle the path, and a line colour is parsed on each): a new year or indicator changes fills.
    // Not while points are selected, whose styling changes the same properties
    var keep = geoUtils.innolocGeoCacheOn() && !trace.selectedpoints;
    // The line most outlines have is held by the trace's group, which SVG passes on to every outline
    // without a line of its own: a count's grey borders instead of a rate's white ones is one write,
    // not one per outline (~13 ms at 2,300 places, profiled)
    var group = s.node();
    var common = null;
    if (keep && group && group.style) {
        var counts = new Map();
        var most = 0;
        locs.each(function(d) {
            var line = d.mlc || markerLine.color;
            var width = d.mlw || markerLine.width || 0;
            var key = line + '|' + width;
            var n = (counts.get(key) || 0) + 1;
            counts.set(key, n);
            if (n > most) {
                most = n;
                common = {key: key, line: line, width: width};
            }
        });
    }
    if (common && (!group.__innolocLine || group.__innolocLine.key !== common.key)) {
        d3.select(group).call(Color.stroke, common.line).call(Drawing.dashLine, '', common.width);
    } else if (!common && group && group.__innolocLine) {
        INNOLOC_LINE.forEach(function(p) { group.style.removeProperty(p); });
    }
    if (group) group.__innolocLine = common;
    var fills = new Map();
    locs.each(function(d) {
        var fill = fills.get(d.z);
        if (fill === undefined) {
            fill = sclFunc(d.z);
            fills.set(d.z, fill);
        }
        var lineColor = d.mlc || markerLine.color;
        var lineWidth = d.mlw || markerLine.width || 0;
        var own = !common || common.key !== lineColor + '|' + lineWidth;
        var was = keep && this.__innolocStyle;
        var path = d3.select(this);
        if (!was || was.fill !== fill) path.attr('fill', fill);
        if (own) {
            if (!was || !was.own || was.line !== lineColor) path.call(Color.stroke, lineColor);
            if (!was || !was.own || was.width !== lineWidth) path.call(Drawing.dashLine, '', lineWidth);
        } else if (!was || was.own) {
            for (var p = 0; p < INNOLOC_LINE.length; p++) this.style.removeProperty(INNOLOC_LINE[p]);
        }
        if (!was || was.opacity !== marker.opacity) path.style('opacity', marker.opacity);
        this.__innolocStyle = keep ? {fill: fill, line: lineColor, width: lineWidth, opacity: marker.opacity, own: own} : undefined;
    });`,
            },
            {
                find: `    if(trace.selectedpoints) {
        Drawing.selectedPointStyle(s.selectAll('.choroplethlocation'), trace);`,
                replace: `    if(trace.selectedpoints) {
        s.selectAll('.choroplethlocation').each(function() { this.__innolocStyle = undefined; });
        Drawing.selectedPointStyle(s.selectAll('.choroplethlocation'), trace);`,
            },
            {
                find: `var Colorscale = require('../../components/colorscale');`,
                replace: `var Colorscale = require('../../components/colorscale');
var geoUtils = require('../../lib/geo_location_utils');
var INNOLOC_LINE = ['stroke', 'stroke-opacity', 'stroke-dasharray', 'stroke-width'];`,
            },
        ],
    },
    {
        file: 'src/traces/scattergeo/plot.js',
        edits: [
            {
                find: '        opts.ppad = calcMarkerSize(trace, len);',
                replace: `        // innoloc patch (tools/plotly-bundle/patches.js): a trace whose meta says so (Explore's count
        // circles) is framed by its points, not by its markers' radii. Otherwise the view depends on the
        // circle sizes: a count indicator, or another year of one, scaled the map a little differently,
        // so the map moved and every outline was projected again (~230 ms at 2,300 places)
        if (!(trace.meta && trace.meta.innolocFit === 'points')) opts.ppad = calcMarkerSize(trace, len);`,
            },
        ],
    },
    {
        file: 'src/plots/geo/geo.js',
        edits: [
            {
                find: `    for (k in this.dataPaths) {
        this.dataPaths[k].attr('d', function (d) {
            return pathFn(d.geojson);
        });
    }`,
                replace: `    // innoloc patch (tools/plotly-bundle/patches.js): an outline's path is projected once per view
    var pathOf = innolocPathOf(projection, pathFn);
    for (k in this.dataPaths) {
        this.dataPaths[k].each(function (d) {
            var s = pathOf(d.geojson);
            if (s === null || s === undefined) this.removeAttribute('d');
            else if (this.getAttribute('d') !== s) this.setAttribute('d', s);
        });
    }`,
            },
            {
                find: '        const fitBbox = geoUtils.boundsOfCoords(fitCoordParts.flat());',
                replace: '        const fitBbox = innolocFitBbox(fitCoordParts);',
            },
            {
                find: '// Helper that wraps d3[geo + /* Projection name /*]() which:',
                replace: `// innoloc patch (tools/plotly-bundle/patches.js): the projected path of an outline, kept with the
// projection's parameters (a path is reused only while every one of them is equal)
var innolocPaths = typeof WeakMap === 'function' ? new WeakMap() : null;
function innolocPathOf(projection, pathFn) {
    if (!geoUtils.innolocGeoCacheOn()) return pathFn;
    var state = {};
    ['scale', 'translate', 'rotate', 'center', 'angle', 'reflectX', 'reflectY', 'clipAngle', 'clipExtent',
        'precision', 'parallels', 'tilt', 'distance'].forEach(function (m) {
        if (typeof projection[m] === 'function') state[m] = projection[m]();
    });
    var key = JSON.stringify(state);
    return function (geojson) {
        var g = geojson && geojson.geometry;
        if (!g || typeof g !== 'object') return pathFn(geojson);
        var hit = innolocPaths.get(g);
        if (hit && hit.key === key) return hit.d;
        var d = pathFn(geojson);
        innolocPaths.set(g, { key: key, d: d });
        return d;
    };
}

// innoloc patch (tools/plotly-bundle/patches.js): fitbounds' box from each outline's bounding-box corners
// (choropleth fitCoords) instead of its every vertex. For points, geoBounds' longitudes are the
// complement of the widest gap between them. The corners hold each outline's westmost and eastmost
// longitude, so a gap among the corners is free of every vertex unless some outline spans at least as
// much longitude as the gap; when every outline is narrower than the gap left outside the box, the
// widest gap and so the box are the same as from every vertex. Otherwise (or without corners): every vertex.
function innolocFitBbox(parts) {
    var bbox = geoUtils.boundsOfCoords(parts.flat());
    var reduced = parts.filter(function (p) { return p.innolocFull; });
    if (!reduced.length || !bbox) return bbox;
    var arc = Math.max.apply(null, reduced.map(function (p) { return p.innolocArc; }));
    if (arc < 360 - (bbox[2] - bbox[0])) return bbox;
    return geoUtils.boundsOfCoords(parts.map(function (p) { return p.innolocFull ? p.innolocFull() : p; }).flat());
}

// Helper that wraps d3[geo + /* Projection name /*]() which:`,
            },
        ],
    },
    {
        file: 'src/components/drawing/index.js',
        edits: [
            {
                find: `    var fns = drawing.makePointStyleFns(trace);

    s.each(function (d) {
        drawing.singlePointStyle(d, d3.select(this), trace, fns, gd, pt);
    });
};`,
                replace: `    var fns = drawing.makePointStyleFns(trace);

    if (innolocUniformPoints(s, trace, fns, gd, pt)) return;

    s.each(function (d) {
        drawing.singlePointStyle(d, d3.select(this), trace, fns, gd, pt);
    });
};

// innoloc patch (tools/plotly-bundle/patches.js): Explore's count circles (a scattergeo trace with
// meta.innolocFit === 'points') differ only in size. plotly.js wrote the same fill, line and
// opacities into each of ~2,300 circles on every redraw (~30 ms at 2,300 places, profiled). Here the
// first circle is styled by plotly.js itself; the properties SVG inherits (fill, line and their
// opacities, line width and dashes) move from it to the trace's group, and every other circle gets its own
// path and opacity only. Any per-point style (selection, an array attribute) or a cache switched
// off: plotly.js's own styling, per point, as before.
var INNOLOC_INHERITED = ['fill', 'fill-opacity', 'stroke', 'stroke-opacity', 'stroke-width', 'stroke-dasharray'];
var INNOLOC_PER_POINT = ['mo', 'mc', 'mlc', 'mlw', 'so', 'mx', 'mgt', 'mgc', 'mld', 'ma', 'mf', 'isBlank'];
function innolocUniformPoints(s, trace, fns, gd, pt) {
    var marker = trace.marker || {};
    var line = marker.line || {};
    var group = s.node() && s.node().parentNode;
    var isArray = Lib.isArrayOrTypedArray;
    var uniform = !pt && trace.meta && trace.meta.innolocFit === 'points' &&
        !(typeof window !== 'undefined' && window.innolocGeoCache === false) &&
        group && group.classList && group.classList.contains('scattergeo') &&
        fns.ms2mrc && !fns.selectedOpacityFn && !fns.selectedSizeFn && !fns.selectedColorFn &&
        typeof marker.color === 'string' && !isArray(marker.opacity) && !isArray(marker.symbol) &&
        !isArray(marker.angle) && !isArray(marker.standoff) && !isArray(line.color) && !isArray(line.width) &&
        !isArray(line.dash) && !(marker.gradient && marker.gradient.type && marker.gradient.type !== 'none') &&
        !(marker.pattern && (marker.pattern.shape || marker.pattern.path));
    if (uniform) {
        s.each(function (d) {
            for (var k = 0; uniform && k < INNOLOC_PER_POINT.length; k++) {
                if (d[INNOLOC_PER_POINT[k]] !== undefined && d[INNOLOC_PER_POINT[k]] !== false) uniform = false;
            }
            if (this.parentNode !== group) uniform = false;
        });
    }
    if (!uniform) {
        if (group && group.__innolocUniform) {
            INNOLOC_INHERITED.forEach(function (p) { group.style.removeProperty(p); });
            group.__innolocUniform = false;
        }
        return false;
    }
    var x = drawing.symbolNumber(marker.symbol) || 0;
    var first = null;
    var opacity = '';
    s.each(function (d) {
        if (!first) {
            first = this;
            drawing.singlePointStyle(d, d3.select(this), trace, fns, gd, pt);
            opacity = this.style.getPropertyValue('opacity');
            return;
        }
        var r = d.ms === 'various' || marker.size === 'various' ? 3 : fns.ms2mrc(d.ms);
        d.mrc = r;
        d.om = x % 200 >= 100;
        this.setAttribute('d', makePointPath(x, r, getMarkerAngle(d, trace), getMarkerStandoff(d, trace)));
        this.style.setProperty('opacity', opacity);
    });
    INNOLOC_INHERITED.forEach(function (p) {
        var v = first.style.getPropertyValue(p);
        if (v === '') group.style.removeProperty(p);
        else group.style.setProperty(p, v);
        first.style.removeProperty(p);
    });
    group.__innolocUniform = true;
    return true;
}`,
            },
        ],
    },
    {
        file: 'src/components/color/index.js',
        edits: [
            {
                // A count map's circles: each of 2,300 points had its fill and line colour parsed
                // (culori) on every redraw, ~25 ms of a ~130 ms redraw (profiled); a colour string's
                // rgb() text and alpha are a pure function of it, so they are kept per string.
                find: `const stroke = (s, cstr) => {
    s.style({ stroke: rgb(cstr), 'stroke-opacity': parse(cstr).alpha });
};`,
                replace: `// innoloc patch (tools/plotly-bundle/patches.js): rgb() text and alpha kept per colour string
// (window.innolocGeoCache = false turns it off with the others)
const innolocStyles = new Map();
const innolocRgbAlpha = (cstr) => {
    if (typeof cstr !== 'string' || (typeof window !== 'undefined' && window.innolocGeoCache === false)) {
        return [rgb(cstr), parse(cstr).alpha];
    }
    let hit = innolocStyles.get(cstr);
    if (hit === undefined) {
        if (innolocStyles.size >= 4096) innolocStyles.clear();
        hit = [rgb(cstr), parse(cstr).alpha];
        innolocStyles.set(cstr, hit);
    }
    return hit;
};

const stroke = (s, cstr) => {
    const [c, alpha] = innolocRgbAlpha(cstr);
    s.style({ stroke: c, 'stroke-opacity': alpha });
};`,
            },
            {
                find: `const fill = (s, cstr) => {
    s.style({ fill: rgb(cstr), 'fill-opacity': parse(cstr).alpha });
};`,
                replace: `const fill = (s, cstr) => {
    const [c, alpha] = innolocRgbAlpha(cstr);
    s.style({ fill: c, 'fill-opacity': alpha });
};`,
            },
        ],
    },
];

function count(text, part) {
    return text.split(part).length - 1;
}

/** The esbuild plugin: each patched file is read, every edit's anchor must occur exactly once. */
function patchPlugin(root) {
    const byPath = new Map(PATCHES.map((p) => [require('path').join(root, p.file), p]));
    return {
        name: 'innoloc-plotly-patches',
        setup(build) {
            build.onLoad({ filter: /plotly\.js[\\/]src[\\/].*\.js$/ }, (args) => {
                const patch = byPath.get(args.path);
                if (!patch) return undefined;
                let text = fs.readFileSync(args.path, 'utf8');
                for (const edit of patch.edits) {
                    const n = count(text, edit.find);
                    if (n !== 1) {
                        throw new Error(`${patch.file}: anchor found ${n} times, not once: ${edit.find.slice(0, 60)}`);
                    }
                    text = text.replace(edit.find, () => edit.replace);
                }
                patch.applied = true;
                return { contents: text, loader: 'js' };
            });
        },
    };
}

/** Every patched file was part of the bundle (a renamed file would otherwise go unpatched). */
function checkApplied() {
    const missed = PATCHES.filter((p) => !p.applied).map((p) => p.file);
    if (missed.length) throw new Error(`not patched (file not in the bundle?): ${missed.join(', ')}`);
}

module.exports = { patchPlugin, checkApplied, PATCHES };
