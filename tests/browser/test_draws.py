"""Each chart is drawn once when its page opens (assets/plotly-resize.js, assets/style.css, the
map's height = its box): dcc.Graph resizes every graph after its first drawing and plotly.js then
drew it again even at the same size; a figure taller than its box, or a box narrowed by a
scrollbar appearing, did the same. A box that does change still redraws its chart."""
from __future__ import annotations

import pytest

from .test_explore import open_explore

pytestmark = pytest.mark.browser

# Every drawing of each chart, counted from the moment plotly.js is loaded (plotly-locale.js
# announces it): each `plotly_afterplot` per graph, keyed "<id of its box> #<n-th graph>".
COUNT_DRAWS = """
window.__draws = {};
document.addEventListener('innoloc:plotly', e => {
  const P = e.detail, react = P.react;
  P.react = function (gd) {
    const el = typeof gd === 'string' ? document.getElementById(gd) : gd;
    if (el && !el.__counted) {
      el.__counted = true;
      const box = el.closest('[id]');
      window.__graphs = (window.__graphs || 0) + 1;
      const id = `${box ? box.id : 'graph'} #${window.__graphs}`;  // numbered: small multiples share a box
      const count = () => { window.__draws[id] = (window.__draws[id] || 0) + 1; };
      const out = react.apply(this, arguments);
      if (el.on) { el.on('plotly_afterplot', count); } else { out.then(() => el.on('plotly_afterplot', count)); }
      return out;
    }
    return react.apply(this, arguments);
  };
});
"""


def test_each_chart_is_drawn_once_when_the_page_opens_and_again_when_its_box_changes(page):
    """A graph drawn at another size than its box, or narrowed by a scrollbar appearing, was drawn
    a second time right after the first (Explore's map: 300 ms more per load at 2,300 places)."""
    page.add_init_script(COUNT_DRAWS)
    open_explore(page, "lang=de")
    page.wait_for_function("() => !document.querySelector('.dash-graph--pending')")
    page.wait_for_timeout(1500)  # a second drawing would follow within 100 ms of the first
    draws = {k.split(" #")[0]: v for k, v in page.evaluate("window.__draws").items()}
    assert draws == {"explore-map": 1, "explore-ranking": 1, "explore-series": 1}, draws
    # a box that does change still redraws the chart at its new size
    page.evaluate("document.querySelector('#explore-map').style.height = '500px'")
    page.wait_for_function("() => document.querySelector('#explore-map .js-plotly-plot')._fullLayout.height === 500")
    assert {k.split(" #")[0]: v for k, v in page.evaluate("window.__draws").items()}["explore-map"] == 2


@pytest.mark.parametrize("path", ["/profile?lang=sl", "/compare?lang=en", "/score?lang=de", "/peers?lang=en"])
def test_every_chart_page_draws_each_chart_once(page, path):
    page.add_init_script(COUNT_DRAWS)
    page.goto(path)
    page.wait_for_selector(".js-plotly-plot .main-svg")
    page.wait_for_function("() => !document.querySelector('.dash-graph--pending')")
    page.wait_for_timeout(1500)
    draws = page.evaluate("window.__draws")
    assert draws and all(n == 1 for n in draws.values()), draws


# When each chart is drawn (its first `plotly_afterplot`) and when each animation frame's callbacks ran.
DRAW_TIMES = """
window.__drawn = {}; window.__frames = [];
(function frame() { window.__frames.push(performance.now()); if (window.__frames.length < 2000) { requestAnimationFrame(frame); } })();
document.addEventListener('innoloc:plotly', () => {
  new MutationObserver(() => {
    document.querySelectorAll('.js-plotly-plot').forEach(gd => {
      if (!gd.__timed && gd.on) {
        gd.__timed = true;
        gd.on('plotly_afterplot', () => { const id = gd.closest('.dash-graph').id; window.__drawn[id] = window.__drawn[id] || performance.now(); });
      }
    });
  }).observe(document, {subtree: true, childList: true});
});
"""


def test_a_pages_charts_are_painted_as_they_are_drawn(page):
    """assets/plotly-first-draw.js: with a budget of 0 ms (one chart a frame), the ranking is
    painted before the time series is drawn, not after all three charts of Explore are drawn in one
    task (the page's budget, 16 ms, depends on the machine's speed)."""
    page.add_init_script("window.innolocFirstDrawBudget = 0;" + DRAW_TIMES)
    open_explore(page, "lang=en")
    page.wait_for_function("() => Object.keys(window.__drawn).length >= 3")
    drawn, frames = page.evaluate("window.__drawn"), page.evaluate("window.__frames")
    first, last = drawn["explore-ranking"], drawn["explore-series"]
    assert first < last, drawn
    assert any(first < f < last for f in frames), (drawn, [f for f in frames if f > first][:3])


# Every graph that stopped being marked pending (dcc.Graph's `dash-graph--pending`) while it had
# nothing drawn yet.
UNMARKED_UNDRAWN = """
window.__unmarked = [];
new MutationObserver(records => {
  records.forEach(r => {
    const was = (r.oldValue || '').includes('dash-graph--pending');
    if (was && !r.target.classList.contains('dash-graph--pending') && !r.target.querySelector('.main-svg')) {
      window.__unmarked.push(performance.now());
    }
  });
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['class'], attributeOldValue: true});
"""


def test_a_graph_stays_pending_until_it_is_drawn_even_if_its_box_changes_first(page):
    """A box that changes while a graph waits for its first drawing (plotly-first-draw.js) made
    dcc.Graph resize it, and the resize, answered at once, unmarked the graph as pending: a test or
    a reader's tool waiting for every chart drawn then went on with charts still blank (Compare's
    23 charts, under load)."""
    page.add_init_script("window.innolocFirstDrawBudget = 0;" + UNMARKED_UNDRAWN)
    page.goto("/compare?lang=en")
    page.wait_for_selector(".js-plotly-plot .main-svg")  # one chart drawn, most still waiting their turn
    page.set_viewport_size({"width": 1000, "height": 900})  # every box changes
    page.wait_for_function("() => !document.querySelector('.dash-graph--pending')")
    graphs = page.locator(".dash-graph")
    assert graphs.count() > 10
    assert page.locator(".dash-graph .main-svg:first-child").count() == graphs.count()
    assert page.evaluate("window.__unmarked") == []


@pytest.mark.parametrize("narrower", [False, True])
def test_the_map_stays_pending_while_its_outlines_load_and_fits_a_box_changed_meanwhile(page, narrower):
    """The map's first drawing waits for its outlines (/_geo/); a resize dcc.Graph asked for
    meanwhile was answered at once and unmarked the map as drawn while it was still blank. Held
    outlines: the map stays pending, and once they arrive it is drawn at its box's size, also when
    the box changed while it waited."""
    held = []
    page.route("**/_geo/**", lambda route: held.append(route))
    assert page.goto("/explore?lang=en").ok
    page.wait_for_selector("#explore-map .main-svg", state="attached")  # its drawing has started
    page.wait_for_function("() => document.querySelector('#explore-ranking .js-plotly-plot:not(.dash-graph--pending)')")
    if narrower:
        page.set_viewport_size({"width": 1100, "height": 900})
    page.wait_for_timeout(1000)  # dcc.Graph's resizes are answered within this
    assert held, "the outlines were not asked for"
    assert page.locator("#explore-map .dash-graph--pending").count() == 1
    assert page.locator("#explore-map .choroplethlocation").count() == 0
    for route in held:
        route.continue_()
    page.wait_for_function("() => !document.querySelector('.dash-graph--pending')")
    assert page.locator("#explore-map .choroplethlocation").count() > 100
    width = page.evaluate("() => [document.querySelector('#explore-map .js-plotly-plot')._fullLayout.width, "
                          "document.querySelector('#explore-map').clientWidth]")
    assert abs(width[0] - width[1]) <= 1, width
