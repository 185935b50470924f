"""A chart out of view is drawn when it comes near the view, when the page is idle, or when an
export or printing needs it (assets/plotly-in-view.js): an indicator change on Explore redraws the
map the reader looks at without first drawing the time series a screen and more below it."""
from __future__ import annotations

import pytest

from .test_explore import DEFAULT_INDICATOR, choose_indicator, open_explore

pytestmark = pytest.mark.browser

# The figure of a graph: as plotly.js has drawn it ("drawn"), and as Dash's renderer holds it for
# the dcc.Graph ("latest"), reduced to every trace's name and values.
FIGURES_JS = """(id) => {
  const gd = document.querySelector('#' + id + ' .js-plotly-plot');
  const s = window.dash_stores[window.dash_stores.length - 1].getState();
  let node = s.layout;
  for (const k of s.paths.strs[id]) { node = node[k]; }
  const key = data => JSON.stringify((data || []).map(t => [t.name, t.y || null, t.z || null, t.locations || null]));
  return {drawn: key(gd.data), latest: key(node.props.figure.data),
          pending: !!document.querySelector('#' + id + ' .dash-graph--pending'), draws: gd.__draws || 0};
}"""
COUNT_DRAWS_JS = """(id) => {
  const gd = document.querySelector('#' + id + ' .js-plotly-plot');
  gd.__draws = 0;
  gd.on('plotly_afterplot', () => { gd.__draws += 1; });
}"""
OTHER = ("tertiary_share", "unemployment_rate")


def _map_drawn_and_current(page) -> None:
    page.wait_for_function(f"""() => {{ const f = ({FIGURES_JS})('explore-map');
                                        return !f.pending && f.drawn === f.latest; }}""")


def _held_page(page, store):
    """Explore at the top of the page with idle drawing off, after an indicator change: the map is
    drawn, the time series (a screen and more below) holds its figure."""
    assert DEFAULT_INDICATOR not in OTHER
    open_explore(page, "lang=en")
    page.wait_for_function("() => !document.querySelector('.dash-graph--pending')")
    page.evaluate("window.innolocInView.idle = false")
    before = page.evaluate(FIGURES_JS, "explore-series")
    assert before["drawn"] == before["latest"]
    box = page.locator("#explore-series").bounding_box()
    assert box["y"] > 1.5 * page.viewport_size["height"], box  # out of view, beyond the margin
    page.evaluate(COUNT_DRAWS_JS, "explore-series")
    choose_indicator(page, store, OTHER[0], "en")
    _map_drawn_and_current(page)
    page.wait_for_timeout(500)  # time the series would have had to be drawn with the map
    return before


def test_a_chart_out_of_view_keeps_its_drawing_until_it_comes_near(page, store):
    before = _held_page(page, store)
    held = page.evaluate(FIGURES_JS, "explore-series")
    assert held["drawn"] == before["drawn"]           # not drawn with the map
    assert held["latest"] != before["latest"]         # though Dash has its new figure
    assert held["pending"] and held["draws"] == 0     # and nothing reads it as drawn
    # a second change while it is held: only the latest figure is ever drawn
    choose_indicator(page, store, OTHER[1], "en")
    _map_drawn_and_current(page)
    page.locator("#explore-series").scroll_into_view_if_needed()
    page.wait_for_function(f"() => !({FIGURES_JS})('explore-series').pending")
    page.wait_for_timeout(300)
    after = page.evaluate(FIGURES_JS, "explore-series")
    assert after["drawn"] == after["latest"] != held["latest"]
    assert after["draws"] == 1


def test_a_held_chart_is_drawn_when_the_page_is_idle(page, store):
    """Nobody scrolls: the chart out of view is drawn all the same, once the page is idle."""
    open_explore(page, "lang=en")
    page.wait_for_function("() => !document.querySelector('.dash-graph--pending')")
    before = page.evaluate(FIGURES_JS, "explore-series")
    choose_indicator(page, store, OTHER[0], "en")
    page.wait_for_function(f"""() => {{ const f = ({FIGURES_JS})('explore-series');
                                        return !f.pending && f.drawn === f.latest; }}""", timeout=10_000)
    assert page.evaluate(FIGURES_JS, "explore-series")["drawn"] != before["drawn"]
    assert page.evaluate("window.scrollY") == 0
    assert page.evaluate("window.innolocInView.held()") == 0


def test_an_image_of_a_held_chart_is_of_its_latest_figure(page, store):
    _held_page(page, store)
    latest = page.evaluate(FIGURES_JS, "explore-series")["latest"]
    # the figure the image is made of (share.js draws it in a probe graph with Plotly.newPlot)
    page.evaluate("""() => { const P = window.Plotly, newPlot = P.newPlot;
      P.newPlot = function (gd, data) {
        window.__imaged = JSON.stringify((data || []).map(t => [t.name, t.y || null, t.z || null, t.locations || null]));
        return newPlot.apply(this, arguments); }; }""")
    with page.expect_download(timeout=20_000) as info:
        # a click from the keyboard's reach (no scrolling: element.click())
        page.evaluate("""() => document.querySelector('button[id*="explore-img"][id*="series"][id*="png"]').click()""")
    assert info.value.suggested_filename == "innovative-location-series.png"
    assert page.evaluate("window.__imaged") == latest
    assert page.evaluate(FIGURES_JS, "explore-series")["drawn"] == latest


def test_printing_draws_every_held_chart(page, store):
    _held_page(page, store)
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.wait_for_function(f"""() => {{ const f = ({FIGURES_JS})('explore-series');
                                        return !f.pending && f.drawn === f.latest; }}""", timeout=10_000)
    assert page.evaluate("window.scrollY") == 0


def test_a_chart_near_the_view_is_drawn_after_what_is_in_view_is_painted(page, store):
    """The ranking, below the fold but within half a screen of it, is drawn in a later frame than
    the map in view: not in the task that draws the map, which it delayed by ~80 ms."""
    height = 1000
    page.set_viewport_size({"width": 1366, "height": height})
    open_explore(page, "lang=en")
    page.wait_for_function("() => !document.querySelector('.dash-graph--pending')")
    page.evaluate("window.innolocInView.idle = false")  # drawn because it is near, not because idle
    box = page.locator("#explore-ranking").bounding_box()
    assert height < box["y"] < 1.5 * height, box  # near the view, not in it
    page.evaluate("""() => {
      window.__frames = 0;
      const tick = () => { window.__frames += 1; requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
      // the frame in which plotly.js first changes each chart's drawing
      window.__drawnAt = {};
      for (const id of ['explore-map', 'explore-ranking']) {
        const svg = document.querySelector('#' + id + ' .js-plotly-plot .main-svg');
        new MutationObserver((records, obs) => { window.__drawnAt[id] = window.__frames; obs.disconnect(); })
          .observe(svg, {subtree: true, childList: true, attributes: true});
      }
    }""")
    choose_indicator(page, store, OTHER[0], "en")
    _map_drawn_and_current(page)
    page.wait_for_function(f"""() => {{ const f = ({FIGURES_JS})('explore-ranking');
                                        return !f.pending && f.drawn === f.latest; }}""", timeout=10_000)
    at = page.evaluate("window.__drawnAt")
    assert at["explore-ranking"] > at["explore-map"], at
    assert page.evaluate("window.scrollY") == 0
