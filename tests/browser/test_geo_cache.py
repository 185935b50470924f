"""The map drawn with plotly.js's per-outline caches equals the map drawn without them.

tools/plotly-bundle/patches.js keeps, per municipality outline, what plotly.js recomputed on every
redraw (centroid, hover polygons, bounding box, the projected SVG path with the view it was
projected for). A cache that outlived its input would draw an outline in the wrong place, or hover
the wrong municipality. So after each step a reader takes (year steps, a mode change, regions and
back, panning and zooming, a box of another size), the map on the page is compared with the same figure drawn afresh
with every cache off (`window.innolocGeoCache = false`): every outline, fill, line, opacity,
centroid, hover polygon and the view, each outline and circle by the style it ends up with (the
line most outlines share, and a count's circles' fill and line, are held by their trace's group).
"""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .test_explore import open_explore

pytestmark = pytest.mark.browser

# The drawn map, and the same figure drawn afresh without the caches (an off-screen copy).
COMPARE_JS = """async () => {
  const gd = document.querySelector('#explore-map .js-plotly-plot');
  const snap = (g) => ({
    // each outline as the reader sees it (its line may be its own or its trace group's)
    paths: [...g.querySelectorAll('path.choroplethlocation, .scatterlayer path.js-line')].map(p => {
      const cs = getComputedStyle(p);
      return [p.__data__ && p.__data__.loc || null, p.getAttribute('d'), cs.fill, cs.fillOpacity, cs.stroke,
              cs.strokeOpacity, cs.strokeWidth, cs.strokeDasharray, cs.opacity];
    }),
    // a count's circles as the reader sees them: shape, place and the style each one ends up with
    circles: [...g.querySelectorAll('.scattergeo path.point')].map(p => {
      const cs = getComputedStyle(p);
      return [p.getAttribute('d'), p.getAttribute('transform'), cs.fill, cs.fillOpacity, cs.stroke,
              cs.strokeOpacity, cs.strokeWidth, cs.strokeDasharray, cs.opacity];
    }),
    calc: g.calcdata.filter(cd => cd[0].trace.type === 'choropleth').map(cd => cd.map(pt =>
      JSON.stringify([pt.loc || null, pt.z, pt.ct || null, (pt._polygons || []).map(q => q.pts)]))),
    view: [g._fullLayout.geo._subplot.projection.scale(), g._fullLayout.geo._subplot.projection.translate()],
  });
  const drawn = snap(gd);
  const copy = document.createElement('div');
  Object.assign(copy.style, {position: 'absolute', left: '-6000px', top: '0',
                             width: gd._fullLayout.width + 'px', height: gd._fullLayout.height + 'px'});
  document.body.appendChild(copy);
  window.innolocGeoCache = false;
  try {
    await Plotly.newPlot(copy, JSON.parse(JSON.stringify(gd.data)), JSON.parse(JSON.stringify(gd.layout)),
                         {topojsonURL: gd._context.topojsonURL});
    const fresh = snap(copy);
    Plotly.purge(copy);
    return {drawn, fresh, places: drawn.paths.filter(p => p[0]).length};
  } finally {
    delete window.innolocGeoCache;
    copy.remove();
  }
}"""


def _same_map(page, what: str) -> int:
    page.wait_for_function("() => !document.querySelector('.dash-graph--pending')")
    page.wait_for_timeout(300)  # the last redraw's promise
    got = page.evaluate(COMPARE_JS)
    drawn, fresh = got["drawn"], got["fresh"]
    assert drawn["view"] == fresh["view"], f"{what}: another view than a fresh drawing"
    assert len(drawn["paths"]) == len(fresh["paths"]), what
    wrong = [(a[0], b[0]) for a, b in zip(drawn["paths"], fresh["paths"]) if a != b]
    assert not wrong, f"{what}: {len(wrong)} outlines drawn otherwise than afresh, e.g. {wrong[:3]}"
    assert drawn["calc"] == fresh["calc"], f"{what}: centroids or hover polygons differ from a fresh drawing"
    assert drawn["circles"] == fresh["circles"], f"{what}: circles drawn otherwise than afresh"
    return got["places"]


def _circles(page) -> int:
    return page.locator("#explore-map .scattergeo path.point").count()


def test_a_map_redrawn_with_the_outline_caches_equals_a_fresh_drawing(page, store):
    # population: a count, drawn as circles over the municipalities (their own view padding)
    open_explore(page, "lang=en&indicator=population")
    assert _same_map(page, "opened") > 16
    assert _circles(page) > 16  # the circles' shared style is compared too
    handle = page.locator("#explore-year [role=slider]")
    for step in range(2):
        before = handle.get_attribute("aria-valuenow")
        handle.focus()
        page.keyboard.press("ArrowLeft")
        expect(handle).not_to_have_attribute("aria-valuenow", before)
        _same_map(page, f"year step {step + 1}")
    page.locator("#explore-indicator").click()
    search = page.locator(".dash-dropdown-content .dash-dropdown-search")
    search.fill(store.indicator("tertiary_share")["name_en"])
    search.press("Enter")
    expect(page.locator("#explore-heading span").first).to_have_text(store.indicator("tertiary_share")["name_en"])
    _same_map(page, "another indicator (classes)")
    page.locator("#explore-mode input[value=index]").check()
    _same_map(page, "index mode")
    page.locator("#explore-level input[value=regions]").check()
    regions = _same_map(page, "regions")
    page.locator("#explore-level input[value=municipalities]").check()
    assert _same_map(page, "municipalities again (outlines projected before)") > regions
    # panned and zoomed by the reader: every outline projected for the new view
    view_js = """() => { const p = document.querySelector('#explore-map .js-plotly-plot')._fullLayout.geo._subplot.projection;
                        return [p.scale(), p.rotate(), p.translate()]; }"""
    before = page.evaluate(view_js)
    box = page.locator("#explore-map .js-plotly-plot").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 + 60, box["y"] + box["height"] / 2 + 30, steps=5)
    page.mouse.up()
    page.wait_for_function(f"(before) => JSON.stringify(({view_js})()) !== JSON.stringify(before)", arg=before)
    panned = page.evaluate(view_js)
    _same_map(page, "panned")
    page.locator('#explore-map .modebar-btn[data-val="in"]').first.click()
    page.wait_for_function(f"(scale) => ({view_js})()[0] > scale", arg=panned[0])  # zoomed in
    _same_map(page, "zoomed in")
    # another box: another projection, so no outline may keep the path projected for the old one
    page.evaluate("document.querySelector('#explore-map').style.height = '480px'")
    page.wait_for_function("() => document.querySelector('#explore-map .js-plotly-plot')._fullLayout.height === 480")
    _same_map(page, "a smaller box")


# Outlines on both sides of the antimeridian, where plotly.js's fitbounds needs its every-vertex
# bounds (the bounding-box corners stand in for them only when that gives the same box), and one
# outline wider than the gap outside the box, where the corners alone would give another box.
ANTIMERIDIAN_JS = """async (features) => {
  const fig = (id) => ({
    data: [{type: 'choropleth', locations: features.map(f => f.id), z: features.map((f, i) => i),
            geojson: {type: 'FeatureCollection', features}, featureidkey: 'id', showscale: false}],
    layout: {width: 600, height: 400, geo: {fitbounds: 'locations', visible: false, projection: {type: 'mercator'}}},
  });
  const view = async (cache) => {
    const div = document.createElement('div');
    document.body.appendChild(div);
    if (!cache) { window.innolocGeoCache = false; }
    try {
      const f = fig();
      const map = document.querySelector('#explore-map .js-plotly-plot');
      await Plotly.newPlot(div, f.data, f.layout, {topojsonURL: map._context.topojsonURL});
      const g = div._fullLayout.geo;
      return [g.lonaxis.range, g.lataxis.range, g._subplot.projection.scale(), g._subplot.projection.translate()];
    } finally { delete window.innolocGeoCache; Plotly.purge(div); div.remove(); }
  };
  return [await view(true), await view(false)];
}"""


def _square(fid, lon, lat, size=2.0):
    ring = [[lon, lat], [lon, lat + size], [lon + size, lat + size], [lon + size, lat], [lon, lat]]
    return {"type": "Feature", "id": fid, "geometry": {"type": "Polygon", "coordinates": [ring]}}


@pytest.mark.parametrize("features", [
    [_square("a", 172, 10), _square("b", -177, 12), _square("c", 178, -5)],
    # "wide" spans 100° E to 100° W across 180°: its corners leave 100..180..260 as the widest gap,
    # which its vertex at 180° lies in, so the corners alone would give a box 60° narrower
    [{"type": "Feature", "id": "wide", "geometry": {"type": "Polygon", "coordinates": [
        [[100, 0], [180, 1], [-100, 0], [180, -1], [100, 0]]]}},
     _square("small", 0, 0)],
], ids=["across the antimeridian", "an outline wider than the gap"])
def test_fitbounds_from_outline_corners_frames_what_every_vertex_frames(page, features):
    open_explore(page, "lang=en")
    cached, fresh = page.evaluate(ANTIMERIDIAN_JS, features)
    assert cached == fresh
