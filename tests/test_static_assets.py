"""The pages get the partial plotly.js bundle, not Dash's full one: announced before the renderer,
served precompressed under a content-hashed URL with a year's cache, and holding every trace type
the figures draw (a figure with a new trace type must fail here, not blank in a browser)."""
from __future__ import annotations

import gzip
import re

import pytest

from dashboard import static_assets
from dashboard.paths import ROOT

BUILD_SCRIPT = ROOT / "tools" / "plotly-bundle" / "build.js"


@pytest.fixture(scope="module")
def client():
    import app

    return app.server.test_client()


def _bundle_url(client) -> str:
    html = client.get("/explore?lang=de").get_data(as_text=True)
    shim = re.search(r'<script src="(/_static/plotly-url\.[0-9a-f]{16}\.js)"', html)
    assert shim, "the page does not load the plotly.js URL shim"
    renderer = html.index("dash_renderer")
    assert html.index(shim.group(1)) < renderer, "the shim must run before Dash's renderer sets the URL"
    body = client.get(shim.group(1)).get_data(as_text=True)
    url = re.search(r"'(/_static/plotly-partial\.min\.[0-9a-f]{16}\.js)'", body)
    assert url and "_dashPlotlyJSURL" in body
    return url.group(1)


def test_pages_point_graphs_at_the_partial_bundle(client):
    url = _bundle_url(client)
    assert "plotly.min.js" not in url
    plain = client.get(url, headers={"Accept-Encoding": ""})
    assert plain.status_code == 200
    assert plain.data == (static_assets.STATIC_DIR / static_assets.PLOTLY_BUNDLE).read_bytes()
    assert b"(partial:" in plain.data[:300]
    assert len(plain.data) < 2_000_000  # the full bundle is 4.8 MB


@pytest.mark.parametrize("coding", ["br", "gzip"])
def test_bundle_is_precompressed_and_cached_for_a_year(client, coding):
    url = _bundle_url(client)
    r = client.get(url, headers={"Accept-Encoding": f"{coding}, deflate"})
    assert r.headers.get("Content-Encoding") == coding
    assert "immutable" in r.headers["Cache-Control"] and "max-age=31536000" in r.headers["Cache-Control"]
    assert "Accept-Encoding" in r.headers.get("Vary", "")
    original = (static_assets.STATIC_DIR / static_assets.PLOTLY_BUNDLE).read_bytes()
    if coding == "gzip":
        assert gzip.decompress(r.data) == original
    assert len(r.data) < len(original) / 2.5


def test_unknown_or_stale_hash_is_404(client):
    assert client.get("/_static/plotly-partial.min.0000000000000000.js").status_code == 404
    assert client.get("/_static/../app.py").status_code == 404


def _bundle_traces() -> set[str]:
    text = BUILD_SCRIPT.read_text()
    listed = re.search(r"const TRACES = \[([^\]]*)\]", text).group(1)
    return set(re.findall(r"'([a-z0-9]+)'", listed))


def _traces_used() -> set[str]:
    """Trace types named anywhere in the app's code: `go.Bar(`, `"type": "bar"`, `type="bar"`."""
    import plotly.graph_objects as go

    valid = {name.lower() for name in dir(go) if name[:1].isupper()}
    used = set()
    for path in (ROOT / "dashboard").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        used |= {m.lower() for m in re.findall(r"\bgo\.([A-Z][A-Za-z]+)\(", text)}
        used |= {m for m in re.findall(r"""["']?type["']?\s*[:=]\s*["']([a-z0-9]+)["']""", text)
                 if m in valid}
    return used & {"scatter", "bar", "heatmap", "choropleth", "choroplethmap", "scattergeo", "scattermap",
                   "pie", "box", "histogram", "violin", "contour", "table", "sankey", "treemap", "sunburst",
                   "scatterpolar", "barpolar", "waterfall", "funnel", "indicator", "scattergl", "scatter3d",
                   "surface", "mesh3d", "image", "parcoords", "candlestick", "ohlc", "histogram2d",
                   "densitymap", "icicle", "funnelarea", "splom", "carpet", "scattercarpet",
                   "scatterternary", "scattersmith", "histogram2dcontour", "contourcarpet", "cone",
                   "streamtube", "isosurface", "volume", "parcats", "scatterpolargl", "choroplethmapbox",
                   "scattermapbox", "densitymapbox"}


def test_bundle_holds_every_trace_type_the_figures_draw():
    used = _traces_used()
    assert {"scatter", "choropleth", "bar"} <= used  # the scan itself works
    assert used <= _bundle_traces(), f"rebuild the bundle with {sorted(used - _bundle_traces())}"


def test_shipped_bundle_is_built_with_the_map_redraw_patches():
    """tools/plotly-bundle/patches.js (outline caches, fitbounds from outline corners): a bundle
    rebuilt without them draws the same maps, ~170 ms slower per redraw at 2,300 places, so nothing
    else would notice. Their switch (`innolocGeoCache`) is in the outline caches and the path cache."""
    text = (static_assets.STATIC_DIR / static_assets.PLOTLY_BUNDLE).read_text(encoding="utf-8")
    assert text.count("innolocGeoCache") >= 2
    patches = (BUILD_SCRIPT.parent / "patches.js").read_text(encoding="utf-8")
    assert "patchPlugin" in BUILD_SCRIPT.read_text() and patches.count("find:") >= 6


def test_map_geometry_is_precompressed_and_revalidates(client):
    plain = client.get("/_geo/boundaries.json", headers={"Accept-Encoding": ""})
    r = client.get("/_geo/boundaries.json", headers={"Accept-Encoding": "gzip, br"})
    assert r.headers.get("Content-Encoding") == "br"
    assert len(r.data) < len(plain.data) / 3
    assert "max-age=" in r.headers["Cache-Control"]
    again = client.get("/_geo/boundaries.json", headers={"Accept-Encoding": "gzip, br",
                                                        "If-None-Match": r.headers["ETag"]})
    assert again.status_code == 304 and not again.data


def test_dash_bundles_are_sent_with_brotli_compressed_once(client):
    html = client.get("/explore").get_data(as_text=True)
    url = re.search(r'src="(/_dash-component-suites/dash/dcc/dash_core_components[^"]*)"', html).group(1)
    plain = client.get(url, headers={"Accept-Encoding": ""})
    first = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    again = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert first.headers["Content-Encoding"] == "br" and first.data == again.data
    assert len(first.data) < len(plain.data) / 4
    import brotli

    assert brotli.decompress(first.data) == plain.data
    assert "max-age=31536000" in first.headers["Cache-Control"]  # Dash's fingerprinted URL keeps its lifetime


def test_pages_load_the_regenerator_runtime_instead_of_babels_polyfill(client):
    """Dash's lazy loaders need the global `regeneratorRuntime`, nothing else of @babel/polyfill
    (31 kB on the wire, and a slower String.prototype.trim for every page)."""
    html = client.get("/explore?lang=de").get_data(as_text=True)
    assert "polyfill@" not in html
    url = re.search(r'<script src="(/_static/regenerator-runtime\.min\.[0-9a-f]{16}\.js)"></script>', html)
    assert url, "the page does not load the regenerator runtime"
    assert html.index(url.group(1)) < html.index("deps/react@"), "it takes the polyfill's place, first"
    r = client.get(url.group(1), headers={"Accept-Encoding": "gzip, deflate, br"})
    assert r.headers["Content-Encoding"] == "br" and "immutable" in r.headers["Cache-Control"]
    import brotli

    body = brotli.decompress(r.data)
    assert body == (static_assets.STATIC_DIR / static_assets.RUNTIME).read_bytes()
    assert b"regeneratorRuntime" in body and len(r.data) < 4_000


def _router_answer(client, path: str) -> str:
    body = {"output": ".._pages_content.children..._pages_store.data..",
            "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
            "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                       {"id": "_pages_location", "property": "search", "value": "?lang=en"}],
            "changedPropIds": ["_pages_location.pathname"], "state": []}
    r = client.post("/_dash-update-component", json=body, headers={"Accept-Encoding": ""})
    assert r.status_code == 200, path
    return r.get_data(as_text=True)


def test_chart_pages_start_plotly_with_the_page_and_only_they_load_it(client):
    """A page that opens with a chart starts the bundle from its HTML (before the renderer starts, with dcc.Graph's
    chunk preloaded), so the first chart does not wait for it; a page without one loads none."""
    import dash

    import app

    url = _bundle_url(client)
    paths = sorted({entry["path"] for entry in dash.page_registry.values()})
    assert {"/", "/explore", "/slides", "/data"} <= set(paths)
    for path in paths:
        html = client.get(path + "?lang=en").get_data(as_text=True)
        has_graph = '"type":"Graph"' in _router_answer(client, path).replace(" ", "")
        assert static_assets.draws_charts(app.app, path) == has_graph, path
        assert (f'<script src="{url}"></script>' in html) == has_graph, path
        if has_graph:  # run before the renderer starts, so a graph in the first answer finds it
            assert html.index(f'<script src="{url}"></script>') < html.index("new DashRenderer")
        assert (f'<link rel="preload" as="script" href="/{static_assets.GRAPH_CHUNK}">' in html) == has_graph, path
        assert "plotly.min.js" not in html


def _brotli(client, url: str) -> bytes:
    import brotli

    r = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert r.status_code == 200, url
    assert r.headers["Content-Encoding"] == "br" and "immutable" in r.headers["Cache-Control"], url
    return brotli.decompress(r.data)


def test_the_apps_assets_come_as_one_script_and_one_stylesheet(client):
    """17 scripts and 8 stylesheets queued behind Dash's bundles on six connections; now two
    requests, each holding every file of assets/ in Dash's (alphabetical) order."""
    folder = ROOT / "assets"
    html = client.get("/explore?lang=sl").get_data(as_text=True)
    assert not re.search(r'/assets/[^"]+\.(js|css)', html), "an assets file is still loaded on its own"
    scripts = re.findall(r'<script src="(/_static/app\.[0-9a-f]{16}\.js)"></script>', html)
    sheets = re.findall(r'<link rel="stylesheet" href="(/_static/app\.[0-9a-f]{16}\.css)">', html)
    assert len(scripts) == 1 and len(sheets) == 1
    # after Dash's component libraries, before the renderer starts the app (as Dash placed them)
    assert html.index("dash_bootstrap_components") < html.index(scripts[0]) < html.index("dash_renderer")
    script, sheet = _brotli(client, scripts[0]), _brotli(client, sheets[0])
    at = [script.index(path.read_bytes()) for path in sorted(folder.glob("*.js"))]
    assert len(at) >= 17 and at == sorted(at)
    rules = [path.read_bytes().replace(b'@charset "UTF-8";', b"") for path in sorted(folder.glob("*.css"))]
    at = [sheet.index(body) for body in rules]
    assert len(at) >= 8 and at == sorted(at)
    assert b"@charset" not in sheet  # only valid at a sheet's start; a stylesheet is UTF-8 anyway
    assert client.get(sheets[0]).mimetype == "text/css"


def test_an_edited_asset_makes_a_new_bundle_url(tmp_path):
    from dashboard import asset_bundle

    (tmp_path / "a.js").write_text("(function () { window.a = 1; })();\n")
    first = asset_bundle.bundle("js", (("a.js", "1"),), str(tmp_path))
    (tmp_path / "a.js").write_text("(function () { window.a = 2; })();\n")
    second = asset_bundle.bundle("js", (("a.js", "2"),), str(tmp_path))
    assert first.filename != second.filename and b"window.a = 2" in second.bodies["identity"]
