// Builds the partial plotly.js bundle the dashboard serves instead of Dash's full plotly.min.js.
//
//   cd tools/plotly-bundle && npm ci && node build.js
//
// Only the trace types the figures in dashboard/figures/ draw are registered (see TRACES; the test
// tests/test_static_assets.py fails when a figure uses another one). This is what plotly.js's own
// `npm run custom-bundle -- --traces ...` does (lib/core + the trace modules, esbuild, iife
// `Plotly`), without cloning the plotly.js repository. Writes dashboard/static/plotly-partial.min.js
// and the precompressed .gz and .br files beside it (dashboard/static_assets.py serves them).
//
// On the way, patches.js patches five plotly.js source files so that a map redraw does not redo
// per outline what only depends on the outline (centroid, hover polygons, bounding box, projected
// path) or bound every vertex for fitbounds: ~170 ms less per redraw at 2,300 places; and so that
// Explore's count circles do not change the map's view (no outline projected again when the
// indicator changes). Each patch must find its anchor exactly once, or the build fails.
// `INNOLOC_NOMINIFY=1 node build.js` writes the bundle unminified, for a CPU profile with
// plotly.js's own function names (do not commit that build).
//
// Also writes dashboard/static/regenerator-runtime.min.js: the one part of Dash's @babel/polyfill
// (31 kB on the wire, and its String.prototype.trim replacement slows every page) that Dash's
// bundles still need, the global `regeneratorRuntime` of their lazy loaders. static_assets.py
// serves it instead of the polyfill. `node build.js runtime` builds only this file.
'use strict';
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { patchPlugin, checkApplied } = require('./patches');

const TRACES = ['scatter', 'bar', 'heatmap', 'choropleth', 'scattergeo'];
const OUT_DIR = path.resolve(__dirname, '..', '..', 'dashboard', 'static');
const OUT = path.join(OUT_DIR, 'plotly-partial.min.js');
const version = require('plotly.js/package.json').version;

function precompress(out) {
    const body = fs.readFileSync(out);
    fs.writeFileSync(out + '.gz', zlib.gzipSync(body, { level: 9 }));
    fs.writeFileSync(out + '.br', zlib.brotliCompressSync(body, {
        params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    }));
    for (const f of [out, out + '.gz', out + '.br']) {
        console.log(`${path.relative(process.cwd(), f)}  ${(fs.statSync(f).size / 1024).toFixed(1)} kB`);
    }
}

// regenerator-runtime's runtime.js run as a classic script sets the global `regeneratorRuntime`.
const RUNTIME = path.join(OUT_DIR, 'regenerator-runtime.min.js');
const runtimeVersion = require('regenerator-runtime/package.json').version;
fs.writeFileSync(RUNTIME, esbuild.transformSync(
    fs.readFileSync(require.resolve('regenerator-runtime/runtime.js'), 'utf8'),
    { minify: true, legalComments: 'none', target: 'es2016', format: 'iife',  // no global 'runtime'
      banner: `/* regenerator-runtime v${runtimeVersion} | MIT License | built by tools/plotly-bundle/build.js */` },
).code);
precompress(RUNTIME);
if (process.argv[2] === 'runtime') { process.exit(0); }

const entry = [
    "'use strict';",
    "var Plotly = require('plotly.js/lib/core');",
    'Plotly.register([',
    ...TRACES.map((t) => `    require('plotly.js/lib/${t}'),`),
    ']);',
    'module.exports = Plotly;',
].join('\n');

esbuild.build({
    stdin: { contents: entry, resolveDir: __dirname, sourcefile: 'plotly-partial-entry.js' },
    outfile: OUT,
    format: 'iife',
    globalName: 'Plotly',
    bundle: true,
    minify: process.env.INNOLOC_NOMINIFY ? false : true,
    sourcemap: false,
    legalComments: 'none',
    banner: { js: `/* plotly.js v${version} (partial: ${TRACES.join(', ')}) | MIT License | built by tools/plotly-bundle/build.js */` },
    define: { global: 'window', 'define.amd': 'false', 'process.env.NODE_DEBUG': 'false' },
    target: 'es2016',
    loader: { '.css': 'empty' },  // maplibre's CSS: only the map traces (not registered) need it
    logLevel: 'warning',
    plugins: [patchPlugin(path.dirname(require.resolve('plotly.js/package.json')))],
}).then(() => {
    checkApplied();
    precompress(OUT);
}).catch((err) => {
    console.error(err.message || err);
    process.exit(1);
});
