"""The Explore page in a real browser: what a reader would notice.

Every language renders offline (no console error, every request to 127.0.0.1, the geometry from
the app itself); the indicator dropdown, the year slider (keyboard), a click on the map and on a
ranking bar change the view and the address; a permalink restores a view; broken URL values give
notices and a working page; the "data shown" CSV and the table match the default partner view.

Expected texts come from the catalogues, the data and the page's own pure functions (`render`),
so a test fails when the page shows something else, not when wording changes. Interaction tests
share one browser context (`page`); the render tests use a fresh one (`page`) so the
geometry requests are seen uncached.
"""
from __future__ import annotations

import csv
import io
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from dashboard.components.text import shorten
from dashboard.explore import render
from dashboard.explore.logic import coerce, values_of
from dashboard.explore.state import DEFAULT_INDICATOR, ExploreState, default_state
from dashboard.figures.map import trace_indices
from dashboard.figures.palette import SELECTION_COLOUR
from dashboard.i18n import LANGS, fmt_number, t

pytestmark = pytest.mark.browser

GRAPHS = ("map", "ranking", "series")
BOUNDARIES = "/_geo/boundaries.json"
# plotly.js 4 draws this map (geo.visible=False, GeoJSON locations) without the base topojson;
# if it ever asks for it, it must come from the app's assets like everything else.
TOPOJSON = "/assets/topojson/world_110m.json"
SELECTION_TRACE = trace_indices()["selection"]
PARTNER_LABELS = trace_indices()["partner_labels"]
CENTRE_LABELS = trace_indices()["capital_labels"]
SHORT_MS = 4_000  # for an outcome that should already have happened (xfail checks)

# A point well inside a place's polygon on the map, in page coordinates: the grid point of its
# bounding box that is furthest (in the four axis directions) from the outline. Plotly binds each
# choropleth path to its calcdata point, whose `loc` is the place code.
MAP_POINT_JS = """(code) => {
  const path = [...document.querySelectorAll('#explore-map .choroplethlocation')]
    .find(e => e.__data__ && e.__data__.loc === code);
  if (!path) { return null; }
  const box = path.getBBox();
  const inside = (x, y) => path.isPointInFill(new DOMPoint(x, y));
  const step = Math.max(box.width, box.height) / 100;
  let best = null;
  for (let i = 1; i < 24; i++) {
    for (let j = 1; j < 24; j++) {
      const x = box.x + box.width * i / 24, y = box.y + box.height * j / 24;
      if (!inside(x, y)) { continue; }
      let r = 0;
      while (r < 100 && inside(x + r * step, y) && inside(x - r * step, y)
             && inside(x, y + r * step) && inside(x, y - r * step)) { r++; }
      if (!best || r > best.r) { best = {x, y, r}; }
    }
  }
  if (!best) { return null; }
  const p = new DOMPoint(best.x, best.y).matrixTransform(path.getScreenCTM());
  return {x: p.x, y: p.y};
}"""

# The widest bar of the ranking (easiest to hit) and its place code: a bar's `p` is its category
# index, and the categories are the place codes in `layout.yaxis.categoryarray`.
WIDEST_BAR_JS = """() => {
  const gd = document.querySelector('#explore-ranking .js-plotly-plot');
  const order = gd.layout.yaxis.categoryarray;
  let best = null;
  for (const e of document.querySelectorAll('#explore-ranking .bars .point')) {
    const r = e.querySelector('path').getBoundingClientRect();
    if (!best || r.width > best.w) {
      best = {code: order[e.__data__.p], x: r.left + r.width / 2, y: r.top + r.height / 2, w: r.width};
    }
  }
  return best;
}"""

# Is the place's tick label in the ranking bold and in the selection colour?
TICK_SELECTED_JS = """([name, colour]) => [...document.querySelectorAll('#explore-ranking .ytick text')]
  .some(e => e.textContent.startsWith(name + ' ') && /font-weight:\\s*bold/.test(e.innerHTML)
             && e.innerHTML.toLowerCase().includes(colour))"""

# The codes the map's selection outline trace is drawn around.
MAP_SELECTION_JS = f"""() => {{
  const gd = document.querySelector('#explore-map .js-plotly-plot');
  return (gd && gd.data[{SELECTION_TRACE}].meta) || [];
}}"""


# ---- helpers --------------------------------------------------------------------------------

def open_explore(page, query: str):
    """Open /explore?query and wait until the three charts are drawn."""
    page.goto(f"/explore?{query}")
    for name in GRAPHS:
        page.wait_for_selector(f"#explore-{name} .main-svg")
    return page


def url_param(name: str, value: str) -> re.Pattern:
    return re.compile(rf"[?&]{re.escape(name)}={re.escape(value)}(&|$)")


def name_of(store, code: str, lang: str) -> str:
    return store.place(code)[f"name_{lang}"]


def indicator_name(store, indicator: str, lang: str) -> str:
    return store.indicator(indicator)[f"name_{lang}"]


def choose_indicator(page, store, indicator: str, lang: str) -> str:
    """Choose an indicator by typing its name in the dropdown, as a reader would; its name."""
    name = indicator_name(store, indicator, lang)
    page.locator("#explore-indicator").click()
    search = page.locator(".dash-dropdown-content .dash-dropdown-search")
    search.fill(name)
    expect(page.locator(".dash-dropdown-content [role=option]").filter(has_text=name)).to_have_count(1)
    search.press("Enter")
    expect(page.locator("#explore-heading span").first).to_have_text(name)
    return name


def _click_on_map(page, point_js: str, code: str, what: str) -> None:
    page.locator("#explore-map").scroll_into_view_if_needed()
    # the polygons come from a second request (the geometry URL): wait until the place is drawn
    page.wait_for_function(f"(code) => ({point_js})(code) !== null", arg=code)
    point = page.evaluate(point_js, code)
    assert point, f"no {what} for {code} on the map"
    page.mouse.click(point["x"], point["y"])


def click_map_place(page, code: str) -> None:
    _click_on_map(page, MAP_POINT_JS, code, "polygon")


# The screen position of a town's label dot (the context layer's partner labels): the calcdata
# point of the label trace at the code's index, found by its lon/lat among the drawn points.
LABEL_POINT_JS = f"""(code) => {{
  const gd = document.querySelector('#explore-map .js-plotly-plot');
  const tr = gd && gd.data[{PARTNER_LABELS}];
  const i = tr ? tr.meta.indexOf(code) : -1;
  if (i < 0) {{ return null; }}
  const hit = [...gd.querySelectorAll('.scattergeo path.point')].find(e => e.__data__ && e.__data__.lonlat
    && Math.abs(e.__data__.lonlat[0] - tr.lon[i]) < 1e-6 && Math.abs(e.__data__.lonlat[1] - tr.lat[i]) < 1e-6);
  if (!hit) {{ return null; }}
  const r = hit.getBoundingClientRect();
  return {{x: r.left + r.width / 2, y: r.top + r.height / 2}};
}}"""


def click_map_label(page, code: str) -> None:
    """Click the town's label dot: the label does not hover, so the click lands on the place below."""
    _click_on_map(page, LABEL_POINT_JS, code, "label")


def click_widest_bar(page) -> str:
    """Click the ranking's widest bar; returns its place code."""
    page.locator("#explore-ranking").scroll_into_view_if_needed()
    # as a reader does: once the chart scrolled to shows its latest figure (a chart out of view is
    # drawn when it nears the view, assets/plotly-in-view.js; a click during that drawing is lost)
    page.wait_for_function("""() => { const g = document.getElementById('explore-ranking');
        return g && !g.classList.contains('dash-graph--pending') && g.getAttribute('data-dash-is-loading') !== 'true'
            && g.querySelector('.main-svg'); }""")
    bar = page.evaluate(WIDEST_BAR_JS)
    assert bar, "no bar in the ranking"
    page.mouse.click(bar["x"], bar["y"])
    return bar["code"]


def expect_selected(page, store, code: str, lang: str) -> None:
    """Chip, address, ranking label, time-series line and map outline all show the place."""
    name = name_of(store, code, lang)
    expect(page.locator("#explore-selection")).to_contain_text(t("explore.selected", lang))
    expect(page.locator("#explore-selection .badge")).to_contain_text([name])
    expect(page).to_have_url(re.compile(rf"[?&]sel=([^&]*,)?{re.escape(code)}(,|&|$)"))
    page.wait_for_function(TICK_SELECTED_JS, arg=[name, SELECTION_COLOUR.lower()])
    expect(page.locator("#explore-series .annotation-text").filter(has_text=name)).to_have_count(1)
    page.wait_for_function(f"(code) => ({MAP_SELECTION_JS})().includes(code)", arg=code)


def displayed_state(store, lang: str, **changes) -> ExploreState:
    return default_state(store, lang=lang).with_(**changes)


# ---- rendering ------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_explore_renders_in_language(cold_page, store, shoot, lang):
    page = cold_page
    open_explore(page, f"lang={lang}")
    state = displayed_state(store, lang)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("#_pages_content h1")).to_have_text(t("explore.title", lang))
    expect(page.locator("#explore-heading span").first).to_have_text(indicator_name(store, state.indicator, lang))
    expect(page.locator("#explore-map-title")).to_have_text(render.chart_title(store, state))
    expect(page.locator(".page-notice")).to_have_count(0)
    # the charts have content, not just a frame
    expect(page.locator("#explore-map .choroplethlocation").first).to_be_attached()
    expect(page.locator("#explore-ranking .bars .point")).to_have_count(len(store.partners()))
    expect(page.locator("#explore-series .scatterlayer .trace").first).to_be_attached()
    expect(page.locator("#explore-table tbody tr:has(td)")).to_have_count(len(store.partners()))
    expect(page.locator("#explore-selection")).to_have_text(t("explore.selected_none", lang))
    # the partner towns and the regional centres are named on the map, in the page's language
    expect(page.locator("#explore-map .scattergeo text").filter(has_text="Mürzzuschlag")).to_have_count(1)
    graz = {"sl": "Gradec", "de": "Graz", "en": "Graz"}[lang]
    expect(page.locator("#explore-map .scattergeo text").filter(has_text=re.compile(rf"^{graz}$"))).to_have_count(1)
    # the boundaries came from the app itself (the fixture checks that nothing left 127.0.0.1)
    paths = {urlsplit(u).path for u in page.recorder.requests}
    assert BOUNDARIES in paths, f"{BOUNDARIES} was not requested"
    assert all(p == TOPOJSON for p in paths if "topojson" in p), sorted(paths)
    shoot(page, f"explore_{lang}.png", full_page=True)


# ---- interactions ---------------------------------------------------------------------------

def test_indicator_dropdown_updates_heading_and_url(page, store):
    page = open_explore(page, "lang=de")
    target = "tertiary_share"
    assert target != DEFAULT_INDICATOR
    name = choose_indicator(page, store, target, "de")
    expect(page).to_have_url(url_param("indicator", target))
    expect(page.locator("#explore-indicator")).to_contain_text(name)
    state = coerce(displayed_state(store, "de", indicator=target), store)  # its own default years
    expect(page.locator("#explore-map-title")).to_have_text(render.chart_title(store, state))
    expect(page).to_have_url(url_param("year", str(state.year)))


def test_year_slider_arrow_left_goes_back_one_year(page, store):
    page = open_explore(page, "lang=en")
    state = displayed_state(store, "en")
    years = store.years(state.indicator)
    earlier = max(y for y in years if y < state.year)
    handle = page.locator("#explore-year [role=slider]")
    expect(handle).to_have_attribute("aria-valuenow", str(state.year))
    handle.focus()
    page.keyboard.press("ArrowLeft")
    expect(page.locator("#explore-map-title")).to_have_text(render.chart_title(store, state.with_(year=earlier)))
    expect(page).to_have_url(url_param("year", str(earlier)))
    expect(handle).to_have_attribute("aria-valuenow", str(earlier))


def test_year_slider_arrow_right_goes_forward_one_year(page, store):
    start = 2020
    page = open_explore(page, f"lang=en&year={start}")
    state = displayed_state(store, "en", year=start)
    assert start + 1 in store.years(state.indicator)
    handle = page.locator("#explore-year [role=slider]")
    expect(handle).to_have_attribute("aria-valuenow", str(start))
    handle.focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator("#explore-map-title")).to_have_text(
        render.chart_title(store, state.with_(year=start + 1)), timeout=SHORT_MS)
    expect(page).to_have_url(url_param("year", str(start + 1)), timeout=SHORT_MS)


def test_map_click_selects_and_deselects(page, store):
    page = open_explore(page, "lang=en")
    code = "SI-113"  # Slovenska Bistrica: the largest partner, easy to hit
    assert code in store.partners()
    click_map_place(page, code)
    expect_selected(page, store, code, "en")
    # the same place again: deselected everywhere
    click_map_place(page, code)
    expect(page.locator("#explore-selection")).to_have_text(t("explore.selected_none", "en"))
    expect(page).not_to_have_url(re.compile(r"[?&]sel="))
    expect(page).to_have_url(url_param("indicator", DEFAULT_INDICATOR))
    page.wait_for_function(f"() => ({MAP_SELECTION_JS})().length === 0")
    name = name_of(store, code, "en")
    expect(page.locator("#explore-series .annotation-text").filter(has_text=name)).to_have_count(0)
    assert not page.evaluate(TICK_SELECTED_JS, [name, SELECTION_COLOUR.lower()])
    # the town's name on the map (context layer) does not swallow the click: it selects the town
    expect(page.locator("#explore-map .scattergeo text").filter(has_text=re.compile(rf"^{name}$"))).to_have_count(1)
    click_map_label(page, "AT-61108")  # Leoben
    expect_selected(page, store, "AT-61108", "en")
    # the names are part of the figure, so the map's image carries them too
    with page.expect_download(timeout=30_000) as info:
        page.locator('button[id*="explore-img"][id*="map"][id*="svg"]').click()
    svg = open(info.value.path(), encoding="utf-8").read()
    assert ">Klagenfurt<" in svg and ">Mürzzuschlag<" in svg and "text-shadow" in svg
    # the caption (unit, caveat, sources, link) starts below the legend, never over it
    legend_top, legend_height = _legend_box(svg)
    caption_top = _caption_top(svg)
    assert caption_top >= legend_top + legend_height, (caption_top, legend_top, legend_height)


MAP_VIEW_JS = """() => {
  const f = document.querySelector('#explore-map .js-plotly-plot')._fullLayout;
  const p = f.geo._subplot.projection;
  return {height: f._size.h, scale: p.scale(), translate: p.translate(), legend: Math.round(f.legend._height)};
}"""


def test_the_map_keeps_its_scale_from_year_to_year_and_between_indicators(page, store):
    """The legend's height changes with the number of classes; the map keeps room for the tallest,
    so it does not zoom in and out during Play or after another indicator."""
    open_explore(page, "lang=en&indicator=employment_rate")
    first = page.evaluate(MAP_VIEW_JS)
    legends = {first["legend"]}
    page.locator("#explore-year [role=slider]").focus()
    for year in reversed(store.years("employment_rate")[-6:-1]):
        page.keyboard.press("ArrowLeft")
        expect(page.locator("#explore-map-title")).to_contain_text(str(year))
        page.wait_for_function("() => !document.querySelector('.dash-graph--pending')")
        view = page.evaluate(MAP_VIEW_JS)
        legends.add(view["legend"])
        assert {k: view[k] for k in ("height", "scale", "translate")} == \
            {k: first[k] for k in ("height", "scale", "translate")}, year
    assert len(legends) > 1, "the legend kept its height in these years: choose other years for this test"
    for indicator in ("population_change_rate", "population"):
        open_explore(page, f"lang=en&indicator={indicator}")
        view = page.evaluate(MAP_VIEW_JS)
        assert (view["height"], view["scale"]) == (first["height"], first["scale"]), indicator
    # the image of a map with a short legend (a count's) has its caption close below the legend:
    # the room the page keeps for a taller legend is not in the image
    assert view["legend"] < 100
    with page.expect_download(timeout=30_000) as info:
        page.locator('button[id*="explore-img"][id*="map"][id*="svg"]').click()
    svg = open(info.value.path(), encoding="utf-8").read()
    legend_top, legend_height = _legend_box(svg)
    gap = _caption_top(svg) - (legend_top + legend_height)
    assert 0 <= gap < 40, gap


# The count circles drawn four times wider (as large as the largest circles at an edge of the map
# with 2,300 places), then the same without the circles' opt-out of fitbounds' padding.
GROW_CIRCLES_JS = """async () => {
  const gd = document.querySelector('#explore-map .js-plotly-plot');
  const view = () => { const p = gd._fullLayout.geo._subplot.projection; return [p.scale(), p.translate()]; };
  const i = gd.data.findIndex(t => t.type === 'scattergeo' && t.mode === 'markers' && t.lon && t.lon.length);
  const trace = gd.data[i];
  const before = view();
  await Plotly.restyle(gd, {'marker.sizeref': trace.marker.sizeref / 16}, [i]);
  const grown = view();
  const meta = trace.meta;
  await Plotly.restyle(gd, {meta: [null]}, [i]);
  const padded = view();
  return {circles: trace.lon.length, meta, before, grown, padded};
}"""


def test_count_circles_never_move_the_map(page):
    """With every municipality the largest circles reach past the map's edge. Counted by fitbounds,
    their radii made a count's view differ from a rate's, and from year to year (the map moved and
    every outline was projected again, ~230 ms at 2,300 places). The circles are framed by their
    points: however large, they leave the view as it is."""
    open_explore(page, "lang=en&indicator=population")
    page.wait_for_function("() => !document.querySelector('.dash-graph--pending')")
    got = page.evaluate(GROW_CIRCLES_JS)
    assert got["circles"] > 16 and got["meta"] == {"innolocFit": "points"}, got
    assert got["grown"] == got["before"], "larger circles moved the map"
    # the premise: circles that fitbounds pads for would have moved it
    assert got["padded"][0] < got["before"][0], got


def store_data_js(component_id: str) -> str:
    """JS returning a dcc.Store's data as Dash's renderer holds it (null before the store exists)."""
    return f"""() => {{
  const stores = window.dash_stores || [];
  const s = stores.length && stores[stores.length - 1].getState();
  const path = s && s.paths && s.paths.strs['{component_id}'];
  if (!path) {{ return null; }}
  let node = s.layout;
  for (const k of path) {{ node = node[k]; }}
  return node && node.props ? node.props.data : null;
}}"""


# The page's explore-state store (what render_views and the address get).
STATE_JS = store_data_js("explore-state")


def test_clicks_and_clear_change_the_selection_in_the_browser_as_the_server_would(page, store):
    """assets/explore-select.js toggles the selection without asking the server: after each map
    click, ranking click and Clear the state must be the one ExploreState.toggle gives, with the
    address to_query writes, and one the server reads back unchanged (the URL's rules)."""
    open_explore(page, "lang=sl&indicator=tertiary_share")
    partners = sorted(store.partners(), key=lambda c: -float(store.place(c).get("area_km2") or 0))
    clicks = [*partners[:7], partners[1]]  # the 7th place drops the oldest; a place again is dropped
    before = page.evaluate(STATE_JS)
    for code in clicks:
        click_map_place(page, code)
        page.wait_for_function(f"(before) => JSON.stringify(({STATE_JS})()) !== JSON.stringify(before)", arg=before)
        now = page.evaluate(STATE_JS)
        expected = ExploreState.from_client(before, store).toggle(code).checked(store).as_dict()
        assert now == expected, code
        assert ExploreState.from_client(now, store).as_dict() == now
        before = now
    assert before["selected"] == partners[2:7]
    code = click_widest_bar(page)
    page.wait_for_function(f"(before) => JSON.stringify(({STATE_JS})()) !== JSON.stringify(before)", arg=before)
    now = page.evaluate(STATE_JS)
    assert now == ExploreState.from_client(before, store).toggle(code).checked(store).as_dict()
    expect(page).to_have_url(re.compile(re.escape(now["query"]) + "$"))
    page.locator("#explore-clear").click()
    page.wait_for_function(f"() => ({STATE_JS})().selected.length === 0")
    assert page.evaluate(STATE_JS) == ExploreState.from_client(now, store).with_(selected=()).as_dict()
    expect(page).not_to_have_url(re.compile(r"[?&]sel="))
    expect(page.locator("#explore-selection")).to_have_text(t("explore.selected_none", "sl"))


def _pick_by_name(page, name: str) -> None:
    page.locator("#explore-pick").click()
    search = page.get_by_role("searchbox")
    search.fill(name)
    page.get_by_role("option").filter(has_text=name).first.click()
    page.keyboard.press("Escape")


def test_picks_change_the_selection_in_the_browser_as_the_server_would(page, store):
    """The picker's choice becomes the state in the browser (assets/explore-select.js: pick): the
    state must be the one ExploreState.pick gives, with to_query's address, read back unchanged by
    the server; a value the picker does not offer (set by a script) is not taken, and the page goes
    on working."""
    open_explore(page, "lang=de&indicator=tertiary_share")
    codes = sorted(store.partners())[:2]
    before = page.evaluate(STATE_JS)
    for n, code in enumerate(codes, start=1):
        _pick_by_name(page, name_of(store, code, "de"))
        page.wait_for_function(f"() => ({STATE_JS})().selected.length === {n}")
        now = page.evaluate(STATE_JS)
        assert now == ExploreState.from_client(before, store).pick(codes[:n]).checked(store).as_dict()
        assert ExploreState.from_client(now, store).as_dict() == now
        expect(page).to_have_url(re.compile(re.escape(now["query"]) + "$"))
        before = now
    expect(page.locator("#explore-picked-values li")).to_have_count(2)
    expect(page.locator("#explore-selection .badge")).to_have_text([name_of(store, c, "de") for c in codes])

    # a value the picker does not offer is not taken (the function itself: the dropdown drops such a
    # value before it reaches the callback)
    offered = page.evaluate(f"""() => window.dash_clientside.innoloc.pick(['XX-999'], ({STATE_JS})(),
        [{{label: 'x', value: '{codes[0]}'}}]) === window.dash_clientside.no_update""")
    assert offered
    page.evaluate("() => window.dash_clientside.set_props('explore-pick', {value: ['XX-999']})")
    page.wait_for_timeout(1000)
    now = page.evaluate(STATE_JS)
    assert ExploreState.from_client(now, store).as_dict() == now
    assert set(now["selected"]) <= set(codes)
    code = click_widest_bar(page)  # the page still answers
    page.wait_for_function(f"(code) => ({STATE_JS})().selected.includes(code) !== {str(code in now['selected']).lower()}",
                           arg=code)


def test_a_click_on_a_place_outside_the_view_keeps_it_selected(page, store):
    """The map shows every municipality of the four regions, the partners view ranks the 16
    partners: a click on another municipality selects it, and the place picker (whose options are
    the view's places) must not drop it again a moment later."""
    open_explore(page, "lang=de")
    partners = set(store.partners())
    code = next(c for c in ("SI-012", "SI-122", "SI-032", "AT-61101", "AT-62210")
                if c in store.places.index and c not in partners)
    name = name_of(store, code, "de")
    click_map_place(page, code)
    page.wait_for_function(f"(code) => ({MAP_SELECTION_JS})().includes(code)", arg=code)
    page.wait_for_function("() => !document.querySelector('.dash-graph--pending')")
    page.wait_for_timeout(1500)  # the picker answers the state; it dropped the place within 0.5 s
    # chip, address, line in the time series, outline on the map, the picker's line (not ranked:
    # the view ranks the partners)
    expect(page.locator("#explore-selection .badge")).to_contain_text([name])
    expect(page).to_have_url(re.compile(rf"[?&]sel={re.escape(code)}(&|$)"))
    expect(page.locator("#explore-series .annotation-text").filter(has_text=name)).to_have_count(1)
    assert page.evaluate(f"() => ({MAP_SELECTION_JS})()") == [code]
    expect(page.locator("#explore-picked-values li")).to_have_count(1)
    # its value in the shown year, as the map shows it (not "no value": it is not ranked, not missing)
    state = coerce(default_state(store, lang="de"), store)
    value = values_of(store, state, [code])[code]
    assert value == value, f"{code} has no value in {state.year}: choose another place for this test"
    dec = int(store.indicator(state.indicator)["decimals"])
    expect(page.locator("#explore-picked-values li").first).to_contain_text(f"{name}: {fmt_number(value, dec, 'de')}")


def _legend_box(svg: str) -> tuple[float, float]:
    at = svg.index('<g class="legend"')
    top = float(re.search(r'translate\([\d.]+,\s*([\d.]+)\)', svg[at:at + 200]).group(1))
    height = float(re.search(r'<rect class="bg"[^>]*height="([\d.]+)"', svg[at:]).group(1))
    return top, height


def _caption_top(svg: str) -> float:
    """The top of the image's caption annotation (the last annotation, holding the link)."""
    tops = [float(m.group(1)) for m in re.finditer(
        r'<g class="annotation-text-g"[^>]*><g class="cursor-pointer" transform="translate\([\d.]+,\s*([\d.]+)\)"', svg)]
    return tops[-1]


def test_ranking_bar_click_selects(page, store):
    page = open_explore(page, "lang=sl")
    code = click_widest_bar(page)
    assert code in store.partners(), code
    expect_selected(page, store, code, "sl")


def test_permalink_restores_the_view(page, store, shoot):
    page = open_explore(page, "lang=de&indicator=tertiary_share&year=2019&mode=index&start=2015"
                                     "&sel=SI-052,AT-61108")
    name = indicator_name(store, "tertiary_share", "de")
    expect(page.locator("#explore-indicator")).to_contain_text(name)
    expect(page.locator("#explore-heading span").first).to_have_text(name)
    state = ExploreState(indicator="tertiary_share", year=2019, start=2015, mode="index",
                         selected=("SI-052", "AT-61108"), lang="de")
    title = render.chart_title(store, state)
    assert "2019" in title
    expect(page.locator("#explore-map-title")).to_have_text(title)
    expect(page.locator("#explore-selection .badge")).to_have_text(["Kranj", "Leoben"])
    expect(page.locator("#explore-mode input[value=index]")).to_be_checked()
    expect(page.locator("#explore-start")).to_contain_text("2015")
    expect(page.locator("#explore-year [role=slider]")).to_have_attribute("aria-valuenow", "2019")
    for code in state.selected:
        page.wait_for_function(TICK_SELECTED_JS, arg=[name_of(store, code, "de"), SELECTION_COLOUR.lower()])
    expect(page.locator(".page-notice")).to_have_count(0)
    shoot(page, "explore-permalink_de.png", full_page=True)


def test_broken_url_parameters_show_notices_and_page_works(page, store, shoot):
    page = open_explore(page, "indicator=nope&year=abc&mode=weird&sel=XX-1&lang=xx")
    notices = page.locator(".page-notice")
    expect(notices.nth(3)).to_be_visible()
    texts = notices.all_inner_texts()
    assert len(texts) >= 4, texts
    for value in ("nope", "abc", "weird", "XX-1"):
        assert any(value in text for text in texts), (value, texts)
    # falls back to the defaults, in English, and still works
    expect(page.locator("#explore-heading span").first).to_have_text(indicator_name(store, DEFAULT_INDICATOR, "en"))
    expect(page.locator("#explore-mode input[value=value]")).to_be_checked()
    expect(page.locator("#explore-ranking .bars .point")).to_have_count(len(store.partners()))
    code = click_widest_bar(page)
    expect(page.locator("#explore-selection .badge")).to_have_text([name_of(store, code, "en")])
    expect(page).to_have_url(url_param("sel", code))
    shoot(page, "explore-bad-url_en.png", full_page=True)


def test_bad_language_notice_names_the_value(page):
    page = open_explore(page, "lang=xx")
    expect(page.locator(".page-notice")).to_have_text(t("notice.bad_lang", "en", value="xx"), timeout=SHORT_MS)


# ---- data: CSV and table --------------------------------------------------------------------

def test_csv_of_the_shown_data(page, store):
    page = open_explore(page, "lang=en")
    state = displayed_state(store, "en")
    with page.expect_download() as info:
        page.locator("#explore-dl-shown").click()
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    text = download.path().read_text(encoding="utf-8-sig")  # the CSV starts with a BOM
    rows = list(csv.DictReader(io.StringIO(text)))
    header = text.splitlines()[0].split(",")
    assert header[:3] == ["place_code", "place", "indicator"], header
    for column in ("unit", "year", "value", "source"):
        assert column in header, (column, header)
    assert header.index("unit") < header.index("year") < header.index("value") < header.index("source")
    assert header[-1] == "source", header
    assert len(rows) == len(store.partners()) == 16
    assert {r["place_code"] for r in rows} == set(store.partners())
    assert {r["indicator"] for r in rows} == {state.indicator}
    assert {r["year"] for r in rows} == {str(state.year)}
    assert all(r["source"] for r in rows if r["value"])


def test_table_in_german_has_decimal_comma(page, store):
    page = open_explore(page, "lang=de")
    rows = page.locator("#explore-table tbody tr:has(td)")
    expect(rows).to_have_count(len(store.partners()))
    values = page.locator("#explore-table td[data-dash-column=value]").all_inner_texts()
    assert len(values) == 16
    decimals = int(store.indicator(DEFAULT_INDICATOR)["decimals"])
    assert decimals > 0, "the default indicator should have decimals for this check"
    pattern = re.compile(rf"^[-\u2212]?\d{{1,3}}(\.\d{{3}})*,\d{{{decimals}}}$")
    shown = [v.strip() for v in values if v.strip()]
    assert shown and all(pattern.match(v) for v in shown), shown
    expect(page.locator("#explore-table th").filter(has_text=t("table.place", "de")).first).to_be_visible()


def test_png_of_each_chart_has_title_and_source_room(page):
    """The PNG buttons download an image wider than the card and taller than the chart (title + source)."""
    page = open_explore(page, "lang=de")
    for chart in GRAPHS:
        height = page.evaluate(f"document.querySelector('#explore-{chart} .js-plotly-plot').clientHeight")
        with page.expect_download(timeout=20_000) as info:
            page.locator(f'button[id*="explore-img"][id*="{chart}"][id*="png"]').click()
        download = info.value
        assert download.suggested_filename == f"innovative-location-{chart}.png"
        data = download.path().read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width_px, height_px = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert width_px >= 2 * 1000 and height_px >= 2 * (height + 90)  # scale 2, title band added


# ---- units and modes that cannot mislead ----------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_index_of_a_signed_indicator_falls_back_with_a_notice(page, store, shoot, lang):
    """population_change_rate can be negative: ?mode=index shows values, a notice says why, the
    index option is greyed out with its reason, and switching to a positive indicator enables it."""
    page = open_explore(page, f"indicator=population_change_rate&mode=index&lang={lang}")
    name = indicator_name(store, "population_change_rate", lang)
    expect(page.locator(".page-notice")).to_have_text(t("notice.index_signed", lang, name=shorten(name)))
    expect(page.locator("#explore-mode input[value=value]")).to_be_checked()
    expect(page.locator("#explore-mode input[value=index]")).to_be_disabled()
    expect(page.locator("#explore-mode-note")).to_have_text(t("explore.index_unavailable", lang))
    expect(page).to_have_url(url_param("mode", "value"))
    shoot(page, f"explore-signed-index_{lang}.png", full_page=True)
    page.locator("#explore-indicator").click()
    search = page.locator(".dash-dropdown-content .dash-dropdown-search")
    search.fill(indicator_name(store, "tertiary_share", lang))
    search.press("Enter")
    expect(page.locator("#explore-mode input[value=index]")).to_be_enabled()
    expect(page.locator("#explore-mode-note")).to_have_text("")


@pytest.mark.parametrize("lang", LANGS)
def test_change_of_a_percentage_reads_percentage_points(page, store, shoot, lang):
    page = open_explore(page, f"indicator=tertiary_share&mode=change&lang={lang}")
    pp = t("unit.pp", lang)
    state = coerce(default_state(store, "tertiary_share", lang).with_(mode="change"), store)
    expect(page.locator("#explore-ranking-title")).to_have_text(render.chart_title(store, state))
    header = page.locator("#explore-table th[data-dash-column=change]").first
    expect(header).to_contain_text(f"({pp})")
    expect(page.locator("#explore-summary")).to_contain_text(f"{pp})")
    shoot(page, f"explore-change-pp_{lang}.png", full_page=True)


@pytest.mark.parametrize("lang", LANGS)
def test_change_across_a_break_says_so(page, store, shoot, lang):
    page = open_explore(page, f"indicator=gross_earnings&mode=change&start=2010&year=2020&lang={lang}")
    note = t("missing.break", lang, year=2015)
    expect(page.locator("#explore-table td[data-dash-column=note]").filter(has_text=note)).to_have_count(
        len([p for p in store.partners() if p.startswith("SI")]))
    expect(page.locator("#explore-ranking")).to_contain_text(note)
    page.locator("#explore-table td[data-dash-column=note]").filter(has_text=note).first.hover()
    expect(page.locator("#explore-table .dash-tooltip").first).to_contain_text(
        t("missing.break_title", lang, year=2015))
    shoot(page.locator("#explore-table"), f"explore-break-table_{lang}.png")
    shoot(page, f"explore-break_{lang}.png", full_page=True)
    shoot(page.locator("#explore-series"), f"explore-break-series_{lang}.png")
