"""The app's own scripts and stylesheets (assets/*.js, assets/*.css) sent as one script and one
stylesheet, precompressed, under content-hashed URLs cached for a year.

Dash writes a tag per file: 17 scripts and 8 stylesheets, all on every page. A browser opens at
most six connections to a host, so a cold load queued them behind Dash's own bundles and
plotly.js, and the renderer could not start until the last had come in (Explore's scripts were in
at ~290 ms, the page's first chart then waited on them). Concatenated in Dash's order, they are two
requests; the first chart came 0.1 s sooner on every chart page (bench/RESULTS-perf.md).

Each script is an immediately invoked function, so joining them changes no scope; each runs in a
`try` of its own, so one that fails still leaves the others running (the error is rethrown
asynchronously, to be reported as before). Dash still serves /assets/ (the map's topojson, the
flags, the icon). A bundle is keyed by the names and modification times Dash lists for the files,
so an edited file makes a new bundle under a new URL.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from dashboard import static_assets

CHARSET = re.compile(rb'^@charset "[^"]*";')


def _tag_pattern(prefix: str, ext: str) -> re.Pattern:
    """Dash's tag of one /assets file: `<script src=".../assets/x.js?m=123.4"></script>` or
    `<link rel="stylesheet" href=".../assets/x.css?m=123.4">`."""
    url = re.escape(prefix + "assets/") + r"(?P<name>[\w.\-/]+\." + ext + r")\?m=(?P<mtime>[0-9.]+)"
    if ext == "js":
        return re.compile(r'<script src="' + url + r'"></script>\s*')
    return re.compile(r'<link rel="stylesheet" href="' + url + r'">\s*')


def _script(names: tuple[str, ...], folder: Path) -> bytes:
    parts = []
    for name in names:
        body = (folder / name).read_bytes()
        parts.append(b"/* assets/" + name.encode() + b" */\ntry {\n" + body
                     + b"\n} catch (e) { setTimeout(function () { throw e; }); }\n")
    return b"".join(parts)


def _stylesheet(names: tuple[str, ...], folder: Path) -> bytes:
    # @charset is only valid at a sheet's start; the bundle is sent as UTF-8 anyway
    return b"".join(b"/* assets/" + name.encode() + b" */\n" + CHARSET.sub(b"", (folder / name).read_bytes()) + b"\n"
                    for name in names)


@lru_cache(maxsize=8)
def bundle(kind: str, files: tuple[tuple[str, str], ...], folder: str) -> static_assets.Asset:
    """One bundle per set of (name, mtime): a file edited in debug mode makes a new one."""
    names = tuple(name for name, _ in files)
    if kind == "js":
        return static_assets.compressed("app.js", _script(names, Path(folder)), "text/javascript")
    return static_assets.compressed("app.css", _stylesheet(names, Path(folder)), "text/css")


def _bundled(app, html: str, kind: str) -> str:
    """`html` with Dash's tags of the assets of `kind` replaced by one tag of their bundle, where
    the first of them was."""
    prefix = app.config.requests_pathname_prefix
    pattern = _tag_pattern(prefix, kind)
    found = list(pattern.finditer(html))
    if not found:
        return html
    asset = bundle(kind, tuple((m["name"], m["mtime"]) for m in found), str(app.config.assets_folder))
    url = static_assets.serve(app, asset)
    tag = (f'<script src="{url}"></script>' if kind == "js" else f'<link rel="stylesheet" href="{url}">')
    start = found[0].start()
    return html[:start] + tag + pattern.sub("", html[start:])


def register(app) -> None:
    """Bundle the assets in every page's HTML. Call after `static_assets.register(app)`."""
    scripts_html, css_html = app._generate_scripts_html, app._generate_css_dist_html  # noqa: SLF001

    app._generate_scripts_html = lambda: _bundled(app, scripts_html(), "js")  # noqa: SLF001
    app._generate_css_dist_html = lambda: _bundled(app, css_html(), "css")  # noqa: SLF001


def warm(app) -> None:
    """Build and compress the bundles now, not for the first visitor's page. Call after Dash's
    set-up has walked the assets folder."""
    with app.server.test_request_context("/"):
        app._generate_scripts_html()  # noqa: SLF001
        app._generate_css_dist_html()  # noqa: SLF001
