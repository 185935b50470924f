"""Static files the app serves itself, precompressed, under content-hashed URLs cached for a year.

The one in use: the partial plotly.js bundle (`dashboard/static/plotly-partial.min.js`, built by
`tools/plotly-bundle/build.js` with only the trace types the figures draw; about 400 kB with
Brotli against 1.4 MB for Dash's full `plotly.min.js`).

How it replaces Dash's plotly.js: `dcc.Graph` loads plotly.js lazily, on the first graph, from
`window._dashPlotlyJSURL`, which Dash's renderer sets to the full bundle's un-hashed path when it
starts (and `window.Plotly`, if already there, is used as is). A tiny script listed in the app's
`external_scripts` (so it runs before the renderer, and is same-origin for the Content-Security-
Policy) pins that variable to the partial bundle's hashed URL. Pages without a graph still load no
plotly.js at all.

On a page that draws charts, plotly.js does not wait for the first graph: the page's HTML loads
it (it downloads beside Dash's own files) with dcc.Graph's code chunk preloaded, and runs it as
the last script before the renderer starts. The page's first answer holds the page itself
(components/shell.py), so a graph may mount as soon as the renderer has started; `window.Plotly`
is there by then, and dcc.Graph uses it instead of loading and running the bundle a second time
(as it did when a deferred plotly.js came in after that answer). Pages without a chart
(CHARTLESS_PATHS) load no plotly.js at all.

Dash's `@babel/polyfill` (core-js for browsers before 2017: 31 kB on the wire, and its slower
`String.prototype.trim` replaces the browser's on every page) is swapped for the one piece Dash's
bundles still use, the global `regeneratorRuntime` of their lazy loaders
(`dashboard/static/regenerator-runtime.min.js`, 2 kB, built by the same script).

Each file is read once; its `.br` and `.gz` siblings (written by the build script) are sent as is
to browsers that accept them, so nothing is compressed per request (flask-compress leaves a
response with a Content-Encoding alone).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import dash
from flask import Response, abort, request

STATIC_DIR = Path(__file__).resolve().parent / "static"
URL_PREFIX = "/_static/"
PLOTLY_BUNDLE = "plotly-partial.min.js"
SHIM = "plotly-url.js"
RUNTIME = "regenerator-runtime.min.js"
POLYFILL_TAG = re.compile(r'<script src="[^"]*/deps/polyfill@[^"]*"></script>')
CACHE_FOREVER = "public, max-age=31536000, immutable"
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))  # preferred first
# Pages that draw no Plotly chart when opened (the slides player shows other pages in frames).
CHARTLESS_PATHS = frozenset({"/", "/slides", "/404"})
GRAPH_CHUNK = "_dash-component-suites/dash/dcc/async-graph.js"


@dataclass(frozen=True)
class Asset:
    name: str
    mimetype: str
    bodies: dict  # content-coding ("identity", "br", "gzip") -> bytes
    digest: str

    @property
    def filename(self) -> str:
        """`plotly-partial.min.<digest>.js`: the hash goes before the extension."""
        stem, dot, ext = self.name.rpartition(".")
        return f"{stem}.{self.digest}{dot}{ext}"


def _asset(name: str, body: bytes, mimetype: str, compressed: dict | None = None) -> Asset:
    digest = hashlib.sha256(body).hexdigest()[:16]
    return Asset(name, mimetype, {"identity": body, **(compressed or {})}, digest)


def _static_file(name: str) -> Asset:
    """A file of dashboard/static with its precompressed siblings."""
    compressed = {coding: (STATIC_DIR / (name + suffix)).read_bytes()
                  for coding, suffix in ENCODINGS if (STATIC_DIR / (name + suffix)).is_file()}
    return _asset(name, (STATIC_DIR / name).read_bytes(), "text/javascript", compressed)


@lru_cache(maxsize=None)
def plotly_bundle() -> Asset:
    return _static_file(PLOTLY_BUNDLE)


@lru_cache(maxsize=None)
def regenerator_runtime() -> Asset:
    return _static_file(RUNTIME)


@lru_cache(maxsize=None)
def shim(prefix: str) -> Asset:
    """The script that points dcc.Graph at the partial bundle (see the module docstring)."""
    url = prefix + URL_PREFIX.lstrip("/") + plotly_bundle().filename
    body = ("(function(){var u=%r;Object.defineProperty(window,'_dashPlotlyJSURL',"
            "{configurable:true,get:function(){return u},set:function(){}});})();\n" % url).encode()
    return _asset(SHIM, body, "text/javascript")


def compressed(name: str, body: bytes, mimetype: str) -> Asset:
    """An asset made at run time (the map geometry of the data in use), compressed once here."""
    import gzip

    bodies = {"gzip": gzip.compress(body, compresslevel=9, mtime=0)}
    try:
        import brotli  # flask-compress's own dependency

        bodies["br"] = brotli.compress(body, quality=11)
    except ImportError:  # gzip alone then
        pass
    return _asset(name, body, mimetype, bodies)


def send(asset: Asset, cache_control: str = CACHE_FOREVER) -> Response:
    """The asset in the best encoding the browser accepts, with an ETag (304 when it matches)."""
    accepted = {part.split(";")[0].strip().lower() for part in request.headers.get("Accept-Encoding", "").split(",")}
    coding = next((c for c, _ in ENCODINGS if c in accepted and c in asset.bodies), "identity")
    etag = f'"{asset.digest}-{coding}"'
    if etag in request.headers.get("If-None-Match", ""):
        response = Response(status=304)
    else:
        response = Response(asset.bodies[coding], mimetype=asset.mimetype)
        if coding != "identity":
            response.headers["Content-Encoding"] = coding
    response.headers["Vary"] = "Accept-Encoding"
    response.headers["Cache-Control"] = cache_control
    response.headers["ETag"] = etag
    return response


_SUITE_CACHE: dict = {}  # (path, query) -> (body length, Brotli body)
_PRECOMPRESSED_TYPES = ("text/javascript", "application/javascript", "text/css")


def _precompress_dash_files(app) -> None:
    """Dash's own bundles and the app's /assets files, Brotli-compressed once per process at the
    highest level instead of at flask-compress's per-request level: about 10-15 % fewer bytes on
    a cold load and no compression work per visitor. Runs before flask-compress (Flask calls
    after-request hooks newest first), which leaves a response with a Content-Encoding alone."""
    suites = app.config.requests_pathname_prefix + "_dash-component-suites/"
    assets = app.config.requests_pathname_prefix + "assets/"
    try:
        import brotli
    except ImportError:
        return

    @app.server.after_request
    def _brotli_dash_files(response):
        path = request.path
        if (response.status_code != 200 or "Content-Encoding" in response.headers
                or not (path.startswith(suites) or path.startswith(assets))
                or response.mimetype not in _PRECOMPRESSED_TYPES):
            return response
        accepted = {p.split(";")[0].strip().lower() for p in request.headers.get("Accept-Encoding", "").split(",")}
        if "br" not in accepted:
            return response
        response.direct_passthrough = False
        body = response.get_data()
        key = (path, request.query_string)
        hit = _SUITE_CACHE.get(key)
        if hit is None or hit[0] != body:
            hit = _SUITE_CACHE[key] = (body, brotli.compress(body, quality=11))
        response.set_data(hit[1])
        response.headers["Content-Encoding"] = "br"
        vary = response.headers.get("Vary", "")
        if "accept-encoding" not in vary.lower():
            response.headers["Vary"] = f"{vary}, Accept-Encoding" if vary else "Accept-Encoding"
        return response


_SERVED: dict = {}  # filename (with its hash) -> Asset


def serve(app, asset: Asset) -> str:
    """Serve `asset` under its content-hashed name from now on; its URL."""
    _SERVED.setdefault(asset.filename, asset)
    return app.config.requests_pathname_prefix + URL_PREFIX.lstrip("/") + asset.filename


def bundle_url(app) -> str:
    return app.config.requests_pathname_prefix + URL_PREFIX.lstrip("/") + plotly_bundle().filename


def _without_polyfill(app) -> None:
    """Dash writes the polyfill's `<script>` first, before React; the runtime takes its place."""
    url = app.config.requests_pathname_prefix + URL_PREFIX.lstrip("/") + regenerator_runtime().filename
    scripts_html = app._generate_scripts_html  # noqa: SLF001 - Dash has no option to leave it out

    def generate_scripts_html() -> str:
        return POLYFILL_TAG.sub(f'<script src="{url}"></script>', scripts_html(), count=1)

    app._generate_scripts_html = generate_scripts_html  # noqa: SLF001


def draws_charts(app, path: str) -> bool:
    """Whether the page at `path` (a request path) draws Plotly charts when it opens."""
    prefix = app.config.requests_pathname_prefix
    page = "/" + path[len(prefix):] if path.startswith(prefix) else path
    return page.rstrip("/") not in {p.rstrip("/") for p in CHARTLESS_PATHS} and any(
        page.rstrip("/") == entry["path"].rstrip("/") for entry in dash.page_registry.values())


def _start_plotly_with_the_page(app) -> None:
    """The page's HTML of a chart page loads plotly.js and preloads dcc.Graph's chunk."""
    prefix = app.config.requests_pathname_prefix
    preload = f'<link rel="preload" as="script" href="{prefix}{GRAPH_CHUNK}">'
    script = f'<script src="{bundle_url(app)}"></script>'
    interpolate = app.interpolate_index

    def interpolate_index(**kwargs):
        if draws_charts(app, request.path):
            kwargs["css"] = kwargs.get("css", "") + preload
            kwargs["scripts"] = kwargs.get("scripts", "") + script  # the last before the renderer starts
        return interpolate(**kwargs)

    app.interpolate_index = interpolate_index


def register(app) -> None:
    """Serve the assets and make every page use the partial plotly.js bundle. Call once, after
    `dash.Dash(...)` and before the first request."""
    prefix = app.config.requests_pathname_prefix
    for asset in (plotly_bundle(), shim(prefix), regenerator_runtime()):
        serve(app, asset)

    @app.server.route(URL_PREFIX + "<path:filename>")
    def innoloc_static(filename: str):
        asset = _SERVED.get(filename)
        if asset is None:
            abort(404)
        return send(asset)

    _precompress_dash_files(app)
    _without_polyfill(app)
    _start_plotly_with_the_page(app)
    app.config.external_scripts = [*app.config.external_scripts,
                                   prefix + URL_PREFIX.lstrip("/") + shim(prefix).filename]
