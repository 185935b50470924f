"""No frozen tab: the longest main-thread task of each page's main interactions, in headless Chromium.

    python bench/make_synthetic.py 1000 /tmp/innoloc-1000
    python bench/bench_longtasks.py --data /tmp/innoloc-1000 [--reps 3] [--base /tmp/perfbase] [--limit-ms 1000]

Not a test (timings belong here, not in pytest): it prints a markdown table and exits non-zero when
any interaction of this checkout blocks the main thread longer than --limit-ms (issue 14: 1 s at
1,000 places). The app runs in a subprocess with `INNOLOC_DATA` (its own free port; `--base` starts
a second app from a baseline checkout, measured in turn with this one). The browser is the system
Chromium (as in tests/browser/conftest.py; nothing is downloaded).

Per interaction: the page is opened and settled, a PerformanceObserver('longtask') records every
task over 50 ms from then on, the interaction is performed (keyboard or pointer, as a reader
would), and the page is settled again: no Dash request in flight for QUIET_MS, then QUIET_MS more
for the drawing that follows the last answer. Reported per interaction (medians of --reps, each on
a freshly opened page):

    longest ms   the longest single long task after the input (what freezes the tab)
    blocking ms  the sum of the long tasks' time beyond 50 ms (Total Blocking Time of the interaction)
    settled s    input to the end of the last Dash answer's drawing (input-to-settled)
    drawn ms     input to the last chart redrawn: the key or pointer event's own time stamp to the
                 later of the last `plotly_afterplot` of any graph and the end of the last Dash
                 answer asked for before it (Resource Timing) - input-to-settled without the
                 QUIET_MS polling and without a prefetch that starts after the charts are drawn
    in view ms   the same, counting only the charts in the viewport when they were drawn: what the
                 reader sees (a chart out of view is drawn when it nears the view or the page is
                 idle, assets/plotly-in-view.js)

    python bench/bench_longtasks.py --data /tmp/innoloc-2300 --only explore --match "(partners)" --reps 5
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_browser import ARGS, CHROMIUM, ROOT, start  # noqa: E402 - one way to start the app

QUIET_MS = 800
TIMEOUT_S = 240
OBSERVER = """
window.__lt = [];
try { new PerformanceObserver(l => { for (const e of l.getEntries()) window.__lt.push([e.startTime, e.duration]); })
      .observe({type: 'longtask', buffered: true}); } catch (e) {}
"""

# The point inside a municipality's polygon furthest from its outline (from tests/browser/test_explore.py),
# for the first place drawn on Explore's map.
MAP_POINT_JS = """() => {
  const path = [...document.querySelectorAll('#explore-map .choroplethlocation')]
    .find(e => e.__data__ && e.__data__.loc && e.getBBox().width > 8 && e.getBBox().height > 8);
  if (!path) { return null; }
  const box = path.getBBox();
  const inside = (x, y) => path.isPointInFill(new DOMPoint(x, y));
  let best = null;
  for (let i = 1; i < 16; i++) {
    for (let j = 1; j < 16; j++) {
      const x = box.x + box.width * i / 16, y = box.y + box.height * j / 16;
      if (inside(x, y)) { best = best || {x, y}; if (i > 5 && j > 5) { best = {x, y}; i = j = 99; } }
    }
  }
  if (!best) { return null; }
  const p = new DOMPoint(best.x, best.y).matrixTransform(path.getScreenCTM());
  return {x: p.x, y: p.y, code: path.__data__.loc};
}"""


# --------------------------------------------------------------------------- the interactions


def _pick_other_option(page, dropdown: str):
    """Open a dcc.Dropdown and choose the first option that is not chosen yet."""
    page.locator(dropdown).click()
    _other_option(page).click()


def explore_year(page):
    handle = page.locator("#explore-year [role=slider]")
    handle.focus()
    page.keyboard.press("ArrowLeft")


def explore_year_step(page):
    """The second of two year steps: the first one brought the view's year bundle, so this one is
    drawn in the browser (assets/year-step.js) without waiting for the server."""
    explore_year(page)


def _first_step(page):
    explore_year(page)


explore_year_step.prepare = _first_step


def explore_year_after_focus(page):
    """The first year step of a view, once the reader has moved to the year bar (which asks for the
    view's year bundle, assets/year-step.js): the usual way to the slider or to ▶ Play."""
    page.keyboard.press("ArrowLeft")


def _focus_year(page):
    page.locator("#explore-year [role=slider]").focus()


explore_year_after_focus.prepare = _focus_year


def explore_indicator(page):
    """The option chosen in the open list (opening it is `prepare`, not measured: the reader's
    input is the choice)."""
    _other_option(page).click()


def _other_option(page):
    option = page.locator(".dash-dropdown-content [role=option]:not([aria-selected=true])").nth(1)
    option.wait_for(state="visible", timeout=30_000)
    return option


def _open_indicators(page):
    page.locator("#explore-indicator").click()
    _other_option(page)


explore_indicator.prepare = _open_indicators


def explore_place(page):
    page.locator("#explore-map").scroll_into_view_if_needed()
    point = page.evaluate(MAP_POINT_JS)
    if point is None:
        raise RuntimeError("no place on the map to click")
    page.mouse.click(point["x"], point["y"])


def score_weight(page):
    thumb = page.locator("#score-w-employment_rate [role=slider]")
    thumb.focus()
    page.keyboard.press("ArrowRight")


def score_next_page(page):
    page.locator("#score-page-next").click()


def steering_option(page):
    page.locator("#steering-measure label").nth(1).click()


def compare_place(page):
    _pick_other_option(page, "#compare-places")


def profile_place(page):
    """Another municipality in the profile's picker: the whole profile (facts, locator, every
    indicator's row and strip) is rendered again."""
    _pick_other_option(page, "#profile-place")


# (page label, path, interaction label, action, selector that shows the page is drawn)
INTERACTIONS = [
    ("explore", "/explore?lang=en", "year change (partners)", explore_year, "#explore-map .main-svg"),
    ("explore", "/explore?lang=en", "year step, bundle loaded (partners)", explore_year_step, "#explore-map .main-svg"),
    ("explore", "/explore?lang=en", "first year step after focus (partners)", explore_year_after_focus,
     "#explore-map .main-svg"),
    ("explore", "/explore?lang=en", "indicator change (partners)", explore_indicator, "#explore-map .main-svg"),
    ("explore", "/explore?lang=en", "place click on the map (partners)", explore_place, "#explore-map .main-svg"),
    ("explore", "/explore?lang=en&scope=all", "year change", explore_year, "#explore-map .main-svg"),
    ("explore", "/explore?lang=en&scope=all", "year step, bundle loaded", explore_year_step, "#explore-map .main-svg"),
    ("explore", "/explore?lang=en&scope=all", "indicator change", explore_indicator, "#explore-map .main-svg"),
    ("explore", "/explore?lang=en&scope=all", "place click (map)", explore_place, "#explore-map .main-svg"),
    ("score", "/score?lang=en&scope=all", "weight change (all municipalities)", score_weight, "#score-chart .main-svg"),
    ("score", "/score?lang=en&scope=all", "next page of the ranking", score_next_page, "#score-chart .main-svg"),
    ("steering", "/steering?lang=en", "option change (measure)", steering_option, "#steering-matrix"),
    ("compare", "/compare?lang=en", "place change", compare_place, "#_pages_content h1"),
    ("profile", "/profile?lang=en", "place change", profile_place, "#profile-locator .main-svg"),
]


# --------------------------------------------------------------------------- measuring


class Inflight:
    """Dash requests in flight and the time the last one finished (page.on events)."""

    def __init__(self, page):
        self.n = 0
        self.last = time.monotonic()
        page.on("request", self._start)
        page.on("requestfinished", self._end)
        page.on("requestfailed", self._end)

    @staticmethod
    def _dash(request) -> bool:
        return "/_dash-update-component" in request.url

    def _start(self, request):
        if self._dash(request):
            self.n += 1
            self.last = time.monotonic()

    def _end(self, request):
        if self._dash(request):
            self.n = max(self.n - 1, 0)
            self.last = time.monotonic()

    def settle(self, page, started: float) -> float:
        """Wait until no request has been in flight for QUIET_MS; the time of the last answer."""
        deadline = started + TIMEOUT_S
        while time.monotonic() < deadline:
            page.wait_for_timeout(100)
            if self.n == 0 and (time.monotonic() - self.last) * 1000 >= QUIET_MS:
                return self.last
        raise RuntimeError("the page did not settle")


WATCH_JS = """() => {
  window.__plots = []; window.__input = null;
  const seen = new WeakMap();  // graph -> in the viewport (an IntersectionObserver's verdict: no forced layout)
  const io = new IntersectionObserver(es => es.forEach(e => seen.set(e.target, e.isIntersecting)));
  document.querySelectorAll('.js-plotly-plot').forEach(gd => {
    io.observe(gd);
    gd.on && gd.on('plotly_afterplot', () => window.__plots.push([performance.now(), seen.get(gd) !== false]));
  });
  for (const type of ['keydown', 'pointerdown']) {
    document.addEventListener(type, e => { if (window.__input === null) { window.__input = e.timeStamp; } }, true);
  }
}"""
# Dash's renderer: components on the page, and the store updates an interaction causes. Each component
# a callback mounts dispatches RESET_COMPONENT_STATE and every mounted component re-runs its store
# selector on each dispatch, so the renderer's cost grows with resets x mounted (RESULTS-perf.md,
# "No frozen tab (session 7)"). Printed per interaction, not in the table.
RENDERER_JS = """() => {
  const stores = window.dash_stores || [];
  const s = stores[stores.length - 1];
  if (!s) { return null; }
  window.__acts = [];
  const dispatch = s.dispatch;
  s.dispatch = function (a) { window.__acts.push(typeof a === 'function' ? 'thunk' : a.type); return dispatch.apply(this, arguments); };
  let n = 0;
  const walk = x => {
    if (Array.isArray(x)) { x.forEach(walk); }
    else if (x && typeof x === 'object') {
      if (x.type && x.namespace && x.props) { n++; walk(x.props); } else { Object.values(x).forEach(walk); }
    }
  };
  walk(s.getState().layout);
  return n;
}"""
GRAPHS_DRAWN_JS = "() => !document.querySelector('.dash-graph--pending')"
# An answer asked for after the last chart was drawn (Explore's year bundle, fetched once the
# server's step is drawn) delays nothing the reader sees: not counted in "drawn".
DRAWN_JS = """() => {
  const t0 = window.__input;
  if (t0 === null) { return null; }
  const at = (view) => {
    const plots = window.__plots.filter(([t, v]) => t >= t0 && (v || !view)).map(([t]) => t);
    const last = plots.length ? Math.max(...plots) : Infinity;
    const answers = performance.getEntriesByType('resource')
      .filter(e => e.name.includes('/_dash-update-component') && e.startTime >= t0 && e.startTime <= last)
      .map(e => e.responseEnd);
    return Math.max(t0, ...plots, ...answers) - t0;
  };
  return {all: at(false), view: at(true)};
}"""


def measure(browser, url: str, action, ready: str) -> dict:
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.add_init_script(OBSERVER)
    flight = Inflight(page)
    page.goto(url, wait_until="commit", timeout=TIMEOUT_S * 1000)
    page.wait_for_selector(ready, timeout=TIMEOUT_S * 1000, state="attached")
    flight.settle(page, time.monotonic())
    # every graph drawn (dcc.Graph marks one pending until plotly.js has drawn it: the map waits
    # for its geometry, which a fresh server compresses first)
    page.wait_for_function(GRAPHS_DRAWN_JS, timeout=TIMEOUT_S * 1000, polling=100)
    page.wait_for_timeout(QUIET_MS)
    prepare = getattr(action, "prepare", None)
    if prepare is not None:  # what the measured input follows (not measured)
        prepare(page)
        flight.settle(page, time.monotonic())
        page.wait_for_timeout(QUIET_MS)
    page.evaluate(WATCH_JS)
    mounted = page.evaluate(RENDERER_JS)
    t0 = page.evaluate("performance.now()")
    wall0 = time.monotonic()
    action(page)
    last = flight.settle(page, wall0)
    page.wait_for_timeout(QUIET_MS)  # the drawing after the last answer
    # a long task's entry reaches the observer in a task of its own after it: give it time
    entries = page.evaluate("new Promise(r => setTimeout(() => r(window.__lt), 300))")
    tasks = [(s, d) for s, d in entries if s + d >= t0]
    # settled: the end of the last long task after the last answer, else the last answer itself
    settled = max([(last - wall0)] + [(s + d - t0) / 1000 for s, d in tasks])
    drawn = page.evaluate(DRAWN_JS) or {}
    resets = page.evaluate("(window.__acts || []).filter(a => a === 'RESET_COMPONENT_STATE').length")
    context.close()
    return {"longest": max([0.0] + [d for _, d in tasks]), "blocking": sum(max(d - 50, 0) for _, d in tasks),
            "settled": settled, "drawn": drawn.get("all", float("nan")),
            "in view": drawn.get("view", float("nan")),
            "mounted": mounted, "resets": resets}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=Path("/tmp/innoloc-1000"))
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--base", type=Path, default=None, help="a baseline checkout, measured in turn with this one")
    ap.add_argument("--limit-ms", type=float, default=1000.0)
    ap.add_argument("--only", default=None, help="only these pages (comma-separated: explore,score,...)")
    ap.add_argument("--match", default=None, help="only interactions whose label contains this")
    args = ap.parse_args()
    if not args.data.is_dir():
        raise SystemExit(f"{args.data}: no dataset (python bench/make_synthetic.py 1000 {args.data})")
    chosen = [i for i in INTERACTIONS if (not args.only or i[0] in args.only.split(","))
              and (not args.match or args.match in i[2])]

    from playwright.sync_api import sync_playwright

    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    load0 = os.getloadavg()[0]  # long tasks stretch with whatever else runs on the machine
    checkouts = {"new": ROOT} if args.base is None else {"new": ROOT, "base": args.base.resolve()}
    apps = {name: start(path, args.data.resolve()) for name, path in checkouts.items()}
    rows = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            for _, url in apps.values():  # warm both servers (first-request set-up)
                for p in dict.fromkeys(i[1] for i in chosen):
                    measure(browser, url + p, lambda page: None, "#_pages_content h1")
            for page_label, path, label, action, ready in chosen:
                got = {name: [] for name in apps}
                for _ in range(args.reps):
                    for name, (_, url) in apps.items():
                        try:
                            got[name].append(measure(browser, url + path, action, ready))
                        except Exception as err:  # noqa: BLE001 - the baseline may lack a control
                            print(f"{name} {page_label} {label}: {err}", file=sys.stderr)
                med = {n: ({k: statistics.median(r[k] for r in rs) for k in ("longest", "blocking", "settled", "drawn", "in view")}
                           | {k: rs[-1][k] for k in ("mounted", "resets")}  # the renderer's counts do not vary
                           if rs else None) for n, rs in got.items()}
                rows.append((page_label, label, med))
                print(page_label, label, med, file=sys.stderr)
            browser.close()
    finally:
        for proc, _ in apps.values():
            proc.terminate()
            proc.wait(timeout=10)

    names = list(apps)
    print(f"\nInteractions at {args.data}, medians of {args.reps} (new = this checkout"
          + (f", base = {args.base}" if args.base else "") + f"; limit {args.limit_ms:.0f} ms; "
          f"load average {load0:.1f} at the start, {os.getloadavg()[0]:.1f} at the end on {os.cpu_count()} cores)\n")
    head = " | ".join(f"longest ms {n} | blocking ms {n} | settled s {n} | drawn ms {n} | in view ms {n}" for n in names)
    print(f"| page | interaction | {head} |")
    print("|---|---|" + "---:|---:|---:|---:|---:|" * len(names))
    failed = []
    for page_label, label, med in rows:
        cells = []
        for n in names:
            m = med[n]
            cells += ([f"{m['longest']:.0f}", f"{m['blocking']:.0f}", f"{m['settled']:.2f}", f"{m['drawn']:.0f}", f"{m['in view']:.0f}"]
                      if m else ["-"] * 5)
        print(f"| {page_label} | {label} | " + " | ".join(cells) + " |")
        if med["new"] is None or med["new"]["longest"] > args.limit_ms:
            failed.append(f"{page_label} {label}")
    if failed:
        print(f"\nOver {args.limit_ms:.0f} ms (or not measured): " + "; ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
