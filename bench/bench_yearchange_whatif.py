"""What-ifs for an Explore year change at 2,300 places: which redraw would get cheaper, and by how much.

    python bench/bench_yearchange_whatif.py --data /tmp/innoloc-2300 [--reps 3]

Not a test, and it changes nothing in the app: in one opened page it calls Plotly.react on the
drawn charts with figures changed in the browser the way a year change changes them, and times
each call to the end of its promise (median and range of the 3 x --reps calls per row):

  ranking (all municipalities, 2,300 bars with rich-text tick labels "name  rank"):
    new labels   every label's rank differs and the order moves (a year change): plotly.js measures
                 every tick label again (Drawing.bBox: clone into a tester, getBoundingClientRect)
    same labels  the same figures again: boxes from plotly's bBox cache where it still holds them
                 (10,000 boxes; one call adds ~4,600)
    no labels    yaxis.showticklabels = false: what drawing the names some other way could reach
  map (partners view, 2,300 places, class traces as today):
    moving       every place moves to another class trace (what a year change does today)
    merged       one choropleth with a stepped colour scale, z = class: a year restyles z only
    view fixed   either, with geo.fitbounds off and the view it found given (center, scale, ranges)
"""
from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_browser import ARGS, CHROMIUM, ROOT, start  # noqa: E402

RANKING_JS = """async ([variant, salt]) => {
  const gd = document.querySelector('#explore-ranking .js-plotly-plot');
  if (!window.__rank0) { window.__rank0 = {data: gd.data, layout: JSON.parse(JSON.stringify(gd.layout))}; }
  const fig = window.__rank0;
  const out = [];
  for (let k = 0; k < 3; k++) {
    const lay = JSON.parse(JSON.stringify(fig.layout));
    // a "year change": the labels' rank numbers change and the order rotates
    lay.yaxis.ticktext = lay.yaxis.ticktext.map(s => s.replace(/>(\\d+)</, (m, d) => '>' + (+d + k + 1 + salt) + '<'));
    lay.yaxis.categoryarray = lay.yaxis.categoryarray.slice(k + 1).concat(lay.yaxis.categoryarray.slice(0, k + 1));
    if (variant === 'nolabels') { lay.yaxis.showticklabels = false; }
    const t = performance.now();
    await Plotly.react(gd, fig.data, lay);
    out.push(Math.round(performance.now() - t));
  }
  return out;
}"""
MAP_JS = """async ([variant, fixed]) => {
  const gd = document.querySelector('#explore-map .js-plotly-plot');
  if (!window.__orig) { window.__orig = gd.data.map(t => Object.assign({}, t)); }
  const orig = window.__orig;
  const cls = orig.map((t, i) => [t, i]).filter(([t, i]) => t.type === 'choropleth' && i > 0 && t.locations && t.locations.length && t.marker !== undefined || (t.type === 'choropleth' && i > 0 && t.locations && t.locations.length));
  const k = cls.length;
  const locs = [].concat(...cls.map(([t]) => Array.from(t.locations)));
  const cds = [].concat(...cls.map(([t]) => Array.from(t.customdata || [])));
  const colours = cls.map(([t]) => t.colorscale[t.colorscale.length - 1][1]);
  const out = [];
  for (let r = 0; r < 3; r++) {
    const shift = (window.__n = (window.__n || 0) + 1);
    // a year: every place gets another class
    const klass = locs.map((_, i) => (Math.floor(i * k / locs.length) + shift) % k);
    let data;
    if (variant === 'moving') {
      data = orig.map(t => Object.assign({}, t));
      cls.forEach(([t, i], c) => {
        const idx = klass.map((kk, j) => kk === c ? j : -1).filter(j => j >= 0);
        data[i] = Object.assign({}, t, {locations: idx.map(j => locs[j]), z: idx.map(() => 1), customdata: idx.map(j => cds[j])});
      });
    } else {
      data = orig.map(t => Object.assign({}, t));
      const [t0, i0] = cls[0];
      const scale = [];
      colours.forEach((c, j) => { scale.push([j / k, c], [(j + 1) / k, c]); });
      data[i0] = Object.assign({}, t0, {locations: locs, z: klass.map(x => x + 0.5), zmin: 0, zmax: k, colorscale: scale, customdata: cds});
      cls.slice(1).forEach(([t, i]) => { data[i] = Object.assign({}, t, {locations: [], z: [], customdata: []}); });
    }
    let layout = gd.layout;
    if (fixed) {  // the view fitbounds found, given explicitly: no bounds search over every point per redraw
      const g = gd._fullLayout.geo;
      if (!window.__fixedGeo) {
        const sub = g._subplot, b = sub.bounds;  // the fitted view's corners, back to lon/lat
        const nw = sub.projection.invert(b[0]), se = sub.projection.invert(b[1]);
        const lon = [nw[0], se[0]], lat = [se[1], nw[1]];
        const mid = [(lon[0] + lon[1]) / 2, (lat[0] + lat[1]) / 2];
        window.__fixedGeo = {center: {lon: mid[0], lat: mid[1]}, lonaxis: {range: lon}, lataxis: {range: lat},
          projection: Object.assign({}, gd.layout.geo.projection, {scale: 1, rotation: {lon: mid[0]}})};
      }
      layout = Object.assign({}, gd.layout, {geo: Object.assign({}, gd.layout.geo, window.__fixedGeo, {fitbounds: false})});
    }
    const t = performance.now();
    await Plotly.react(gd, data, layout);
    out.push(Math.round(performance.now() - t));
  }
  return [k, locs.length, out];
}"""


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=Path("/tmp/innoloc-2300"))
    ap.add_argument("--reps", type=int, default=3)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    proc, url = start(ROOT, args.data.resolve())
    got: dict[str, list[int]] = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            page = browser.new_page(viewport={"width": 1366, "height": 900})
            page.goto(url + "/explore?lang=en&scope=all")
            page.wait_for_selector("#explore-ranking .main-svg", timeout=240_000, state="attached")
            page.wait_for_timeout(4000)
            for rep in range(args.reps):
                salt = 1000 * (rep + 1)
                got.setdefault("ranking: new labels", []).extend(page.evaluate(RANKING_JS, ["orig", salt]))
                # the same three figures again (plotly's bBox cache holds 10,000 boxes, one call adds ~4,600)
                got.setdefault("ranking: same labels", []).extend(page.evaluate(RANKING_JS, ["orig", salt]))
                got.setdefault("ranking: no labels", []).extend(page.evaluate(RANKING_JS, ["nolabels", salt + 500]))
            page.goto(url + "/explore?lang=en")
            page.wait_for_selector("#explore-map .main-svg", timeout=240_000, state="attached")
            page.wait_for_timeout(4000)
            for _ in range(args.reps):
                for variant in ("moving", "merged"):
                    for fixed in (False, True):
                        label = f"map: {variant}" + (", view fixed (no fitbounds)" if fixed else "")
                        got.setdefault(label, []).extend(page.evaluate(MAP_JS, [variant, fixed])[2])
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    print(f"\nPlotly.react to its promise, ms, at {args.data} (median and range of {3 * args.reps} calls)\n")
    print("| what | median ms | min | max |\n|---|---:|---:|---:|")
    for k, v in got.items():
        print(f"| {k} | {statistics.median(v):.0f} | {min(v)} | {max(v)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
