// Builds the partial plotly.js bundle the dashboard serves instead of Dash's full plotly.min.js.
//
//   cd tools/plotly-bundle && npm ci && node build.js
//
// Only the trace types the figures in dashboard/figures/ draw are registered (see TRACES; the test
// tests/test_plotly_bundle.py fails when a figure uses another one). This is what plotly.js's own
// `npm run custom-bundle -- --traces ...` does (lib/core + the trace modules, esbuild, iife
// `Plotly`), without cloning the plotly.js repository. Writes dashboard/static/plotly-partial.min.js
// and the precompressed .gz and .br files beside it (dashboard/static_assets.py serves them).
'use strict';
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const TRACES = ['scatter', 'bar', 'heatmap', 'choropleth', 'scattergeo'];
const OUT_DIR = path.resolve(__dirname, '..', '..', 'dashboard', 'static');
const OUT = path.join(OUT_DIR, 'plotly-partial.min.js');
const version = require('plotly.js/package.json').version;

const entry = [
    "'use strict';",
    "var Plotly = require('plotly.js/lib/core');",
    'Plotly.register([',
    ...TRACES.map((t) => `    require('plotly.js/lib/${t}'),`),
    ']);',
    'module.exports = Plotly;',
].join('\n');

esbuild.buildSync({
    stdin: { contents: entry, resolveDir: __dirname, sourcefile: 'plotly-partial-entry.js' },
    outfile: OUT,
    format: 'iife',
    globalName: 'Plotly',
    bundle: true,
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    banner: { js: `/* plotly.js v${version} (partial: ${TRACES.join(', ')}) | MIT License | built by tools/plotly-bundle/build.js */` },
    define: { global: 'window', 'define.amd': 'false', 'process.env.NODE_DEBUG': 'false' },
    target: 'es2016',
    loader: { '.css': 'empty' },  // maplibre's CSS: only the map traces (not registered) need it
    logLevel: 'warning',
});

const body = fs.readFileSync(OUT);
fs.writeFileSync(OUT + '.gz', zlib.gzipSync(body, { level: 9 }));
fs.writeFileSync(OUT + '.br', zlib.brotliCompressSync(body, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length },
}));
for (const f of [OUT, OUT + '.gz', OUT + '.br']) {
    console.log(`${path.relative(process.cwd(), f)}  ${(fs.statSync(f).size / 1024).toFixed(0)} kB`);
}
