"""Reflow (WCAG 1.4.10): on a 320 px phone (German and Slovenian) and at 200 % zoom (a 1280 px
window is then 640 CSS px wide; German, whose long compounds are the widest words) no page scrolls
sideways; wide tables scroll inside their own box. The navbar folds behind a
menu button that opens by keyboard. A screenshot of every page at 390 px (the German 320 px page
widened) goes to tests/screenshots/ for a person to look at (`--screenshots`)."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dashboard.figures.compare import PANEL_WIDTH
from tests.browser.a11y_support import PAGES, settle

pytestmark = pytest.mark.browser

SIDEWAYS = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
# whether the page heading and the "+ Add to slides" button share a line (their heights overlap)
HEADING_BESIDE_BUTTON = """() => { const a = document.querySelector('main .add-to-slides'), h = document.querySelector('main h1');
  if (!a || !h || !a.offsetParent) return false;
  const ra = a.getBoundingClientRect(), rh = h.getBoundingClientRect();
  return ra.top < rh.bottom - 1 && ra.bottom > rh.top + 1; }"""
# every chart on show drawn at the width its box now has
FITTED = """() => [...document.querySelectorAll('.js-plotly-plot')].every(gd => gd.offsetParent === null
  || !gd._fullLayout || Math.abs(gd._fullLayout.width - parseFloat(getComputedStyle(gd).width)) <= 1)"""


@pytest.fixture
def narrow_page(browser, app_url, request):
    width = request.param
    if width != 640:
        page = request.getfixturevalue("page")  # the warm profile's page, with its checks
        page.set_viewport_size({"width": width, "height": 800})
        yield page
        return
    # 200 % zoom of a 1280x800 window is what the browser then lays out: 640x400 CSS px drawn with
    # two device pixels per CSS pixel (devicePixelRatio 2, as Chromium's zoom reports it), which
    # takes a context of its own
    context = browser.new_context(viewport={"width": width, "height": 400}, device_scale_factor=2,
                                  base_url=app_url, service_workers="block")
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize(("narrow_page", "lang"), [(320, "de"), (320, "sl"), (640, "de")], indirect=["narrow_page"],
                         ids=["320px-de", "320px-sl", "zoom200-de"])
@pytest.mark.parametrize("name", PAGES)
def test_no_sideways_scrolling(narrow_page, shoot, name, lang):
    page = narrow_page
    page.goto(timeout=60_000, url=f"{PAGES[name]}?lang={lang}")
    settle(page)
    scroll, client = page.evaluate(SIDEWAYS)
    assert scroll <= client, f"{name} {lang}: the page is {scroll} px wide in a {client} px window"
    if page.viewport_size["width"] == 320:
        # on a phone the heading has the whole width, the button above it (beside it, German
        # compounds were cut in two)
        assert not page.evaluate(HEADING_BESIDE_BUTTON), f"{name} {lang}: the heading shares its line with the button"
    if page.viewport_size["width"] == 320 and lang == "de":
        # the same page on a common phone (390 px), for a person to look at; a phone turned or a
        # window widened lays the page out again, without loading it anew
        page.set_viewport_size({"width": 390, "height": 800})
        page.wait_for_function(FITTED)
        settle(page)
        scroll, client = page.evaluate(SIDEWAYS)
        assert scroll <= client, f"{name} {lang}: the page is {scroll} px wide in a {client} px window"
        shoot(page, f"a11y_390_{name}.png", full_page=True)


@pytest.mark.parametrize("narrow_page", [320], indirect=True, ids=["320px"])
def test_navbar_folds_and_opens_by_keyboard(narrow_page):
    page = narrow_page
    page.goto(timeout=60_000, url="/?lang=en")
    settle(page)
    expect(page.locator("#shell-nav-data")).to_be_hidden()
    toggle = page.locator("#shell-nav-toggle")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#shell-nav-data")).to_be_visible()
    expect(page.locator("#shell-lang-de")).to_be_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()


# Each drawn chart whose plot, as painted (a transform included), reaches past the right or the
# bottom edge of its box: (box, [plot's right, bottom], [box's right, bottom]).
CUT_CHARTS = """() => [...document.querySelectorAll('.dash-graph .js-plotly-plot')]
  .filter(gd => gd.offsetParent !== null && gd._fullLayout)
  .map(gd => { const box = gd.closest('.dash-graph'), b = box.getBoundingClientRect(),
                     p = gd.querySelector('.main-svg').getBoundingClientRect();
               return [box.id || box.className, [p.right, p.bottom], [b.right, b.bottom]]; })
  .filter(([, p, b]) => p[0] > b[0] + 1 || p[1] > b[1] + 1)"""


@pytest.mark.parametrize("narrow_page", [320], indirect=True, ids=["320px"])
@pytest.mark.parametrize("name", ["profile", "compare", "explore", "score", "steering"])
def test_no_chart_is_cut_at_the_edge_of_its_box(narrow_page, name):
    """Fixed-size charts (Compare's small multiples, Profile's locator map: their size is kept on
    paper) were drawn wider than their box on a phone and cut at the right edge, so the small
    multiples lost their latest years (assets/plotly-fit.js)."""
    page = narrow_page
    page.goto(timeout=60_000, url=f"{PAGES[name]}?lang=sl")
    settle(page)
    assert page.locator(".dash-graph .main-svg").count() >= 1
    assert page.evaluate(CUT_CHARTS) == []


@pytest.mark.parametrize("narrow_page", [320, 1280], indirect=True, ids=["320px", "1280px"])
@pytest.mark.parametrize("name", ["profile", "compare"])
def test_no_chart_is_cut_in_presentation_mode(narrow_page, name):
    """Presentation mode draws every chart at 1/1.3 of its box and scales it up (present.css): a
    fixed-size chart was scaled past its box (Profile's locator map by 84 px; on a phone, Compare's
    panels at the bottom and the right, where a rule meant to draw them as they are did not apply)."""
    page = narrow_page
    page.goto(timeout=60_000, url=f"{PAGES[name]}?lang=en&present=1")
    settle(page)
    assert page.locator("html.presenting").count() == 1
    assert page.evaluate(CUT_CHARTS) == []


@pytest.mark.parametrize("narrow_page", [320], indirect=True, ids=["320px"])
def test_a_turned_phone_draws_the_small_multiples_at_their_own_width_again(narrow_page):
    page = narrow_page
    page.goto(timeout=60_000, url=f"{PAGES['compare']}?lang=de")
    settle(page)
    widths = "() => [...document.querySelectorAll('.sm-graph .js-plotly-plot')].map(gd => gd._fullLayout.width)"
    narrow = page.evaluate(widths)
    assert narrow and max(narrow) < PANEL_WIDTH
    page.set_viewport_size({"width": 1024, "height": 800})
    page.wait_for_function(f"() => [...document.querySelectorAll('.sm-graph .js-plotly-plot')]"
                           f".every(gd => gd._fullLayout.width === {PANEL_WIDTH})")
    page.set_viewport_size({"width": 320, "height": 800})
    page.wait_for_function(f"() => ({CUT_CHARTS})().length === 0 && "
                           f"document.querySelector('.sm-graph .js-plotly-plot')._fullLayout.width < {PANEL_WIDTH}")


SERIES = """() => { const gd = document.querySelector('#explore-series .js-plotly-plot');
  const ticks = [...gd.querySelectorAll('.xtick text')].map(t => t.getBoundingClientRect());
  return {plot: gd._fullLayout._size.w, labels: gd.querySelectorAll('.annotation').length,
          legend: [...gd.querySelectorAll('.legendtext')].map(t => t.textContent),
          overlap: ticks.some((b, i) => i > 0 && b.left < ticks[i - 1].right)}; }"""


@pytest.mark.parametrize("narrow_page", [320], indirect=True, ids=["320px"])
def test_the_time_series_lists_its_lines_in_the_legend_where_their_labels_do_not_fit(narrow_page):
    """At 320 px the labels at the lines' ends took all but ~50 px of the plot, and the years were
    drawn over one another (assets/plotly-fit.js, dashboard/figures/timeseries.py `_narrow`)."""
    page = narrow_page
    page.goto(timeout=60_000, url="/explore?lang=en")
    settle(page)
    page.locator("#explore-series").scroll_into_view_if_needed()
    page.wait_for_function(f"() => ({SERIES})().plot > 0")
    phone = page.evaluate(SERIES)
    assert phone["plot"] >= 150 and phone["labels"] == 0 and not phone["overlap"], phone
    assert {"Slovenia", "Podravska"} <= set(phone["legend"]), phone
    # the phone turned (1,024 px): the labels are back at the lines' ends, the lines out of the legend
    page.set_viewport_size({"width": 1024, "height": 800})
    page.wait_for_function(f"() => {{ const s = ({SERIES})(); return s.labels > 0 && s.plot > {phone['plot']}; }}")
    wide = page.evaluate(SERIES)
    assert "Slovenia" not in wide["legend"] and not wide["overlap"], wide


# Every town label on the Explore map, as drawn: its text and its left and right edge, and the map's.
MAP_LABELS_JS = """() => {
  const gd = document.querySelector('#explore-map .js-plotly-plot');
  const box = gd.querySelector('.main-svg').getBoundingClientRect();
  const labels = [...gd.querySelectorAll('.scattergeo text, .legend text')].filter(t => t.textContent.trim());
  return {box: [box.left, box.right],
          labels: labels.map(t => { const b = t.getBoundingClientRect(); return [t.textContent, b.left, b.right]; })};
}"""


@pytest.mark.parametrize("narrow_page", [320, 360], indirect=True, ids=["320px", "360px"])
def test_no_town_label_is_cut_at_the_edge_of_the_map_on_a_phone(narrow_page, store):
    """On a phone the map leaves room beside its places and draws its town labels smaller
    (figures/map.py NARROW_MAP_PX), so the labels of the towns at its edges (Hartberg, Ormož,
    Radovljica, Bruck an der Mur) are read whole; its legend wraps the circles' long caption."""
    page = narrow_page
    page.goto(timeout=60_000, url="/explore?lang=de&indicator=population")
    settle(page)
    drawn = page.evaluate(MAP_LABELS_JS)
    (left, right), labels = drawn["box"], drawn["labels"]
    assert len(labels) > 16, labels  # the 16 partner towns and the regional centres
    cut = [name for name, a, b in labels if a < left - 0.5 or b > right + 0.5]
    assert not cut, f"labels cut at the map's edge ({left:.0f}–{right:.0f} px): {cut}"
    caption = store.indicator("population")["name_de"]  # the circles' caption in the legend, wrapped
    assert any(name.startswith(caption) for name, _, _ in labels), labels
