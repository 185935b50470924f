"""Where the browser's main-thread time of one Explore year change goes (CDP sampling profiler).

    python bench/bench_yearchange_profile.py --data /tmp/innoloc-2300 [--base /tmp/h4base] [--reps 3]

Not a test. For each checkout (this one, and --base measured in turn in the same run) the app runs
with `INNOLOC_DATA`; Explore is opened (all municipalities and the partners), settled, then the JS
sampling profiler records one year change (ArrowLeft on the year slider) until no Dash request
has been in flight for QUIET_MS. Printed per checkout and view (medians of --reps):

    by script    self time per script file (plotly.min.js, Dash's renderer, chart-a11y.js, ...)
    by function  inclusive time of the plotly.js / Dash stages named in STAGES
    react calls  Plotly.react/newPlot calls per graph during the change (a duplicate redraw shows here)
"""
from __future__ import annotations

import argparse
import collections
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_browser import ARGS, CHROMIUM, ROOT, start  # noqa: E402
from bench_longtasks import QUIET_MS, TIMEOUT_S, Inflight, explore_year  # noqa: E402

# stage name -> function names counted inclusively (each sample once per stage)
STAGES = {
    "plotly supplyDefaults": {"supplyDefaults"},
    "plotly calc (doCalcdata)": {"doCalcdata"},
    "plotly drawData/plot": {"drawData"},
    "choropleth plot": {"plotOne", "calcGeoJSON", "feature2polygons", "getTopojsonFeatures"},
    "d3 path": {"path", "geoPath", "projectionStream"},
    "JSON.parse": {"parse"},
    "chart-a11y": set(),
}
COUNT_JS = """() => {
  window.__calls = {};
  for (const name of ['react', 'newPlot', 'restyle', 'relayout', 'redraw']) {
    const f = Plotly[name];
    Plotly[name] = function (gd, ...rest) {
      const el = typeof gd === 'string' ? document.getElementById(gd) : gd;
      const id = (el && el.closest && (el.closest('[id]') || {}).id) || '?';
      const t = performance.now();
      const out = f.call(this, gd, ...rest);
      const key = name + ' ' + id;
      window.__calls[key] = (window.__calls[key] || []).concat([Math.round(performance.now() - t)]);
      return out;
    };
  }
}"""


def _script(url: str) -> str:
    name = url.rsplit("/", 1)[-1].split("?")[0]
    return name or ("(native/GC)" if not url else url)


def profile_once(browser, url: str) -> dict:
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    flight = Inflight(page)
    page.goto(url, wait_until="commit", timeout=TIMEOUT_S * 1000)
    page.wait_for_selector("#explore-map .main-svg", timeout=TIMEOUT_S * 1000, state="attached")
    flight.settle(page, __import__("time").monotonic())
    page.wait_for_timeout(QUIET_MS)
    page.evaluate(COUNT_JS)
    cdp = context.new_cdp_session(page)
    cdp.send("Profiler.enable")
    cdp.send("Profiler.setSamplingInterval", {"interval": 200})
    cdp.send("Profiler.start")
    import time
    wall0 = time.monotonic()
    explore_year(page)
    flight.settle(page, wall0)
    prof = cdp.send("Profiler.stop")["profile"]
    calls = page.evaluate("window.__calls")
    context.close()
    nodes = {n["id"]: n for n in prof["nodes"]}
    parent = {}
    for n in prof["nodes"]:
        for c in n.get("children", []):
            parent[c] = n["id"]
    by_script = collections.Counter()
    by_stage = collections.Counter()
    by_fn = collections.Counter()
    for nid, dt in zip(prof["samples"], prof["timeDeltas"]):
        node = nodes[nid]
        cf = node["callFrame"]
        fn = cf["functionName"] or "(anon)"
        if fn in ("(idle)", "(program)", "(root)"):
            by_script[fn] += dt
            continue
        owner = nid  # a native call (layout, DOM, GC) is charged to the script that made it
        while owner in nodes and not nodes[owner]["callFrame"]["url"] and owner in parent:
            owner = parent[owner]
        ocf = nodes[owner]["callFrame"] if owner in nodes else cf
        by_script[_script(ocf["url"]) if ocf["url"] else "(native/GC)"] += dt
        if not cf["url"] and ocf["url"]:
            by_fn[f"{fn} <- {ocf['functionName'] or '(anon)'} @{_script(ocf['url'])}:{ocf['lineNumber']}:{ocf['columnNumber']}"] += dt
            continue
        by_fn[f"{fn} @{_script(cf['url'])}:{cf['lineNumber']}"] += dt
        seen = set()
        cur = nid
        while cur in nodes:
            c = nodes[cur]["callFrame"]
            for stage, names in STAGES.items():
                if stage not in seen and (c["functionName"] in names or (stage == "chart-a11y" and "chart-a11y" in c["url"])):
                    seen.add(stage)
                    by_stage[stage] += dt
            cur = parent.get(cur)
    return {"script": {k: v / 1000 for k, v in by_script.items()}, "stage": {k: v / 1000 for k, v in by_stage.items()},
            "fn": {k: v / 1000 for k, v in by_fn.most_common(25)}, "calls": calls}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=Path("/tmp/innoloc-2300"))
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--base", type=Path, default=None)
    ap.add_argument("--views", default="all,partners")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    checkouts = {"new": ROOT} if args.base is None else {"new": ROOT, "base": args.base.resolve()}
    apps = {name: start(path, args.data.resolve()) for name, path in checkouts.items()}
    views = {"all": "/explore?lang=en&scope=all", "partners": "/explore?lang=en"}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            for _, url in apps.values():
                profile_once(browser, url + views["all"])  # warm
            for view in args.views.split(","):
                got = {n: [] for n in apps}
                for _ in range(args.reps):
                    for n, (_, url) in apps.items():
                        got[n].append(profile_once(browser, url + views[view]))
                for n, rs in got.items():
                    print(f"\n### {n} — {view} (medians of {len(rs)}, ms; load {os.getloadavg()[0]:.1f})")
                    for part in ("script", "stage"):
                        keys = sorted({k for r in rs for k in r[part]}, key=lambda k: -statistics.median(r[part].get(k, 0) for r in rs))
                        print(f"{part}: " + "; ".join(f"{k} {statistics.median(r[part].get(k, 0) for r in rs):.0f}" for k in keys[:12]))
                    print("calls:", [r["calls"] for r in rs])
                    print("top functions (first rep):")
                    for k, v in list(rs[0]["fn"].items())[:15]:
                        print(f"    {v:7.1f}  {k}")
            browser.close()
    finally:
        for proc, _ in apps.values():
            proc.terminate()
            proc.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
