"""Every chart page draws all its charts with the partial plotly.js bundle: the full bundle is never
requested, every graph gets its SVG, and the page logs no console error (the `page` fixture fails
the test on any). Each page opens with empty caches (`cold_page`), as on a first visit."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

CHART_PAGES = ["/explore", "/profile", "/compare", "/score", "/peers", "/steering", "/data"]


@pytest.mark.parametrize("path", CHART_PAGES)
def test_page_draws_every_chart_with_the_partial_bundle(cold_page, path):
    page = cold_page
    page.goto(f"{path}?lang=de")
    page.wait_for_selector(".js-plotly-plot .main-svg", state="attached")
    page.wait_for_load_state("networkidle")
    # every graph drawn (dcc.Graph marks one pending until plotly.js has drawn it; a page's first
    # drawings are spread over frames, assets/plotly-first-draw.js)
    page.wait_for_function("() => !document.querySelector('.dash-graph--pending')")
    graphs = page.locator(".js-plotly-plot")
    drawn = page.locator(".js-plotly-plot .main-svg:first-child")
    assert graphs.count() >= 1
    assert drawn.count() == graphs.count(), "a graph was left without its SVG"
    requested = page.recorder.requests
    assert any("/_static/plotly-partial.min." in url for url in requested)
    assert not any("plotly.min.js" in url for url in requested), "the full plotly.js bundle was loaded"
    # started by the page itself, so dcc.Graph found window.Plotly and did not load (and run) it again
    assert sum("/_static/plotly-partial.min." in url for url in requested) == 1
    assert page.locator("script[src*='plotly-partial']").count() == 1
    # only the trace types the bundle was built with are registered
    traces = set(page.evaluate("Object.keys(window.Plotly.PlotSchema.get().traces)"))
    assert traces == {"scatter", "bar", "heatmap", "choropleth", "scattergeo"}
    # Dash's lazy loaders run on the small regenerator runtime; no polyfill replaced a native method
    assert page.evaluate("typeof regeneratorRuntime.mark === 'function' && "
                         "String.prototype.trim.toString().includes('[native code]')")
