"""Explore's year steps drawn in the browser from the year bundle (assets/year-step.js,
dashboard/explore/years.py): the server's answers are the reference.

- On every indicator (its first, middle and last years and those beside a gap) and, year by year,
  in other languages, levels, scopes and modes, what the script unpacks for a year is exactly what
  the server's render_views answers for that step.
- As a reader uses it: after the first step (answered by the server, which then sends the
  bundle), a step is drawn without the server drawing anything, and the page then shows what it
  shows when opened at that year.
"""
from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect
from plotly.io.json import to_json_plotly

from dashboard.explore import render
from dashboard.explore.logic import coerce
from dashboard.explore.state import default_state

from .test_explore import open_explore, store_data_js, url_param

pytestmark = pytest.mark.browser

# an output the script leaves as it is (dash_clientside.no_update) reads as the server's no_update
# The bundle goes in and the steps come out as JSON text: Playwright's own (de)serialisation of
# structures this large took most of the test's time.
UNPACK_JS = """([text, years]) => { const bundle = JSON.parse(text); return JSON.stringify(years.map(y => {
  const step = window.innolocYears.unpack(bundle, y);
  const kept = {_dash_no_update: '_dash_no_update'};
  return {...step, outputs: step.outputs.map(v => v === window.dash_clientside.no_update ? kept : v)};
})); }"""
# What a reader sees of the three charts: the map's places, classes and hovers, the ranking's
# bars and labels, the time series' lines and year marker.
CHARTS_JS = """() => {
  const gd = id => document.querySelector(`#explore-${id} .js-plotly-plot`);
  // the start dropdown's options, from the renderer's store (a closed dropdown has none in the page)
  const starts = () => {
    const stores = window.dash_stores || [];
    let found = null;
    const walk = x => {
      if (found !== null) { return; }
      if (Array.isArray(x)) { x.forEach(walk); }
      else if (x && typeof x === 'object') {
        if (x.props && x.props.id === 'explore-start') { found = x.props.options.map(o => o.value); return; }
        Object.values(x).forEach(walk);
      }
    };
    walk(stores[stores.length - 1].getState().layout);
    return found;
  };
  const pick = (tr, keys) => Object.fromEntries(keys.map(k => [k, tr[k] === undefined ? null : tr[k]]));
  return {
    map: gd('map').data.map(tr => pick(tr, ['locations', 'customdata', 'name', 'showlegend', 'colorscale'])),
    ranking: gd('ranking').data.map(tr => pick(tr, ['x', 'y', 'text', 'customdata', 'name'])),
    rankingHeight: gd('ranking')._fullLayout.height,
    series: gd('series').layout.shapes.map(s => [s.x0, s.x1]),
    title: document.querySelector('#explore-map-title').innerText,
    starts: starts(),
  };
}"""


def _json(value):
    return json.loads(to_json_plotly(value))


# (lang, changes to the default state) for every indicator, then other views of a few
VIEWS = [("en", {})] + [
    ("sl", {"scope": "all"}),
    ("de", {"mode": "difference", "reference": "partners", "selected": ("SI-052", "AT-62139")}),
    ("en", {"level": "regions"}),
    ("de", {"mode": "change"}),
]


def _views(store):
    """(indicator, lang, changes, every year?): every indicator in the default view, at its edges and
    gaps; the other views of a count, a rate and a share, a count's year by year (a bundle packs
    every year alike, so the years where packing can slip are those of `_edges_and_gaps`)."""
    for indicator in store.indicator_ids():
        yield indicator, *VIEWS[0], False
    for indicator in ("population", "employment_rate", "share_65_plus"):
        for lang, changes in VIEWS[1:]:
            yield indicator, lang, changes, indicator == "population"


def _edges_and_gaps(held: list[int]) -> list[int]:
    """The years where a bundle's packing can go wrong: the first two, the last two, the middle one,
    and each year on either side of a gap (a year without data)."""
    picked = {*held[:2], *held[-2:], held[len(held) // 2]}
    picked |= {y for a, b in zip(held, held[1:]) if b - a > 1 for y in (a, b)}
    return sorted(picked)


# the views in three parts, so that parallel workers share them (together ~25 s)
PARTS = 3


@pytest.mark.parametrize("part", range(PARTS), ids=lambda n: f"part-{n}")
def test_the_browser_unpacks_each_year_as_the_server_answers_it(page, store, explore_page, part):
    page = open_explore(page, "lang=en")
    checked = 0
    for indicator, lang, changes, every_year in list(_views(store))[part::PARTS]:
        state = coerce(default_state(store, indicator, lang=lang).with_(**changes), store).checked(store)
        bundle = explore_page.year_bundle(state.as_dict())
        if bundle is None:
            continue  # too large to send: those steps are the server's (tests/test_year_bundle.py)
        held = sorted(int(y) for y in bundle["years"])
        assert len(held) > 1, f"{indicator} {lang} {changes}: a bundle of {held}"
        years = held if every_year else _edges_and_gaps(held)
        unpacked = json.loads(page.evaluate(UNPACK_JS, [json.dumps(bundle), years]))
        for year, got in zip(years, unpacked):
            step = coerce(state.with_(year=year), store).checked(store)
            before = coerce(state.with_(year=next(y for y in held if y != year)), store).checked(store)
            answer = explore_page.render_views(step.as_dict(), explore_page._map_store(before),
                                               render.series_key(before))
            where = f"{indicator} {lang} {changes} {year}"
            assert got["state"] == step.as_dict(), where
            assert got["outputs"][:-1] == _json(answer), where
            # the period's first years offered, as update_state would set them for that year
            assert got["outputs"][-1] == [{"label": str(y), "value": y} for y in store.years(indicator) if y < year]
            checked += 1
    assert checked > 25 * 4 // PARTS, checked  # most views have a bundle of several years


def _record_answers(page) -> list:
    """(outputs, status, the inputs that changed) of each Dash answer from now on."""
    answers = []

    def record(r):
        if "/_dash-update-component" in r.url:
            body = json.loads(r.request.post_data or "{}")
            answers.append((body.get("output", ""), r.status, body.get("changedPropIds")))

    page.on("response", record)
    return answers


def _answers_to(page, answers, output: str, count: int, timeout_ms: int = 10_000) -> list:
    """The statuses of the first `count` answers for `output`, once that many have arrived."""
    for _ in range(timeout_ms // 50):
        found = [status for out, status, _ in answers if out.startswith(output)]
        if len(found) >= count:
            return found[:count]
        page.wait_for_timeout(50)
    raise AssertionError(f"{count} answers for {output} expected, got {answers}")


# The year bundle is in the page's explore-years store, ready for a step.
BUNDLE_IN_STORE_JS = f"() => {{ const b = ({store_data_js('explore-years')})(); return !!(b && b.years); }}"


def _is_bundle(response) -> bool:
    return "/_dash-update-component" in response.url and "explore-years.data" in (response.request.post_data or "")


@pytest.mark.parametrize("lang", ["sl", "de"])
def test_a_year_step_is_drawn_without_the_server_and_shows_that_year(page, store, lang):
    page = open_explore(page, f"lang={lang}")
    state = coerce(default_state(store, lang=lang), store)
    years = [y for y in store.years(state.indicator) if y > state.start and y <= state.year]
    first, second = years[-2], years[-3]
    answers = _record_answers(page)
    handle = page.locator("#explore-year [role=slider]")
    with page.expect_response(_is_bundle) as bundle:
        handle.focus()  # moving to the year bar asks for the view's bundle
    assert bundle.value.status == 200
    page.wait_for_function(BUNDLE_IN_STORE_JS)  # the answer has reached the page's store
    answers.clear()

    page.keyboard.press("ArrowLeft")
    expect(page.locator("#explore-map-title")).to_have_text(render.chart_title(store, state.with_(year=first)))
    expect(page).to_have_url(url_param("year", str(first)))
    page.keyboard.press("ArrowLeft")
    title = render.chart_title(store, state.with_(year=second))
    expect(page.locator("#explore-map-title")).to_have_text(title)
    expect(page).to_have_url(url_param("year", str(second)))
    expect(handle).to_have_attribute("aria-valuenow", str(second))
    page.wait_for_function("() => !document.querySelector('.dash-graph--pending')")
    stepped = page.evaluate(CHARTS_JS)
    # the server was not asked for the years, and its render, called with each new state, had
    # nothing to draw: no figure came back (the page is drawn before the second answer arrives)
    views = _answers_to(page, answers, "..explore-map.figure", 2)
    assert all(status == 204 for status in views), answers
    assert not [o for o, *_ in answers if o.startswith("..explore-state.data")], answers

    # what the step shows is what the page shows when opened at that year
    fresh = open_explore(page, f"lang={lang}&year={second}")
    page.wait_for_function("() => !document.querySelector('.dash-graph--pending')")
    opened = fresh.evaluate(CHARTS_JS)
    assert stepped["title"] == opened["title"] == title
    assert stepped["ranking"] == opened["ranking"]
    assert stepped["rankingHeight"] == opened["rankingHeight"]
    assert stepped["series"][-1] == opened["series"][-1] == [second, second]
    shown = [tr for tr in stepped["map"] if tr["locations"]]
    assert shown == [tr for tr in opened["map"] if tr["locations"]]
    assert any(re.match(rf"^{second}\b", str(row[4])) for tr in shown for row in (tr["customdata"] or []))
    assert stepped["starts"] == opened["starts"] and max(stepped["starts"]) == second - 1



def test_a_view_too_large_for_a_bundle_steps_through_the_server(page, store):
    """Every municipality of the four regions on the default indicator is over the bundle's limit
    at the shipped data: the step is the server's, and the page then asks for nothing more."""
    page = open_explore(page, "lang=de&scope=all")
    state = coerce(default_state(store, lang="de").with_(scope="all"), store)
    years = [y for y in store.years(state.indicator) if y > state.start and y <= state.year]
    answers = _record_answers(page)
    handle = page.locator("#explore-year [role=slider]")
    with page.expect_response(_is_bundle) as bundle:
        handle.focus()
    assert bundle.value.status == 200 and bundle.value.json()["response"]["explore-years"]["data"] is None
    answers.clear()
    page.keyboard.press("ArrowLeft")
    expect(page.locator("#explore-map-title")).to_have_text(render.chart_title(store, state.with_(year=years[-2])))
    page.wait_for_function("() => !document.querySelector('.dash-graph--pending')")
    # the server's step: the state and its views in one answer
    assert [st for o, st, _ in answers if o.startswith("..explore-state.data") and "explore-map.figure" in o] == [200], answers
    page.wait_for_timeout(500)
    assert not [o for o, *_ in answers if o == "explore-years.data"], answers  # asked once per view


def test_a_hover_label_does_not_outlive_the_year_it_was_for(page, store):
    """The pointer rests on a municipality while the reader steps the year by keyboard: its label
    (with last year's value) is taken down when the new year is drawn, not left beside it."""
    from .test_explore import MAP_POINT_JS

    open_explore(page, "lang=en")
    page.wait_for_function("() => !document.querySelector('.dash-graph--pending')")
    code = "SI-113"
    page.wait_for_function(f"(code) => ({MAP_POINT_JS})(code) !== null", arg=code)
    point = page.evaluate(MAP_POINT_JS, code)
    page.mouse.move(point["x"], point["y"])
    label = page.locator("#explore-map .hoverlayer .hovertext")
    expect(label).to_have_count(1)
    state = coerce(default_state(store, lang="en"), store)
    expect(label).to_contain_text(str(state.year))
    page.locator("#explore-year [role=slider]").focus()
    page.keyboard.press("ArrowLeft")
    earlier = max(y for y in store.years(state.indicator) if y < state.year)
    expect(page.locator("#explore-map-title")).to_have_text(render.chart_title(store, state.with_(year=earlier)))
    page.wait_for_function("() => !document.querySelector('.dash-graph--pending')")
    expect(label).to_have_count(0)
