"""Innovative Location: creates the Dash app and its WSGI `server`; pages register themselves.

`python app.py` serves on 127.0.0.1:8050 (INNOLOC_HOST / INNOLOC_PORT override it; INNOLOC_DEBUG=1
turns on Dash's debug mode). Everything is served from this process: no CDN, no web fonts.
"""
from __future__ import annotations

import ipaddress
import os

import dash
import flask

from dashboard.components import guard, headers, shell
from dashboard.explore import geo_route
from dashboard import asset_bundle, cache, static_assets
from dashboard.store import load_store

MAX_REQUEST_BYTES = 1024 * 1024  # Flask's MAX_CONTENT_LENGTH: a callback's body is a few kB
# flask-compress reads its list when Dash sets it up, so the server carries it from the start; the
# map geometry (application/geo+json) is not in its defaults.
GEOJSON_MIMETYPE = "application/geo+json"

_INDEX = """<!DOCTYPE html>
<html lang="en">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        {%app_entry%}
        <footer>
            {%config%}
            {%scripts%}
            {%renderer%}
        </footer>
    </body>
</html>"""

_server = flask.Flask(__name__)
_server.config["COMPRESS_MIMETYPES"] = [
    "text/html", "text/css", "text/plain", "text/javascript", "application/javascript",
    "application/json", GEOJSON_MIMETYPE, "image/svg+xml", "text/csv",
]

app = dash.Dash(
    __name__,
    server=_server,
    use_pages=True,
    pages_folder="dashboard/pages",
    serve_locally=True,
    external_stylesheets=[],
    external_scripts=[],
    title="Innovative Location",
    update_title=None,
    index_string=_INDEX,
    # Pages build their own components; without this Dash embeds every page's layout in each
    # HTML response for validation (about 900 kB with the current pages).
    suppress_callback_exceptions=True,
    # gzip (flask-compress): the map geometry shrinks from 260 kB to 64 kB, callbacks by ~80 %.
    compress=True,
)
app.layout = shell.layout
shell.register_callbacks(app)
server = app.server
geo_route.register(server)
geo_route.warm()  # the map geometry compressed before its first reader asks for it
static_assets.register(app)  # the partial plotly.js bundle, precompressed, hashed URL
asset_bundle.register(app)  # assets/*.js and *.css as one script and one stylesheet
# Crafted or runaway requests: no callback body, upload or form is larger than this (HTTP 413).
server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES


def _finish_setup() -> None:
    """Run Dash's first-request set-up now, once, before any request is served.

    Dash 4 does it in `before_request` hooks (`Dash._setup_server` copies the pages' callbacks into
    the app, `enable_pages`' router adds the page-routing callback) that mark themselves done
    *before* they are: on a fresh threaded server, simultaneous first requests then met 500
    "Callback function not found" and a `/_dash-dependencies` with a few of the callbacks.
    Running the hooks here, single-threaded at import, leaves them nothing to do later."""
    with server.test_request_context("/"):
        for hook in server.before_request_funcs.get(None, []):
            hook()


_finish_setup()
asset_bundle.warm(app)
guard.guard_requests(server, app)
guard.guard_paths(server)
# Rendered pages and views, per data release and normalised request (Redis with INNOLOC_REDIS_URL).
cache.install(server, lambda: load_store().release)
headers.install(app)  # after the set-up: its script hashes cover every inline callback


def check_debug_host(host: str, debug: bool) -> None:
    """Dash's debug mode runs code sent by the browser: never where others can reach it."""
    if not debug:
        return
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise SystemExit(f"INNOLOC_DEBUG=1 only on a loopback host (127.0.0.1, ::1, localhost), not {host!r}.")


if __name__ == "__main__":
    _host = os.environ.get("INNOLOC_HOST", "127.0.0.1")
    _debug = os.environ.get("INNOLOC_DEBUG") == "1"
    check_debug_host(_host, _debug)
    app.run(
        host=_host,
        port=int(os.environ.get("INNOLOC_PORT", "8050")),
        debug=_debug,
        # The debug UI would otherwise ask plotly.com for the latest Dash version.
        dev_tools_disable_version_check=True,
    )
